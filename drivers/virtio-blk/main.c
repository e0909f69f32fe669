/*
 * virtio-blk: the block driver (docs/virtio.md, "The virtio-blk
 * driver").  Its manifest names the device (1af4:1042, a virtio 1.x
 * disk); init gives it that function's endpoint to the pci service, its
 * BARs mapped, and one MSI, nothing else.  It brings the disk up with
 * lib/virtio over DMA memory from its quota, and serves the block
 * protocol (proto/blk.h): each READ or WRITE keeps its caller's reply
 * object and goes to the device through a bounce chunk of DMA memory;
 * the MSI's completions answer them, many in flight at once.
 */
#include <cairn/manifest.h>
#include <stdio.h>

#include "cstring.h"
#include "logic.h"
#include "procrt.h"
#include "proto/blk.h"
#include "serve.h"
#include "virtio_blk.h"
#include "virtio_dev.h"

CAIRN_MANIFEST("name virtio-blk\n"
	       "description virtio 1.x block device driver\n"
	       "quota 1M\n"
	       "restart always 100 10\n"
	       "pci 1af4:1042\n"
	       "receive\n"
	       "notify\n"
	       "replies 16\n"
	       "provides blk\n"
	       "needs timer\n"
	       "needs serial\n");

/* The bounce buffer: one chunk per request at the device. */
#define CHUNK  (CAIRN_BLK_MAX_SECTORS * CAIRN_BLK_SECTOR)
#define NCHUNK 4
#define NREQ   32 /* requests held: kept callers (17) and some slack */
#define RING_BYTES                                                             \
	(64ul << 10) /* virtio_blk_mem_size(256) without indirect tables */
#define MAX_TRIES 3  /* a request the device keeps failing: I/O error */

/* The watchdog's tick: a request at the device that has seen no
 * completion for a whole tick has the ring looked at again. */
#define TICK_NS	   100000000ul /* 100 ms */
#define TICK_BADGE (1ull << 61)

enum req_state { R_FREE, R_PENDING, R_DEVICE };

/* A caller's request, from its call until its answer. */
struct req {
	int state; /* enum req_state */
	int type;  /* VIRTIO_BLK_T_IN, _OUT, _FLUSH */
	int chunk; /* at the device: its bounce chunk, or -1 */
	int tries;
	cptr_t reply; /* the caller's kept reply object */
	word_t sector, count, addr;
	word_t seq; /* arrival order: pending ones start oldest first */
};

static struct {
	struct virtio_dev v; /* the PCI function: registers, interrupt */
	struct virtio_blk blk;
	struct blk_regions regions;
	struct req req[NREQ];
	word_t seq;
	uint8_t *bounce; /* NCHUNK chunks, at bus address bounce_bus */
	uint64_t bounce_bus;
	unsigned chunks_busy; /* bit i: chunk i at the device */
	cptr_t recv;
	/* Figures for CAIRN_BLK_STATS. */
	word_t interrupts, completions, submitted, restarts, rescued;
	word_t tick_completions; /* completions at the last tick */
	int lose_irq;		 /* CAIRN_BLK_LOSE_IRQ: ignore the next */
	int watchdog;		 /* the timer ticks for it */
} d;

static word_t
sectors_bytes(const struct req *r)
{
	return r->count * CAIRN_BLK_SECTOR;
}

/* Answer r's caller and free r. */
static void
finish(struct cairn_server *s, struct req *r, word_t status, word_t w0)
{
	struct cairn_msg m = {0};
	word_t len = 0;

	if (status == CAIRN_E_INVALID_ARGUMENT) {
		m.w[0] = w0;
		len = 1;
	}
	if (r->chunk >= 0) {
		d.chunks_busy &= ~(1u << r->chunk);
		r->chunk = -1;
	}
	r->state = R_FREE;
	cairn_serve_answer(s, r->reply, status, len, &m);
}

/* Back to pending (its chunk given up): it starts again. */
static void
requeue(struct cairn_server *s, struct req *r)
{
	if (r->chunk >= 0) {
		d.chunks_busy &= ~(1u << r->chunk);
		r->chunk = -1;
	}
	r->state = R_PENDING;
	if (++r->tries >= MAX_TRIES) {
		finish(s, r, CAIRN_E_INVALID_ARGUMENT, 1);
	}
}

/*
 * The device broke the protocol or asked for a reset: reset it, and
 * what it had goes again.  If it does not come back, end: the
 * supervisor starts the driver again and the clients retry.
 */
