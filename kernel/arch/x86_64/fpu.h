/*
 * fpu: user FPU and SSE state, switched lazily.  The kernel never uses
 * the FPU.  A thread's state is saved only when another thread touches
 * the FPU: a switch sets CR0.TS, and the first FPU instruction of a
 * thread that does not own the FPU traps (#NM) to fpu_trap.
 */
#ifndef CAIRN_X86_FPU_H
#define CAIRN_X86_FPU_H

#include <stdbool.h>

#include "cpu.h"
#include "percpu.h"

struct tcb;

/* Make the clean state new threads start from. */
void fpu_init(void);

/* On a switch to t: trap its first FPU use unless it owns the FPU. */
static inline void
fpu_switch(struct tcb *t)
{
	/* CR0 writes are slow: only when TS must change. */
	bool ts = cpu0.fpu_owner != t;

	if (ts != cpu0.fpu_ts) {
		if (ts) {
			write_cr0(read_cr0() | CR0_TS);
		} else {
			__asm__ volatile("clts");
		}
		cpu0.fpu_ts = ts;
	}
}

/* #NM from t: give it the FPU.  Returns true if handled. */
bool fpu_trap(struct tcb *t);

#endif
