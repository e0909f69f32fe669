/*
 * virtio_blk: bringing a virtio-blk device up, its configuration, and
 * recovery by reset (virtio_blk.h).  The requests are virtio_blk_req.c.
 */
#include "cstring.h"
#include "virtio_blk.h"

/* How many times a configuration that changes under us is read. */
#define CONFIG_TRIES 8

/* The smallest queue: a request without an indirect table needs 3. */
#define QUEUE_MIN 4

static size_t
align16(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

static uint16_t
slots_for(uint16_t size)
{
	return size < VIRTIO_BLK_MAX_REQS ? size : VIRTIO_BLK_MAX_REQS;
}

/*
 * Where the parts of a queue of size entries lie in the DMA memory: the
 * rings, then each slot's header, indirect table (if ind) and status.
 * Returns the total.
 */
static size_t
layout(uint16_t size, int ind, size_t *hdr, size_t *tab, size_t *st)
{
	size_t n = slots_for(size);

	*hdr = align16(virtq_mem_size(size));
	*tab = *hdr + n * VIRTIO_BLK_HDR_BYTES;
	*st = *tab + (ind ? n * VIRTIO_BLK_IND_ENTRIES * 16 : 0);
	return *st + n;
}

size_t
virtio_blk_mem_size(uint16_t size)
{
	size_t h, t, s;

	return virtq_mem_size(size) ? layout(size, 1, &h, &t, &s) : 0;
}

/* Check what the device reported, and keep it.  Changes nothing if bad. */
static int
config_check(struct virtio_blk *b, struct virtio_blk_config *c)
{
	uint32_t bs = c->blk_size;

	if (bs < VIRTIO_BLK_SECTOR || bs > 65536 || (bs & (bs - 1)) ||
	    c->seg_max == 0 ||
	    (c->size_max != 0 && c->size_max < VIRTIO_BLK_SECTOR)) {
		return VIRTIO_E_DEVICE;
	}
	if (c->seg_max > VIRTIO_BLK_MAX_SEGS) {
		c->seg_max = VIRTIO_BLK_MAX_SEGS;
	}
	b->cfg = *c;
	return VIRTIO_OK;
}

/* A 4-byte configuration field if feature bit is negotiated, else dflt. */
static uint32_t
field(struct virtio_pci *t, int bit, uint32_t off, uint32_t dflt)
{
	if (!(t->features & VIRTIO_BIT(bit))) {
		return dflt;
	}
	return (uint32_t)virtio_pci_config(t, off, 4);
}

/* Read the configuration, all of one generation, and check it. */
static int
read_config(struct virtio_blk *b)
{
	struct virtio_pci *t = b->t;
	struct virtio_blk_config c = {0};

	c.read_only = (t->features & VIRTIO_BIT(VIRTIO_BLK_F_RO)) != 0;
	c.flush = (t->features & VIRTIO_BIT(VIRTIO_BLK_F_FLUSH)) != 0;
	for (int i = 0; i < CONFIG_TRIES; i++) {
		uint32_t gen = virtio_pci_generation(t);
		c.capacity = virtio_pci_config(t, VIRTIO_BLK_CFG_CAPACITY, 8);
		c.size_max =
		    field(t, VIRTIO_BLK_F_SIZE_MAX, VIRTIO_BLK_CFG_SIZE_MAX, 0);
		c.seg_max = field(t, VIRTIO_BLK_F_SEG_MAX,
				  VIRTIO_BLK_CFG_SEG_MAX, VIRTIO_BLK_MAX_SEGS);
		c.blk_size = field(t, VIRTIO_BLK_F_BLK_SIZE,
				   VIRTIO_BLK_CFG_BLK_SIZE, VIRTIO_BLK_SECTOR);
		if (virtio_pci_generation(t) == gen) {
			return config_check(b, &c);
		}
	}
	return VIRTIO_E_DEVICE;
}

/* The features asked for: what the library uses, and the options. */
static uint64_t
wanted(const struct virtio_blk_opts *o)
{
	uint64_t f =
	    VIRTIO_BIT(VIRTIO_F_VERSION_1) |
	    VIRTIO_BIT(VIRTIO_F_ACCESS_PLATFORM) |
	    VIRTIO_BIT(VIRTIO_F_ORDER_PLATFORM) |
	    VIRTIO_BIT(VIRTIO_BLK_F_SIZE_MAX) |
	    VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX) | VIRTIO_BIT(VIRTIO_BLK_F_RO) |
	    VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE) | VIRTIO_BIT(VIRTIO_BLK_F_FLUSH);

	if (o->event_idx) {
		f |= VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
	}
	if (o->indirect) {
		f |= VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC);
	}
	return f;
}