static void
restart_device(struct cairn_server *s)
{
	struct virtio_blk_done retry[VIRTIO_BLK_MAX_REQS];
	int n = 0;

	d.restarts++;
	int st = virtio_blk_restart(&d.blk, retry, VIRTIO_BLK_MAX_REQS, &n);
	for (int i = 0; i < n; i++) {
		if (retry[i].tag < NREQ) {
			requeue(s, &d.req[retry[i].tag]);
		}
	}
	if (st != VIRTIO_OK) {
		printf("virtio-blk: the device did not come back: %s\n",
		       virtio_strerror(st));
		cairn_proc_exit(1);
	}
}

/* The oldest pending request, or NULL. */
static struct req *
oldest_pending(void)
{
	struct req *best = NULL;

	for (int i = 0; i < NREQ; i++) {
		struct req *r = &d.req[i];
		if (r->state == R_PENDING &&
		    (best == NULL || r->seq < best->seq)) {
			best = r;
		}
	}
	return best;
}

static int
free_chunk(void)
{
	for (int i = 0; i < NCHUNK; i++) {
		if ((d.chunks_busy & (1u << i)) == 0) {
			return i;
		}
	}
	return -1;
}

/*
 * Chunk c's first n bytes as buffers no longer than the device's
 * size_max, into seg (VIRTIO_BLK_MAX_SEGS): how many, or 0 if more than
 * the device takes in one request.
 */
static int
segments(int c, uint32_t n, struct virtio_seg *seg)
{
	uint32_t most = d.blk.cfg.size_max ? d.blk.cfg.size_max : n;
	int k = 0;

	for (uint32_t at = 0; at < n; at += most, k++) {
		if (k == (int)d.blk.cfg.seg_max || k == VIRTIO_BLK_MAX_SEGS) {
			return 0;
		}
		seg[k].addr = d.bounce_bus + (uint64_t)c * CHUNK + at;
		seg[k].len = n - at < most ? n - at : most;
	}
	return k;
}

/* Give r to the device: VIRTIO_OK, or what submitting it returned. */
static int
submit(struct req *r)
{
	struct virtio_seg seg[VIRTIO_BLK_MAX_SEGS];
	struct virtio_blk_req vr = {(uint64_t)(r - d.req), r->type, r->sector,
				    seg, 0};

	if (r->type == VIRTIO_BLK_T_FLUSH) {
		return virtio_blk_submit(&d.blk, &vr);
	}
	int c = free_chunk();
	if (c < 0) {
		return VIRTIO_E_FULL;
	}
	vr.nseg = segments(c, (uint32_t)sectors_bytes(r), seg);
	if (vr.nseg == 0) {
		return VIRTIO_E_ARG;
	}
	if (r->type == VIRTIO_BLK_T_OUT) {
		memcpy(d.bounce + (size_t)c * CHUNK, (void *)r->addr,
		       sectors_bytes(r));
	}
	int st = virtio_blk_submit(&d.blk, &vr);
	if (st == VIRTIO_OK) {
		r->chunk = c;
		d.chunks_busy |= 1u << c;
	}
	return st;
}

/* Start pending requests, oldest first, while the device takes them. */
static void
start_pending(struct cairn_server *s)
{
	struct req *r;
	int n = 0;

	while ((r = oldest_pending()) != NULL) {
		int st = submit(r);
		if (st == VIRTIO_E_FULL || st == VIRTIO_E_BUSY) {
			break; /* wait for completions */
		}
		if (st == VIRTIO_E_DEVICE) {
			restart_device(s);
			requeue(s, r); /* counts a try: no endless loop */
			continue;
		}
		if (st != VIRTIO_OK) { /* checked before, but the device's
					  capacity may have changed */
			finish(s, r, CAIRN_E_RANGE, 0);
			continue;
		}
		r->state = R_DEVICE;
		d.submitted++;
		n++;
	}
	if (n > 0 && virtio_blk_kick(&d.blk) != VIRTIO_OK) {
		restart_device(s);
	}
}

/* A completion from the device. */
static void
complete(struct cairn_server *s, const struct virtio_blk_done *done)
{
	if (done->tag >= NREQ || d.req[done->tag].state != R_DEVICE) {
		return;
	}
	struct req *r = &d.req[done->tag];

	d.completions++;
	switch (done->status) {
	case VIRTIO_OK:
		if (r->type == VIRTIO_BLK_T_IN) {
			memcpy((void *)r->addr,
			       d.bounce + (size_t)r->chunk * CHUNK,
			       sectors_bytes(r));
		}
		finish(s, r, CAIRN_OK, 0);
		break;
	case VIRTIO_E_UNSUPP:
		finish(s, r, CAIRN_E_ILLEGAL_OPERATION, 0);
		break;
	case VIRTIO_E_IO:
		finish(s, r, CAIRN_E_INVALID_ARGUMENT, 1);
		break;
	default: /* a malformed answer, or lost to a reset: again */
		requeue(s, r);
		break;
	}
}

