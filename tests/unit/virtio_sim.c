/*
 * virtio_sim: a simulated virtio-blk or virtio-net PCI device
 * (virtio_sim.h).
 */
#include <stdio.h>
#include <string.h>

#include "virtio_blk.h"
#include "virtio_net.h"
#include "virtio_pci.h"
#include "virtio_ring.h"
#include "virtio_sim.h"

static void
fail(struct sim *s, const char *why)
{
	s->fail++;
	snprintf(s->why, sizeof(s->why), "%s", why);
}

static void
reset(struct sim *s)
{
	s->status = 0;
	s->driver_features = 0;
	for (int i = 0; i < SIM_QUEUES; i++) {
		s->q[i] =
		    (struct simq){.size = s->qmax, .vec = VIRTIO_NO_VECTOR};
	}
	s->cfgvec = VIRTIO_NO_VECTOR;
	s->isr = 0;
	s->resets++;
}

uint8_t *
sim_ptr(struct sim *s, uint64_t bus, uint64_t len)
{
	if (bus < SIM_BUS || bus - SIM_BUS > SIM_ARENA ||
	    len > SIM_ARENA - (bus - SIM_BUS)) {
		fail(s, "DMA outside the arena");
		return 0;
	}
	return s->arena + (bus - SIM_BUS);
}

uint64_t
sim_bus(const struct sim *s, const void *p)
{
	return SIM_BUS + (uint64_t)((const uint8_t *)p - s->arena);
}

static uint32_t
half(uint64_t v, uint32_t sel)
{
	return sel < 2 ? (uint32_t)(v >> (32 * sel)) : 0;
}

static uint32_t
common_read(struct sim *s, uint32_t off)
{
	struct simq *q = s->qsel < s->nqueues ? &s->q[s->qsel] : NULL;

	switch (off) {
	case VIRTIO_PCI_DEVICE_FEATURE_SELECT:
		return s->dfsel;
	case VIRTIO_PCI_DEVICE_FEATURE:
		return half(s->features, s->dfsel);
	case VIRTIO_PCI_CONFIG_MSIX_VECTOR:
		return s->cfgvec;
	case VIRTIO_PCI_NUM_QUEUES:
		return (uint32_t)s->nqueues;
	case VIRTIO_PCI_DEVICE_STATUS:
		return s->status;
	case VIRTIO_PCI_CONFIG_GENERATION:
		if (s->gen_flips > 0) {
			s->gen_flips--;
			s->gen++;
		}
		return s->gen;
	case VIRTIO_PCI_QUEUE_SIZE:
		return q ? q->size : 0;
	case VIRTIO_PCI_QUEUE_MSIX_VECTOR:
		return q ? q->vec : VIRTIO_NO_VECTOR;
	case VIRTIO_PCI_QUEUE_ENABLE:
		return q ? q->enable : 0;
	case VIRTIO_PCI_QUEUE_NOTIFY_OFF:
		return q ? (uint16_t)(s->notify_off + s->qsel) : 0;
	default:
		return 0;
	}
}

/* The driver sets status v: a reset, or the handshake's next step. */
static void
status_write(struct sim *s, uint8_t v)
{
	uint64_t f = s->driver_features;

	if (v == 0) {
		if (!s->reset_stuck) {
			reset(s);
		}
		return;
	}
	if ((v & VIRTIO_S_FEATURES_OK) && !(s->status & VIRTIO_S_FEATURES_OK) &&
	    (s->refuse_features || (f & ~s->features) ||
	     !(f & VIRTIO_BIT(VIRTIO_F_VERSION_1)))) {
		v &= (uint8_t)~VIRTIO_S_FEATURES_OK;
	}
	if ((v & VIRTIO_S_DRIVER_OK) && !(s->status & VIRTIO_S_DRIVER_OK) &&
	    !(v & VIRTIO_S_FEATURES_OK)) {
		fail(s, "DRIVER_OK without FEATURES_OK");
	}
	s->status = v;
}

static void
set_half(uint64_t *v, int hi, uint32_t x)
{
	*v = hi ? (*v & 0xffffffffULL) | (uint64_t)x << 32
		: (*v & ~0xffffffffULL) | x;
}

