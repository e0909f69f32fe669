/*
 * percpu: state each CPU keeps, reached through GS in the kernel.  The
 * entry code uses the first fields by offset: keep them first and in
 * this order (PERCPU_* in entry.S).
 */
#ifndef CAIRN_X86_PERCPU_H
#define CAIRN_X86_PERCPU_H

#include <stdint.h>

struct tcb;

struct percpu {
	uint64_t kstack_top;   /* the kernel stack, fresh at each entry */
	uint64_t user_rsp;     /* the user rsp, saved by syscall_entry */
	uint64_t syscall_sp;   /* the current thread's frame.ss: SYSCALL pushes
				  below */
	uint64_t ticks;	       /* timer interrupts taken */
	struct tcb *cur;       /* the running thread, or NULL when idle */
	struct tcb *fpu_owner; /* whose state the FPU registers hold */
	uint64_t cr3;	       /* the address space loaded now */
	struct tcb *fs_thread; /* whose FS base was last loaded, or NULL */
	_Bool fpu_ts;	       /* CR0.TS is set */
	uint64_t entry_tsc;   /* when the kernel was last entered (slow path) */
	uint64_t max_stretch; /* the longest time in the kernel since asked */
	int idle;	      /* in the idle loop */
	int reload;	      /* the running thread's VSpace or FS changed */
	int cur_head; /* cur is runnable: the head of its queue, unlinked */
};

_Static_assert(__builtin_offsetof(struct percpu, kstack_top) == 0,
	       "entry.S reads kstack_top at 0");
_Static_assert(__builtin_offsetof(struct percpu, user_rsp) == 8,
	       "entry.S writes user_rsp at 8");
_Static_assert(__builtin_offsetof(struct percpu, syscall_sp) == 16,
	       "entry.S reads syscall_sp at 16");

extern struct percpu cpu0;

#endif
