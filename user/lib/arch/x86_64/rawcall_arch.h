/*
 * The raw system calls of x86_64: SYSCALL with the registers of the
 * convention in include/cairn/syscall.h.  Included by user/lib/rawcall.h,
 * which gives the contracts.
 */
#ifndef CAIRN_USER_RAWCALL_ARCH_H
#define CAIRN_USER_RAWCALL_ARCH_H

#include <cairn/error.h>
#include <cairn/message.h>
#include <cairn/syscall.h>
#include <cairn/types.h>

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

/* cairn_syscall_cap (rawcall.h). */
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

/* cairn_call_short (rawcall.h). */
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

/* cairn_call_long (rawcall.h). */
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
