/*
 * bench: the timed system calls, each loading only the registers it uses
 * (as a program written for speed would, and as sel4bench's seL4_Call
 * does) rather than all of them through cairn_syscall()'s struct.  The
 * register convention is include/cairn/syscall.h's.  Every message word
 * register is declared as written: a call's answer may carry up to eight
 * words, and the ABI does not promise to keep the others.
 */
#ifndef CAIRN_BENCH_IPCASM_H
#define CAIRN_BENCH_IPCASM_H

#include "cairn.h"

/* The registers a call leaves changed besides its outputs. */
#define IPC_CLOBBERS "rcx", "r11", "memory"

/*
 * CALL cap with one message word w0 (info says the length); return the
 * status, the answer's first two words in *a0 and *a1.
 */
static inline word_t
ipc_call1(cptr_t cap, word_t info, word_t w0, word_t *a0, word_t *a1)
{
	register word_t rax __asm__("rax") = (word_t)CAIRN_SYS_CALL;
	register word_t rdi __asm__("rdi") = cap;
	register word_t rsi __asm__("rsi") = info;
	register word_t rdx __asm__("rdx") = w0;
	register word_t r10 __asm__("r10");

	__asm__ volatile("syscall"
			 : "+r"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx), "=r"(r10)
			 :
			 : "r8", "r9", "r12", "r13", "r14", "r15",
			   IPC_CLOBBERS);
	*a0 = rdx;
	*a1 = r10;
	return rax;
}

/*
 * CALL cap with the eight register words w[0..8) (info says the
 * length); return the status, the answer's first word in *a0.
 */
static inline word_t
ipc_call8(cptr_t cap, word_t info, const word_t *w, word_t *a0)
{
	register word_t rax __asm__("rax") = (word_t)CAIRN_SYS_CALL;
	register word_t rdi __asm__("rdi") = cap;
	register word_t rsi __asm__("rsi") = info;
	register word_t rdx __asm__("rdx") = w[0];
	register word_t r10 __asm__("r10") = w[1];
	register word_t r8 __asm__("r8") = w[2];
	register word_t r9 __asm__("r9") = w[3];
	register word_t r12 __asm__("r12") = w[4];
	register word_t r13 __asm__("r13") = w[5];
	register word_t r14 __asm__("r14") = w[6];
	register word_t r15 __asm__("r15") = w[7];

	__asm__ volatile("syscall"
			 : "+r"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx),
			   "+r"(r10), "+r"(r8), "+r"(r9), "+r"(r12), "+r"(r13),
			   "+r"(r14), "+r"(r15)
			 :
			 : IPC_CLOBBERS);
	*a0 = rdx;
	return rax;
}

/* RECV on ep with reply object rp; return the status. */
static inline word_t
ipc_recv(cptr_t ep, cptr_t rp)
{
	register word_t rax __asm__("rax") = (word_t)CAIRN_SYS_RECV;
	register word_t rdi __asm__("rdi") = ep;
	register word_t rbx __asm__("rbx") = rp;

	__asm__ volatile("syscall"
			 : "+r"(rax), "+r"(rdi)
			 : "r"(rbx)
			 : "rsi", "rdx", "r10", "r8", "r9", "r12", "r13", "r14",
			   "r15", IPC_CLOBBERS);
	return rax;
}

/*
 * REPLY_RECV: answer through rp with w0 and w1 (info says the length),
 * then receive on ep; return the status.
 */
static inline word_t
ipc_reply_recv2(cptr_t ep, cptr_t rp, word_t info, word_t w0, word_t w1)
{
	register word_t rax __asm__("rax") = (word_t)CAIRN_SYS_REPLY_RECV;
	register word_t rdi __asm__("rdi") = ep;
	register word_t rsi __asm__("rsi") = info;
	register word_t rbx __asm__("rbx") = rp;
	register word_t rdx __asm__("rdx") = w0;
	register word_t r10 __asm__("r10") = w1;

	__asm__ volatile("syscall"
			 : "+r"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10)
			 : "r"(rbx)
			 : "r8", "r9", "r12", "r13", "r14", "r15",
			   IPC_CLOBBERS);
	return rax;
}

/*
 * REPLY_RECV: answer through rp with w0 (info says the length), then
 * receive on ep; return the status.
 */
static inline word_t
ipc_reply_recv1(cptr_t ep, cptr_t rp, word_t info, word_t w0)
{
	register word_t rax __asm__("rax") = (word_t)CAIRN_SYS_REPLY_RECV;
	register word_t rdi __asm__("rdi") = ep;
	register word_t rsi __asm__("rsi") = info;
	register word_t rbx __asm__("rbx") = rp;
	register word_t rdx __asm__("rdx") = w0;

	__asm__ volatile("syscall"
			 : "+r"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx)
			 : "r"(rbx)
			 : "r10", "r8", "r9", "r12", "r13", "r14", "r15",
			   IPC_CLOBBERS);
	return rax;
}

/*
 * A system call that takes no arguments and changes only rax: n in rax,
 * nothing else loaded.  Returns rax.  For CAIRN_SYS_NULL, the floor, and
 * an unknown number, which the fault handler answers: rax gets word 0 of
 * its reply, and every other register is kept (docs/abi.md, "Faults").
 */
static inline word_t
ipc_bare(word_t n)
{
	register word_t rax __asm__("rax") = n;

	__asm__ volatile("syscall" : "+r"(rax) : : IPC_CLOBBERS);
	return rax;
}

/*
 * Signal the notification n, or wait on it and return the word: only the
 * registers a notification changes are declared (docs/abi.md,
 * "Notifications"), as a program that knows its capability would.
 */
static inline word_t
ntfn_signal_bare(cptr_t n)
{
	register word_t rax __asm__("rax") = (word_t)CAIRN_SYS_SEND;
	register word_t rdi __asm__("rdi") = n;

	__asm__ volatile("syscall" : "+r"(rax) : "r"(rdi) : IPC_CLOBBERS);
	return rax;
}

static inline word_t
ntfn_wait_bare(cptr_t n)
{
	register word_t rax __asm__("rax") = (word_t)CAIRN_SYS_RECV;
	register word_t rdi __asm__("rdi") = n;

	__asm__ volatile("syscall"
			 : "+r"(rax), "+r"(rdi)
			 :
			 : "rsi", IPC_CLOBBERS);
	return rdi;
}

#endif
