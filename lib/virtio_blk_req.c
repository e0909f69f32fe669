/*
 * virtio_blk_req: virtio-blk requests, from the caller's request to the
 * descriptor chain and from the used entry to the completion
 * (virtio_blk.h).  A request is a chain of the 16-byte header (type,
 * reserved, sector), the data buffers and the status byte, in slot s's
 * header, indirect table and status byte in the DMA memory.
 */
#include "virtio_blk.h"

static int
is_data(int type)
{
	return type == VIRTIO_BLK_T_IN || type == VIRTIO_BLK_T_OUT;
}

/*
 * Check the data buffers of an IN or OUT and their sectors against the
 * device; the sector count in *nsect.  Changes nothing.
 */
static int
data_check(const struct virtio_blk *b, const struct virtio_blk_req *r,
	   uint64_t *nsect)
{
	uint64_t bytes = 0;

	if (r->seg == 0 || r->nseg < 1 || (uint32_t)r->nseg > b->cfg.seg_max) {
		return VIRTIO_E_ARG;
	}
	for (int i = 0; i < r->nseg; i++) {
		uint32_t len = r->seg[i].len;
		if (len == 0 || len % VIRTIO_BLK_SECTOR ||
		    (b->cfg.size_max && len > b->cfg.size_max)) {
			return VIRTIO_E_ARG;
		}
		bytes += len;
	}
	*nsect = bytes / VIRTIO_BLK_SECTOR;
	if (*nsect > b->cfg.capacity || r->sector > b->cfg.capacity - *nsect) {
		return VIRTIO_E_RANGE;
	}
	if (r->type == VIRTIO_BLK_T_OUT && b->cfg.read_only) {
		return VIRTIO_E_RDONLY;
	}
	return VIRTIO_OK;
}

/* Does a data request overlap one in flight, one of the two a write? */
static int
overlaps(const struct virtio_blk *b, int type, uint64_t sector, uint64_t nsect)
{
	for (int s = 0; s < b->nslots; s++) {
		const struct virtio_blk_slot *o = &b->slot[s];
		if (o->busy && is_data(o->type) &&
		    (type == VIRTIO_BLK_T_OUT || o->type == VIRTIO_BLK_T_OUT) &&
		    sector < o->sector + o->nsect &&
		    o->sector < sector + nsect) {
			return 1;
		}
	}
	return 0;
}

/* Check request r; its sector count in *nsect.  Changes nothing. */
static int
req_check(const struct virtio_blk *b, const struct virtio_blk_req *r,
	  uint64_t *nsect)
{
	int e;

	*nsect = 0;
	if (!b->live) {
		return VIRTIO_E_DEVICE;
	}
	switch (r->type) {
	case VIRTIO_BLK_T_IN:
	case VIRTIO_BLK_T_OUT:
		e = data_check(b, r, nsect);
		if (e == VIRTIO_OK && overlaps(b, r->type, r->sector, *nsect)) {
			e = VIRTIO_E_BUSY;
		}
		break;
	case VIRTIO_BLK_T_FLUSH:
		e = r->nseg != 0   ? VIRTIO_E_ARG
		    : b->cfg.flush ? VIRTIO_OK
				   : VIRTIO_E_UNSUPP;
		break;
	case VIRTIO_BLK_T_GET_ID:
		e = r->seg && r->nseg == 1 &&
			    r->seg[0].len == VIRTIO_BLK_ID_BYTES
			? VIRTIO_OK
			: VIRTIO_E_ARG;
		break;
	default:
		e = VIRTIO_E_ARG;
	}
	if (e == VIRTIO_OK && b->busy >= b->nslots) {
		e = VIRTIO_E_FULL;
	}
	return e;
}

static int
free_slot(const struct virtio_blk *b)
{
	for (int s = 0; s < b->nslots; s++) {
		if (!b->slot[s].busy) {
			return s;
		}
	}
	return -1;
}

/*
 * Write slot s's header and preset its status, and describe the chain
 * in buf.  Returns the number of buffers.
 */
static int
build(struct virtio_blk *b, const struct virtio_blk_req *r, int s,
      struct virtq_buf *buf)
{
	volatile uint32_t *h =
	    (volatile uint32_t *)(b->hdr + (size_t)s * VIRTIO_BLK_HDR_BYTES);
	uint64_t sector = is_data(r->type) ? r->sector : 0;
	int n = 0;

