/*
 * pci_filter: which configuration writes a driver may make to its own
 * function through the pci service (docs/pci.md, "Grants").  A driver
 * turns its function's decoding, bus mastering and INTx on and off, and
 * MSI or MSI-X; it never moves a BAR, a bridge's windows or anything
 * else that would reach past its own device.
 */
#ifndef CAIRN_LIB_PCI_FILTER_H
#define CAIRN_LIB_PCI_FILTER_H

#include "pci.h"

/* The command register's bits a driver may change. */
#define PCI_FILTER_COMMAND                                                     \
	(PCI_CMD_IO | PCI_CMD_MEMORY | PCI_CMD_MASTER | PCI_CMD_INTX_OFF)

/*
 * May a driver write v, width bytes, at off of function a's space (whose
 * header type, less the multi bit, is header)?  Yes (1) only for: the
 * command register (off 0x04, width 2) when v changes no bit but those of
 * PCI_FILTER_COMMAND from what it holds now; the message control word
 * (capability + 2, width 2) of a's MSI-X capability, and of its MSI
 * capability so long as it does not turn MSI on (only the pci service
 * does, with the message it was shown: MSI_ENABLE; turned on with
 * whatever address the capability held, the device would write there).
 * Anything else, unaligned, or outside cfg's space: 0.  Reads a's command
 * register and capability list through cfg.
 */
int pci_filter_write(const struct pci_config *cfg, struct pci_addr a,
		     uint8_t header, unsigned off, unsigned width, uint32_t v);

#endif
