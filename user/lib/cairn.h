/*
 * libcairn: system call wrappers and console output for user programs.
 */
#ifndef CAIRN_USER_CAIRN_H
#define CAIRN_USER_CAIRN_H

#include <stddef.h>
#include <stdint.h>

#include <cairn/error.h>
#include <cairn/syscall.h>

/* Make system call n with up to two arguments; return rax. */
static inline int64_t
cairn_syscall2(int64_t n, uint64_t a, uint64_t b)
{
	int64_t ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b)
			 : "rcx", "r11", "rdx", "r8", "r9", "r10", "memory");
	return ret;
}

/* Write n bytes to the kernel log.  Returns a cairn_error. */
int cairn_debug_write(const void *buf, size_t n);

/* End this program with status (0 to 255). */
_Noreturn void cairn_exit(uint64_t status);

/* printf to the kernel log (lib/fmt.h formats). */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
