/*
 * virtio-net: the network interface driver (docs/virtio.md,
 * "virtio-net"; its protocol docs/net.md, "The NIC protocol").  Its
 * manifest names the device (1af4:1041, a virtio 1.x NIC); init gives it
 * that function's endpoint to the pci service, its BARs mapped, and its
 * interrupt, nothing else (user/lib/virtio_dev.c reaches them).  It
 * brings the NIC up with lib/virtio_net over DMA memory from its quota,
 * and serves proto/nic.h to one client at a time: frames go out by TX, copied
 * from the client's region into a transmit buffer; received ones wait in their
 * buffers until the client takes them by RX, copied into its region as records;
 * the client's notification says when some have come.
 */
#include <cairn/manifest.h>
#include <stdio.h>

#include "logic.h"
#include "proto/nic.h"
#include "serve.h"
#include "virtio_dev.h"
#include "virtio_net.h"

CAIRN_MANIFEST("name virtio-net\n"
	       "description virtio 1.x network device driver\n"
	       "quota 512K\n"
	       "restart always 100 10\n"
	       "pci 1af4:1041\n"
	       "receive\n"
	       "notify\n"
	       "provides nic\n"
	       "needs timer\n"
	       "needs serial\n");

_Static_assert(NIC_MIN_FRAME == CAIRN_NIC_MIN_FRAME &&
		   NIC_MAX_FRAME == CAIRN_NIC_MAX_FRAME &&
		   NIC_REC_HDR == CAIRN_NIC_REC_HDR &&
		   NIC_REC_SIZE(61) == CAIRN_NIC_REC_SIZE(61),
	       "logic.h agrees with proto/nic.h");
_Static_assert(NIC_MAX_FRAME == VIRTIO_NET_MAX_FRAME, "the library's frames");

/* Entries of each queue: 64 receive buffers, 64 transmit ones. */
#define QUEUE 64

/* The watchdog's tick (docs/virtio.md, "Lost interrupts"). */
#define TICK_NS	   100000000ul /* 100 ms */
#define TICK_BADGE (1ull << 61)

static struct {
	struct virtio_dev dev;
	struct virtio_net net;
	struct nic_clients clients;
	cptr_t recv;		  /* where a capability sent along lands */
	cptr_t ntfn[NIC_CLIENTS]; /* client i's notification, if it
				     LISTENed */
	cptr_t spare;		  /* a copy of one, to signal it */
	struct cairn_nic_stats st;
} d;

/*
 * The device broke the protocol or asked for a reset: reset it (what
 * was being sent is lost, as a network may lose it).  If it does not
 * come back, end: the supervisor starts the driver again.
 */
static void
restart_device(void)
{
	d.st.resets++;
	int st = virtio_net_restart(&d.net);
	if (st != VIRTIO_OK) {
		printf("virtio-net: the device did not come back: %s\n",
		       virtio_strerror(st));
		cairn_proc_exit(1);
	}
}

/* Client c ended, or is evicted: its notification goes too. */
static void
forget(struct nic_client *c)
{
	cairn_cnode_delete(CAIRN_PROC_CNODE, d.ntfn[c - d.clients.c]);
	nic_forget(&d.clients, c->badge);
}

/* Is the process of badge (its pid) still running? */
static int
alive(uint64_t badge)
{
	struct cairn_ps_entry e;

	return cairn_init_ps(badge, &e) == CAIRN_OK && e.pid == badge &&
	       e.state == CAIRN_PS_RUNNING;
}

/*
 * A call from badge, a client the NIC does not serve: if the one it
 * serves has ended, forget it, so the next newest is served.
 */
static void
make_way(uint64_t badge)
{
	struct nic_client *a = nic_active(&d.clients);

	while (a != NULL && a->badge != badge &&
	       nic_find(&d.clients, badge) != NULL && !alive(a->badge)) {
		forget(a);
		a = nic_active(&d.clients);
	}
}

/*
 * Signal client c's notification.  Through a copy: a send on the slot
 * emptied when the client ended would be a capability fault, which the
 * supervisor takes for a crash, so a client without one is forgotten.
 * A non-blocking send, which on a notification is a signal: if the
 * client passed off an endpoint as one, nothing waits on it (a signal,
 * cairn_signal, would block on an endpoint).  1, or 0 if c was
 * forgotten.
 */
