/*
 * virtio_pci: the virtio 1.x PCI transport (virtio 1.1, 4.1): device
 * reset, the status handshake and feature negotiation, queue setup,
 * notification, the ISR, and consistent reads of the device-specific
 * configuration.  The registers are reached through a struct virtio_io
 * (virtio.h).  Nothing the device reports is trusted: a queue's notify
 * offset is checked against the notify region, a status that changes
 * under the driver is an error.
 */
#ifndef CAIRN_LIB_VIRTIO_PCI_H
#define CAIRN_LIB_VIRTIO_PCI_H

#include <stdint.h>

#include "virtio.h"

/* Offsets in the common configuration structure (virtio 1.1, 4.1.4.3). */
enum {
	VIRTIO_PCI_DEVICE_FEATURE_SELECT = 0,
	VIRTIO_PCI_DEVICE_FEATURE = 4,
	VIRTIO_PCI_DRIVER_FEATURE_SELECT = 8,
	VIRTIO_PCI_DRIVER_FEATURE = 12,
	VIRTIO_PCI_CONFIG_MSIX_VECTOR = 16,
	VIRTIO_PCI_NUM_QUEUES = 18,
	VIRTIO_PCI_DEVICE_STATUS = 20,
	VIRTIO_PCI_CONFIG_GENERATION = 21,
	VIRTIO_PCI_QUEUE_SELECT = 22,
	VIRTIO_PCI_QUEUE_SIZE = 24,
	VIRTIO_PCI_QUEUE_MSIX_VECTOR = 26,
	VIRTIO_PCI_QUEUE_ENABLE = 28,
	VIRTIO_PCI_QUEUE_NOTIFY_OFF = 30,
	VIRTIO_PCI_QUEUE_DESC = 32,
	VIRTIO_PCI_QUEUE_DRIVER = 40,
	VIRTIO_PCI_QUEUE_DEVICE = 48,
	VIRTIO_PCI_COMMON_LEN = 56,
};

/* ISR bits, read-to-clear, for INTx (virtio 1.1, 4.1.4.5). */
enum {
	VIRTIO_ISR_QUEUE = 1,
	VIRTIO_ISR_CONFIG = 2,
};

/* How many times a reset is polled before the device is given up. */
#define VIRTIO_PCI_RESET_POLLS 1000000

/* A virtio PCI function. */
struct virtio_pci {
	struct virtio_io io;
	uint32_t notify_mul; /* notify_off_multiplier of the capability */
	uint64_t features;   /* negotiated; 0 until FEATURES_OK holds */
	uint16_t nqueues;    /* num_queues, read at negotiation */
};

/* The bus addresses of a split virtqueue's three parts. */
struct virtio_queue_addr {
	uint64_t desc, avail, used;
};

/*
 * Set up t over io.  notify_mul is the notify capability's
 * notify_off_multiplier.  Returns VIRTIO_OK, or VIRTIO_E_ARG if io lacks
 * a region the transport needs or the common structure is too short.
 */
int virtio_pci_init(struct virtio_pci *t, const struct virtio_io *io,
		    uint32_t notify_mul);

/*
 * Reset the device: write 0 to device_status and wait until it reads 0,
 * after which the device no longer touches its queues.  Returns
 * VIRTIO_OK or VIRTIO_E_TIMEOUT.
 */
int virtio_pci_reset(struct virtio_pci *t);

/*
 * Reset, then set ACKNOWLEDGE and DRIVER.  Returns what the reset
 * returned.
 */
int virtio_pci_begin(struct virtio_pci *t);

/* The 64 feature bits the device offers. */
uint64_t virtio_pci_device_features(struct virtio_pci *t);

/*
 * Accept the features in want that the device offers, set FEATURES_OK
 * and check that the device kept it.  VIRTIO_F_VERSION_1 is required;
 * VIRTIO_F_RING_PACKED is never accepted.  On success t->features holds
 * the result.  Sets FAILED and returns VIRTIO_E_VERSION or
 * VIRTIO_E_FEATURES on refusal.
 */
int virtio_pci_negotiate(struct virtio_pci *t, uint64_t want);

/*
 * The largest size the device allows for queue q in *max.  Returns
 * VIRTIO_OK, or VIRTIO_E_QUEUE if q is not below num_queues or its size
 * is 0.
 */
int virtio_pci_queue_max(struct virtio_pci *t, uint16_t q, uint16_t *max);

/*
 * Give queue q its size (a power of two not above its maximum), its
 * ring addresses and MSI-X vector (or VIRTIO_NO_VECTOR), then enable it.
 * *notify_off receives the offset in the notify region to write q's
 * notifications to.  Returns VIRTIO_OK; VIRTIO_E_ARG for a bad size or
 * misaligned address; VIRTIO_E_QUEUE if the queue is absent or already
 * enabled; VIRTIO_E_DEVICE if the device refused the vector or gave a
 * notify offset outside the notify region.
 */
int virtio_pci_queue_setup(struct virtio_pci *t, uint16_t q, uint16_t size,
			   const struct virtio_queue_addr *a, uint16_t vector,
			   uint32_t *notify_off);

/*
 * Route configuration-change interrupts to MSI-X vector (or
 * VIRTIO_NO_VECTOR).  Returns VIRTIO_OK or VIRTIO_E_DEVICE if the device
 * refused the vector.
 */
int virtio_pci_config_vector(struct virtio_pci *t, uint16_t vector);

/*
 * Set DRIVER_OK: the device is live.  Returns VIRTIO_OK, or what
 * virtio_pci_check finds.
 */
int virtio_pci_driver_ok(struct virtio_pci *t);

/* Set FAILED: the driver gives the device up until the next reset. */
void virtio_pci_fail(struct virtio_pci *t);

/*
 * Is a live device still well?  Returns VIRTIO_OK; VIRTIO_E_NEEDS_RESET
 * if it set DEVICE_NEEDS_RESET; VIRTIO_E_DEVICE if DRIVER_OK is gone
 * (it reset itself) or the status is unreadable.
 */
int virtio_pci_check(struct virtio_pci *t);

/* Notify queue q at the offset virtio_pci_queue_setup gave. */
void virtio_pci_notify(struct virtio_pci *t, uint32_t notify_off, uint16_t q);

/* Read and clear the ISR: VIRTIO_ISR_* bits (INTx only). */
unsigned virtio_pci_isr(struct virtio_pci *t);

/*
 * Read a 1-, 2-, 4- or 8-byte field at off of the device-specific
 * configuration, in its natural width (an 8-byte one as two halves).
 * Past the region's end it reads as all ones.
 */
uint64_t virtio_pci_config(struct virtio_pci *t, uint32_t off, int size);

/* The configuration generation, to bracket a read of several fields. */
uint32_t virtio_pci_generation(struct virtio_pci *t);

#endif
