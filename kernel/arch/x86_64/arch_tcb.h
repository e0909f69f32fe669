/*
 * arch_tcb: a thread's machine state on x86_64, the first member of
 * struct tcb (kobject.h).  Each arch has an arch_tcb.h with its own.
 */
#ifndef CAIRN_X86_ARCH_TCB_H
#define CAIRN_X86_ARCH_TCB_H

#include <stdint.h>

#include "trap.h"

struct arch_tcb {
	/* First: the entry code saves the registers straight into it. */
	struct trap_frame regs;
	uint64_t fs_base; /* its FS base (the IPC buffer) */
	uint8_t fpu_used; /* fpu is valid */
	uint8_t fpu[512] __attribute__((aligned(16))); /* FXSAVE area */
};

#endif
