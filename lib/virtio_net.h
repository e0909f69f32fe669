/*
 * virtio_net: a virtio-net device (virtio 1.1, 5.1) on the PCI
 * transport: bring-up, its configuration (MAC, link, MTU), receive
 * queue 0 kept full of posted buffers, transmit queue 1, and recovery
 * by reset.  No offloads, no mergeable receive buffers, no control
 * queue: every frame is a 12-byte header and at most 1514 bytes, in one
 * buffer of the caller's DMA memory (docs/virtio.md, "virtio-net").
 *
 * Nothing the device writes is trusted: a received frame's length is
 * checked against the buffer it was given and against the Ethernet
 * frame sizes, its header must say no offload was used, and a used
 * entry that breaks the ring's rules marks the device broken until
 * virtio_net_restart.  The library allocates nothing and copies a frame
 * once: into a transmit buffer, or out of a receive buffer (the caller
 * does that, between virtio_net_rx_peek and virtio_net_rx_pop).
 */
#ifndef CAIRN_LIB_VIRTIO_NET_H
#define CAIRN_LIB_VIRTIO_NET_H

#include <stddef.h>
#include <stdint.h>

#include "virtio_pci.h"
#include "virtio_ring.h"

/* virtio-net feature bits (virtio 1.1, 5.1.3). */
#define VIRTIO_NET_F_MTU    3
#define VIRTIO_NET_F_MAC    5
#define VIRTIO_NET_F_STATUS 16

/* Offsets in the device-specific configuration, and status bits. */
enum {
	VIRTIO_NET_CFG_MAC = 0,
	VIRTIO_NET_CFG_STATUS = 6,
	VIRTIO_NET_CFG_MTU = 10,
	VIRTIO_NET_CFG_LEN = 12,
	VIRTIO_NET_S_LINK_UP = 1,
};

/* The header before every frame (virtio 1.1, 5.1.6; 12 bytes in 1.x). */
enum {
	VIRTIO_NET_HDR_FLAGS = 0,
	VIRTIO_NET_HDR_GSO_TYPE = 1,
	VIRTIO_NET_HDR_BYTES = 12,
};

#define VIRTIO_NET_RX_Q	     0
#define VIRTIO_NET_TX_Q	     1
#define VIRTIO_NET_MIN_FRAME 14	  /* an Ethernet header */
#define VIRTIO_NET_MAX_FRAME 1514 /* and a payload of 1500 */
#define VIRTIO_NET_MTU	     1500
#define VIRTIO_NET_MIN_MTU   68 /* the least a device may give (RFC 791) */
/* One buffer: a header and the largest frame, rounded up. */
#define VIRTIO_NET_BUF 1536

/* What the device says of itself, checked. */
struct virtio_net_config {
	uint8_t mac[6];
	int has_mac;	/* the device gave it (else the caller's) */
	int has_status; /* the link state is the device's (else up) */
	uint16_t mtu;	/* payload bytes: at most VIRTIO_NET_MTU */
};

/* How the device is brought up. */
struct virtio_net_opts {
	uint16_t rx_vector;	/* MSI-X vector or VIRTIO_NO_VECTOR */
	uint16_t tx_vector;	/* likewise (TX needs none: it is polled) */
	uint16_t config_vector; /* likewise */
	int event_idx;		/* use VIRTIO_F_EVENT_IDX if offered */
	uint16_t max_queue;	/* the largest queue wanted (4 or more);
				   0: VIRTQ_MAX */
	uint8_t mac[6];		/* used if the device offers no MAC */
};

/* The driver's own counters since the last start. */
struct virtio_net_counts {
	uint64_t rx_bad;     /* frames refused: length or header */
	uint64_t tx_dropped; /* in flight at a reset */
};

enum { VIRTIO_NET_FREE, VIRTIO_NET_POSTED, VIRTIO_NET_HELD };

struct virtio_net {
	struct virtio_pci *t;
	struct virtio_net_opts opts;
	struct virtio_net_config cfg;
	struct virtq rx, tx;
	int live; /* DRIVER_OK set and neither queue broken */
	uint32_t rx_notify, tx_notify;
	void *mem; /* the caller's DMA memory, kept for restarts */
	uint64_t bus;
	size_t len;
	uint8_t *rx_buf, *tx_buf; /* size buffers each */
	uint64_t rx_bus, tx_bus;
	uint16_t size;			 /* entries of each queue */
	uint8_t rx_state[VIRTQ_MAX];	 /* VIRTIO_NET_FREE, _POSTED, _HELD */
	uint8_t tx_busy[VIRTQ_MAX];	 /* at the device */
	int held;			 /* the peeked buffer, or -1 */
	uint32_t held_len;		 /* its frame's bytes */
	uint16_t tx_inflight, rx_posted; /* buffers at the device */
	struct virtio_net_counts counts;
};

