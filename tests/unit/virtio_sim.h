/*
 * virtio_sim: a simulated virtio-blk or virtio-net PCI device for the
 * host tests of lib/virtio*.c.  Its registers answer through a struct
 * virtio_io; its DMA memory is an arena at a bus address of its own, so that a
 * bus address mistaken for a pointer (or the other way) is caught; its disk is
 * RAM, its wire a buffer per direction (sim_init_net).  The test decides when
 * the device takes requests off the available ring (sim_fetch) and in which
 * order it answers them (sim_complete), and may write the used ring itself to
 * play a hostile device.  Every mistake the driver makes that the device can
 * see is counted in fail, with the last in why.
 */
#ifndef CAIRN_TESTS_VIRTIO_SIM_H
#define CAIRN_TESTS_VIRTIO_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "virtio.h"

#define SIM_BUS		0x40000000ULL
#define SIM_ARENA	(512 * 1024)
#define SIM_SECTORS	1024
#define SIM_NOTIFY_MUL	4
#define SIM_MAX_PENDING 256
#define SIM_QUEUES	2 /* virtio-net's receive and transmit */

/* One queue as the device sees it: its registers and its side. */
struct simq {
	uint16_t size, vec, enable;
	uint64_t desc, avail, used;
	uint16_t last_avail, used_idx;
	uint16_t pending[SIM_MAX_PENDING];
	int npending;
};

struct sim {
	struct virtio_io io;
	/* What the device offers and how it misbehaves; set by tests. */
	uint64_t features;
	uint16_t qmax;
	uint16_t notify_off; /* queue i's is notify_off + i */
	int nqueues;	     /* 1 (blk), or 2 (net) */
	int net;	     /* a NIC, not a disk */
	uint64_t capacity;
	uint32_t size_max, seg_max, blk_size;
	int refuse_vector, refuse_features, reset_stuck, gen_flips;
	/* Registers. */
	uint32_t dfsel, drfsel;
	uint64_t driver_features;
	uint8_t status, gen, isr;
	uint16_t qsel, cfgvec;
	struct simq q[SIM_QUEUES];
	/* The NIC's: its configuration, and what it sent last. */
	uint8_t mac[6];
	uint16_t net_status, mtu;
	uint8_t tx_frame[2048];
	uint32_t tx_len;
	int tx_frames;
	/* What happened. */
	int notifies, irqs, flushes, sectors_written, resets;
	int fail;
	char why[160];
	uint8_t disk[SIM_SECTORS * 512];
	_Alignas(4096) uint8_t arena[SIM_ARENA];
};

/* A device with VERSION_1, FLUSH, SEG_MAX, BLK_SIZE, SIZE_MAX, a queue of
 * 256, and a disk of SIM_SECTORS sectors filled with a pattern. */
void sim_init(struct sim *s);

/* The arena's bytes at bus address bus, len long, or 0 (counted as a
 * driver's mistake). */
uint8_t *sim_ptr(struct sim *s, uint64_t bus, uint64_t len);

/* The bus address of p, inside the arena. */
uint64_t sim_bus(const struct sim *s, const void *p);

/* A NIC instead: VERSION_1, MAC, STATUS (link up), EVENT_IDX, two
 * queues of 256, the MAC 52:54:00:12:34:56. */
void sim_init_net(struct sim *s);

/* Take the published requests off queue 0's available ring; how many. */
int sim_fetch(struct sim *s);
/* The same for queue qi. */
int sim_fetch_q(struct sim *s, int qi);

/* Carry out the i-th pending request and put it in the used ring. */
void sim_complete(struct sim *s, int i);

/* Fetch, then complete everything pending in order. */
void sim_run(struct sim *s);

/* Put {id, len} in queue 0's used ring as the device would, hostile or
 * not; and in queue qi's. */
void sim_push_used(struct sim *s, uint32_t id, uint32_t len);
void sim_push_used_q(struct sim *s, int qi, uint32_t id, uint32_t len);

/*
 * The NIC receives a frame of len bytes: into the next receive buffer
 * the driver posted, after a header of zeros.  0, or -1 if no buffer
 * (or one too small) waits.
 */
int sim_net_rx(struct sim *s, const uint8_t *frame, uint32_t len);

/*
 * The NIC sends what the driver queued: each frame checked (a header of
 * zeros, then the frame) and the last kept in tx_frame.  How many.
 */
int sim_net_tx(struct sim *s);

#endif