	h[0] = (uint32_t)r->type;
	h[1] = 0;
	h[2] = (uint32_t)sector;
	h[3] = (uint32_t)(sector >> 32);
	b->status[s] = VIRTIO_BLK_S_NONE;
	buf[n++] =
	    (struct virtq_buf){b->hdr_bus + (uint64_t)s * VIRTIO_BLK_HDR_BYTES,
			       VIRTIO_BLK_HDR_BYTES, 0};
	for (int i = 0; i < r->nseg; i++) {
		buf[n++] = (struct virtq_buf){r->seg[i].addr, r->seg[i].len,
					      r->type != VIRTIO_BLK_T_OUT};
	}
	buf[n++] = (struct virtq_buf){b->status_bus + (uint64_t)s, 1, 1};
	return n;
}

/* Bytes a full answer to r writes: its data if it reads, the status. */
static uint32_t
reply_len(const struct virtio_blk_req *r)
{
	uint32_t w = 1;

	for (int i = 0; r->type != VIRTIO_BLK_T_OUT && i < r->nseg; i++) {
		w += r->seg[i].len;
	}
	return w;
}

int
virtio_blk_submit(struct virtio_blk *b, const struct virtio_blk_req *r)
{
	struct virtq_buf buf[VIRTIO_BLK_MAX_SEGS + 2];
	uint64_t nsect;
	int e = req_check(b, r, &nsect);
	int s = free_slot(b);

	if (e != VIRTIO_OK || s < 0) {
		return e != VIRTIO_OK ? e : VIRTIO_E_FULL;
	}
	int n = build(b, r, s, buf);
	struct virtq_indirect ind = {0};
	if (b->ind) {
		ind = (struct virtq_indirect){
		    b->ind + (size_t)s * VIRTIO_BLK_IND_ENTRIES,
		    b->ind_bus + (uint64_t)s * VIRTIO_BLK_IND_ENTRIES * 16,
		    VIRTIO_BLK_IND_ENTRIES};
	}
	int head = virtq_add(&b->q, buf, n, (uint32_t)s, b->ind ? &ind : 0);
	if (head < 0) {
		if (head == VIRTIO_E_DEVICE) {
			b->live = 0;
		}
		return head;
	}
	b->slot[s] = (struct virtio_blk_slot){
	    1, r->type, r->tag, r->sector, nsect, b->seq++, reply_len(r)};
	b->busy++;
	return VIRTIO_OK;
}

int
virtio_blk_kick(struct virtio_blk *b)
{
	if (!b->live) {
		return VIRTIO_E_DEVICE;
	}
	if (virtq_publish(&b->q)) {
		virtio_pci_notify(b->t, b->notify_off, 0);
	}
	return VIRTIO_OK;
}

void
virtio_blk_nudge(struct virtio_blk *b)
{
	if (b->live) {
		virtio_pci_notify(b->t, b->notify_off, 0);
	}
}

/*
 * The status of a request the device has answered with status byte st
 * and length len (at most the slot's wlen, as the ring checked).
 */
static int
done_status(uint8_t st, uint32_t len, uint32_t wlen)
{
	if (st == VIRTIO_BLK_S_IOERR) {
		return VIRTIO_E_IO;
	}
	if (st == VIRTIO_BLK_S_UNSUPP) {
		return VIRTIO_E_UNSUPP;
	}
	return st == VIRTIO_BLK_S_OK && len == wlen ? VIRTIO_OK
						    : VIRTIO_E_DEVICE;
}

int
virtio_blk_reap(struct virtio_blk *b, struct virtio_blk_done *done, int max)
{
	int n = 0;

	if (!b->live) {
		return VIRTIO_E_DEVICE;
	}
	while (n < max) {
		uint32_t s, len;
		int r = virtq_get(&b->q, &s, &len);
		if (r < 0 || (r > 0 && (s >= b->nslots || !b->slot[s].busy))) {
			b->live = 0;
			return n > 0 ? n : VIRTIO_E_DEVICE;
		}
		if (r == 0) {
			if (virtq_rearm(&b->q)) {
				continue;
			}
			break;
		}
		struct virtio_blk_slot *o = &b->slot[s];
		done[n].tag = o->tag;
		done[n].status = done_status(b->status[s], len, o->wlen);
		o->busy = 0;
		b->busy--;
		n++;
	}
	return n;
}
