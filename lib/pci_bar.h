/*
 * pci_bar: a function's base address registers, decoded and sized.
 * Sizing writes all ones to a BAR and reads back which bits stuck, with
 * the function's memory and I/O decoding off meanwhile and the BAR and
 * command register restored after, so nothing else sees the probe.  The
 * pci service sizes BARs before any driver runs.
 */
#ifndef CAIRN_LIB_PCI_BAR_H
#define CAIRN_LIB_PCI_BAR_H

#include "pci.h"

#define PCI_MAX_BARS 6

enum pci_bar_kind {
	PCI_BAR_NONE = 0, /* not implemented, or unusable */
	PCI_BAR_MEM32 = 1,
	PCI_BAR_MEM64 = 2, /* takes this register and the next */
	PCI_BAR_IO = 3,
};

/*
 * One BAR.  base is aligned to size, a power of two, and
 * base + size - 1 does not overflow (64 bits; 32 bits for MEM32 and IO).
 */
struct pci_bar {
	uint8_t index; /* 0-5: which register (the low one of a pair) */
	uint8_t kind;  /* enum pci_bar_kind */
	uint8_t prefetchable;
	uint64_t base;
	uint64_t size;
};

/* How many BARs a header type has: 6, 2 for a bridge, 1 for CardBus. */
int pci_bar_count(uint8_t header);

/*
 * Decode and size BAR index of function a, whose header type is header.
 * Fills b (kind PCI_BAR_NONE for an unimplemented or malformed BAR: a
 * 64-bit one in the last register, a reserved type, nothing writable).
 * Returns how many registers it took, 1 or 2, or -1 if index is not one
 * of the header's BARs.
 */
int pci_bar_probe(const struct pci_config *cfg, struct pci_addr a,
		  uint8_t header, int index, struct pci_bar *b);

/*
 * Size every BAR of function a into out (PCI_MAX_BARS entries), leaving
 * out the unimplemented ones.  Returns how many were filled.
 */
int pci_bars(const struct pci_config *cfg, struct pci_addr a, uint8_t header,
	     struct pci_bar *out);

#endif
