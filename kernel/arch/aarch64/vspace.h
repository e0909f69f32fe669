/*
 * vspace: address spaces on aarch64 as capability objects: the level-0
 * table (VSpace, loaded in TTBR0_EL1 with its ASID), the level-1, 2 and
 * 3 tables (PDPT, page directory, page table), and frames of 4 KiB and
 * 2 MiB.  A mapping belongs to the capability that made it; its w1 says
 * where (see below), so deleting the capability undoes the mapping.
 */
#ifndef CAIRN_A64_VSPACE_H
#define CAIRN_A64_VSPACE_H

#include <stdbool.h>
#include <stdint.h>

#include "cache.h"
#include "cap.h"
#include "mmu.h"

/*
 * w1 of frame and page-table capabilities: the virtual address (bits
 * 12-47), the ASID of the address space (bits 0-11), MAPPED (bit 62),
 * and for frames DEVICE (bit 63).  w1 of a VSpace capability: its ASID.
 * As on x86_64, so that the portable code reads them the same.
 */
#define MAP_ASID_MASK  0xFFFull
#define MAP_VADDR_MASK 0x0000FFFFFFFFF000ull
#define MAP_MAPPED     (1ull << 62)
#define FRAME_DEVICE   (1ull << 63)

/* ASID 0 means none (the kernel's empty TTBR0); fewer on a CPU with
 * 8-bit ASIDs (asid_init). */
#define ASID_COUNT 4096

/* Take the CPU's ASID width into account; before any VSpace is made. */
void asid_init(void);

/* ASID -> level-0 table (phys; 0: none); vspace.c owns it. */
extern uint64_t asid_table[ASID_COUNT];

/* The level-0 table of an ASID, or 0. */
static inline uint64_t
asid_vspace(uint64_t asid)
{
	return asid < ASID_COUNT ? asid_table[asid] : 0;
}

/* The TTBR0_EL1 value that loads the level-0 table root with asid. */
static inline uint64_t
vspace_ttbr0(uint64_t root, uint64_t asid)
{
	return root | asid << 48;
}

/*
 * What the portable mapping.c asks of the arch (docs/arch.md), inline
 * so that the map and unmap paths stay straight-line code.  Device
 * memory is never executable (Device-nGnRE: instruction fetches from it
 * are not to be relied on).
 */
#define VSPACE_DEVICE_EXEC false

/* The bits a remap may change: the access and execute permissions. */
#define PTE_RIGHTS (PTE_AP_RO | PTE_UXN)

/* Is the descriptor e valid? */
static inline bool
pte_present(uint64_t e)
{
	return (e & PTE_VALID) != 0;
}

/* Does e lead to a next-level table (valid, a table, not a block)? */
static inline bool
pte_is_table(uint64_t e)
{
	return (e & (PTE_VALID | PTE_TABLE)) == (PTE_VALID | PTE_TABLE);
}

/* The physical address e names. */
static inline uint64_t
pte_addr(uint64_t e)
{
	return e & PTE_ADDR;
}

/* The descriptor of a user frame at phys: a page at level 0 (Arm level
 * 3), a block at level 1, with bits from pte_bits. */
static inline uint64_t
pte_frame(uint64_t phys, int level, uint64_t bits)
{
	return phys | bits | (level == 0 ? PTE_PAGE : PTE_BLOCK);
}

/* The descriptor of a user page-table object at phys. */
static inline uint64_t
pte_table(uint64_t phys)
{
	return phys | PTE_TABLE | PTE_VALID;
}

/* A frame's descriptor e remapped with the bits of new rights. */
static inline uint64_t
pte_remap(uint64_t e, uint64_t bits)
{
	return (e & ~PTE_RIGHTS) | (bits & PTE_RIGHTS);
}

/*
 * The descriptor bits of user frame c mapped with rights: normal
 * write-back memory or Device-nGnRE, non-global (tagged with the ASID),
 * never executable at EL1 (PXN), executable at EL0 only with EXEC.
 */
static inline uint64_t
pte_bits(const struct cap *c, uint64_t rights)
{
	uint64_t b = PTE_AF | PTE_NG | PTE_AP_EL0 | PTE_PXN;

	if (!(rights & CAIRN_RIGHT_WRITE)) {
		b |= PTE_AP_RO;
	}
	if (c->w1 & FRAME_DEVICE) {
		return b | PTE_ATTR(MT_DEVICE_NGNRE) | PTE_UXN;
	}
	b |= PTE_ATTR(MT_NORMAL) | PTE_SH_IN;
	return rights & CAIRN_RIGHT_EXEC ? b : b | PTE_UXN;
}

/* A descriptor was written: the table walker must see it. */
static inline void
vspace_written(void)
{
	pt_sync();
}

/*
 * A mapping of asid at vaddr changed or went (all: a table, so any
 * address under it).  Entries are tagged with their ASID, so the flush
 * names it, loaded or not, and root is not needed.
 */
static inline void
vspace_flush(uint64_t asid, uint64_t root, uint64_t vaddr, bool all)
{
	(void)root;
	if (all) {
		tlb_flush_asid((uint16_t)asid);
	} else {
		tlb_flush_page(vaddr, (uint16_t)asid);
	}
}

#endif
