/* cpu: feature detection and the control-register set-up that follows. */
#include "cpu.h"

#include "console.h"
#include "cstring.h"

struct cpu_features cpu_features;
uint8_t cpu_smap_on; /* read by entry.S: clac on entry from user mode */

void
cpu_detect(void)
{
	uint32_t r[4];
	struct cpu_features *f = &cpu_features;

	cpuid(0, 0, r);
	uint32_t max = r[0];
	memcpy(&f->vendor[0], &r[1], 4);
	memcpy(&f->vendor[4], &r[3], 4);
	memcpy(&f->vendor[8], &r[2], 4);
	f->vendor[12] = '\0';
	cpuid(1, 0, r);
	f->pcid = (r[2] >> 17) & 1;
	f->x2apic = (r[2] >> 21) & 1;
	f->tsc_deadline = (r[2] >> 24) & 1;
	f->hypervisor = (r[2] >> 31) & 1;
	f->pge = (r[3] >> 13) & 1;
	if (max >= 7) {
		cpuid(7, 0, r);
		f->smep = (r[1] >> 7) & 1;
		f->smap = (r[1] >> 20) & 1;
	}
	cpuid(0x80000000, 0, r);
	uint32_t xmax = r[0];
	if (xmax >= 0x80000001) {
		cpuid(0x80000001, 0, r);
		f->nx = (r[3] >> 20) & 1;
		f->pdpe1gb = (r[3] >> 26) & 1;
	}
	f->phys_bits = 36; /* what a CPU without leaf 0x80000008 has */
	if (xmax >= 0x80000008) {
		cpuid(0x80000008, 0, r);
		f->phys_bits = r[0] & 0xFF;
	}
	if (xmax >= 0x80000007) {
		cpuid(0x80000007, 0, r);
		f->invariant_tsc = (r[3] >> 8) & 1;
	}
}

void
cpu_enable_features(void)
{
	const struct cpu_features *f = &cpu_features;
	uint64_t efer = rdmsr(MSR_EFER) | EFER_SCE;

	if (f->nx) {
		efer |= EFER_NXE;
	}
	wrmsr(MSR_EFER, efer);
	write_cr0(read_cr0() | CR0_WP);
	/* User programs may use SSE: FXSAVE state, SIMD exceptions. */
	uint64_t cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
	if (f->pge) {
		cr4 |= CR4_PGE;
	}
	if (f->smep) {
		cr4 |= CR4_SMEP;
	}
	if (f->smap) {
		cr4 |= CR4_SMAP;
	}
	write_cr4(cr4);
	cpu_smap_on = f->smap;
	kprintf("cpu: %s,%s%s%s%s%s%s%s\n", f->vendor, f->nx ? " nx" : "",
		f->smep ? " smep" : "", f->smap ? " smap" : "",
		f->pcid ? " pcid" : "", f->x2apic ? " x2apic" : "",
		f->tsc_deadline ? " tsc-deadline" : "",
		f->invariant_tsc ? " invariant-tsc" : "");
}

void
arch_zero(void *p, uint64_t bytes)
{
	/*
	 * REP STOSQ: one instruction, which processors with fast string
	 * operations (ERMSB) run a line at a time.
	 */
	uint64_t words = bytes / 8;

	__asm__ volatile("rep stosq"
			 : "+D"(p), "+c"(words)
			 : "a"(0ull)
			 : "memory");
}