static int
tell(struct nic_client *c)
{
	struct cairn_msg m = {0};

	if (cairn_cnode_copy(CAIRN_PROC_CNODE, d.spare, CAIRN_PROC_CNODE,
			     d.ntfn[c - d.clients.c], CAIRN_RIGHTS_ALL,
			     NULL) != CAIRN_OK) {
		forget(c);
		return 0;
	}
	cairn_nbsend(d.spare, 0, 0, &m);
	cairn_cnode_delete(CAIRN_PROC_CNODE, d.spare);
	return 1;
}

/* Frames may wait: tell the client served, once per batch (if it has
 * ended, the next newest); with none waiting, ask for an interrupt at
 * the next. */
static void
rx_arrived(void)
{
	unsigned waiting = virtio_net_rx_waiting(&d.net);
	struct nic_client *c;

	if (waiting == 0 && virtio_net_rearm(&d.net)) {
		waiting = virtio_net_rx_waiting(&d.net);
	}
	while ((c = nic_active(&d.clients)) != NULL &&
	       nic_should_signal(c, waiting) && !tell(c)) {
		/* c had ended and is forgotten: the next newest. */
	}
}

/* No client to take frames: drop every one that waits. */
static void
rx_drop_all(void)
{
	const uint8_t *f;
	uint32_t len;

	do {
		int r;
		while ((r = virtio_net_rx_peek(&d.net, &f, &len)) > 0) {
			virtio_net_rx_pop(&d.net);
			d.st.rx_dropped++;
		}
		if (r < 0 || virtio_net_kick(&d.net) != VIRTIO_OK) {
			restart_device();
			return;
		}
	} while (virtio_net_rearm(&d.net));
}

/* What an interrupt does: sent frames reaped, received ones handed on
 * (or dropped with no client). */
static void
take_rings(void)
{
	if (virtio_net_reap_tx(&d.net) < 0) {
		restart_device();
	}
	if (nic_active(&d.clients) == NULL) {
		rx_drop_all();
	} else {
		rx_arrived();
	}
}

static void
on_irq(struct cairn_server *s, word_t badge)
{
	(void)s;
	if (badge & TICK_BADGE) {
		/* The watchdog: the rings looked at as an interrupt would,
		 * and the device told of both queues again, in case an
		 * interrupt or a notify went missing. */
		take_rings();
		virtio_net_nudge(&d.net);
	}
	if (!(badge & d.dev.irq_badge)) {
		return;
	}
	if (d.dev.intx && virtio_net_isr(&d.net) == 0) {
		cairn_irq_ack(d.dev.irq); /* another device on the line */
		return;
	}
	d.st.interrupts++;
	take_rings();
	cairn_irq_ack(d.dev.irq);
}

/* After every message: a capability sent along with a call that takes
 * none is not kept, so the slot is free for the next. */
static void
after(struct cairn_server *s)
{
	(void)s;
	cairn_cnode_delete(CAIRN_PROC_CNODE, d.recv);
}

static word_t
op_info(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t mac = 0;

	(void)s;
	int link = virtio_net_link(&d.net);
	if (link < 0) {
		restart_device();
		link = virtio_net_link(&d.net);
	}
	for (int i = 0; i < 6; i++) {
		mac |= (word_t)d.net.cfg.mac[i] << (8 * i);
	}
	m->w[0] = mac;
	m->w[1] = d.net.cfg.mtu;
	m->w[2] = link > 0 ? CAIRN_NIC_LINK_UP : 0;
	*len = 3;
	return CAIRN_OK;
}

/* ATTACH: map the region sent along (at its own address); its sender
 * becomes a client. */
static word_t
op_attach(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t addr = 0, size = 0;
	int st = cairn_serve_map_region(d.recv, m, &addr, &size);

	(void)s;
	if (st != CAIRN_OK) {
		return (word_t)st;
	}
	int i = nic_attach(&d.clients, m->badge, addr, size);
	if (i < 0) {
		return CAIRN_E_INVALID_CAP;
	}
	if (!d.clients.c[i].listening) { /* a new client, or region */
		cairn_cnode_delete(CAIRN_PROC_CNODE, d.ntfn[i]);
	}
	m->w[0] = addr;
	m->w[1] = size;
	*len = 2;
	return CAIRN_OK;
}