/* Take the device's completions and answer their callers. */
static void
reap(struct cairn_server *s)
{
	struct virtio_blk_done done[16];
	int n;

	do {
		n = virtio_blk_reap(&d.blk, done, 16);
		for (int i = 0; i < n; i++) {
			complete(s, &done[i]);
		}
	} while (n == 16);
	if (n < 0) {
		restart_device(s);
	}
}

/*
 * The watchdog.  Requests at the device, and no completion since the
 * last tick: an interrupt or a notify went missing.  QEMU 7.2's TCG
 * loses one now and then (docs/virtio.md, "Lost interrupts"), and a
 * real device may too.  Reap the ring, and notify the device again in
 * case it never saw the requests.
 */
static void
on_tick(struct cairn_server *s)
{
	if (d.blk.busy == 0 || d.completions != d.tick_completions) {
		d.tick_completions = d.completions;
		return;
	}
	reap(s);
	if (d.completions != d.tick_completions) {
		d.rescued++;
	}
	virtio_blk_nudge(&d.blk);
	d.tick_completions = d.completions;
}

static void
on_irq(struct cairn_server *s, word_t badge)
{
	if (badge & TICK_BADGE) {
		on_tick(s);
	}
	if (!(badge & d.v.irq_badge)) {
		return;
	}
	if (d.v.intx && virtio_pci_isr(&d.v.vp) == 0) {
		cairn_irq_ack(d.v.irq); /* another device on the shared line */
		return;
	}
	if (d.lose_irq) {
		d.lose_irq = 0; /* as if it never came: the watchdog's test */
	} else {
		d.interrupts++;
		reap(s);
	}
	cairn_irq_ack(d.v.irq);
}

static void
after(struct cairn_server *s)
{
	start_pending(s);
}

static word_t
op_info(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	(void)s;
	m->w[0] = d.blk.cfg.capacity;
	m->w[1] = d.blk.cfg.blk_size;
	m->w[2] = (d.blk.cfg.read_only ? CAIRN_BLK_READ_ONLY : 0) |
		  (d.blk.cfg.flush ? CAIRN_BLK_WRITE_CACHE : 0);
	*len = 3;
	return CAIRN_OK;
}

/* ATTACH: map the region sent along (at its own address) and note it as
 * the caller's. */
static word_t
op_attach(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t addr = 0, size = 0;
	int st = cairn_serve_map_region(d.recv, m, &addr, &size);

	(void)s;
	if (st != CAIRN_OK) {
		return (word_t)st;
	}
	if (blk_region_add(&d.regions, m->badge, addr, size) != 0) {
		return CAIRN_E_INVALID_CAP;
	}
	m->w[0] = addr;
	m->w[1] = size;
	*len = 2;
	return CAIRN_OK;
}

/* Hold a request for the device: its caller waits. */
static word_t
hold(struct cairn_server *s, int type, const word_t *w)
{
	struct req *r = NULL;

	for (int i = 0; i < NREQ && r == NULL; i++) {
		r = d.req[i].state == R_FREE ? &d.req[i] : NULL;
	}
	if (r == NULL) {
		return CAIRN_E_WOULD_BLOCK;
	}
	cptr_t reply = cairn_serve_keep(s);
	if (reply == 0) {
		return CAIRN_E_WOULD_BLOCK;
	}
	*r = (struct req){R_PENDING, type, -1,	 0,	 reply,
			  w[0],	     w[1], w[2], d.seq++};
	return CAIRN_SERVE_KEPT;
}

static word_t
op_rw(struct cairn_server *s, struct cairn_msg *m, word_t *len, int type)
{
	int st = blk_check_range(m->w[0], m->w[1], d.blk.cfg.capacity,
				 CAIRN_BLK_MAX_SECTORS);

	if (st == CAIRN_E_INVALID_ARGUMENT) {
		m->w[0] = 0;
		*len = 1;
		return (word_t)st;
	}
	if (st == CAIRN_OK && type == VIRTIO_BLK_T_OUT && d.blk.cfg.read_only) {
		st = CAIRN_E_ILLEGAL_OPERATION;
	}
	if (st == CAIRN_OK) {
		st = blk_region_check(&d.regions, m->badge, m->w[2],
				      m->w[1] * CAIRN_BLK_SECTOR);
	}
	return st != CAIRN_OK ? (word_t)st : hold(s, type, m->w);
}

static word_t
op_read(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	return op_rw(s, m, len, VIRTIO_BLK_T_IN);
}

