/*
 * virtio_net: bringing a virtio-net device up, its configuration, and
 * recovery by reset (virtio_net.h).  The frames are virtio_net_io.c.
 */
#include "cstring.h"
#include "virtio_net.h"

/* How many times a configuration that changes under us is read. */
#define CONFIG_TRIES 8

/* The smallest queues worth having. */
#define QUEUE_MIN 4

static size_t
align16(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

/*
 * Where the parts of two queues of size entries lie in the DMA memory:
 * the receive ring, the transmit ring, the receive buffers, the
 * transmit buffers.  Returns the total.
 */
static size_t
layout(uint16_t size, size_t *tx_ring, size_t *rx_buf, size_t *tx_buf)
{
	size_t ring = align16(virtq_mem_size(size));

	*tx_ring = ring;
	*rx_buf = 2 * ring;
	*tx_buf = *rx_buf + (size_t)size * VIRTIO_NET_BUF;
	return *tx_buf + (size_t)size * VIRTIO_NET_BUF;
}

size_t
virtio_net_mem_size(uint16_t size)
{
	size_t a, b, c;

	return virtq_mem_size(size) ? layout(size, &a, &b, &c) : 0;
}

/* Is mac one a device may have: not multicast, not all zeros? */
static int
mac_ok(const uint8_t *mac)
{
	int any = 0;

	for (int i = 0; i < 6; i++) {
		any |= mac[i];
	}
	return any && !(mac[0] & 1);
}

/* One reading of the configuration fields negotiated. */
static void
read_fields(struct virtio_net *n, struct virtio_net_config *c)
{
	struct virtio_pci *t = n->t;

	for (int i = 0; i < 6; i++) {
		c->mac[i] = (uint8_t)virtio_pci_config(
		    t, VIRTIO_NET_CFG_MAC + (uint32_t)i, 1);
	}
	c->mtu = (uint16_t)virtio_pci_config(t, VIRTIO_NET_CFG_MTU, 2);
}

/*
 * Read the configuration, all of one generation, and check it: a MAC
 * that cannot be a station's is replaced by the caller's, an MTU below
 * 68 is refused, one above 1500 is taken as 1500.
 */
static int
read_config(struct virtio_net *n)
{
	uint64_t f = n->t->features;
	struct virtio_net_config c = {0};
	int settled = 0;

	for (int i = 0; i < CONFIG_TRIES && !settled; i++) {
		uint32_t gen = virtio_pci_generation(n->t);
		read_fields(n, &c);
		settled = virtio_pci_generation(n->t) == gen;
	}
	if (!settled) {
		return VIRTIO_E_DEVICE;
	}
	c.has_mac = (f & VIRTIO_BIT(VIRTIO_NET_F_MAC)) && mac_ok(c.mac);
	if (!c.has_mac) {
		memcpy(c.mac, n->opts.mac, 6);
	}
	c.has_status = (f & VIRTIO_BIT(VIRTIO_NET_F_STATUS)) != 0;
	if (!(f & VIRTIO_BIT(VIRTIO_NET_F_MTU))) {
		c.mtu = VIRTIO_NET_MTU;
	} else if (c.mtu < VIRTIO_NET_MIN_MTU) {
		return VIRTIO_E_DEVICE;
	} else if (c.mtu > VIRTIO_NET_MTU) {
		c.mtu = VIRTIO_NET_MTU;
	}
	n->cfg = c;
	return VIRTIO_OK;
}

/* The features asked for: none that changes a frame's format. */
static uint64_t
wanted(const struct virtio_net_opts *o)
{
	uint64_t f =
	    VIRTIO_BIT(VIRTIO_F_VERSION_1) |
	    VIRTIO_BIT(VIRTIO_F_ACCESS_PLATFORM) |
	    VIRTIO_BIT(VIRTIO_F_ORDER_PLATFORM) | VIRTIO_BIT(VIRTIO_NET_F_MAC) |
	    VIRTIO_BIT(VIRTIO_NET_F_STATUS) | VIRTIO_BIT(VIRTIO_NET_F_MTU);

	if (o->event_idx) {
		f |= VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
	}
	return f;
}

/* The largest queue size both queues allow, the options want and the
 * memory holds; 0 if under QUEUE_MIN (*why says which). */
static uint16_t
queue_size(struct virtio_net *n, int *why)
{
	uint16_t rmax, tmax, size = VIRTQ_MAX;
	size_t a, b, c;

	*why = virtio_pci_queue_max(n->t, VIRTIO_NET_RX_Q, &rmax);
	if (*why == VIRTIO_OK) {
		*why = virtio_pci_queue_max(n->t, VIRTIO_NET_TX_Q, &tmax);
	}
	if (*why != VIRTIO_OK) {
		return 0;
	}
	uint16_t most = n->opts.max_queue ? n->opts.max_queue : VIRTQ_MAX;
	while (size >= QUEUE_MIN &&
	       (size > rmax || size > tmax || size > most ||
		layout(size, &a, &b, &c) > n->len)) {
		size >>= 1;
	}
	if (size < QUEUE_MIN) {
		*why = rmax < QUEUE_MIN || tmax < QUEUE_MIN ? VIRTIO_E_QUEUE
							    : VIRTIO_E_NOMEM;
		return 0;
	}
	return size;
}

/* Lay queue q out at off of the DMA memory and set it up in the device. */
static int
setup_one(struct virtio_net *n, struct virtq *q, uint16_t index, size_t off,
	  size_t len, uint16_t vector, uint32_t *notify)
{
	int ev = (n->t->features & VIRTIO_BIT(VIRTIO_F_EVENT_IDX)) != 0;
	int r = virtq_init(q, n->size, (uint8_t *)n->mem + off, n->bus + off,
			   len, ev);

	if (r != VIRTIO_OK) {
		return r;
	}
	struct virtio_queue_addr a = {q->desc_bus, q->avail_bus, q->used_bus};
	return virtio_pci_queue_setup(n->t, index, n->size, &a, vector, notify);
}

/* Both queues and the buffers, laid out afresh; nothing in flight. */
static int
setup_queues(struct virtio_net *n)
{
	size_t tx_ring, rx_buf, tx_buf;
	int r;

	n->size = queue_size(n, &r);
	if (n->size == 0) {
		return r;
	}
	layout(n->size, &tx_ring, &rx_buf, &tx_buf);
	n->rx_buf = (uint8_t *)n->mem + rx_buf;
	n->tx_buf = (uint8_t *)n->mem + tx_buf;
	n->rx_bus = n->bus + rx_buf;
	n->tx_bus = n->bus + tx_buf;
	memset(n->rx_state, VIRTIO_NET_FREE, sizeof(n->rx_state));
	memset(n->tx_busy, 0, sizeof(n->tx_busy));
	n->held = -1;
	n->tx_inflight = n->rx_posted = 0;
	r = setup_one(n, &n->rx, VIRTIO_NET_RX_Q, 0, tx_ring, n->opts.rx_vector,
		      &n->rx_notify);
	if (r == VIRTIO_OK) {
		r = setup_one(n, &n->tx, VIRTIO_NET_TX_Q, tx_ring, tx_ring,
			      n->opts.tx_vector, &n->tx_notify);
	}
	if (r == VIRTIO_OK) {
		virtq_mute(&n->tx);
	}
	return r;
}

/* Reset and bring the device up with n's memory and options. */
static int
bring_up(struct virtio_net *n)
{
	struct virtio_pci *t = n->t;
	int r = virtio_pci_begin(t);

	n->live = 0;
	if (r != VIRTIO_OK) {
		return r;
	}
	r = virtio_pci_negotiate(t, wanted(&n->opts));
	if (r != VIRTIO_OK) {
		return r;
	}
	r = read_config(n);
	if (r == VIRTIO_OK) {
		r = setup_queues(n);
	}
	if (r == VIRTIO_OK) {
		r = virtio_pci_config_vector(t, n->opts.config_vector);
	}
	if (r == VIRTIO_OK) {
		r = virtio_pci_driver_ok(t);
	}
	if (r != VIRTIO_OK) {
		virtio_pci_fail(t);
		return r;
	}
	n->live = 1;
	/* The receive queue full before the first frame can come. */
	r = virtio_net_kick(n);
	if (r == VIRTIO_OK) {
		virtio_net_rearm(n);
	}
	return r;
}

int
virtio_net_start(struct virtio_net *n, struct virtio_pci *t, void *mem,
		 uint64_t bus, size_t len, const struct virtio_net_opts *o)
{
	if (t == 0 || mem == 0 || o == 0 || bus % 16 != 0 ||
	    (uintptr_t)mem % 16 != 0 ||
	    (o->max_queue != 0 && o->max_queue < QUEUE_MIN)) {
		return VIRTIO_E_ARG;
	}
	memset(n, 0, sizeof(*n));
	n->t = t;
	n->opts = *o;
	n->mem = mem;
	n->bus = bus;
	n->len = len;
	n->held = -1;
	return bring_up(n);
}

int
virtio_net_link(struct virtio_net *n)
{
	if (n->t == 0) {
		return VIRTIO_E_DEVICE; /* never started */
	}
	int r = virtio_pci_check(n->t);

	if (r != VIRTIO_OK) {
		n->live = 0;
		return r;
	}
	if (!n->cfg.has_status) {
		return 1;
	}
	uint64_t s = virtio_pci_config(n->t, VIRTIO_NET_CFG_STATUS, 2);
	return (s & VIRTIO_NET_S_LINK_UP) != 0;
}

unsigned
virtio_net_isr(struct virtio_net *n)
{
	return n->t ? virtio_pci_isr(n->t) : 0;
}

int
virtio_net_restart(struct virtio_net *n)
{
	/*
	 * bring_up resets the device first, and lays the rings and
	 * buffers out afresh only once the reset has finished, so no late
	 * DMA lands in them.
	 */
	if (n->t == 0) {
		return VIRTIO_E_ARG; /* never started */
	}
	n->counts.tx_dropped += n->tx_inflight;
	n->tx_inflight = 0;
	return bring_up(n);
}
