/*
 * vspace: address spaces on x86_64 as capability objects: the PML4
 * (VSpace), PDPT, page directory and page table, and frames of 4 KiB and
 * 2 MiB.  A mapping belongs to the capability that made it; its w1 says
 * where (see below), so deleting the capability undoes the mapping.
 */
#ifndef CAIRN_X86_VSPACE_H
#define CAIRN_X86_VSPACE_H

#include <stdbool.h>
#include <stdint.h>

#include "cap.h"
#include "cpu.h"
#include "mmu.h"
#include "percpu.h"

/*
 * w1 of frame and page-table capabilities: the virtual address (bits
 * 12-47), the ASID of the address space (bits 0-11), MAPPED (bit 62),
 * and for frames DEVICE (bit 63).  w1 of a VSpace capability: its ASID.
 */
#define MAP_ASID_MASK  0xFFFull
#define MAP_VADDR_MASK 0x0000FFFFFFFFF000ull
#define MAP_MAPPED     (1ull << 62)
#define FRAME_DEVICE   (1ull << 63)

#define ASID_COUNT 4096 /* ASID 0 means none */

/*
 * PCIDs: with CR4.PCIDE on, each address space's ASID is its PCID, and
 * loading CR3 keeps the TLB entries of the others.  An ASID whose
 * entries may be stale (a mapping changed while another address space
 * was loaded, or the ASID was freed) is marked, and its next load
 * flushes its own entries, and only those.
 */
#define CR3_NOFLUSH (1ull << 63)
extern bool vspace_pcid;
extern uint64_t asid_stale[ASID_COUNT / 64];

/* The CR3 value that loads the PML4 pml4 of ASID asid. */
static inline uint64_t
vspace_cr3(uint64_t pml4, uint64_t asid)
{
	if (!vspace_pcid) {
		return pml4;
	}
	uint64_t bit = 1ull << (asid % 64);
	if (asid_stale[asid / 64] & bit) {
		asid_stale[asid / 64] &= ~bit;
		return pml4 | asid;
	}
	return pml4 | asid | CR3_NOFLUSH;
}

/* Turn PCIDs on if the CPU has them (CR3 must hold PCID 0). */
void vspace_pcid_init(void);

/* ASID -> PML4 physical address (0: none); vspace.c owns it. */
extern uint64_t asid_table[ASID_COUNT];

/* The PML4 of an ASID, or 0. */
static inline uint64_t
asid_vspace(uint64_t asid)
{
	return asid < ASID_COUNT ? asid_table[asid] : 0;
}

/*
 * What the portable mapping.c asks of the arch (docs/arch.md), inline
 * so that the map and unmap paths stay straight-line code.  Device
 * memory may be mapped executable (the PC's W^X is the rights' alone).
 */
#define VSPACE_DEVICE_EXEC true

/* Is the entry e present? */
static inline bool
pte_present(uint64_t e)
{
	return (e & PTE_P) != 0;
}

/* Does e lead to a next-level table (present, not a large page)? */
static inline bool
pte_is_table(uint64_t e)
{
	return (e & PTE_P) && !(e & PTE_PS);
}

/* The physical address e names. */
static inline uint64_t
pte_addr(uint64_t e)
{
	return e & PTE_ADDR;
}

/* The entry of a user frame at phys, at level 0 (4 KiB) or 1 (2 MiB),
 * with bits from pte_bits. */
static inline uint64_t
pte_frame(uint64_t phys, int level, uint64_t bits)
{
	return phys | PTE_P | PTE_U | (level == 1 ? PTE_PS : 0) | bits;
}

/* The entry of a user page-table object at phys: writable, since its
 * pages' entries decide. */
static inline uint64_t
pte_table(uint64_t phys)
{
	return phys | PTE_P | PTE_U | PTE_W;
}

/* A frame's entry e remapped with the bits of new rights. */
static inline uint64_t
pte_remap(uint64_t e, uint64_t bits)
{
	return (e & (PTE_ADDR | PTE_P | PTE_U | PTE_PS)) | bits;
}

/* The entry bits of frame c mapped with rights (CAIRN_RIGHT_*):
 * writable, no-execute, uncached for device memory. */
static inline uint64_t
pte_bits(const struct cap *c, uint64_t rights)
{
	uint64_t flags = (rights & CAIRN_RIGHT_WRITE ? PTE_W : 0) |
			 (rights & CAIRN_RIGHT_EXEC ? 0 : pte_nx);

	if (c->w1 & FRAME_DEVICE) {
		flags |= PTE_PCD | PTE_PWT;
	}
	return flags;
}

/* An entry was written: nothing to do, x86_64 walks coherently. */
static inline void
vspace_written(void)
{
}

/*
 * A mapping of asid (in the PML4 root) at vaddr changed or went (all:
 * a table, so any address under it).  Loaded now: flush it.  Not loaded:
 * without PCIDs the load will flush everything; with them, mark the ASID
 * for its next load.
 */
static inline void
vspace_flush(uint64_t asid, uint64_t root, uint64_t vaddr, bool all)
{
	if (root != cpu0.cr3) {
		if (vspace_pcid) {
			asid_stale[asid / 64] |= 1ull << (asid % 64);
		}
		return;
	}
	if (all) {
		write_cr3(vspace_pcid ? root | asid : root);
	} else {
		invlpg(vaddr);
	}
}

#endif
