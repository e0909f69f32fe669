/*
 * virtio_blk: a virtio-blk device (virtio 1.1, 5.2) on the PCI
 * transport and one split virtqueue: bring-up, its configuration, read,
 * write, flush and get-id requests with many in flight, each under the
 * caller's tag, completions as they come, and recovery by reset.
 *
 * Every request submitted is answered exactly once: by a completion
 * from virtio_blk_reap, or, if the device is reset first, in the list
 * virtio_blk_restart returns (status VIRTIO_E_RETRY), never both.  Two
 * requests in flight never overlap where one of them writes, so a
 * retried write stores the same bytes again and the disk ends as if it
 * had been done once (docs/virtio.md, "Crashes and retries").
 */
#ifndef CAIRN_LIB_VIRTIO_BLK_H
#define CAIRN_LIB_VIRTIO_BLK_H

#include <stddef.h>
#include <stdint.h>

#include "virtio_pci.h"
#include "virtio_ring.h"

/* virtio-blk feature bits (virtio 1.1, 5.2.3). */
#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX  2
#define VIRTIO_BLK_F_RO	      5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH    9

/* Request types and the status byte the device writes. */
enum {
	VIRTIO_BLK_T_IN = 0,
	VIRTIO_BLK_T_OUT = 1,
	VIRTIO_BLK_T_FLUSH = 4,
	VIRTIO_BLK_T_GET_ID = 8,
	VIRTIO_BLK_S_OK = 0,
	VIRTIO_BLK_S_IOERR = 1,
	VIRTIO_BLK_S_UNSUPP = 2,
	VIRTIO_BLK_S_NONE = 0xff, /* preset: the device wrote no status */
};

/* Offsets in the device-specific configuration. */
enum {
	VIRTIO_BLK_CFG_CAPACITY = 0,
	VIRTIO_BLK_CFG_SIZE_MAX = 8,
	VIRTIO_BLK_CFG_SEG_MAX = 12,
	VIRTIO_BLK_CFG_BLK_SIZE = 20,
};

#define VIRTIO_BLK_SECTOR    512
#define VIRTIO_BLK_ID_BYTES  20
#define VIRTIO_BLK_MAX_SEGS  16	 /* data buffers in one request */
#define VIRTIO_BLK_MAX_REQS  128 /* requests in flight */
#define VIRTIO_BLK_HDR_BYTES 16
/* Entries of a slot's indirect table: header, data, status. */
#define VIRTIO_BLK_IND_ENTRIES (VIRTIO_BLK_MAX_SEGS + 2)

/* What the device says of itself, checked. */
struct virtio_blk_config {
	uint64_t capacity; /* in 512-byte sectors */
	uint32_t blk_size; /* the device's block: a power of two >= 512 */
	uint32_t seg_max;  /* data buffers per request, 1..MAX_SEGS */
	uint32_t size_max; /* bytes per buffer; 0: no limit */
	int read_only;
	int flush; /* VIRTIO_BLK_F_FLUSH: writes may sit in a cache */
};

/* A data buffer of a request, by bus address. */
struct virtio_seg {
	uint64_t addr;
	uint32_t len;
};

/* A request as the caller asks for it. */
struct virtio_blk_req {
	uint64_t tag; /* the caller's id, given back at completion */
	int type;     /* VIRTIO_BLK_T_* */
	uint64_t sector;
	const struct virtio_seg *seg; /* IN, OUT: sectors; GET_ID: 20 bytes */
	int nseg;		      /* FLUSH: 0 */
};

/* A request's end: VIRTIO_OK, or VIRTIO_E_IO, _UNSUPP, _DEVICE, _RETRY. */
struct virtio_blk_done {
	uint64_t tag;
	int status;
};

/* How the device is brought up. */
struct virtio_blk_opts {
	uint16_t queue_vector;	/* MSI-X vector or VIRTIO_NO_VECTOR */
	uint16_t config_vector; /* likewise */
	int event_idx;		/* use VIRTIO_F_EVENT_IDX if offered */
	int indirect;		/* use VIRTIO_F_INDIRECT_DESC if offered */
};

