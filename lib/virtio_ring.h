/*
 * virtio_ring: a split virtqueue (virtio 1.1, 2.6) from the driver's
 * side: the descriptor table with a free list the driver keeps to
 * itself, chains of buffers (through an indirect table when the caller
 * gives one), publishing to the available ring, harvesting the used
 * ring, and VIRTIO_F_EVENT_IDX when negotiated.
 *
 * Everything the device writes is checked before use: a used index more
 * than the requests in flight ahead, a used id that is not the head of a
 * chain in flight, a used length above what the chain lets the device
 * write.  Any of these marks the queue broken: it then refuses every
 * call with VIRTIO_E_DEVICE until virtq_init is called again after a
 * device reset.  The free list and chain bookkeeping live in struct
 * virtq, never in memory the device can write.
 */
#ifndef CAIRN_LIB_VIRTIO_RING_H
#define CAIRN_LIB_VIRTIO_RING_H

#include <stddef.h>
#include <stdint.h>

/* The largest queue the library drives. */
#define VIRTQ_MAX 256

enum {
	VIRTQ_DESC_F_NEXT = 1,
	VIRTQ_DESC_F_WRITE = 2,
	VIRTQ_DESC_F_INDIRECT = 4,
	VIRTQ_AVAIL_F_NO_INTERRUPT = 1,
	VIRTQ_USED_F_NO_NOTIFY = 1,
};

/* The ring layouts, as the device sees them. */
struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[]; /* size entries, then used_event */
};

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[]; /* size entries, then avail_event */
};

/* One buffer of a chain: bus address, length, may the device write it. */
struct virtq_buf {
	uint64_t addr;
	uint32_t len;
	int writable;
};

/* An indirect descriptor table the caller owns, in DMA memory. */
struct virtq_indirect {
	volatile struct virtq_desc *desc;
	uint64_t bus;
	uint16_t max; /* entries */
};

/*
 * A split virtqueue.  The rings are in the caller's DMA memory; the rest
 * is the driver's own.  A descriptor is free, or in the chain of exactly
 * one head in flight; chain[h] != 0 says head h is in flight.
 */
struct virtq {
	uint16_t size;	    /* entries, a power of two */
	uint16_t nfree;	    /* descriptors on the free list */
	uint16_t free_head; /* first free descriptor */
	uint16_t inflight;  /* chains added and not yet harvested */
	uint16_t avail_idx; /* the next avail->idx, not yet published */
	uint16_t published; /* avail->idx as last published */
	uint16_t last_used; /* the next used entry to harvest */
	int event_idx;	    /* VIRTIO_F_EVENT_IDX was negotiated */
	int broken;	    /* the device broke the protocol */
	volatile struct virtq_desc *desc;
	volatile struct virtq_avail *avail;
	volatile struct virtq_used *used;
	uint64_t desc_bus, avail_bus, used_bus;
	uint16_t next[VIRTQ_MAX];  /* free list and chain links */
	uint16_t chain[VIRTQ_MAX]; /* descriptors in head's chain */
	uint32_t wlen[VIRTQ_MAX];  /* bytes head's chain lets it write */
	uint32_t token[VIRTQ_MAX]; /* the caller's token for head */
};

/*
 * The bytes of DMA memory a queue of size entries needs (its
 * descriptor table, available ring and used ring, aligned as virtio
 * asks), or 0 if size is not a power of two from 1 to VIRTQ_MAX.
 */
size_t virtq_mem_size(uint16_t size);

/*
 * Lay out a queue of size entries in the len bytes at mem (bus address
 * bus, 16-byte aligned), zero its rings and put every descriptor on the
 * free list.  Called again after a device reset it forgets what was in
 * flight.  Returns VIRTIO_OK, VIRTIO_E_ARG or VIRTIO_E_NOMEM.
 */
int virtq_init(struct virtq *q, uint16_t size, void *mem, uint64_t bus,
	       size_t len, int event_idx);

/*
 * Add a chain of the n buffers at b (those the device reads first, then
 * those it writes) to the available ring, with token to be given back
 * when the device is done.  With ind, the chain goes through that table
 * and takes one descriptor of the ring.  Not visible to the device until
 * virtq_publish.  Returns the chain's head (>= 0); VIRTIO_E_ARG for an
 * empty, misordered or too long chain or an empty buffer; VIRTIO_E_FULL
 * if too few descriptors are free; VIRTIO_E_DEVICE if the queue is
 * broken.
 */
int virtq_add(struct virtq *q, const struct virtq_buf *b, int n, uint32_t token,
	      const struct virtq_indirect *ind);

/*
 * Make the chains added so far visible to the device.  Returns 1 if the
 * device should be notified (it has not suppressed notifications), 0 if
 * not.
 */
int virtq_publish(struct virtq *q);

/*
 * Take the next used entry: its token in *token and the length the
 * device says it wrote in *len, and free its chain.  Returns 1, 0 if
 * there is none, or VIRTIO_E_DEVICE if the device broke the protocol
 * (the queue is then broken).
 */
int virtq_get(struct virtq *q, uint32_t *token, uint32_t *len);

/*
 * Ask for an interrupt at the next used entry (with EVENT_IDX: write
 * used_event), then look again.  Returns 1 if entries arrived meanwhile
 * (harvest again before waiting), else 0.
 */
int virtq_rearm(struct virtq *q);

/*
 * Used entries the device says wait (a hint, not checked entry by
 * entry; at most the chains in flight), 0 for a broken queue.
 */
uint16_t virtq_pending(const struct virtq *q);

/*
 * Ask the device not to interrupt for q (a queue the driver polls):
 * VIRTQ_AVAIL_F_NO_INTERRUPT, and with EVENT_IDX a used_event just
 * passed, so at most one interrupt comes per 65,536 entries.
 */
void virtq_mute(struct virtq *q);

#endif
