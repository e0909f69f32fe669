/*
 * switch: loading a thread onto the CPU, shared by the scheduler's exit
 * (context.c) and the fast path, which inlines it (fastpath.c's
 * fast_switch).
 */
#ifndef CAIRN_A64_SWITCH_H
#define CAIRN_A64_SWITCH_H

#include "fpu.h"
#include "kobject.h"
#include "percpu.h"
#include "sysreg.h"
#include "trap.h"
#include "vspace.h"

/*
 * Make t's context the CPU's: its address space vs (the level-0 table's
 * physical address, tcb_vspace(t)) in TTBR0 with its ASID, its IPC
 * buffer in TPIDRRO_EL0, and the FP/SIMD trap, each only where it
 * changes.  No TLB flush: user entries are tagged with their ASID.
 * TPIDR_EL0 and SP_EL1 come with the saved registers (vectors.S).
 */
static inline __attribute__((always_inline)) void
switch_to(struct tcb *t, uint64_t vs)
{
	if (vs != cpu0.ttbr0) {
		WRITE_SYSREG(ttbr0_el1,
			     vspace_ttbr0(vs, t->slots[TCB_VSPACE].cap.w1 &
						  MAP_ASID_MASK));
		__asm__ volatile("isb" : : : "memory");
		cpu0.ttbr0 = vs;
	}
	if (t->arch.tpidrro != cpu0.tpidrro) {
		WRITE_SYSREG(tpidrro_el0, t->arch.tpidrro);
		cpu0.tpidrro = t->arch.tpidrro;
	}
	fpu_switch(t);
}

#endif
