/*
 * cairn_cpu: what libcairn asks of the x86_64 processor in user mode:
 * its cycle counter and this thread's IPC buffer.  Each arch has one
 * (user/lib/arch/<arch>).
 */
#ifndef CAIRN_USER_CPU_H
#define CAIRN_USER_CPU_H

#include <stdint.h>

#include <cairn/message.h>

/* The time-stamp counter. */
static inline uint64_t
cairn_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* This thread's IPC buffer: the kernel points FS at it. */
static inline struct cairn_ipc_buffer *
cairn_ipcbuf(void)
{
	struct cairn_ipc_buffer *b;

	__asm__("mov %%fs:%c1, %0"
		: "=r"(b)
		: "i"(__builtin_offsetof(struct cairn_ipc_buffer, self)));
	return b;
}

/* Execute an undefined instruction (ud2): a fault, on purpose. */
static inline void
cairn_undefined(void)
{
	__asm__ volatile("ud2");
}

/*
 * The stack pointer a thread starts a C function with, given the top of
 * its (16-byte aligned) stack: as after a call: the return address's room, so
 * that rsp + 8 is 16-byte aligned.
 */
static inline uint64_t
cairn_entry_sp(uint64_t top)
{
	return top - 8;
}

#endif
