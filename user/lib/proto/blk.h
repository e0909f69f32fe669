/*
 * The block protocol (docs/virtio.md, "The virtio-blk driver"): a block
 * driver `provides blk` (drivers/virtio-blk), a client `needs blk`.
 * Data moves through a shared region the client makes and attaches: the
 * driver maps it at the same address, so a request names its buffer by
 * its address.  Every answer's label is a status.  The client stubs
 * (blk.c) hide a driver's restart.
 */
#ifndef CAIRN_PROTO_BLK_H
#define CAIRN_PROTO_BLK_H

#include "cairn.h"

enum cairn_blk_call {
	CAIRN_BLK_INFO = 1,   /* -> MR0 capacity in 512-byte sectors, MR1
				 the device's block size, MR2 flags */
	CAIRN_BLK_ATTACH = 2, /* the region's capability sent along -> MR0
				 its address, MR1 its size (mapped there) */
	CAIRN_BLK_READ = 3,   /* MR0 sector, MR1 count, MR2 address inside
				 the region: OK when the bytes are there */
	CAIRN_BLK_WRITE = 4,  /* the same: OK when the device has them (not
				 durable before a FLUSH) */
	CAIRN_BLK_FLUSH = 5,  /* OK when everything written is durable */
	/* virtio-blk's own, beyond the protocol: its figures, MR0
	 * interrupts, MR1 completions, MR2 requests given to the device,
	 * MR3 device resets, MR4 stalls its watchdog ended. */
	CAIRN_BLK_STATS = 6,
	/* virtio-blk's own, for its tests: ignore the next interrupt, as if
	 * it were lost; the watchdog must find the completions. */
	CAIRN_BLK_LOSE_IRQ = 7,
};

/* BLK_INFO's flags. */
#define CAIRN_BLK_READ_ONLY   1ul /* writes are refused */
#define CAIRN_BLK_WRITE_CACHE 2ul /* the device caches writes: FLUSH */

/* The most sectors one READ or WRITE moves (128 KiB). */
#define CAIRN_BLK_MAX_SECTORS 256
#define CAIRN_BLK_SECTOR      512

/*
 * Errors (the answer's label):
 *   CAIRN_E_RANGE             past the capacity, or outside the region
 *   CAIRN_E_INVALID_CAP       no region attached (a restarted driver)
 *   CAIRN_E_ILLEGAL_OPERATION a write to a read-only device
 *   CAIRN_E_INVALID_ARGUMENT  an I/O error (MR0 = 1), or a count of 0
 *                             or above CAIRN_BLK_MAX_SECTORS (MR0 = 0)
 *   CAIRN_E_WOULD_BLOCK       the driver holds as many callers as it can
 *                             keep waiting: call again (the stubs do)
 *   CAIRN_E_NO_MEMORY         ATTACH: init could not map the region in
 *                             the driver (its slots, the driver's quota)
 */

/*
 * A client's connection: the driver's endpoint and the region it
 * attached.  Fill it with cairn_blk_open; the calls below retry a call
 * the driver lost by dying (CAIRN_E_DELETED) or by forgetting the
 * region when it came back (CAIRN_E_INVALID_CAP): they attach the region
 * again and repeat it, so a restart is never seen.  One thread at a time
 * per struct.
 */
struct cairn_blk {
	cptr_t ep;	   /* the driver's endpoint */
	cptr_t region;	   /* the region's capability (a slot of ours) */
	word_t addr, size; /* the region, mapped here and in the driver */
	word_t sectors;	   /* BLK_INFO's answer */
	word_t block_size;
	word_t flags;
	word_t retries; /* calls repeated after a driver's restart */
};

/*
 * Connect to the driver at ep (0: this process's `needs blk` grant)
 * through a new shared region of bytes (rounded up by init): make it,
 * attach it, and ask for the device's facts.  The region's capability
 * lands in a slot of the caller's CNode, so its manifest must say
 * `receive`.  0 or a status.
 */
int cairn_blk_open(struct cairn_blk *b, cptr_t ep, word_t bytes);

/* The same over a region the caller made (its capability in region,
 * mapped here at addr, size bytes). */
int cairn_blk_open_region(struct cairn_blk *b, cptr_t ep, cptr_t region,
			  word_t addr, word_t size);

/* Ask again for the device's facts (b->sectors, block_size, flags). */
int cairn_blk_info(struct cairn_blk *b);

/*
 * Read or write count sectors (at most CAIRN_BLK_MAX_SECTORS) at sector,
 * to or from buf, which must lie inside the region.  0 or a status.
 */
int cairn_blk_read(struct cairn_blk *b, word_t sector, word_t count, void *buf);
int cairn_blk_write(struct cairn_blk *b, word_t sector, word_t count,
		    const void *buf);

/* Make every write before it durable. */
int cairn_blk_flush(struct cairn_blk *b);

#endif
