/* fpu: lazy FPU switching (fpu.h). */
#include "fpu.h"

#include <cairn/arch/registers.h>

#include "cpu.h"
#include "cstring.h"
#include "kobject.h"
#include "machine.h"
#include "percpu.h"

static uint8_t clean[512] __attribute__((aligned(16)));

static void
fxsave(void *area)
{
	__asm__ volatile("fxsave64 (%0)" ::"r"(area) : "memory");
}

static void
fxrstor(const void *area)
{
	__asm__ volatile("fxrstor64 (%0)" ::"r"(area) : "memory");
}

void
fpu_init(void)
{
	uint32_t mxcsr = 0x1F80; /* all SIMD exceptions masked */

	__asm__ volatile("clts; fninit; ldmxcsr %0" ::"m"(mxcsr));
	fxsave(clean);
	write_cr0(read_cr0() | CR0_TS);
	cpu0.fpu_ts = true;
}

/* MXCSR's bits that may be set (FXSAVE's MXCSR_MASK; 0 there means the
 * default, 0xffbf). */
static uint32_t
mxcsr_mask(void)
{
	uint32_t m;

	memcpy(&m, clean + 28, sizeof(m));
	return m != 0 ? m : 0xffbf;
}

uint64_t *
arch_fpu_words(struct tcb *t)
{
	if (cpu0.fpu_owner == t) {
		/* Its state is in the registers: save it, and let its next
		 * use (or the caller's) trap to load again. */
		__asm__ volatile("clts");
		fxsave(t->arch.fpu);
		t->arch.fpu_used = 1;
		cpu0.fpu_owner = NULL;
		write_cr0(read_cr0() | CR0_TS);
		cpu0.fpu_ts = true;
	}
	if (!t->arch.fpu_used) {
		memcpy(t->arch.fpu, clean, sizeof(clean));
		t->arch.fpu_used = 1;
	}
	return (uint64_t *)(void *)t->arch.fpu;
}

bool
arch_fpu_word_valid(unsigned i, uint64_t v)
{
	/* FXRSTOR faults on a reserved MXCSR bit; the mask beside it is
	 * only read. */
	return i != CAIRN_FPU_MXCSR || ((uint32_t)v & ~mxcsr_mask()) == 0;
}

bool
fpu_trap(struct tcb *t)
{
	struct tcb *owner = cpu0.fpu_owner;

	if (!(read_cr0() & CR0_TS)) {
		return false; /* #NM without TS: not ours to fix */
	}
	__asm__ volatile("clts");
	cpu0.fpu_ts = false;
	if (owner != NULL) {
		fxsave(owner->arch.fpu);
		owner->arch.fpu_used = 1;
	}
	fxrstor(t->arch.fpu_used ? t->arch.fpu : clean);
	cpu0.fpu_owner = t;
	return true;
}
