/*
 * The raw system calls of x86_64: SYSCALL with the registers of the
 * convention in include/cairn/syscall.h.  Each arch has a rawcall.h with
 * the same functions (user/lib/arch/<arch>).
 */
#ifndef CAIRN_USER_RAWCALL_H
#define CAIRN_USER_RAWCALL_H

#include <cairn/error.h>
#include <cairn/message.h>
#include <cairn/syscall.h>
#include <cairn/types.h>

/* The registers of one system call. */
struct cairn_regs {
	word_t cap;   /* in: the capability; out: the badge */
	word_t info;  /* message info, in and out */
	word_t reply; /* in: the reply object of a receive */
	word_t mr[CAIRN_MSG_REGS];
};

/* Make system call n with r; return the status (rax). */
static inline word_t
cairn_syscall(word_t n, struct cairn_regs *r)
{
	register word_t rax __asm__("rax") = n;
	register word_t rdi __asm__("rdi") = r->cap;
	register word_t rsi __asm__("rsi") = r->info;
	register word_t rbx __asm__("rbx") = r->reply;
	register word_t rdx __asm__("rdx") = r->mr[0];
	register word_t r10 __asm__("r10") = r->mr[1];
	register word_t r8 __asm__("r8") = r->mr[2];
	register word_t r9 __asm__("r9") = r->mr[3];
	register word_t r12 __asm__("r12") = r->mr[4];
	register word_t r13 __asm__("r13") = r->mr[5];
	register word_t r14 __asm__("r14") = r->mr[6];
	register word_t r15 __asm__("r15") = r->mr[7];

	__asm__ volatile("syscall"
			 : "+r"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx),
			   "+r"(r10), "+r"(r8), "+r"(r9), "+r"(r12), "+r"(r13),
			   "+r"(r14), "+r"(r15)
			 : "r"(rbx)
			 : "rcx", "r11", "memory");
	r->cap = rdi;
	r->info = rsi;
	r->mr[0] = rdx;
	r->mr[1] = r10;
	r->mr[2] = r8;
	r->mr[3] = r9;
	r->mr[4] = r12;
	r->mr[5] = r13;
	r->mr[6] = r14;
	r->mr[7] = r15;
	return rax;
}

/*
 * A system call with a capability and no message (signal, wait, yield):
 * only rax and rdi are loaded, and rsi and rbx are zero (an empty
 * message, no reply object).  Returns the status; the badge goes to
 * *badge.  What a kernel might write to the other registers of the ABI
 * is clobbered, not stored.
 */
static inline word_t
cairn_syscall_cap(word_t n, word_t cap, word_t *badge)
{
	register word_t rax __asm__("rax") = n;
	register word_t rdi __asm__("rdi") = cap;
	register word_t rsi __asm__("rsi") = 0;
	register word_t rbx __asm__("rbx") = 0;

	__asm__ volatile("syscall"
			 : "+r"(rax), "+r"(rdi), "+r"(rsi)
			 : "r"(rbx)
			 : "rcx", "r11", "rdx", "r10", "r8", "r9", "r12", "r13",
			   "r14", "r15", "memory");
	*badge = rdi;
	return rax;
}

/*
 * Invoke cap (CALL) with message info info and up to four message words
 * w0-w3 (info says how many) when no word is wanted back: only these
 * registers are loaded, as seL4's invocation stubs do, where
 * cairn_syscall() moves every register of the ABI through memory.  The other
 * message registers are declared written, since the ABI lets the answer change
 * them. Returns the status.
 */
static inline int
cairn_call_short(word_t cap, word_t info, word_t w0, word_t w1, word_t w2,
		 word_t w3)
{
	register word_t rax __asm__("rax") = (word_t)CAIRN_SYS_CALL;
	register word_t rdi __asm__("rdi") = cap;
	register word_t rsi __asm__("rsi") = info;
	register word_t rdx __asm__("rdx") = w0;
	register word_t r10 __asm__("r10") = w1;
	register word_t r8 __asm__("r8") = w2;
	register word_t r9 __asm__("r9") = w3;

	__asm__ volatile("syscall"
			 : "+r"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx),
			   "+r"(r10), "+r"(r8), "+r"(r9)
			 :
			 : "r12", "r13", "r14", "r15", "rcx", "r11", "memory");
	return (int)rax;
}

/*
 * call_short for up to six message words, w[0]-w[5] (info says how many
 * count), giving back result word 0 in *mr0 when the call succeeds and
 * mr0 is not NULL.  Returns the status.
 */
static inline int
cairn_call_long(word_t cap, word_t info, const word_t w[6], word_t *mr0)
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

	__asm__ volatile("syscall"
			 : "+r"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx),
			   "+r"(r10), "+r"(r8), "+r"(r9), "+r"(r12), "+r"(r13)
			 :
			 : "r14", "r15", "rcx", "r11", "memory");
	if ((int)rax == CAIRN_OK && mr0 != NULL) {
		*mr0 = rdx;
	}
	return (int)rax;
}

#endif
