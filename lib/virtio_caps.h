/*
 * virtio_caps: where a virtio PCI function's registers are, from its
 * vendor capabilities (virtio 1.1, 4.1.4), for a driver that has its BARs
 * mapped: the common configuration, notifications, the ISR and the
 * device's own configuration.
 */
#ifndef CAIRN_LIB_VIRTIO_CAPS_H
#define CAIRN_LIB_VIRTIO_CAPS_H

#include <stdint.h>

#include "pci.h"
#include "virtio.h"

/* A memory BAR as granted: where it is mapped, its bytes (0: none). */
struct virtio_bar {
	uint64_t addr;
	uint64_t size;
};

/* Offsets in a virtio PCI vendor capability (virtio 1.1, 4.1.4). */
enum {
	VIRTIO_CAP_LEN = 2,
	VIRTIO_CAP_TYPE = 3,
	VIRTIO_CAP_BAR = 4,
	VIRTIO_CAP_OFFSET = 8,
	VIRTIO_CAP_LENGTH = 12,
	VIRTIO_CAP_NOTIFY_MUL = 16,
};

/* cfg_type values: common, notify, ISR, device-specific. */
enum {
	VIRTIO_CAP_COMMON = 1,
	VIRTIO_CAP_NOTIFY = 2,
	VIRTIO_CAP_ISR = 3,
	VIRTIO_CAP_DEVICE = 4,
};

/*
 * Walk function a's vendor capabilities (header: its header type) and
 * fill m with the first common, notify, ISR and device structure each,
 * as addresses inside the mapped BARs bars[0..5]; *notify_mul gets the
 * notify capability's multiplier (0 if the capability is too short to
 * hold one).  A structure in a BAR not granted, or
 * running past its end, is skipped.  Returns 0 when all four were
 * found, -1 otherwise.
 */
int virtio_find_regions(const struct pci_config *cfg, struct pci_addr a,
			uint8_t header, const struct virtio_bar bars[6],
			struct virtio_mapped *m, uint32_t *notify_mul);

#endif
