/*
 * sysreg: reading and writing aarch64 system registers, and the bits of
 * them that the kernel sets.  The names follow the Arm ARM.
 */
#ifndef CAIRN_A64_SYSREG_H
#define CAIRN_A64_SYSREG_H

#include <stdint.h>

/* Read system register r (a bare name such as esr_el1). */
#define READ_SYSREG(r)                                                         \
	({                                                                     \
		uint64_t v_;                                                   \
		__asm__ volatile("mrs %0, " #r : "=r"(v_));                    \
		v_;                                                            \
	})

/* Write v to system register r; the caller places the isb it needs. */
#define WRITE_SYSREG(r, v)                                                     \
	__asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)) : "memory")

/* SCTLR_EL1: MMU, alignment check, caches, and the bits that read as 1. */
#define SCTLR_M	   (1ul << 0)
#define SCTLR_A	   (1ul << 1)
#define SCTLR_C	   (1ul << 2)
#define SCTLR_SA   (1ul << 3)
#define SCTLR_SA0  (1ul << 4)
#define SCTLR_I	   (1ul << 12)
#define SCTLR_WXN  (1ul << 19)
#define SCTLR_RES1 ((3ul << 28) | (3ul << 22) | (1ul << 20) | (1ul << 11))

/* SPSR: the mode to return to, and the interrupt masks. */
#define SPSR_EL0T 0x0ul
#define SPSR_EL1H 0x5ul
#define SPSR_DAIF (0xful << 6)
#define SPSR_I	  (1ul << 7)

/* ID_AA64MMFR0_EL1 fields. */
#define MMFR0_PARANGE(v) ((v)&0xf)
#define MMFR0_ASID16(v)	 ((((v) >> 4) & 0xf) == 2)

static inline void
irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" : : : "memory");
}

static inline void
irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

/* Wait for an interrupt (with interrupts masked, it still wakes). */
static inline void
cpu_wfi(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

/* The exception level this code runs at (1 for the kernel). */
static inline unsigned
current_el(void)
{
	return (unsigned)(READ_SYSREG(CurrentEL) >> 2) & 3;
}

#endif