/*
 * The bytes of DMA memory virtio_net_start wants for queues of size
 * entries each (a power of two up to VIRTQ_MAX): both rings and a
 * buffer per entry; less makes it choose smaller queues.  0 for a bad
 * size.
 */
size_t virtio_net_mem_size(uint16_t size);

/*
 * Bring up the device behind t (virtio_pci_init done): reset, the
 * handshake with VERSION_1 required, the configuration read and
 * checked, both queues laid out in the len bytes at mem (bus address
 * bus, 16-byte aligned), every receive buffer posted, DRIVER_OK.
 * Returns VIRTIO_OK, VIRTIO_E_ARG for bad arguments, or an error, after which
 * the device is marked FAILED (unless its reset timed out).
 */
int virtio_net_start(struct virtio_net *n, struct virtio_pci *t, void *mem,
		     uint64_t bus, size_t len, const struct virtio_net_opts *o);

/*
 * Is the link up?  Reads the device's status now (up if it offers
 * none).  Returns 1, 0, or VIRTIO_E_NEEDS_RESET / VIRTIO_E_DEVICE if the
 * device asks for a reset or has dropped out.
 */
int virtio_net_link(struct virtio_net *n);

/*
 * Copy the frame of len bytes (VIRTIO_NET_MIN_FRAME to 14 + the MTU)
 * after a header that asks for nothing into a free transmit buffer and
 * queue it; the device sees it at the next virtio_net_kick.  Returns
 * VIRTIO_OK; VIRTIO_E_ARG for a bad length; VIRTIO_E_FULL if every
 * buffer is at the device (virtio_net_reap_tx, then again); or
 * VIRTIO_E_DEVICE if the device must be restarted first.
 */
int virtio_net_tx(struct virtio_net *n, const void *frame, size_t len);

/*
 * Take the device's transmit completions: how many buffers came back,
 * or VIRTIO_E_DEVICE if it broke the protocol (then restart).
 */
int virtio_net_reap_tx(struct virtio_net *n);

/*
 * The next frame received: *frame points at its bytes in the receive
 * buffer (the header skipped), *len says how many.  It stays there
 * until virtio_net_rx_pop.  Frames of a bad length or header are
 * dropped on the way (counts.rx_bad) and their buffers reposted.
 * Returns 1, 0 if none waits, or VIRTIO_E_DEVICE (then restart).
 */
int virtio_net_rx_peek(struct virtio_net *n, const uint8_t **frame,
		       uint32_t *len);

/* Done with the peeked frame: its buffer goes back at the next kick. */
void virtio_net_rx_pop(struct virtio_net *n);

/*
 * Frames the device says wait, the peeked one included (a hint: bad
 * ones among them will be dropped).  0 for a broken device.
 */
uint16_t virtio_net_rx_waiting(struct virtio_net *n);

/*
 * Post every free receive buffer, publish both queues and notify the
 * device where it wants.  Returns VIRTIO_OK or VIRTIO_E_DEVICE.
 */
int virtio_net_kick(struct virtio_net *n);

/*
 * Ask for an interrupt at the next frame received.  Returns 1 if frames
 * arrived meanwhile (take them before waiting), else 0.
 */
int virtio_net_rearm(struct virtio_net *n);

/* Notify the device of both queues whatever it asked for: after a
 * notify that may have been lost (a watchdog's). */
void virtio_net_nudge(struct virtio_net *n);

/*
 * For INTx: read and clear the ISR (VIRTIO_ISR_* bits); 0 means the
 * interrupt was another device's on a shared line.
 */
unsigned virtio_net_isr(struct virtio_net *n);

/*
 * Reset the device and bring it up again as virtio_net_start did.
 * Frames being sent are lost (counts.tx_dropped; a network loses
 * frames anyway), and so are received frames not yet popped.  Returns
 * what bringing the device up returned (VIRTIO_E_ARG if n was never
 * started).
 */
int virtio_net_restart(struct virtio_net *n);

#endif