static void
queue_write(struct sim *s, uint32_t off, uint32_t v)
{
	if (s->qsel >= s->nqueues) {
		return;
	}
	struct simq *q = &s->q[s->qsel];
	if (q->enable && off != VIRTIO_PCI_QUEUE_MSIX_VECTOR) {
		fail(s, "queue changed while enabled");
	}
	if (off == VIRTIO_PCI_QUEUE_SIZE) {
		q->size = (uint16_t)v;
	} else if (off == VIRTIO_PCI_QUEUE_MSIX_VECTOR) {
		q->vec = s->refuse_vector ? VIRTIO_NO_VECTOR : (uint16_t)v;
	} else if (off == VIRTIO_PCI_QUEUE_ENABLE) {
		q->enable = (uint16_t)v;
	} else if (off >= VIRTIO_PCI_QUEUE_DESC &&
		   off < VIRTIO_PCI_COMMON_LEN) {
		uint64_t *a[] = {&q->desc, &q->avail, &q->used};
		set_half(a[(off - VIRTIO_PCI_QUEUE_DESC) / 8], off % 8 != 0, v);
	}
}

static void
common_write(struct sim *s, uint32_t off, uint32_t v)
{
	switch (off) {
	case VIRTIO_PCI_DEVICE_FEATURE_SELECT:
		s->dfsel = v;
		break;
	case VIRTIO_PCI_DRIVER_FEATURE_SELECT:
		s->drfsel = v;
		break;
	case VIRTIO_PCI_DRIVER_FEATURE:
		if (s->drfsel < 2) {
			set_half(&s->driver_features, (int)s->drfsel, v);
		}
		break;
	case VIRTIO_PCI_CONFIG_MSIX_VECTOR:
		s->cfgvec = s->refuse_vector ? VIRTIO_NO_VECTOR : (uint16_t)v;
		break;
	case VIRTIO_PCI_DEVICE_STATUS:
		status_write(s, (uint8_t)v);
		break;
	case VIRTIO_PCI_QUEUE_SELECT:
		s->qsel = (uint16_t)v;
		break;
	default:
		queue_write(s, off, v);
	}
}

static uint32_t
device_read(struct sim *s, uint32_t off, int size)
{
	uint8_t cfg[24] = {0};

	if (s->net) {
		memcpy(cfg + VIRTIO_NET_CFG_MAC, s->mac, 6);
		memcpy(cfg + VIRTIO_NET_CFG_STATUS, &s->net_status, 2);
		memcpy(cfg + VIRTIO_NET_CFG_MTU, &s->mtu, 2);
	} else {
		memcpy(cfg, &s->capacity, 8);
		memcpy(cfg + VIRTIO_BLK_CFG_SIZE_MAX, &s->size_max, 4);
		memcpy(cfg + VIRTIO_BLK_CFG_SEG_MAX, &s->seg_max, 4);
		memcpy(cfg + VIRTIO_BLK_CFG_BLK_SIZE, &s->blk_size, 4);
	}
	uint32_t v = 0;
	if (off + (uint32_t)size <= sizeof(cfg)) {
		memcpy(&v, cfg + off, (size_t)size);
	}
	return v;
}

static uint32_t
sim_read(void *ctx, int region, uint32_t off, int size)
{
	struct sim *s = ctx;

	if (off % (uint32_t)size || off + (uint32_t)size > s->io.len[region]) {
		fail(s, "register read out of range");
		return 0xffffffff;
	}
	if (region == VIRTIO_R_COMMON) {
		return common_read(s, off);
	}
	if (region == VIRTIO_R_ISR) {
		uint8_t v = s->isr;
		s->isr = 0;
		return v;
	}
	if (region == VIRTIO_R_DEVICE) {
		return device_read(s, off, size);
	}
	fail(s, "read of the notify region");
	return 0;
}