/* A request in flight; busy == 0 when the slot is free. */
struct virtio_blk_slot {
	int busy;
	int type;
	uint64_t tag;
	uint64_t sector;
	uint64_t nsect;
	uint64_t seq;  /* submission order, for the retry list */
	uint32_t wlen; /* bytes a full answer writes: data and status */
};

struct virtio_blk {
	struct virtio_pci *t;
	struct virtio_blk_opts opts;
	struct virtio_blk_config cfg;
	struct virtq q;
	int live; /* DRIVER_OK set and the queue not broken */
	uint32_t notify_off;
	void *mem; /* the caller's DMA memory, kept for restarts */
	uint64_t bus;
	size_t len;
	volatile uint8_t *hdr; /* per slot: header, indirect table, status */
	volatile struct virtq_desc *ind;
	volatile uint8_t *status;
	uint64_t hdr_bus, ind_bus, status_bus;
	uint16_t nslots, busy;
	uint64_t seq;
	struct virtio_blk_slot slot[VIRTIO_BLK_MAX_REQS];
};

/*
 * The bytes of DMA memory virtio_blk_start wants for a queue of size
 * entries (a power of two up to VIRTQ_MAX) with indirect tables; less
 * makes it choose a smaller queue.  0 for a bad size.
 */
size_t virtio_blk_mem_size(uint16_t size);

/*
 * Bring up the device behind t (virtio_pci_init done): reset, the
 * handshake with VERSION_1 required, the configuration read and checked,
 * queue 0 laid out in the len bytes at mem (bus address bus, 16-byte
 * aligned), DRIVER_OK.  Returns VIRTIO_OK or an error, after which the
 * device is marked FAILED (unless its reset timed out).
 */
int virtio_blk_start(struct virtio_blk *b, struct virtio_pci *t, void *mem,
		     uint64_t bus, size_t len, const struct virtio_blk_opts *o);

/*
 * Queue request r; the device sees it at the next virtio_blk_kick.
 * Returns VIRTIO_OK; VIRTIO_E_ARG for a bad type, buffer count or
 * length; VIRTIO_E_RANGE past capacity; VIRTIO_E_RDONLY; VIRTIO_E_UNSUPP
 * for a flush the device does not offer; VIRTIO_E_BUSY if it overlaps a
 * request in flight and one of the two writes; VIRTIO_E_FULL; or
 * VIRTIO_E_DEVICE if the device must be restarted first.
 */
int virtio_blk_submit(struct virtio_blk *b, const struct virtio_blk_req *r);

/*
 * Show the queued requests to the device and notify it if it wants.
 * Returns VIRTIO_OK or VIRTIO_E_DEVICE.
 */
int virtio_blk_kick(struct virtio_blk *b);

/*
 * Notify the device of the queue whatever it asked for: after a notify
 * that may have been lost (a watchdog's).
 */
void virtio_blk_nudge(struct virtio_blk *b);

/*
 * Take up to max completions into done, and (once all are taken) ask
 * for an interrupt at the next; while it returns max, call it again.
 * Returns how many (0 if none), or, once the good ones are taken,
 * VIRTIO_E_DEVICE if the device broke the protocol: then call
 * virtio_blk_restart.  (A device that asks to be reset says so with a
 * configuration interrupt: virtio_blk_config_changed.)
 */
int virtio_blk_reap(struct virtio_blk *b, struct virtio_blk_done *done,
		    int max);

/*
 * For INTx: read and clear the ISR (VIRTIO_ISR_* bits); 0 means the
 * interrupt was another device's on a shared line.
 */
unsigned virtio_blk_isr(struct virtio_blk *b);

/*
 * After a configuration-change interrupt: check the device's status and
 * read its configuration again (the capacity may have changed).  Returns
 * VIRTIO_OK, or an error after which virtio_blk_restart is due.
 */
int virtio_blk_config_changed(struct virtio_blk *b);

/*
 * Reset the device and bring it up again as virtio_blk_start did.  Every
 * request in flight is put in retry (at most max; max must be at least
 * the number in flight), in the order submitted, with status
 * VIRTIO_E_RETRY, and *nretry is set to their number; none of them will
 * complete.  Returns what bringing the device up returned.
 */
int virtio_blk_restart(struct virtio_blk *b, struct virtio_blk_done *retry,
		       int max, int *nretry);

#endif
