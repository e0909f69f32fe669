/*
 * arch_tcb: a thread's machine state on aarch64, the first member of
 * struct tcb (kobject.h).
 */
#ifndef CAIRN_A64_ARCH_TCB_H
#define CAIRN_A64_ARCH_TCB_H

#include <stdint.h>

#include "trap.h"

/* The FP/SIMD registers: q0-q31, then FPCR and FPSR (fpu.S's layout). */
struct fpu_state {
	uint64_t q[64]; /* q0-q31, 16 bytes each */
	uint64_t fpcr, fpsr;
};

struct arch_tcb {
	/*
	 * First: the entry from EL0 saves the registers straight into it
	 * (SP_EL1 points just past it while the thread runs), TPIDR_EL0
	 * among them.
	 */
	struct trap_frame regs;
	uint64_t tpidrro; /* TPIDRRO_EL0: its IPC buffer's address */
	uint8_t fpu_used; /* fpu is valid */
	struct fpu_state fpu __attribute__((aligned(16)));
};

#endif
