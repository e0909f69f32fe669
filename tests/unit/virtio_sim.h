/*
 * virtio_sim: a simulated virtio-blk PCI device for the host tests of
 * lib/virtio*.c.  Its registers answer through a struct virtio_io; its
 * DMA memory is an arena at a bus address of its own, so that a bus
 * address mistaken for a pointer (or the other way) is caught; its disk
 * is RAM.  The test decides when the device takes requests off the
 * available ring (sim_fetch) and in which order it answers them
 * (sim_complete), and may write the used ring itself to play a hostile
 * device.  Every mistake the driver makes that the device can see is
 * counted in fail, with the last in why.
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

struct sim {
	struct virtio_io io;
	/* What the device offers and how it misbehaves; set by tests. */
	uint64_t features;
	uint16_t qmax;
	uint16_t notify_off;
	uint64_t capacity;
	uint32_t size_max, seg_max, blk_size;
	int refuse_vector, refuse_features, reset_stuck, gen_flips;
	/* Registers. */
	uint32_t dfsel, drfsel;
	uint64_t driver_features;
	uint8_t status, gen, isr;
	uint16_t qsel, qsize, qvec, qenable, cfgvec;
	uint64_t qdesc, qavail, qused;
	/* The device's side of queue 0. */
	uint16_t last_avail, used_idx;
	uint16_t pending[SIM_MAX_PENDING];
	int npending;
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

/* Take the published requests off the available ring; how many. */
int sim_fetch(struct sim *s);

/* Carry out the i-th pending request and put it in the used ring. */
void sim_complete(struct sim *s, int i);

/* Fetch, then complete everything pending in order. */
void sim_run(struct sim *s);

/* Put {id, len} in the used ring as the device would, hostile or not. */
void sim_push_used(struct sim *s, uint32_t id, uint32_t len);

#endif
