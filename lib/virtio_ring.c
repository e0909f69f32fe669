/*
 * virtio_ring: a split virtqueue, the driver's side (virtio_ring.h).
 */
#include "cstring.h"
#include "virtio.h"
#include "virtio_barrier.h"
#include "virtio_ring.h"

static int
size_ok(uint16_t size)
{
	return size != 0 && size <= VIRTQ_MAX && (size & (size - 1)) == 0;
}

/* Offsets of the available and used rings in a queue's memory. */
static size_t
avail_off(uint16_t size)
{
	return (size_t)16 * size;
}

static size_t
used_off(uint16_t size)
{
	return (avail_off(size) + 6 + (size_t)2 * size + 3) & ~(size_t)3;
}

size_t
virtq_mem_size(uint16_t size)
{
	if (!size_ok(size)) {
		return 0;
	}
	return used_off(size) + 6 + (size_t)8 * size;
}

int
virtq_init(struct virtq *q, uint16_t size, void *mem, uint64_t bus, size_t len,
	   int event_idx)
{
	if (!size_ok(size) || mem == 0 || bus % 16 != 0 ||
	    (uintptr_t)mem % 16 != 0) {
		return VIRTIO_E_ARG;
	}
	if (len < virtq_mem_size(size)) {
		return VIRTIO_E_NOMEM;
	}
	memset(q, 0, sizeof(*q));
	memset(mem, 0, virtq_mem_size(size));
	q->size = size;
	q->nfree = size;
	q->event_idx = event_idx != 0;
	q->desc = mem;
	q->avail = (void *)((uint8_t *)mem + avail_off(size));
	q->used = (void *)((uint8_t *)mem + used_off(size));
	q->desc_bus = bus;
	q->avail_bus = bus + avail_off(size);
	q->used_bus = bus + used_off(size);
	for (uint16_t i = 0; i < size; i++) {
		q->next[i] = (uint16_t)((i + 1) & (size - 1));
	}
	return VIRTIO_OK;
}

/*
 * Check a chain: not empty, no empty buffer, readable ones first.  Sum
 * the writable bytes into *wlen.  Changes nothing.
 */
static int
chain_ok(const struct virtq_buf *b, int n, uint32_t *wlen)
{
	uint64_t w = 0;

	if (n <= 0 || n > VIRTQ_MAX) {
		return 0;
	}
	for (int i = 0; i < n; i++) {
		if (b[i].len == 0 ||
		    (i > 0 && b[i - 1].writable && !b[i].writable)) {
			return 0;
		}
		w += b[i].writable ? b[i].len : 0;
	}
	*wlen = w > 0xffffffff ? 0xffffffff : (uint32_t)w;
	return 1;
}

/*
 * Fill descriptors of table d from the n buffers at b: buffer i goes to
 * entry at[i] (entry i if at is 0) and links to the next.
 */
static void
fill(volatile struct virtq_desc *d, const uint16_t *at,
     const struct virtq_buf *b, int n)
{
	for (int i = 0; i < n; i++) {
		volatile struct virtq_desc *e = &d[at ? at[i] : i];
		int more = i + 1 < n;
		e->addr = b[i].addr;
		e->len = b[i].len;
		e->flags = (uint16_t)((b[i].writable ? VIRTQ_DESC_F_WRITE : 0) |
				      (more ? VIRTQ_DESC_F_NEXT : 0));
		e->next = (uint16_t)(more ? (at ? at[i + 1] : i + 1) : 0);
	}
}

/* Take k descriptors off the free list into at[], in list order. */
static void
take(struct virtq *q, uint16_t *at, int k)
{
	uint16_t d = q->free_head;

	for (int i = 0; i < k; i++) {
		at[i] = d;
		d = q->next[d];
	}
	q->free_head = d;
	q->nfree = (uint16_t)(q->nfree - k);
}

