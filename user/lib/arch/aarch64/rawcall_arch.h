/*
 * The raw system calls of aarch64: svc #0 with the call number in x8 and
 * the registers of docs/abi.md, "aarch64": x0 the capability (out: the
 * badge), x1 the message info, x11 the reply object, x2-x7, x9, x10
 * message words 0-7, x8 the status out.  Every other register is kept.
 * Included by user/lib/rawcall.h, which gives the contracts.
 */
#ifndef CAIRN_USER_RAWCALL_ARCH_H
#define CAIRN_USER_RAWCALL_ARCH_H

#include <cairn/error.h>
#include <cairn/message.h>
#include <cairn/syscall.h>
#include <cairn/types.h>

/* Make system call n with r; return the status (x8). */
static inline word_t
cairn_syscall(word_t n, struct cairn_regs *r)
{
	register word_t x8 __asm__("x8") = n;
	register word_t x0 __asm__("x0") = r->cap;
	register word_t x1 __asm__("x1") = r->info;
	register word_t x11 __asm__("x11") = r->reply;
	register word_t x2 __asm__("x2") = r->mr[0];
	register word_t x3 __asm__("x3") = r->mr[1];
	register word_t x4 __asm__("x4") = r->mr[2];
	register word_t x5 __asm__("x5") = r->mr[3];
	register word_t x6 __asm__("x6") = r->mr[4];
	register word_t x7 __asm__("x7") = r->mr[5];
	register word_t x9 __asm__("x9") = r->mr[6];
	register word_t x10 __asm__("x10") = r->mr[7];

	__asm__ volatile("svc #0"
			 : "+r"(x8), "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3),
			   "+r"(x4), "+r"(x5), "+r"(x6), "+r"(x7), "+r"(x9),
			   "+r"(x10)
			 : "r"(x11)
			 : "memory");
	r->cap = x0;
	r->info = x1;
	r->mr[0] = x2;
	r->mr[1] = x3;
	r->mr[2] = x4;
	r->mr[3] = x5;
	r->mr[4] = x6;
	r->mr[5] = x7;
	r->mr[6] = x9;
	r->mr[7] = x10;
	return x8;
}

/* cairn_syscall_cap (rawcall.h). */
static inline word_t
cairn_syscall_cap(word_t n, word_t cap, word_t *badge)
{
	register word_t x8 __asm__("x8") = n;
	register word_t x0 __asm__("x0") = cap;
	register word_t x1 __asm__("x1") = 0;
	register word_t x11 __asm__("x11") = 0;

	__asm__ volatile("svc #0"
			 : "+r"(x8), "+r"(x0), "+r"(x1)
			 : "r"(x11)
			 : "x2", "x3", "x4", "x5", "x6", "x7", "x9", "x10",
			   "memory");
	*badge = x0;
	return x8;
}

/* cairn_call_short (rawcall.h). */
static inline int
cairn_call_short(word_t cap, word_t info, word_t w0, word_t w1, word_t w2,
		 word_t w3)
{
	register word_t x8 __asm__("x8") = (word_t)CAIRN_SYS_CALL;
	register word_t x0 __asm__("x0") = cap;
	register word_t x1 __asm__("x1") = info;
	register word_t x2 __asm__("x2") = w0;
	register word_t x3 __asm__("x3") = w1;
	register word_t x4 __asm__("x4") = w2;
	register word_t x5 __asm__("x5") = w3;

	__asm__ volatile("svc #0"
			 : "+r"(x8), "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3),
			   "+r"(x4), "+r"(x5)
			 :
			 : "x6", "x7", "x9", "x10", "memory");
	return (int)x8;
}

/* cairn_call_long (rawcall.h). */
static inline int
cairn_call_long(word_t cap, word_t info, const word_t w[6], word_t *mr0)
{
	register word_t x8 __asm__("x8") = (word_t)CAIRN_SYS_CALL;
	register word_t x0 __asm__("x0") = cap;
	register word_t x1 __asm__("x1") = info;
	register word_t x2 __asm__("x2") = w[0];
	register word_t x3 __asm__("x3") = w[1];
	register word_t x4 __asm__("x4") = w[2];
	register word_t x5 __asm__("x5") = w[3];
	register word_t x6 __asm__("x6") = w[4];
	register word_t x7 __asm__("x7") = w[5];

	__asm__ volatile("svc #0"
			 : "+r"(x8), "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3),
			   "+r"(x4), "+r"(x5), "+r"(x6), "+r"(x7)
			 :
			 : "x9", "x10", "memory");
	if ((int)x8 == CAIRN_OK && mr0 != NULL) {
		*mr0 = x2;
	}
	return (int)x8;
}

#endif
