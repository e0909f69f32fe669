/*
 * The virtio-blk driver's logic, pure C that the host tests reach
 * (tests/unit/test_blkdrv.c): finding virtio's register regions in the
 * granted BARs, the table of the clients' attached regions, and the
 * checks every READ and WRITE passes before it reaches the device.
 * main.c is the glue (grants, DMA memory, MSI-X, the serve loop).
 */
#ifndef CAIRN_DRIVERS_VIRTIO_BLK_LOGIC_H
#define CAIRN_DRIVERS_VIRTIO_BLK_LOGIC_H

#include <stdint.h>

#include <cairn/error.h>

#include "pci.h"
#include "virtio.h"
#include "virtio_caps.h"

/* The attached regions: at most BLK_REGIONS, BLK_REGIONS_EACH a client. */
#define BLK_REGIONS	 32
#define BLK_REGIONS_EACH 4

struct blk_region {
	uint64_t badge; /* the client's (its pid); 0: a free entry */
	uint64_t addr, size;
	uint64_t age; /* when attached, to evict the oldest */
};

struct blk_regions {
	struct blk_region r[BLK_REGIONS];
	uint64_t clock;
};

/*
 * Note that client badge attached [addr, addr + size).  Attaching one
 * again changes nothing; a client's fifth region, or a 33rd in all,
 * evicts the oldest (its client then gets INVALID_CAP and attaches it
 * again).  Returns 0, or -1 for a region of no bytes or that wraps.
 */
int blk_region_add(struct blk_regions *t, uint64_t badge, uint64_t addr,
		   uint64_t size);

/*
 * May client badge have n bytes at addr moved?  Returns 0 if they lie
 * inside one region it attached; CAIRN_E_INVALID_CAP if it has attached
 * none; CAIRN_E_RANGE if they lie outside all of its regions.
 */
int blk_region_check(const struct blk_regions *t, uint64_t badge, uint64_t addr,
		     uint64_t n);

/*
 * Check a READ or WRITE of count sectors at sector against a device of
 * capacity sectors: 0; CAIRN_E_INVALID_ARGUMENT for a count of 0 or
 * above max; CAIRN_E_RANGE past the end (no overflow).
 */
int blk_check_range(uint64_t sector, uint64_t count, uint64_t capacity,
		    uint64_t max);

#endif
