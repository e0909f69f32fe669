/*
 * virtio_net_io: frames in and out of a virtio-net device
 * (virtio_net.h).  Receive buffer i and transmit buffer i are
 * VIRTIO_NET_BUF bytes each in the caller's DMA memory; a chain is one
 * buffer, its token the buffer's index.
 */
#include "cstring.h"
#include "virtio_net.h"

/* The device broke the protocol: refuse everything until a restart. */
static int
broke(struct virtio_net *n)
{
	n->live = 0;
	return VIRTIO_E_DEVICE;
}

int
virtio_net_tx(struct virtio_net *n, const void *frame, size_t len)
{
	if (!n->live) {
		return VIRTIO_E_DEVICE;
	}
	if (frame == 0 || len < VIRTIO_NET_MIN_FRAME ||
	    len > VIRTIO_NET_MIN_FRAME + (size_t)n->cfg.mtu) {
		return VIRTIO_E_ARG;
	}
	int s = 0;
	while (s < n->size && n->tx_busy[s]) {
		s++;
	}
	if (s == n->size) {
		return VIRTIO_E_FULL;
	}
	uint8_t *b = n->tx_buf + (size_t)s * VIRTIO_NET_BUF;
	memset(b, 0, VIRTIO_NET_HDR_BYTES); /* no checksum, no GSO */
	memcpy(b + VIRTIO_NET_HDR_BYTES, frame, len);
	struct virtq_buf vb = {n->tx_bus + (uint64_t)s * VIRTIO_NET_BUF,
			       (uint32_t)(VIRTIO_NET_HDR_BYTES + len), 0};
	int head = virtq_add(&n->tx, &vb, 1, (uint32_t)s, 0);
	if (head < 0) {
		return head == VIRTIO_E_DEVICE ? broke(n) : head;
	}
	n->tx_busy[s] = 1;
	n->tx_inflight++;
	return VIRTIO_OK;
}

int
virtio_net_reap_tx(struct virtio_net *n)
{
	int got = 0;
	uint32_t s, len;

	if (!n->live) {
		return VIRTIO_E_DEVICE;
	}
	for (;;) {
		int r = virtq_get(&n->tx, &s, &len);
		if (r == 0) {
			return got;
		}
		if (r < 0 || s >= n->size || !n->tx_busy[s]) {
			return broke(n);
		}
		n->tx_busy[s] = 0;
		n->tx_inflight--;
		got++;
	}
}

/*
 * Is the frame the device wrote in buffer b, len bytes with its header,
 * one we asked for?  A length outside an Ethernet frame's, or a header
 * that says an offload was used (none was negotiated), is not.
 */
static int
frame_ok(const uint8_t *b, uint32_t len)
{
	if (len < VIRTIO_NET_HDR_BYTES + VIRTIO_NET_MIN_FRAME ||
	    len > VIRTIO_NET_HDR_BYTES + VIRTIO_NET_MAX_FRAME) {
		return 0;
	}
	return b[VIRTIO_NET_HDR_FLAGS] == 0 && b[VIRTIO_NET_HDR_GSO_TYPE] == 0;
}

int
virtio_net_rx_peek(struct virtio_net *n, const uint8_t **frame, uint32_t *len)
{
	uint32_t i, used;

	if (!n->live) {
		return VIRTIO_E_DEVICE;
	}
	while (n->held < 0) {
		int r = virtq_get(&n->rx, &i, &used);
		if (r == 0) {
			return 0;
		}
		if (r < 0 || i >= n->size ||
		    n->rx_state[i] != VIRTIO_NET_POSTED) {
			return broke(n);
		}
		n->rx_posted--;
		const uint8_t *b = n->rx_buf + (size_t)i * VIRTIO_NET_BUF;
		if (!frame_ok(b, used)) {
			n->rx_state[i] = VIRTIO_NET_FREE;
			n->counts.rx_bad++;
			continue;
		}
		n->rx_state[i] = VIRTIO_NET_HELD;
		n->held = (int)i;
		n->held_len = used - VIRTIO_NET_HDR_BYTES;
	}
	*frame =
	    n->rx_buf + (size_t)n->held * VIRTIO_NET_BUF + VIRTIO_NET_HDR_BYTES;
	*len = n->held_len;
	return 1;
}

void
virtio_net_rx_pop(struct virtio_net *n)
{
	if (n->held >= 0) {
		n->rx_state[n->held] = VIRTIO_NET_FREE;
		n->held = -1;
	}
}

uint16_t
virtio_net_rx_waiting(struct virtio_net *n)
{
	if (!n->live) {
		return 0;
	}
	return (uint16_t)(virtq_pending(&n->rx) + (n->held >= 0));
}

/* Post every free receive buffer. */
static int
post_rx(struct virtio_net *n)
{
	for (uint16_t i = 0; i < n->size; i++) {
		if (n->rx_state[i] != VIRTIO_NET_FREE) {
			continue;
		}
		struct virtq_buf vb = {
		    n->rx_bus + (uint64_t)i * VIRTIO_NET_BUF,
		    VIRTIO_NET_HDR_BYTES + VIRTIO_NET_MAX_FRAME, 1};
		int head = virtq_add(&n->rx, &vb, 1, i, 0);
		if (head < 0) {
			/* A ring of size entries holds size buffers: only
			 * a broken queue refuses one. */
			return broke(n);
		}
		n->rx_state[i] = VIRTIO_NET_POSTED;
		n->rx_posted++;
	}
	return VIRTIO_OK;
}

int
virtio_net_kick(struct virtio_net *n)
{
	if (!n->live || post_rx(n) != VIRTIO_OK) {
		return VIRTIO_E_DEVICE;
	}
	if (virtq_publish(&n->rx)) {
		virtio_pci_notify(n->t, n->rx_notify, VIRTIO_NET_RX_Q);
	}
	if (virtq_publish(&n->tx)) {
		virtio_pci_notify(n->t, n->tx_notify, VIRTIO_NET_TX_Q);
	}
	return VIRTIO_OK;
}

void
virtio_net_nudge(struct virtio_net *n)
{
	if (n->live) {
		virtio_pci_notify(n->t, n->rx_notify, VIRTIO_NET_RX_Q);
		virtio_pci_notify(n->t, n->tx_notify, VIRTIO_NET_TX_Q);
	}
}

int
virtio_net_rearm(struct virtio_net *n)
{
	return n->live ? virtq_rearm(&n->rx) : 0;
}