static word_t
op_write(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	return op_rw(s, m, len, VIRTIO_BLK_T_OUT);
}

static word_t
op_flush(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t w[3] = {0, 0, 0};

	(void)m;
	(void)len;
	if (!d.blk.cfg.flush) {
		return CAIRN_OK; /* no write cache: written is durable */
	}
	return hold(s, VIRTIO_BLK_T_FLUSH, w);
}

static word_t
op_stats(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	(void)s;
	m->w[0] = d.interrupts;
	m->w[1] = d.completions;
	m->w[2] = d.submitted;
	m->w[3] = d.restarts;
	m->w[4] = d.rescued;
	*len = 5;
	return CAIRN_OK;
}

static word_t
op_lose_irq(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	(void)s;
	(void)m;
	(void)len;
	if (!d.watchdog) {
		return CAIRN_E_ILLEGAL_OPERATION; /* it would never be found */
	}
	d.lose_irq = 1;
	return CAIRN_OK;
}

static const struct cairn_op ops[] = {
    {CAIRN_BLK_INFO, 0, op_info},	  {CAIRN_BLK_ATTACH, 0, op_attach},
    {CAIRN_BLK_READ, 3, op_read},	  {CAIRN_BLK_WRITE, 3, op_write},
    {CAIRN_BLK_FLUSH, 0, op_flush},	  {CAIRN_BLK_STATS, 0, op_stats},
    {CAIRN_BLK_LOSE_IRQ, 0, op_lose_irq},
};

/* The device up, as far as virtio's DRIVER_OK: NULL, or a reason. */
static const char *
bring_up(void)
{
	struct cairn_dma ring, bounce;
	const char *why = virtio_dev_open(&d.v);

	if (why != NULL) {
		return why;
	}
	if (virtio_dev_dma(&d.v, RING_BYTES, &ring) != CAIRN_OK ||
	    virtio_dev_dma(&d.v, (word_t)NCHUNK * CHUNK, &bounce) != CAIRN_OK) {
		return "no DMA memory";
	}
	d.bounce = (uint8_t *)bounce.addr;
	d.bounce_bus = bounce.bus;
	/* The queue's completions by MSI-X entry 0, or by INTx. */
	struct virtio_blk_opts o = {d.v.intx ? VIRTIO_NO_VECTOR : 0,
				    VIRTIO_NO_VECTOR, 1, 0};
	int st = virtio_blk_start(&d.blk, &d.v.vp, (void *)ring.addr, ring.bus,
				  ring.size, &o);
	return st == VIRTIO_OK ? NULL : virtio_strerror(st);
}

int
main(int argc, char **argv)
{
	struct cairn_server s;
	const struct cairn_grant *ep =
	    cairn_grant_find(CAIRN_GRANT_PROVIDES, "blk");
	const struct cairn_grant *tg =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "timer");
	const struct pci_addr *at = &d.v.dev.addr;

	(void)argc;
	(void)argv;
	const char *why = ep == NULL ? "no endpoint granted" : bring_up();
	if (why != NULL) {
		printf("virtio-blk: %02x:%02x.%x: %s\n", at->bus, at->dev,
		       at->fn, why);
		return 1;
	}
	char irq[24];
	if (d.v.intx) {
		snprintf(irq, sizeof(irq), "INTx irq %lu",
			 (unsigned long)d.v.intx_line);
	} else {
		snprintf(irq, sizeof(irq), "MSI-X");
	}
	printf("virtio-blk: %02x:%02x.%x: %lu sectors (%lu MiB), block %u, "
	       "queue %u, %s%s%s\n",
	       at->bus, at->dev, at->fn, (unsigned long)d.blk.cfg.capacity,
	       (unsigned long)(d.blk.cfg.capacity >> 11), d.blk.cfg.blk_size,
	       d.blk.q.size, irq, d.blk.cfg.read_only ? ", read-only" : "",
	       d.blk.cfg.flush ? ", write cache" : "");
	d.recv = cairn_slot_alloc();
	cairn_recv_slot(d.recv);
	cairn_serve_init(&s, ep->slot, ops, sizeof(ops) / sizeof(ops[0]));
	s.irq_badges = d.v.irq_badge | TICK_BADGE;
	d.watchdog = tg != NULL && cairn_serve_tick(tg->slot, 1, TICK_NS,
						    TICK_BADGE) == CAIRN_OK;
	if (!d.watchdog) {
		printf(
		    "virtio-blk: no timer: a lost interrupt would stall it\n");
	}
	s.irq = on_irq;
	s.after = after;
	cairn_irq_ack(d.v.irq);
	cairn_serve(&s);
}
