/*
 * fpu: lazy FP/SIMD switching on aarch64.  The registers stay with the
 * thread that used them last (cpu0.fpu_owner); any other thread runs
 * with CPACR_EL1.FPEN trapping its EL0 accesses (EC 0x07), and its first
 * use moves the state: the owner's saved into its TCB, the new one's
 * loaded.  The kernel itself never touches FP/SIMD registers
 * (-mgeneral-regs-only), so EL1 accesses are never trapped.
 */
#ifndef CAIRN_A64_FPU_H
#define CAIRN_A64_FPU_H

#include <stdbool.h>

#include "kobject.h"
#include "percpu.h"
#include "sysreg.h"

/* CPACR_EL1.FPEN: trap EL0's FP/SIMD accesses, or trap nothing. */
#define CPACR_FPEN_EL0_TRAP (1ul << 20)
#define CPACR_FPEN_NONE	    (3ul << 20)

/* Let EL1 use FP/SIMD (to move state), trap EL0; at boot. */
void fpu_init(void);

/* An FP/SIMD trap from t at EL0: give it the registers.  Returns true
 * (the trap is always the FPU's). */
bool fpu_trap(struct tcb *t);

/* Save the registers into s, load them from s (fpu.S). */
void fpu_save(struct fpu_state *s);
void fpu_load(const struct fpu_state *s);

/* Open FP/SIMD to EL0 if t owns the registers, else close it. */
static inline __attribute__((always_inline)) void
fpu_switch(const struct tcb *t)
{
	bool open = cpu0.fpu_owner == t;

	if (open != cpu0.fpu_open) {
		WRITE_SYSREG(cpacr_el1,
			     open ? CPACR_FPEN_NONE : CPACR_FPEN_EL0_TRAP);
		__asm__ volatile("isb" : : : "memory");
		cpu0.fpu_open = open;
	}
}

#endif