/* LISTEN: keep the notification sent along; tell it at once if frames
 * wait already. */
static word_t
op_listen(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	struct nic_client *c = nic_find(&d.clients, m->badge);

	(void)s;
	(void)len;
	if (m->caps < 1 || (m->unwrapped & 1) != 0 || c == NULL) {
		return CAIRN_E_INVALID_CAP;
	}
	cptr_t slot = d.ntfn[c - d.clients.c];
	cairn_cnode_delete(CAIRN_PROC_CNODE, slot);
	if (cairn_cnode_move(CAIRN_PROC_CNODE, slot, CAIRN_PROC_CNODE, d.recv,
			     NULL) != CAIRN_OK) {
		c->listening = 0;
		return CAIRN_E_INVALID_CAP;
	}
	c->listening = 1;
	c->told = 0;
	rx_arrived();
	return CAIRN_OK;
}

static word_t
op_tx(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	(void)s;
	(void)len;
	make_way(m->badge);
	int st =
	    nic_tx_check(&d.clients, m->badge, m->w[0], m->w[1], d.net.cfg.mtu);
	if (st != 0) {
		return (word_t)st;
	}
	if (virtio_net_reap_tx(&d.net) < 0) {
		restart_device();
	}
	st = virtio_net_tx(&d.net, (const void *)m->w[0], m->w[1]);
	if (st == VIRTIO_E_DEVICE) {
		restart_device();
		st = virtio_net_tx(&d.net, (const void *)m->w[0], m->w[1]);
	}
	if (st == VIRTIO_E_FULL) {
		d.st.tx_full++;
		return CAIRN_E_WOULD_BLOCK;
	}
	if (st != VIRTIO_OK || virtio_net_kick(&d.net) != VIRTIO_OK) {
		restart_device();
		return CAIRN_E_WOULD_BLOCK; /* lost to the reset: again */
	}
	d.st.tx_frames++;
	d.st.tx_bytes += m->w[1];
	return CAIRN_OK;
}

/* Copy waiting frames into [dst, dst + room) as records: their number,
 * *used the bytes. */
static word_t
rx_copy(uint8_t *dst, size_t room, size_t *used)
{
	const uint8_t *f;
	uint32_t flen;
	word_t frames = 0;
	int r;

	*used = 0;
	while ((r = virtio_net_rx_peek(&d.net, &f, &flen)) > 0) {
		size_t k = nic_put_record(dst + *used, room - *used, f, flen);
		if (k == 0) {
			break; /* no room: it waits for the next RX */
		}
		virtio_net_rx_pop(&d.net);
		*used += k;
		frames++;
		d.st.rx_frames++;
		d.st.rx_bytes += flen;
	}
	if (r < 0 || virtio_net_kick(&d.net) != VIRTIO_OK) {
		restart_device();
	}
	return frames;
}

static word_t
op_rx(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	size_t used;

	(void)s;
	make_way(m->badge);
	int st = nic_rx_check(&d.clients, m->badge, m->w[0], m->w[1]);
	if (st != 0) {
		return (word_t)st;
	}
	word_t frames = rx_copy((uint8_t *)m->w[0], m->w[1], &used);
	unsigned waiting = virtio_net_rx_waiting(&d.net);
	if (waiting == 0 && virtio_net_rearm(&d.net)) {
		waiting = virtio_net_rx_waiting(&d.net);
	}
	nic_rx_done(nic_active(&d.clients), waiting);
	m->w[0] = frames;
	m->w[1] = used;
	m->w[2] = waiting;
	*len = 3;
	return CAIRN_OK;
}

static word_t
op_stats(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	const word_t *w = (const word_t *)&d.st;

	(void)s;
	for (size_t i = 0; i < sizeof(d.st) / sizeof(word_t); i++) {
		m->w[i] = w[i];
	}
	m->w[4] += d.net.counts.rx_bad; /* dropped as bad on the way */
	*len = sizeof(d.st) / sizeof(word_t);
	return CAIRN_OK;
}

