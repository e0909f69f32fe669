/*
 * The network interface protocol (docs/net.md, "The NIC protocol"): a NIC
 * driver `provides nic` (drivers/virtio-net), its one client (the net
 * service, or a test program) `needs nic`.  Frames move through a shared
 * region the client makes and attaches (the driver maps it at the same
 * address, as the block protocol does); the driver tells the client that
 * frames have arrived by signalling a notification the client sent it.
 * Every answer's label is a status.  The client stubs are nic.c.
 *
 * One client is served at a time: of the processes that attached, the
 * newest (highest pid) that still runs.  The others' TX and RX answer
 * IN_USE until it ends, so the net service gives way to a test program
 * while that runs, and a restarted net service takes over.
 */
#ifndef CAIRN_PROTO_NIC_H
#define CAIRN_PROTO_NIC_H

#include "cairn.h"

enum cairn_nic_call {
	CAIRN_NIC_INFO = 1,   /* -> MR0 the MAC address (byte i in bits
				 8i..8i+7), MR1 the MTU, MR2 flags */
	CAIRN_NIC_ATTACH = 2, /* the region's capability sent along -> MR0
				 its address, MR1 its size (mapped there) */
	CAIRN_NIC_LISTEN = 3, /* a notification capability sent along: the
				 driver signals it when frames wait for RX
				 (once per batch: RX until MR2 says 0).
				 Give it a badge: a signal ORs the badge in,
				 and one of 0 sets no bit */
	CAIRN_NIC_TX = 4,     /* MR0 address inside the region, MR1 length
				 (CAIRN_NIC_MIN_FRAME..CAIRN_NIC_MAX_FRAME,
				 the Ethernet header on, no FCS): OK once
				 the driver has taken the bytes */
	CAIRN_NIC_RX = 5,     /* MR0 address inside the region, MR1 bytes
				 there (at least CAIRN_NIC_REC_SIZE(
				 CAIRN_NIC_MAX_FRAME)) -> MR0 frames
				 written, MR1 bytes used, MR2 frames still
				 waiting (a hint: bad ones are dropped) */
	CAIRN_NIC_STATS = 6,  /* -> struct cairn_nic_stats's words */
};

/* NIC_INFO's flags. */
#define CAIRN_NIC_LINK_UP 1ul

/* Frame sizes: an Ethernet header and up to a 1500-byte payload. */
#define CAIRN_NIC_MIN_FRAME 14
#define CAIRN_NIC_MAX_FRAME 1514

/*
 * NIC_RX writes frames one after another, each as a record: a 16-bit
 * length (little-endian), the frame, then padding to the next multiple
 * of 8 bytes.  The frame's first byte is thus 2 past an 8-byte boundary,
 * and the IP header after the 14-byte Ethernet header is 8-byte
 * aligned.
 */
#define CAIRN_NIC_REC_HDR 2
#define CAIRN_NIC_REC_SIZE(len)                                                \
	(((word_t)(len) + CAIRN_NIC_REC_HDR + 7) & ~(word_t)7)

/*
 * Errors (the answer's label):
 *   CAIRN_E_RANGE             outside the region, a TX length out of
 *                             bounds (above 14 + the MTU too), or an RX
 *                             room below one largest record
 *   CAIRN_E_INVALID_CAP       no region attached (a restarted driver), or
 *                             ATTACH/LISTEN without a capability (or
 *                             LISTEN before ATTACH)
 *   CAIRN_E_IN_USE            TX, RX: a newer client is served now
 *   CAIRN_E_WOULD_BLOCK       TX: the device's ring is full (or the
 *                             frame was lost to a device reset), send
 *                             again after a moment
 *   CAIRN_E_NO_MEMORY         ATTACH: init could not map the region
 *   CAIRN_E_INVALID_ARGUMENT  TX, RX with fewer than 2 words
 *   CAIRN_E_ILLEGAL_OPERATION an unknown call
 */

/* NIC_STATS: the driver's counters since it started. */
struct cairn_nic_stats {
	word_t rx_frames, rx_bytes, tx_frames, tx_bytes;
	word_t rx_dropped; /* arrived with no client to take them, or bad */
	word_t tx_full;	   /* TX answered WOULD_BLOCK */
	word_t interrupts;
	word_t resets; /* device resets after a protocol error */
};

/*
 * A client's connection: the driver's endpoint and the region.  Fill it
 * with cairn_nic_open.  The stubs attach the region and the notification
 * again and repeat a call that a restarted driver lost (CAIRN_E_DELETED,
 * or CAIRN_E_INVALID_CAP when it forgot the region); any other status,
 * WOULD_BLOCK and IN_USE included, is the caller's.  A TX repeated so
 * may send its frame twice (a network may duplicate frames anyway).  A
 * restarted driver knows no notification until the stubs' next call: a
 * client that waits for the signal also calls RX every so often.  One
 * thread at a time per struct.
 */
struct cairn_nic {
	cptr_t ep;	   /* the driver's endpoint */
	cptr_t region;	   /* the region's capability (a slot of ours) */
	cptr_t ntfn;	   /* the notification the driver signals */
	word_t addr, size; /* the region, mapped here and in the driver */
	uint8_t mac[6];
	word_t mtu, flags;
	word_t retries; /* calls repeated after a driver's restart */
};

/*
 * Connect to the driver at ep (0: this process's `needs nic` grant)
 * through a new shared region of bytes: make it, attach it, hand over
 * ntfn (a badged notification capability of the caller's, or 0 for
 * none; the driver gets a copy), and ask for the device's facts (mac,
 * mtu, flags).  The region's capability lands in a slot of the caller's
 * CNode, so its manifest must say `receive`.  0 or a status.
 */
int cairn_nic_open(struct cairn_nic *n, cptr_t ep, word_t bytes, cptr_t ntfn);
/* Send the frame of len bytes at addr (inside the region). */
int cairn_nic_tx(struct cairn_nic *n, const void *frame, word_t len);
/* Take waiting frames into [buf, buf + room) (inside the region), as
 * records: *frames and *used written, *more frames still waiting. */
int cairn_nic_rx(struct cairn_nic *n, void *buf, word_t room, word_t *frames,
		 word_t *used, word_t *more);
int cairn_nic_stats(struct cairn_nic *n, struct cairn_nic_stats *s);

#endif