int
virtq_add(struct virtq *q, const struct virtq_buf *b, int n, uint32_t token,
	  const struct virtq_indirect *ind)
{
	uint16_t at[VIRTQ_MAX];
	uint32_t wlen;

	if (q->broken) {
		return VIRTIO_E_DEVICE;
	}
	if (!chain_ok(b, n, &wlen) || (ind && n > ind->max)) {
		return VIRTIO_E_ARG;
	}
	int k = ind ? 1 : n;
	if (k > q->nfree) {
		return VIRTIO_E_FULL;
	}
	uint16_t head = q->free_head;
	take(q, at, k);
	if (ind) {
		fill(ind->desc, 0, b, n);
		struct virtq_buf whole = {ind->bus, (uint32_t)n * 16, 0};
		fill(q->desc, at, &whole, 1);
		q->desc[head].flags = VIRTQ_DESC_F_INDIRECT;
	} else {
		fill(q->desc, at, b, n);
	}
	q->chain[head] = (uint16_t)k;
	q->wlen[head] = wlen;
	q->token[head] = token;
	q->avail->ring[q->avail_idx & (q->size - 1)] = head;
	q->avail_idx++;
	q->inflight++;
	return head;
}

int
virtq_publish(struct virtq *q)
{
	uint16_t old = q->published, now = q->avail_idx;

	if (q->broken || old == now) {
		return 0;
	}
	virtio_wmb();
	q->avail->idx = now;
	q->published = now;
	virtio_mb();
	if (q->event_idx) {
		/* avail_event: the word after the used ring's size entries
		 * (reached by its byte offset: it is no virtq_used_elem). */
		const volatile uint8_t *base =
		    (const volatile uint8_t *)q->used;
		uint16_t ev = *(const volatile uint16_t *)(base + 4 +
							   8 * (size_t)q->size);
		return (uint16_t)(now - ev - 1) < (uint16_t)(now - old);
	}
	return !(q->used->flags & VIRTQ_USED_F_NO_NOTIFY);
}

/* Put head's chain back on the free list. */
static void
release(struct virtq *q, uint16_t head)
{
	uint16_t last = head;

	for (int i = 1; i < q->chain[head]; i++) {
		last = q->next[last];
	}
	q->next[last] = q->free_head;
	q->free_head = head;
	q->nfree = (uint16_t)(q->nfree + q->chain[head]);
	q->chain[head] = 0;
	q->inflight--;
}

/* The device broke the protocol: refuse everything until virtq_init. */
static int
broke(struct virtq *q)
{
	q->broken = 1;
	return VIRTIO_E_DEVICE;
}

int
virtq_get(struct virtq *q, uint32_t *token, uint32_t *len)
{
	if (q->broken) {
		return VIRTIO_E_DEVICE;
	}
	uint16_t pending = (uint16_t)(q->used->idx - q->last_used);
	if (pending == 0) {
		return 0;
	}
	/* Only published chains can come back. */
	if (pending > q->inflight - (uint16_t)(q->avail_idx - q->published)) {
		return broke(q);
	}
	virtio_rmb();
	volatile struct virtq_used_elem *e =
	    &q->used->ring[q->last_used & (q->size - 1)];
	uint32_t id = e->id, n = e->len;
	if (id >= q->size || q->chain[id] == 0 || n > q->wlen[id]) {
		return broke(q);
	}
	*token = q->token[id];
	*len = n;
	release(q, (uint16_t)id);
	q->last_used++;
	return 1;
}

int
virtq_rearm(struct virtq *q)
{
	if (q->broken) {
		return 0;
	}
	if (q->event_idx) {
		((volatile uint16_t *)&q->avail->ring[q->size])[0] =
		    q->last_used;
	}
	virtio_mb();
	return q->used->idx != q->last_used;
}

uint16_t
virtq_pending(const struct virtq *q)
{
	if (q->broken) {
		return 0;
	}
	uint16_t n = (uint16_t)(q->used->idx - q->last_used);
	return n > q->inflight ? q->inflight : n;
}

void
virtq_mute(struct virtq *q)
{
	q->avail->flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
	if (q->event_idx) {
		((volatile uint16_t *)&q->avail->ring[q->size])[0] =
		    (uint16_t)(q->last_used - 1);
	}
	virtio_mb();
}
