/*
 * cache: every barrier, TLB and cache maintenance operation the kernel
 * uses, in one place, with the rule for where each goes.
 *
 * - A page-table store must be visible to the table walker before the
 *   walk that needs it: dsb ishst after the store (pt_sync).
 * - A TLB invalidation: dsb ishst before (the new entry is written),
 *   tlbi, dsb ish after (the invalidation has completed everywhere),
 *   isb (this CPU refetches with the new translation).
 * - A system register write that changes translation or vectors (TTBR,
 *   TCR, MAIR, SCTLR, VBAR): isb before anything that depends on it.
 * - Code written through the data side (the EL0 program copied into a
 *   frame): clean the data cache to the point of unification, invalidate
 *   the instruction cache, dsb ish, isb (sync_icache).
 */
#ifndef CAIRN_A64_CACHE_H
#define CAIRN_A64_CACHE_H

#include <stdint.h>

static inline void
isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

static inline void
dsb_ish(void)
{
	__asm__ volatile("dsb ish" : : : "memory");
}

static inline void
dsb_ishst(void)
{
	__asm__ volatile("dsb ishst" : : : "memory");
}

static inline void
dsb_sy(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
}

/* Make page-table stores visible to the table walker. */
static inline void
pt_sync(void)
{
	dsb_ishst();
}

/* tlbi operands: VA[55:12] in bits 43:0, the ASID in bits 63:48. */
static inline uint64_t
tlbi_operand(uint64_t va, uint16_t asid)
{
	return ((va >> 12) & 0xfffffffffffful) | ((uint64_t)asid << 48);
}

/* Forget the translation of user page va in address space asid. */
static inline void
tlb_flush_page(uint64_t va, uint16_t asid)
{
	dsb_ishst();
	__asm__ volatile("tlbi vae1is, %0"
			 :
			 : "r"(tlbi_operand(va, asid))
			 : "memory");
	dsb_ish();
	isb();
}

/* Forget the translation of kernel page va (global: any ASID). */
static inline void
tlb_flush_kernel_page(uint64_t va)
{
	dsb_ishst();
	__asm__ volatile("tlbi vaae1is, %0"
			 :
			 : "r"(tlbi_operand(va, 0))
			 : "memory");
	dsb_ish();
	isb();
}

/* Forget every non-global translation of address space asid. */
static inline void
tlb_flush_asid(uint16_t asid)
{
	dsb_ishst();
	__asm__ volatile("tlbi aside1is, %0"
			 :
			 : "r"((uint64_t)asid << 48)
			 : "memory");
	dsb_ish();
	isb();
}

/* Forget every EL1&0 translation on every CPU. */
static inline void
tlb_flush_all(void)
{
	dsb_ishst();
	__asm__ volatile("tlbi vmalle1is" : : : "memory");
	dsb_ish();
	isb();
}

/* The smallest data and instruction cache lines, from CTR_EL0. */
static inline uint64_t
dcache_line(void)
{
	uint64_t ctr;

	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	return 4ul << ((ctr >> 16) & 0xf);
}

static inline uint64_t
icache_line(void)
{
	uint64_t ctr;

	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	return 4ul << (ctr & 0xf);
}

/*
 * Make instructions written as data at [va, va + len) visible to
 * instruction fetch on every CPU: clean to the point of unification,
 * then invalidate the instruction cache over the same range.
 */
static inline void
sync_icache(uint64_t va, uint64_t len)
{
	uint64_t d = dcache_line(), i = icache_line();

	for (uint64_t a = va & ~(d - 1); a < va + len; a += d) {
		__asm__ volatile("dc cvau, %0" : : "r"(a) : "memory");
	}
	dsb_ish();
	for (uint64_t a = va & ~(i - 1); a < va + len; a += i) {
		__asm__ volatile("ic ivau, %0" : : "r"(a) : "memory");
	}
	dsb_ish();
	isb();
}

/* Clean and invalidate [va, va + len) to the point of coherency (DMA). */
static inline void
dcache_clean_inval(uint64_t va, uint64_t len)
{
	uint64_t d = dcache_line();

	for (uint64_t a = va & ~(d - 1); a < va + len; a += d) {
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	}
	dsb_sy();
}

#endif
