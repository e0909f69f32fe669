/*
 * pci_cap: the capability list of a function's configuration space.
 * The list is a chain of next pointers the device supplies; the walk
 * follows at most PCI_CAP_MAX_STEPS of them, over one iterator, so a
 * chain that loops back (or a caller that resumes the walk) ends.
 */
#ifndef CAIRN_LIB_PCI_CAP_H
#define CAIRN_LIB_PCI_CAP_H

#include "pci.h"

enum {
	PCI_CAP_PM = 0x01,
	PCI_CAP_MSI = 0x05,
	PCI_CAP_VENDOR = 0x09, /* virtio's structures (virtio 1.2, 4.1.4) */
	PCI_CAP_EXP = 0x10,    /* PCI Express */
	PCI_CAP_MSIX = 0x11,
};

/* Capabilities live in 0x40-0xff, four-byte aligned: at most 48. */
#define PCI_CAP_MAX_STEPS 48

/* A walk over one function's list; start it with pci_cap_begin. */
struct pci_cap_iter {
	struct pci_addr addr;
	uint8_t next;  /* the offset to visit next, 0 at the end */
	uint8_t steps; /* capabilities visited */
};

/*
 * Start a walk of a's list.  header is its header type (the list pointer
 * of a CardBus bridge is elsewhere).  A function whose status says it
 * has no list gets an empty walk.
 */
void pci_cap_begin(const struct pci_config *cfg, struct pci_addr a,
		   uint8_t header, struct pci_cap_iter *it);

/*
 * The next capability: its offset (0x40-0xfc), and its id in *id.
 * Returns 0 at the end of the list, after PCI_CAP_MAX_STEPS, or at a
 * pointer below 0x40.
 */
unsigned pci_cap_next(const struct pci_config *cfg, struct pci_cap_iter *it,
		      uint8_t *id);

/*
 * Continue the walk it to the next capability with id; its offset, or
 * 0 if there is none.  Call it again with the same it for the next one.
 */
unsigned pci_cap_find_next(const struct pci_config *cfg,
			   struct pci_cap_iter *it, uint8_t id);

/* The offset of a's first capability with id, or 0. */
unsigned pci_cap_find(const struct pci_config *cfg, struct pci_addr a,
		      uint8_t header, uint8_t id);

#endif
