/* fpu: lazy FPU switching (fpu.h). */
#include "fpu.h"

#include "cpu.h"
#include "kobject.h"
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
