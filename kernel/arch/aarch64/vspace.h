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

#include "cap.h"

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

/* Set up a new level-0 table at phys: nothing (the kernel is in TTBR1). */
void arch_vspace_init(uint64_t phys);

/* Take a free ASID for the VSpace at phys; 0 if none is left. */
uint64_t asid_alloc(uint64_t phys);

/* How many ASIDs are free. */
uint64_t asid_available(void);

/* The level-0 table of an ASID, or 0. */
uint64_t asid_vspace(uint64_t asid);

/* The TTBR0_EL1 value that loads the level-0 table root with asid. */
static inline uint64_t
vspace_ttbr0(uint64_t root, uint64_t asid)
{
	return root | asid << 48;
}

/* Undo the mapping a frame or page-table capability made, if any. */
void arch_unmap(struct cap *c);

/* Is the entry at level (3 the VSpace ... 1 a page directory) for vaddr
 * in asid's address space valid, that is, is the next table there? */
bool vspace_has_table(uint64_t asid, uint64_t vaddr, int level);

/*
 * Map the table or frame whose capability is c at vaddr in the address
 * space of asid with the rights given (CAIRN_RIGHT_*; for a table,
 * ignored).  The kernel's boot code uses this for the root task.
 * Returns a CAIRN_E_* status.
 */
int vspace_map_cap(struct cap *c, uint64_t asid, uint64_t vaddr,
		   uint64_t rights);

#endif