static void
sim_write(void *ctx, int region, uint32_t off, int size, uint32_t v)
{
	struct sim *s = ctx;

	if (off % (uint32_t)size || off + (uint32_t)size > s->io.len[region]) {
		fail(s, "register write out of range");
		return;
	}
	if (region == VIRTIO_R_COMMON) {
		common_write(s, off, v);
	} else if (region == VIRTIO_R_NOTIFY) {
		if (v >= (uint32_t)s->nqueues ||
		    off != (uint32_t)(s->notify_off + v) * SIM_NOTIFY_MUL ||
		    !(s->status & VIRTIO_S_DRIVER_OK)) {
			fail(s, "bad notify");
		}
		s->notifies++;
	} else {
		fail(s, "write to a read-only region");
	}
}

void
sim_init(struct sim *s)
{
	memset(s, 0, sizeof(*s));
	s->io.read = sim_read;
	s->io.write = sim_write;
	s->io.ctx = s;
	s->io.len[VIRTIO_R_COMMON] = VIRTIO_PCI_COMMON_LEN;
	s->io.len[VIRTIO_R_NOTIFY] = 2 * SIM_NOTIFY_MUL;
	s->io.len[VIRTIO_R_ISR] = 1;
	s->io.len[VIRTIO_R_DEVICE] = 24;
	s->features = VIRTIO_BIT(VIRTIO_F_VERSION_1) |
		      VIRTIO_BIT(VIRTIO_BLK_F_FLUSH) |
		      VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX) |
		      VIRTIO_BIT(VIRTIO_BLK_F_SIZE_MAX) |
		      VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE);
	s->qmax = 256;
	s->nqueues = 1;
	s->capacity = SIM_SECTORS;
	s->size_max = 65536;
	s->seg_max = 8;
	s->blk_size = 512;
	for (size_t i = 0; i < 512; i++) {
		s->disk[i] = (uint8_t)(i * 7);
	}
	for (size_t i = 1; i < SIM_SECTORS; i++) {
		memcpy(s->disk + 512 * i, s->disk, 512);
		s->disk[512 * i] = (uint8_t)i; /* each sector its own */
	}
	reset(s);
	s->resets = 0;
}

static uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void
wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static int
event_idx(const struct sim *s)
{
	return (s->driver_features & VIRTIO_BIT(VIRTIO_F_EVENT_IDX)) != 0;
}

int
sim_fetch_q(struct sim *s, int qi)
{
	struct simq *q = &s->q[qi];
	int n = 0;

	if (!(s->status & VIRTIO_S_DRIVER_OK) || !q->enable) {
		return 0;
	}
	uint8_t *av = sim_ptr(s, q->avail, 6 + 2 * (uint64_t)q->size);
	uint8_t *us = sim_ptr(s, q->used, 6 + 8 * (uint64_t)q->size);
	if (av == 0 || us == 0) {
		return 0;
	}
	uint16_t idx = rd16(av + 2);
	if ((uint16_t)(idx - q->last_avail) > q->size) {
		fail(s, "avail idx ran ahead");
		return 0;
	}
	while (q->last_avail != idx && q->npending < SIM_MAX_PENDING) {
		q->pending[q->npending++] =
		    rd16(av + 4 + 2 * (q->last_avail % q->size));
		q->last_avail++;
		n++;
	}
	if (event_idx(s)) {
		wr16(us + 4 + 8 * q->size, q->last_avail);
	}
	return n;
}

int
sim_fetch(struct sim *s)
{
	return sim_fetch_q(s, 0);
}

void
sim_push_used_q(struct sim *s, int qi, uint32_t id, uint32_t len)
{
	struct simq *q = &s->q[qi];
	uint8_t *av = sim_ptr(s, q->avail, 6 + 2 * (uint64_t)q->size);
	uint8_t *us = sim_ptr(s, q->used, 6 + 8 * (uint64_t)q->size);

	if (av == 0 || us == 0) {
		return;
	}
	uint8_t *e = us + 4 + 8 * (q->used_idx % q->size);
	memcpy(e, &id, 4);
	memcpy(e + 4, &len, 4);
	uint16_t old = q->used_idx++;
	wr16(us + 2, q->used_idx);
	int raise = event_idx(s)
			? (uint16_t)(q->used_idx - rd16(av + 4 + 2 * q->size) -
				     1) < (uint16_t)(q->used_idx - old)
			: !(rd16(av) & VIRTQ_AVAIL_F_NO_INTERRUPT);
	if (raise) {
		s->isr |= VIRTIO_ISR_QUEUE;
		s->irqs++;
	}
}

