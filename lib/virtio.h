/*
 * virtio: what the parts of the virtio library share (docs/virtio.md):
 * the device status bits, the feature bits that are not a device type's
 * own, the errors, and how the driver reaches the device's registers.
 * Virtio 1.x only (the OASIS virtio 1.1 and 1.2 specifications); the
 * library is freestanding, allocates nothing and trusts nothing the
 * device writes.  Values in registers and rings are little-endian, as
 * both of Cairn's machines are.
 */
#ifndef CAIRN_LIB_VIRTIO_H
#define CAIRN_LIB_VIRTIO_H

#include <stdint.h>

/* device_status bits (virtio 1.1, 2.1). */
enum {
	VIRTIO_S_ACKNOWLEDGE = 1,
	VIRTIO_S_DRIVER = 2,
	VIRTIO_S_DRIVER_OK = 4,
	VIRTIO_S_FEATURES_OK = 8,
	VIRTIO_S_NEEDS_RESET = 64,
	VIRTIO_S_FAILED = 128,
};

/* Feature bits common to every device type (virtio 1.1, 6). */
#define VIRTIO_F_INDIRECT_DESC	 28
#define VIRTIO_F_EVENT_IDX	 29
#define VIRTIO_F_VERSION_1	 32
#define VIRTIO_F_ACCESS_PLATFORM 33
#define VIRTIO_F_RING_PACKED	 34
#define VIRTIO_F_ORDER_PLATFORM	 36
#define VIRTIO_BIT(f)		 ((uint64_t)1 << (f))

/* No MSI-X vector: the device signals through INTx and the ISR. */
#define VIRTIO_NO_VECTOR 0xffff

/* The library's errors; 0 is success. */
enum virtio_error {
	VIRTIO_OK = 0,
	VIRTIO_E_ARG = -1,	   /* a bad argument from the caller */
	VIRTIO_E_VERSION = -2,	   /* the device does not offer VERSION_1 */
	VIRTIO_E_FEATURES = -3,	   /* the device did not keep FEATURES_OK */
	VIRTIO_E_DEVICE = -4,	   /* the device broke the protocol */
	VIRTIO_E_NEEDS_RESET = -5, /* the device asks to be reset */
	VIRTIO_E_FULL = -6,	   /* no free descriptors or slots now */
	VIRTIO_E_NOMEM = -7,	   /* the memory given is too small */
	VIRTIO_E_QUEUE = -8,	   /* the queue is absent or unusable */
	VIRTIO_E_TIMEOUT = -9,	   /* the device did not finish a reset */
	VIRTIO_E_RDONLY = -10,	   /* a write to a read-only device */
	VIRTIO_E_UNSUPP = -11,	   /* not offered by the device */
	VIRTIO_E_BUSY = -12,	   /* overlaps a request in flight */
	VIRTIO_E_RANGE = -13,	   /* sectors past the device's end */
	VIRTIO_E_IO = -14,	   /* the device reported an I/O error */
	VIRTIO_E_RETRY = -15,	   /* lost to a reset: submit it again */
};

/* A short text for a virtio_error; "unknown error" for other values. */
const char *virtio_strerror(int e);

/*
 * The regions of a virtio PCI function that the driver uses, each found
 * through a vendor capability: the common configuration structure, the
 * notify area, the ISR byte, the device-specific configuration.
 */
enum virtio_region {
	VIRTIO_R_COMMON,
	VIRTIO_R_NOTIFY,
	VIRTIO_R_ISR,
	VIRTIO_R_DEVICE,
	VIRTIO_NREGIONS,
};

/*
 * How the library reaches the registers: read or write size (1, 2 or 4)
 * bytes at offset off of a region.  len[] is each region's length; the
 * library never asks for an access past it.  A driver uses the mapped
 * windows below (virtio_io_mapped); the host tests put a simulated
 * device here.
 */
struct virtio_io {
	uint32_t (*read)(void *ctx, int region, uint32_t off, int size);
	void (*write)(void *ctx, int region, uint32_t off, int size,
		      uint32_t v);
	void *ctx;
	uint32_t len[VIRTIO_NREGIONS];
};

/* One region as the driver has it mapped (uncached device memory). */
struct virtio_window {
	volatile uint8_t *base;
	uint32_t len;
};

struct virtio_mapped {
	struct virtio_window w[VIRTIO_NREGIONS];
};

/*
 * Make io reach the windows of m with single volatile loads and stores
 * of the width asked.  An access that is unaligned or past a window's
 * end reads as all ones and writes nothing.  m must outlive io.
 */
void virtio_io_mapped(struct virtio_io *io, struct virtio_mapped *m);

#endif
