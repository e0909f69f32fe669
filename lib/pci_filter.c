/*
 * pci_filter: the check of a driver's configuration writes.
 */
#include "pci_filter.h"

#include "pci_cap.h"

/* Is off the control word of a's capability id (MSI or MSI-X)? */
static int
is_control(const struct pci_config *cfg, struct pci_addr a, uint8_t header,
	   uint8_t id, unsigned off)
{
	unsigned cap = pci_cap_find(cfg, a, header, id);

	return cap != 0 && off == cap + 2;
}

/* MSI's enable bit, in its control word. */
#define MSI_ENABLE_BIT 1u

int
pci_filter_write(const struct pci_config *cfg, struct pci_addr a,
		 uint8_t header, unsigned off, unsigned width, uint32_t v)
{
	if ((width != 1 && width != 2 && width != 4) || off % width != 0 ||
	    off + width > cfg->size || width != 2) {
		return 0;
	}
	if (off == PCI_COMMAND) {
		uint16_t now = pci_read16(cfg, a, PCI_COMMAND);
		return ((v ^ now) & 0xffffu & ~PCI_FILTER_COMMAND) == 0 &&
		       v <= 0xffffu;
	}
	if (v > 0xffffu) {
		return 0;
	}
	if (is_control(cfg, a, header, PCI_CAP_MSI, off)) {
		/* Off, or left on: never turned on from here. */
		return !(v & MSI_ENABLE_BIT) ||
		       (pci_read16(cfg, a, off) & MSI_ENABLE_BIT);
	}
	return is_control(cfg, a, header, PCI_CAP_MSIX, off);
}