void
sim_push_used(struct sim *s, uint32_t id, uint32_t len)
{
	sim_push_used_q(s, 0, id, len);
}

/* One buffer of a chain as the device sees it. */
struct sbuf {
	uint8_t *p;
	uint32_t len;
	int w;
};

/* Read queue qi's chain from head into b (at most max); how many, or
 * -1. */
static int
chain(struct sim *s, int qi, uint16_t head, struct sbuf *b, int max)
{
	struct simq *q = &s->q[qi];
	uint8_t *tab = sim_ptr(s, q->desc, 16 * (uint64_t)q->size);
	uint32_t ntab = q->size, i = head;
	int n = 0, ind = 0;

	while (tab && i < ntab && n < max) {
		const uint8_t *d = tab + 16 * i;
		uint64_t addr;
		uint32_t len;
		memcpy(&addr, d, 8);
		memcpy(&len, d + 8, 4);
		uint16_t flags = rd16(d + 12);
		if (flags & VIRTQ_DESC_F_INDIRECT) {
			if (ind || n || (flags & VIRTQ_DESC_F_NEXT) ||
			    len % 16 || len == 0) {
				break;
			}
			ind = 1;
			tab = sim_ptr(s, addr, len);
			ntab = len / 16;
			i = 0;
			continue;
		}
		b[n] = (struct sbuf){sim_ptr(s, addr, len), len,
				     (flags & VIRTQ_DESC_F_WRITE) != 0};
		if (b[n].p == 0 || (n > 0 && b[n - 1].w && !b[n].w)) {
			break;
		}
		n++;
		if (!(flags & VIRTQ_DESC_F_NEXT)) {
			return n;
		}
		i = rd16(d + 14);
	}
	fail(s, "bad descriptor chain");
	return -1;
}

/* Move bytes between the disk at byte off and the data buffers. */
static int
transfer(struct sim *s, struct sbuf *b, int n, uint64_t sector, int in,
	 uint32_t *written)
{
	uint64_t off = sector * 512;

	for (int i = 0; i < n; i++) {
		if (b[i].w != in || off + b[i].len > sizeof(s->disk) ||
		    off + b[i].len > s->capacity * 512) {
			return VIRTIO_BLK_S_IOERR;
		}
		off += b[i].len;
	}
	off = sector * 512;
	for (int i = 0; i < n; i++) {
		if (in) {
			memcpy(b[i].p, s->disk + off, b[i].len);
			*written += b[i].len;
		} else {
			memcpy(s->disk + off, b[i].p, b[i].len);
			s->sectors_written += (int)(b[i].len / 512);
		}
		off += b[i].len;
	}
	return VIRTIO_BLK_S_OK;
}

/* Carry out request b (header, data, status); the bytes written. */
static uint32_t
serve(struct sim *s, struct sbuf *b, int n)
{
	uint32_t type, written = 1;
	uint64_t sector;
	int st = VIRTIO_BLK_S_OK;

	memcpy(&type, b[0].p, 4);
	memcpy(&sector, b[0].p + 8, 8);
	if (type == VIRTIO_BLK_T_IN || type == VIRTIO_BLK_T_OUT) {
		st = transfer(s, b + 1, n - 2, sector, type == VIRTIO_BLK_T_IN,
			      &written);
	} else if (type == VIRTIO_BLK_T_FLUSH) {
		s->flushes++;
	} else if (type == VIRTIO_BLK_T_GET_ID && n == 3 &&
		   b[1].len == VIRTIO_BLK_ID_BYTES && b[1].w) {
		memset(b[1].p, 0, VIRTIO_BLK_ID_BYTES);
		memcpy(b[1].p, "cairn-sim", 9);
		written += VIRTIO_BLK_ID_BYTES;
	} else {
		st = VIRTIO_BLK_S_UNSUPP;
	}
	b[n - 1].p[0] = (uint8_t)st;
	return written;
}

