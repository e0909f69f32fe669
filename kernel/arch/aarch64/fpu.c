/*
 * fpu: lazy FP/SIMD switching (fpu.h).  A thread's state is loaded on
 * its first FP/SIMD instruction after another thread had the registers;
 * a thread that never uses them costs nothing at a switch but a
 * comparison.
 */
#include "fpu.h"

#include "cstring.h"

_Static_assert(sizeof(struct fpu_state) == 64 * 8 + 16, "fpu.S layout");

void
fpu_init(void)
{
	WRITE_SYSREG(cpacr_el1, CPACR_FPEN_EL0_TRAP);
	__asm__ volatile("isb" : : : "memory");
	cpu0.fpu_open = false;
	cpu0.fpu_owner = NULL;
}

bool
fpu_trap(struct tcb *t)
{
	if (cpu0.fpu_owner != NULL) {
		fpu_save(&cpu0.fpu_owner->arch.fpu);
	}
	if (!t->arch.fpu_used) {
		/* First use: all zeroes, FPCR's defaults (round to nearest). */
		memset(&t->arch.fpu, 0, sizeof(t->arch.fpu));
		t->arch.fpu_used = 1;
	}
	fpu_load(&t->arch.fpu);
	cpu0.fpu_owner = t;
	fpu_switch(t);
	return true;
}
