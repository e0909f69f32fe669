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

/* Set up a new PML4 at phys: the kernel's half copied in. */
void arch_vspace_init(uint64_t phys);

/* Take a free ASID for the VSpace at phys; 0 if none is left. */
uint64_t asid_alloc(uint64_t phys);

/* How many ASIDs are free. */
uint64_t asid_available(void);

/* Undo the mapping a frame or page-table capability made, if any. */
void arch_unmap(struct cap *c);

/* Is the entry at level (3 PML4 ... 1 directory) for vaddr in asid's
 * address space present, that is, is the next table there? */
bool vspace_has_table(uint64_t asid, uint64_t vaddr, int level);

/* The PML4 of an ASID, or 0. */
uint64_t asid_vspace(uint64_t asid);

/*
 * Map the table or frame whose capability is c at vaddr in the address
 * space of asid, with the page-table entry flags given.  The kernel's
 * boot code uses this for the root task.  Returns a CAIRN_E_* status.
 */
int vspace_map_cap(struct cap *c, uint64_t asid, uint64_t vaddr,
		   uint64_t flags);

#endif
