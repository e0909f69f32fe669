/* virtio_caps: a virtio PCI function's register windows (virtio_caps.h). */
#include "virtio_caps.h"

#include "pci_cap.h"

/* The region a vendor capability's cfg_type names, or -1. */
static int
cap_region(uint8_t type)
{
	switch (type) {
	case VIRTIO_CAP_COMMON:
		return VIRTIO_R_COMMON;
	case VIRTIO_CAP_NOTIFY:
		return VIRTIO_R_NOTIFY;
	case VIRTIO_CAP_ISR:
		return VIRTIO_R_ISR;
	case VIRTIO_CAP_DEVICE:
		return VIRTIO_R_DEVICE;
	default:
		return -1;
	}
}

/* The capability at off as a window of bars into *w: 0, or -1 if it
 * names a BAR not granted or runs past its end. */
static int
cap_window(const struct pci_config *cfg, struct pci_addr a, unsigned off,
	   const struct virtio_bar bars[6], struct virtio_window *w)
{
	uint8_t bar = pci_read8(cfg, a, off + VIRTIO_CAP_BAR);
	uint64_t at = pci_read32(cfg, a, off + VIRTIO_CAP_OFFSET);
	uint64_t len = pci_read32(cfg, a, off + VIRTIO_CAP_LENGTH);

	if (bar >= 6 || bars[bar].size == 0 || len == 0 ||
	    at > bars[bar].size || len > bars[bar].size - at) {
		return -1;
	}
	w->base = (volatile uint8_t *)(uintptr_t)(bars[bar].addr + at);
	w->len = (uint32_t)len;
	return 0;
}

int
virtio_find_regions(const struct pci_config *cfg, struct pci_addr a,
		    uint8_t header, const struct virtio_bar bars[6],
		    struct virtio_mapped *m, uint32_t *notify_mul)
{
	struct pci_cap_iter it;
	unsigned found = 0, off;

	*m = (struct virtio_mapped){0};
	*notify_mul = 0;
	pci_cap_begin(cfg, a, header, &it);
	while ((off = pci_cap_find_next(cfg, &it, PCI_CAP_VENDOR)) != 0) {
		int r = cap_region(pci_read8(cfg, a, off + VIRTIO_CAP_TYPE));
		if (r < 0 || (found & (1u << r)) != 0 ||
		    cap_window(cfg, a, off, bars, &m->w[r]) != 0) {
			continue;
		}
		if (r == VIRTIO_R_NOTIFY &&
		    pci_read8(cfg, a, off + VIRTIO_CAP_LEN) >=
			VIRTIO_CAP_NOTIFY_MUL + 4) {
			*notify_mul =
			    pci_read32(cfg, a, off + VIRTIO_CAP_NOTIFY_MUL);
		}
		found |= 1u << r;
	}
	return found == (1u << VIRTIO_NREGIONS) - 1 ? 0 : -1;
}
