/*
 * pmem: the boot-time account of free physical memory, as a sorted list of
 * disjoint, page-aligned ranges.  The kernel builds it from the memory map,
 * takes out what is in use (its image, the modules, the boot structures,
 * the first megabyte), takes the few pages it needs at boot, and hands the
 * rest to the root task.  Pure C: the host tests drive it directly.
 */
#ifndef CAIRN_LIB_PMEM_H
#define CAIRN_LIB_PMEM_H

#include <stdint.h>

#define PMEM_PAGE	4096ull
#define PMEM_MAX_RANGES 128

struct pmem_range {
	uint64_t base;
	uint64_t end; /* exclusive */
};

struct pmem {
	int n;
	int overflow; /* a range was dropped for lack of room */
	struct pmem_range r[PMEM_MAX_RANGES];
};

void pmem_init(struct pmem *pm);

/* Add [base, base + len) as free, shrunk inward to whole pages. */
void pmem_add(struct pmem *pm, uint64_t base, uint64_t len);

/* Take [base, base + len) out, grown outward to whole pages. */
void pmem_reserve(struct pmem *pm, uint64_t base, uint64_t len);

/* The number of free bytes. */
uint64_t pmem_free_bytes(const struct pmem *pm);

/*
 * Take one free page that lies wholly below limit, the highest such page,
 * out of the account.  Returns its physical address, or 0 when none is
 * left (page 0 is never free: the first megabyte is always reserved).
 */
uint64_t pmem_alloc_page(struct pmem *pm, uint64_t limit);

/*
 * Take a naturally aligned block of 2^bits bytes (bits >= 12) wholly below
 * limit, the highest such block.  Returns its address, or 0 if none fits.
 */
uint64_t pmem_alloc_block(struct pmem *pm, unsigned bits, uint64_t limit);

/*
 * The largest naturally aligned power-of-two block that starts at base
 * and ends at or before end (base < end, both page-aligned), as log2 of
 * its size, at most max_bits.
 */
unsigned pmem_block_bits(uint64_t base, uint64_t end, unsigned max_bits);

#endif
