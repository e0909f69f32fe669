/*
 * bench: the timed system calls of aarch64, each loading only the
 * registers it uses, as x86_64's ipcasm.h does.  The registers are
 * docs/abi.md's, "aarch64": svc #0, x8 the number (out: the status), x0
 * the capability (out: the badge), x1 the message info, x11 the reply
 * object, x2-x7, x9, x10 message words 0-7; the kernel keeps every other
 * register.  Every message word register is declared as written: a
 * call's answer may carry up to eight words.
 */
#ifndef CAIRN_BENCH_IPCASM_H
#define CAIRN_BENCH_IPCASM_H

#include "cairn.h"

/*
 * CALL cap with one message word w0 (info says the length); return the
 * status, the answer's first two words in *a0 and *a1.
 */
static inline word_t
ipc_call1(cptr_t cap, word_t info, word_t w0, word_t *a0, word_t *a1)
{
	register word_t x8 __asm__("x8") = (word_t)CAIRN_SYS_CALL;
	register word_t x0 __asm__("x0") = cap;
	register word_t x1 __asm__("x1") = info;
	register word_t x2 __asm__("x2") = w0;
	register word_t x3 __asm__("x3");

	__asm__ volatile("svc #0"
			 : "+r"(x8), "+r"(x0), "+r"(x1), "+r"(x2), "=r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x9", "x10", "memory");
	*a0 = x2;
	*a1 = x3;
	return x8;
}

/*
 * CALL cap with the eight register words w[0..8) (info says the
 * length); return the status, the answer's first word in *a0.
 */
static inline word_t
ipc_call8(cptr_t cap, word_t info, const word_t *w, word_t *a0)
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
	register word_t x9 __asm__("x9") = w[6];
	register word_t x10 __asm__("x10") = w[7];

	__asm__ volatile("svc #0"
			 : "+r"(x8), "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3),
			   "+r"(x4), "+r"(x5), "+r"(x6), "+r"(x7), "+r"(x9),
			   "+r"(x10)
			 :
			 : "memory");
	*a0 = x2;
	return x8;
}

/* RECV on ep with reply object rp; return the status. */
static inline word_t
ipc_recv(cptr_t ep, cptr_t rp)
{
	register word_t x8 __asm__("x8") = (word_t)CAIRN_SYS_RECV;
	register word_t x0 __asm__("x0") = ep;
	register word_t x11 __asm__("x11") = rp;

	__asm__ volatile("svc #0"
			 : "+r"(x8), "+r"(x0)
			 : "r"(x11)
			 : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x9",
			   "x10", "memory");
	return x8;
}

/*
 * REPLY_RECV: answer through rp with w0 and w1 (info says the length),
 * then receive on ep; return the status.
 */
static inline word_t
ipc_reply_recv2(cptr_t ep, cptr_t rp, word_t info, word_t w0, word_t w1)
{
	register word_t x8 __asm__("x8") = (word_t)CAIRN_SYS_REPLY_RECV;
	register word_t x0 __asm__("x0") = ep;
	register word_t x1 __asm__("x1") = info;
	register word_t x11 __asm__("x11") = rp;
	register word_t x2 __asm__("x2") = w0;
	register word_t x3 __asm__("x3") = w1;

	__asm__ volatile("svc #0"
			 : "+r"(x8), "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 : "r"(x11)
			 : "x4", "x5", "x6", "x7", "x9", "x10", "memory");
	return x8;
}

/*
 * REPLY_RECV: answer through rp with w0 (info says the length), then
 * receive on ep; return the status.
 */
static inline word_t
ipc_reply_recv1(cptr_t ep, cptr_t rp, word_t info, word_t w0)
{
	register word_t x8 __asm__("x8") = (word_t)CAIRN_SYS_REPLY_RECV;
	register word_t x0 __asm__("x0") = ep;
	register word_t x1 __asm__("x1") = info;
	register word_t x11 __asm__("x11") = rp;
	register word_t x2 __asm__("x2") = w0;

	__asm__ volatile("svc #0"
			 : "+r"(x8), "+r"(x0), "+r"(x1), "+r"(x2)
			 : "r"(x11)
			 : "x3", "x4", "x5", "x6", "x7", "x9", "x10", "memory");
	return x8;
}

/*
 * A system call that takes no arguments: n in x8, nothing else loaded.
 * Returns x8.  For CAIRN_SYS_NULL, the floor, and an unknown number,
 * which the fault handler answers: x0 gets word 0 of its reply, and
 * every other register but x8 is kept (docs/abi.md, "aarch64").
 */
static inline word_t
ipc_bare(word_t n)
{
	register word_t x8 __asm__("x8") = n;

	__asm__ volatile("svc #0" : "+r"(x8) : : "x0", "memory");
	return x8;
}

/*
 * Signal the notification n, or wait on it and return the word: only the
 * registers a notification changes are declared (docs/abi.md,
 * "Notifications": the status; a wait's badge and message info too).
 */
static inline word_t
ntfn_signal_bare(cptr_t n)
{
	register word_t x8 __asm__("x8") = (word_t)CAIRN_SYS_SEND;
	register word_t x0 __asm__("x0") = n;

	__asm__ volatile("svc #0" : "+r"(x8) : "r"(x0) : "memory");
	return x8;
}

static inline word_t
ntfn_wait_bare(cptr_t n)
{
	register word_t x8 __asm__("x8") = (word_t)CAIRN_SYS_RECV;
	register word_t x0 __asm__("x0") = n;

	__asm__ volatile("svc #0" : "+r"(x8), "+r"(x0) : : "x1", "memory");
	return x0;
}

#endif
