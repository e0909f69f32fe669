/*
 * virtio_sim: a simulated virtio-blk PCI device (virtio_sim.h).
 */
#include <stdio.h>
#include <string.h>

#include "virtio_blk.h"
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
	s->qsize = s->qmax;
	s->qenable = 0;
	s->qvec = VIRTIO_NO_VECTOR;
	s->cfgvec = VIRTIO_NO_VECTOR;
	s->qdesc = s->qavail = s->qused = 0;
	s->last_avail = s->used_idx = 0;
	s->npending = 0;
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
	int q0 = s->qsel == 0;

	switch (off) {
	case VIRTIO_PCI_DEVICE_FEATURE_SELECT:
		return s->dfsel;
	case VIRTIO_PCI_DEVICE_FEATURE:
		return half(s->features, s->dfsel);
	case VIRTIO_PCI_CONFIG_MSIX_VECTOR:
		return s->cfgvec;
	case VIRTIO_PCI_NUM_QUEUES:
		return 1;
	case VIRTIO_PCI_DEVICE_STATUS:
		return s->status;
	case VIRTIO_PCI_CONFIG_GENERATION:
		if (s->gen_flips > 0) {
			s->gen_flips--;
			s->gen++;
		}
		return s->gen;
	case VIRTIO_PCI_QUEUE_SIZE:
		return q0 ? s->qsize : 0;
	case VIRTIO_PCI_QUEUE_MSIX_VECTOR:
		return q0 ? s->qvec : VIRTIO_NO_VECTOR;
	case VIRTIO_PCI_QUEUE_ENABLE:
		return q0 ? s->qenable : 0;
	case VIRTIO_PCI_QUEUE_NOTIFY_OFF:
		return q0 ? s->notify_off : 0;
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
	if (s->qsel != 0) {
		return;
	}
	if (s->qenable && off != VIRTIO_PCI_QUEUE_MSIX_VECTOR) {
		fail(s, "queue changed while enabled");
	}
	if (off == VIRTIO_PCI_QUEUE_SIZE) {
		s->qsize = (uint16_t)v;
	} else if (off == VIRTIO_PCI_QUEUE_MSIX_VECTOR) {
		s->qvec = s->refuse_vector ? VIRTIO_NO_VECTOR : (uint16_t)v;
	} else if (off == VIRTIO_PCI_QUEUE_ENABLE) {
		s->qenable = (uint16_t)v;
	} else if (off >= VIRTIO_PCI_QUEUE_DESC &&
		   off < VIRTIO_PCI_COMMON_LEN) {
		uint64_t *a[] = {&s->qdesc, &s->qavail, &s->qused};
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

	memcpy(cfg, &s->capacity, 8);
	memcpy(cfg + VIRTIO_BLK_CFG_SIZE_MAX, &s->size_max, 4);
	memcpy(cfg + VIRTIO_BLK_CFG_SEG_MAX, &s->seg_max, 4);
	memcpy(cfg + VIRTIO_BLK_CFG_BLK_SIZE, &s->blk_size, 4);
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
		if (off != (uint32_t)s->notify_off * SIM_NOTIFY_MUL || v != 0 ||
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
sim_fetch(struct sim *s)
{
	int n = 0;

	if (!(s->status & VIRTIO_S_DRIVER_OK) || !s->qenable) {
		return 0;
	}
	uint8_t *av = sim_ptr(s, s->qavail, 6 + 2 * (uint64_t)s->qsize);
	uint8_t *us = sim_ptr(s, s->qused, 6 + 8 * (uint64_t)s->qsize);
	if (av == 0 || us == 0) {
		return 0;
	}
	uint16_t idx = rd16(av + 2);
	if ((uint16_t)(idx - s->last_avail) > s->qsize) {
		fail(s, "avail idx ran ahead");
		return 0;
	}
	while (s->last_avail != idx && s->npending < SIM_MAX_PENDING) {
		s->pending[s->npending++] =
		    rd16(av + 4 + 2 * (s->last_avail % s->qsize));
		s->last_avail++;
		n++;
	}
	if (event_idx(s)) {
		wr16(us + 4 + 8 * s->qsize, s->last_avail);
	}
	return n;
}

void
sim_push_used(struct sim *s, uint32_t id, uint32_t len)
{
	uint8_t *av = sim_ptr(s, s->qavail, 6 + 2 * (uint64_t)s->qsize);
	uint8_t *us = sim_ptr(s, s->qused, 6 + 8 * (uint64_t)s->qsize);

	if (av == 0 || us == 0) {
		return;
	}
	uint8_t *e = us + 4 + 8 * (s->used_idx % s->qsize);
	memcpy(e, &id, 4);
	memcpy(e + 4, &len, 4);
	uint16_t old = s->used_idx++;
	wr16(us + 2, s->used_idx);
	int raise = event_idx(s)
			? (uint16_t)(s->used_idx - rd16(av + 4 + 2 * s->qsize) -
				     1) < (uint16_t)(s->used_idx - old)
			: !(rd16(av) & VIRTQ_AVAIL_F_NO_INTERRUPT);
	if (raise) {
		s->isr |= VIRTIO_ISR_QUEUE;
		s->irqs++;
	}
}

/* One buffer of a chain as the device sees it. */
struct sbuf {
	uint8_t *p;
	uint32_t len;
	int w;
};

/* Read the chain from head into b (at most max); how many, or -1. */
static int
chain(struct sim *s, uint16_t head, struct sbuf *b, int max)
{
	uint8_t *tab = sim_ptr(s, s->qdesc, 16 * (uint64_t)s->qsize);
	uint32_t ntab = s->qsize, i = head;
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

	if (i < 0 || i >= s->npending) {
		fail(s, "no such pending request");
		return;
	}
	uint16_t head = s->pending[i];
	memmove(&s->pending[i], &s->pending[i + 1],
		(size_t)(s->npending - i - 1) * sizeof(s->pending[0]));
	s->npending--;
	int n = chain(s, head, b, VIRTQ_MAX);
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
	while (s->npending > 0) {
		sim_complete(s, 0);
	}
}