static const struct cairn_op ops[] = {
    {CAIRN_NIC_INFO, 0, op_info},     {CAIRN_NIC_ATTACH, 0, op_attach},
    {CAIRN_NIC_LISTEN, 0, op_listen}, {CAIRN_NIC_TX, 2, op_tx},
    {CAIRN_NIC_RX, 2, op_rx},	      {CAIRN_NIC_STATS, 0, op_stats},
};

/* The device up, as far as virtio's DRIVER_OK: NULL, or a reason. */
static const char *
bring_up(void)
{
	struct cairn_dma mem;
	const char *why = virtio_dev_open(&d.dev);

	if (why != NULL) {
		return why;
	}
	if (virtio_dev_dma(&d.dev, virtio_net_mem_size(QUEUE), &mem) !=
	    CAIRN_OK) {
		return "no DMA memory";
	}
	/* Received frames by MSI-X entry 0, or by INTx; sent ones are
	 * reaped as the next is sent, with no interrupt of their own. */
	struct virtio_net_opts o = {
	    .rx_vector = d.dev.intx ? VIRTIO_NO_VECTOR : 0,
	    .tx_vector = VIRTIO_NO_VECTOR,
	    .config_vector = VIRTIO_NO_VECTOR,
	    .event_idx = 1,
	    .max_queue = QUEUE,
	    /* Locally administered, from the function's address. */
	    .mac = {0x02, 0xca, 0x19, 0x00, d.dev.dev.addr.bus,
		    (uint8_t)(d.dev.dev.addr.dev << 3 | d.dev.dev.addr.fn)},
	};
	int st = virtio_net_start(&d.net, &d.dev.vp, (void *)mem.addr, mem.bus,
				  mem.size, &o);
	return st == VIRTIO_OK ? NULL : virtio_strerror(st);
}

/* "MSI-X" or "INTx irq N", for the log. */
static void
irq_name(char *buf, size_t n)
{
	if (d.dev.intx) {
		snprintf(buf, n, "INTx irq %lu",
			 (unsigned long)d.dev.intx_line);
	} else {
		snprintf(buf, n, "MSI-X");
	}
}

int
main(int argc, char **argv)
{
	struct cairn_server s;
	const struct cairn_grant *ep =
	    cairn_grant_find(CAIRN_GRANT_PROVIDES, "nic");
	const struct cairn_grant *tg =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "timer");
	char irq[24];

	(void)argc;
	(void)argv;
	const char *why = ep == NULL ? "no endpoint granted" : bring_up();
	if (why != NULL) {
		printf("virtio-net: %02x:%02x.%x: %s\n", d.dev.dev.addr.bus,
		       d.dev.dev.addr.dev, d.dev.dev.addr.fn, why);
		return 1;
	}
	const uint8_t *a = d.net.cfg.mac;
	irq_name(irq, sizeof(irq));
	printf("virtio-net: %02x:%02x.%x: mac %02x:%02x:%02x:%02x:%02x:%02x, "
	       "mtu %u, link %s, queues %u, %s\n",
	       d.dev.dev.addr.bus, d.dev.dev.addr.dev, d.dev.dev.addr.fn, a[0],
	       a[1], a[2], a[3], a[4], a[5], d.net.cfg.mtu,
	       virtio_net_link(&d.net) > 0 ? "up" : "down", d.net.size, irq);
	d.recv = cairn_slot_alloc();
	d.spare = cairn_slot_alloc();
	for (int i = 0; i < NIC_CLIENTS; i++) {
		d.ntfn[i] = cairn_slot_alloc();
	}
	cairn_recv_slot(d.recv);
	cairn_serve_init(&s, ep->slot, ops, sizeof(ops) / sizeof(ops[0]));
	s.irq_badges = d.dev.irq_badge | TICK_BADGE;
	if (tg == NULL ||
	    cairn_serve_tick(tg->slot, 1, TICK_NS, TICK_BADGE) != CAIRN_OK) {
		printf(
		    "virtio-net: no timer: a lost interrupt would stall it\n");
	}
	s.irq = on_irq;
	s.after = after;
	cairn_irq_ack(d.dev.irq);
	cairn_serve(&s);
}
