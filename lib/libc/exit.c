/*
 * exit: ending the program, normally, by abort, or by a failed assert.
 * All three flush buffered output first and end in the libc_exit hook.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cairn_libc.h"
#include "libc_impl.h"

void
__cairn_write_str(const char *s)
{
	libc_write(s, strlen(s));
}

_Noreturn void
exit(int status)
{
	__cairn_files_flush();
	__cairn_stdout_flush();
	libc_exit(status);
}

_Noreturn void
abort(void)
{
	__cairn_stdout_flush();
	__cairn_write_str("abort\n");
	libc_exit(134);
}

/* A sink for vcbprintf that writes each piece straight out. */
static void
write_out(void *arg, const char *s, size_t n)
{
	(void)arg;
	libc_write(s, n);
}

static void say(const char *fmt, ...) __attribute__((format(__printf__, 1, 2)));

static void
say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcbprintf(write_out, NULL, fmt, ap);
	va_end(ap);
}

_Noreturn void
__cairn_assert_fail(const char *expr, const char *file, int line,
		    const char *func)
{
	__cairn_stdout_flush();
	say("assertion failed: %s (%s:%d, %s)\n", expr, file, line, func);
	abort();
}
