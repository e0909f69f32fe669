/*
 * fpu: lazy FP/SIMD switching (fpu.h).  A thread's state is loaded on
 * its first FP/SIMD instruction after another thread had the registers;
 * a thread that never uses them costs nothing at a switch but a
 * comparison.
 */
#include "fpu.h"

#include <cairn/arch/registers.h>

#include "cstring.h"
#include "machine.h"

/* The bits of FPCR and FPSR that exist (Armv8.0's; the rest are RES0):
 * FPCR's AHP, DN, FZ, RMode, Stride, FZ16, Len and trap enables; FPSR's
 * NZCV, QC and cumulative flags. */
#define FPCR_BITS 0x07ff9f00ul
#define FPSR_BITS 0xf800009ful

_Static_assert(sizeof(struct fpu_state) == 64 * 8 + 16, "fpu.S layout");

void
fpu_init(void)
{
	WRITE_SYSREG(cpacr_el1, CPACR_FPEN_EL0_TRAP);
	__asm__ volatile("isb" : : : "memory");
	cpu0.fpu_open = false;
	cpu0.fpu_owner = NULL;
}

uint64_t *
arch_fpu_words(struct tcb *t)
{
	if (cpu0.fpu_owner == t) {
		/* EL1 may always use the registers; EL0 traps from now on,
		 * whoever runs next loads its own. */
		fpu_save(&t->arch.fpu);
		cpu0.fpu_owner = NULL;
		WRITE_SYSREG(cpacr_el1, CPACR_FPEN_EL0_TRAP);
		__asm__ volatile("isb" : : : "memory");
		cpu0.fpu_open = false;
	}
	if (!t->arch.fpu_used) {
		memset(&t->arch.fpu, 0, sizeof(t->arch.fpu));
		t->arch.fpu_used = 1;
	}
	_Static_assert(sizeof(t->arch.fpu) == CAIRN_FPU_WORDS * 8,
		       "READ_FPU's words are the saved state");
	return (uint64_t *)(void *)&t->arch.fpu;
}

bool
arch_fpu_word_valid(unsigned i, uint64_t v)
{
	if (i == CAIRN_FPU_FPCR) {
		return (v & ~FPCR_BITS) == 0;
	}
	return i != CAIRN_FPU_FPSR || (v & ~FPSR_BITS) == 0;
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
