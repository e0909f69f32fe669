/*
 * percpu: state each CPU keeps, reached through GS in the kernel.  The
 * entry code uses the first fields by offset: keep them first and in
 * this order (PERCPU_* in entry.S).
 */
#ifndef CAIRN_X86_PERCPU_H
#define CAIRN_X86_PERCPU_H

#include <stdint.h>

struct percpu {
	uint64_t kstack_top; /* rsp for entries from user mode */
	uint64_t user_rsp;   /* the user rsp, saved by syscall_entry */
	uint64_t ticks;	     /* timer interrupts taken */
};

_Static_assert(__builtin_offsetof(struct percpu, kstack_top) == 0,
	       "entry.S reads kstack_top at 0");
_Static_assert(__builtin_offsetof(struct percpu, user_rsp) == 8,
	       "entry.S writes user_rsp at 8");

extern struct percpu cpu0;

#endif
