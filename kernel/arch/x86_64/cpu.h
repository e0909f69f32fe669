/*
 * cpu: x86_64 instructions the kernel needs, as inline functions, and the
 * CPU features it found at boot.
 */
#ifndef CAIRN_X86_CPU_H
#define CAIRN_X86_CPU_H

#include <stdint.h>

#define MSR_EFER	   0xC0000080
#define MSR_STAR	   0xC0000081
#define MSR_LSTAR	   0xC0000082
#define MSR_FMASK	   0xC0000084
#define MSR_FS_BASE	   0xC0000100
#define MSR_GS_BASE	   0xC0000101
#define MSR_KERNEL_GS_BASE 0xC0000102
#define MSR_APIC_BASE	   0x1B

#define EFER_SCE (1u << 0)
#define EFER_NXE (1u << 11)

#define CR0_TS	       (1ul << 3)
#define CR0_WP	       (1ul << 16)
#define CR4_PGE	       (1ul << 7)
#define CR4_OSFXSR     (1ul << 9)
#define CR4_OSXMMEXCPT (1ul << 10)
#define CR4_PCIDE      (1ul << 17)
#define CR4_SMEP       (1ul << 20)
#define CR4_SMAP       (1ul << 21)

#define RFLAGS_IF (1ul << 9)
#define RFLAGS_AC (1ul << 18)

/* What the CPU can do, filled in by cpu_detect(). */
struct cpu_features {
	char vendor[13];
	int nx;
	int smep;
	int smap;
	int pcid;
	int pge;
	int x2apic;
	int tsc_deadline;
	int invariant_tsc;
	int pdpe1gb;
	int hypervisor;
	int phys_bits; /* physical address width */
};

extern struct cpu_features cpu_features;
extern uint8_t cpu_smap_on;

/* Read CPUID and fill cpu_features. */
void cpu_detect(void);

/* Turn on what the CPU has: NX, SMEP, SMAP, global pages, SYSCALL. */
void cpu_enable_features(void);

static inline void
cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

static inline uint64_t
rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void
wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v),
			 "d"((uint32_t)(v >> 32)));
}

static inline uint8_t
inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void
outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline void
outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}

static inline void
outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}

static inline uint32_t
inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t
inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t
rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline uint64_t
read_cr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline uint64_t
read_cr2(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline uint64_t
read_cr3(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline uint64_t
read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void
write_cr0(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr0" ::"r"(v) : "memory");
}

static inline void
write_cr3(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr3" ::"r"(v) : "memory");
}

static inline void
write_cr4(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr4" ::"r"(v) : "memory");
}

static inline void
invlpg(uint64_t va)
{
	__asm__ volatile("invlpg (%0)" ::"r"(va) : "memory");
}

static inline void
cpu_relax(void)
{
	__asm__ volatile("pause");
}

static inline void
irq_disable(void)
{
	__asm__ volatile("cli" ::: "memory");
}

/* Enable interrupts and halt until one arrives, with no race between. */
static inline void
cpu_wait_irq(void)
{
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}

static inline _Noreturn void
cpu_halt_forever(void)
{
	for (;;) {
		__asm__ volatile("cli; hlt");
	}
}

#endif
