/*
 * mapping: frames and page-table objects as capabilities, on every arch
 * (mapping.c): MAP and UNMAP of both, a frame's ADDRESS, and the undoing
 * of a mapping when its capability goes.  A mapping belongs to the
 * capability that made it; its w1 says where (MAP_* in the arch's
 * vspace.h).  Tables are counted by level from the leaves: 0 a page
 * table's entries (4 KiB pages), 1 a page directory's (2 MiB), 2 a
 * PDPT's, 3 the VSpace's.
 *
 * What the arch supplies, inline in its vspace.h: asid_vspace, the
 * entry hooks pte_* (present, next table, address, a frame's, a
 * table's, a remap's, a frame's bits for its rights), vspace_written
 * (after an entry is written), vspace_flush (after one is changed or
 * cleared) and VSPACE_DEVICE_EXEC (docs/arch.md).
 */
#ifndef CAIRN_MAPPING_H
#define CAIRN_MAPPING_H

#include <stdbool.h>
#include <stdint.h>

struct cap;
struct invocation;

/*
 * Map the table or frame whose capability is c at vaddr in the address
 * space of asid with the rights given (CAIRN_RIGHT_*; a table's are
 * ignored).  The kernel's boot code uses this for the root task.
 * Returns a CAIRN_E_* status.
 */
int vspace_map_cap(struct cap *c, uint64_t asid, uint64_t vaddr,
		   uint64_t rights);

/* Undo the mapping a frame or page-table capability made, if any. */
void vspace_unmap(struct cap *c);

/* Is the entry at level (3 the VSpace ... 1 a page directory) for vaddr
 * in asid's address space present, that is, is the next table there? */
bool vspace_has_table(uint64_t asid, uint64_t vaddr, int level);

/* The page-table object at level (1 a page table ... 3 a PDPT, below
 * the VSpace), for the root task's tables. */
#define VSPACE_TABLE_LEVELS 3
unsigned vspace_table_type(unsigned level);

/*
 * The arch's ASIDs (its vspace.c): take a free one for the VSpace at
 * phys, 0 if none is left; how many are free; and set up a new VSpace's
 * root table at phys (x86_64: the kernel's half copied in; aarch64:
 * nothing, the kernel is in TTBR1).
 */
uint64_t asid_alloc(uint64_t phys);
uint64_t asid_available(void);
void arch_vspace_init(uint64_t phys);

/* Methods of frames and page tables; any other label goes to the arch's
 * own capabilities (arch_decode). */
int decode_vspace(struct invocation *iv);

/* The arch's capabilities that are not page tables (x86_64: I/O ports;
 * aarch64: none), by the same contract as decode_vspace. */
int arch_decode(struct invocation *iv);

#endif