void
sim_complete(struct sim *s, int i)
{
	struct sbuf b[VIRTQ_MAX];
	struct simq *q = &s->q[0];

	if (i < 0 || i >= q->npending) {
		fail(s, "no such pending request");
		return;
	}
	uint16_t head = q->pending[i];
	memmove(&q->pending[i], &q->pending[i + 1],
		(size_t)(q->npending - i - 1) * sizeof(q->pending[0]));
	q->npending--;
	int n = chain(s, 0, head, b, VIRTQ_MAX);
	if (n < 2 || b[0].w || b[0].len != VIRTIO_BLK_HDR_BYTES ||
	    !b[n - 1].w || b[n - 1].len != 1) {
		fail(s, "malformed request");
		return;
	}
	sim_push_used(s, head, serve(s, b, n));
}

void
sim_run(struct sim *s)
{
	sim_fetch(s);
	while (s->q[0].npending > 0) {
		sim_complete(s, 0);
	}
}

void
sim_init_net(struct sim *s)
{
	static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

	sim_init(s);
	s->net = 1;
	s->nqueues = 2;
	s->io.len[VIRTIO_R_NOTIFY] = 4 * SIM_NOTIFY_MUL;
	s->io.len[VIRTIO_R_DEVICE] = VIRTIO_NET_CFG_LEN;
	s->features =
	    VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_NET_F_MAC) |
	    VIRTIO_BIT(VIRTIO_NET_F_STATUS) | VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
	memcpy(s->mac, mac, 6);
	s->net_status = VIRTIO_NET_S_LINK_UP;
	s->mtu = 1500;
}

/* Take queue qi's first pending chain into b: how many buffers (0 if
 * none pending), or -1 for a bad one. */
static int
take_chain(struct sim *s, int qi, struct sbuf *b, uint16_t *head)
{
	struct simq *q = &s->q[qi];

	if (q->npending == 0 && sim_fetch_q(s, qi) == 0) {
		return 0;
	}
	*head = q->pending[0];
	memmove(&q->pending[0], &q->pending[1],
		(size_t)(q->npending - 1) * sizeof(q->pending[0]));
	q->npending--;
	return chain(s, qi, *head, b, VIRTQ_MAX);
}

int
sim_net_rx(struct sim *s, const uint8_t *frame, uint32_t len)
{
	struct sbuf b[VIRTQ_MAX];
	uint16_t head;
	int n = take_chain(s, VIRTIO_NET_RX_Q, b, &head);

	if (n <= 0) {
		return -1;
	}
	if (n != 1 || !b[0].w || b[0].len < VIRTIO_NET_HDR_BYTES + len) {
		fail(s, "bad receive buffer");
		return -1;
	}
	memset(b[0].p, 0, VIRTIO_NET_HDR_BYTES);
	memcpy(b[0].p + VIRTIO_NET_HDR_BYTES, frame, len);
	sim_push_used_q(s, VIRTIO_NET_RX_Q, head, VIRTIO_NET_HDR_BYTES + len);
	return 0;
}

int
sim_net_tx(struct sim *s)
{
	struct sbuf b[VIRTQ_MAX];
	uint16_t head;
	int n, sent = 0;
	static const uint8_t zeros[VIRTIO_NET_HDR_BYTES];

	while ((n = take_chain(s, VIRTIO_NET_TX_Q, b, &head)) > 0) {
		if (n != 1 || b[0].w || b[0].len < VIRTIO_NET_HDR_BYTES ||
		    b[0].len > VIRTIO_NET_HDR_BYTES + sizeof(s->tx_frame) ||
		    memcmp(b[0].p, zeros, VIRTIO_NET_HDR_BYTES) != 0) {
			fail(s, "bad transmit buffer");
		} else {
			s->tx_len = b[0].len - VIRTIO_NET_HDR_BYTES;
			memcpy(s->tx_frame, b[0].p + VIRTIO_NET_HDR_BYTES,
			       s->tx_len);
			s->tx_frames++;
		}
		sim_push_used_q(s, VIRTIO_NET_TX_Q, head, 0);
		sent++;
	}
	return sent;
}
