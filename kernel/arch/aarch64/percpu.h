/*
 * percpu: state each CPU keeps, reached through TPIDR_EL1 in the
 * kernel.  vectors.S reads kstack_top at offset 0: keep it first.
 */
#ifndef CAIRN_A64_PERCPU_H
#define CAIRN_A64_PERCPU_H

#include <stdint.h>

struct tcb;

struct percpu {
	uint64_t kstack_top;   /* the kernel stack, fresh at each entry */
	struct tcb *cur;       /* the running thread, or NULL when idle */
	struct tcb *fpu_owner; /* whose state the FP/SIMD registers hold */
	uint64_t ttbr0;	       /* the address space loaded now (root, phys) */
	uint64_t tpidrro;      /* TPIDRRO_EL0 loaded now: the IPC buffer */
	uint64_t ticks;	       /* timer interrupts taken */
	uint64_t entry_stamp; /* when the kernel was last entered (slow path) */
	uint64_t max_stretch; /* the longest time in the kernel since asked */
	_Bool fpu_open;	      /* CPACR_EL1 lets EL0 use FP/SIMD */
	int idle;	      /* in the idle loop */
	int reload;	      /* the running thread's VSpace or IPC buffer
				 changed */
	int cur_head; /* cur is runnable: the head of its queue, unlinked */
};

_Static_assert(__builtin_offsetof(struct percpu, kstack_top) == 0,
	       "vectors.S reads kstack_top at 0");

extern struct percpu cpu0;

#endif