/* Lay queue 0 out in the DMA memory, as large as both allow, and set it
 * up in the device. */
static int
setup_queue(struct virtio_blk *b)
{
	uint64_t f = b->t->features;
	int ind = (f & VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC)) != 0;
	uint16_t max, size = VIRTQ_MAX;
	size_t hdr, tab, st;
	int r = virtio_pci_queue_max(b->t, 0, &max);

	if (r != VIRTIO_OK) {
		return r;
	}
	while (size > max || (size >= QUEUE_MIN &&
			      layout(size, ind, &hdr, &tab, &st) > b->len)) {
		size >>= 1;
	}
	if (size < QUEUE_MIN) {
		return max < QUEUE_MIN ? VIRTIO_E_QUEUE : VIRTIO_E_NOMEM;
	}
	layout(size, ind, &hdr, &tab, &st);
	r = virtq_init(&b->q, size, b->mem, b->bus, hdr,
		       (f & VIRTIO_BIT(VIRTIO_F_EVENT_IDX)) != 0);
	if (r != VIRTIO_OK) {
		return r;
	}
	uint8_t *m = b->mem;
	b->hdr = m + hdr;
	b->ind = ind ? (volatile struct virtq_desc *)(m + tab) : 0;
	b->status = m + st;
	b->hdr_bus = b->bus + hdr;
	b->ind_bus = b->bus + tab;
	b->status_bus = b->bus + st;
	b->nslots = slots_for(size);
	struct virtio_queue_addr a = {b->q.desc_bus, b->q.avail_bus,
				      b->q.used_bus};
	return virtio_pci_queue_setup(b->t, 0, size, &a, b->opts.queue_vector,
				      &b->notify_off);
}

/* Reset and bring the device up with b's memory and options. */
static int
bring_up(struct virtio_blk *b)
{
	struct virtio_pci *t = b->t;
	int r = virtio_pci_begin(t);

	b->live = 0;
	if (r != VIRTIO_OK) {
		return r;
	}
	r = virtio_pci_negotiate(t, wanted(&b->opts));
	if (r != VIRTIO_OK) {
		return r;
	}
	r = read_config(b);
	if (r == VIRTIO_OK) {
		r = setup_queue(b);
	}
	if (r == VIRTIO_OK) {
		r = virtio_pci_config_vector(t, b->opts.config_vector);
	}
	if (r == VIRTIO_OK) {
		r = virtio_pci_driver_ok(t);
	}
	if (r != VIRTIO_OK) {
		virtio_pci_fail(t);
		return r;
	}
	b->live = 1;
	return VIRTIO_OK;
}

int
virtio_blk_start(struct virtio_blk *b, struct virtio_pci *t, void *mem,
		 uint64_t bus, size_t len, const struct virtio_blk_opts *o)
{
	if (t == 0 || mem == 0 || o == 0 || bus % 16 != 0 ||
	    (uintptr_t)mem % 16 != 0) {
		return VIRTIO_E_ARG;
	}
	memset(b, 0, sizeof(*b));
	b->t = t;
	b->opts = *o;
	b->mem = mem;
	b->bus = bus;
	b->len = len;
	return bring_up(b);
}

unsigned
virtio_blk_isr(struct virtio_blk *b)
{
	return virtio_pci_isr(b->t);
}

int
virtio_blk_config_changed(struct virtio_blk *b)
{
	int r = virtio_pci_check(b->t);

	if (r == VIRTIO_OK) {
		r = read_config(b);
	}
	if (r != VIRTIO_OK) {
		b->live = 0;
	}
	return r;
}

/* The busy slot submitted first, or -1. */
static int
oldest(const struct virtio_blk *b)
{
	int best = -1;

	for (int s = 0; s < b->nslots; s++) {
		if (b->slot[s].busy &&
		    (best < 0 || b->slot[s].seq < b->slot[best].seq)) {
			best = s;
		}
	}
	return best;
}

int
virtio_blk_restart(struct virtio_blk *b, struct virtio_blk_done *retry, int max,
		   int *nretry)
{
	int n = 0;

	*nretry = 0;
	if (max < b->busy) {
		return VIRTIO_E_ARG;
	}
	/*
	 * The device stops before its memory is reused: bring_up resets
	 * it first, and lays the rings out afresh only once the reset
	 * has finished.
	 */
	for (int s = oldest(b); s >= 0; s = oldest(b)) {
		retry[n].tag = b->slot[s].tag;
		retry[n].status = VIRTIO_E_RETRY;
		b->slot[s].busy = 0;
		n++;
	}
	b->busy = 0;
	*nretry = n;
	return bring_up(b);
}
