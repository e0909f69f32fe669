/*
 * assert.h: assert(e) checks e when NDEBUG is not defined where this
 * header is included; on failure it prints
 * "assertion failed: EXPR (FILE:LINE, FUNC)" through libc_write and
 * aborts.  Like every assert.h, it may be included more than once, and
 * each inclusion redefines assert for the current NDEBUG.
 */
#include "libc_names.h"

#ifndef CAIRN_LIBC_ASSERT_H
#define CAIRN_LIBC_ASSERT_H

/* Print the failure and abort; what assert calls, not for direct use. */
_Noreturn void __cairn_assert_fail(const char *expr, const char *file, int line,
				   const char *func);

#define static_assert _Static_assert

#endif

#undef assert
#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e)                                                              \
	((e) ? (void)0 : __cairn_assert_fail(#e, __FILE__, __LINE__, __func__))
#endif
