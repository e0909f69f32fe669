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

#endif
