/*
 * The pci service's protocol (services/pci is its server) and its client
 * stubs (pci.c).  Two kinds of endpoint reach it (docs/pci.md):
 *
 * - a device endpoint, the slot of a driver's CAIRN_GRANT_PCI grant,
 *   badged by init with the one function it names: CFG_READ and
 *   CFG_WRITE reach that function's configuration space only;
 * - the plain one, `needs pci`: LIST, what lspci shows.
 *
 * Every answer's label is a status (CAIRN_OK or a CAIRN_E_*).
 */
#ifndef CAIRN_PROTO_PCI_H
#define CAIRN_PROTO_PCI_H

#include <cairn/proc.h>

#include "cairn.h"
#include "pci.h"      /* lib/: struct pci_config */
#include "pci_enum.h" /* lib/: struct pci_device */

enum cairn_pci_call {
	CAIRN_PCI_CFG_READ = 1,	 /* MR0 offset, MR1 width (1, 2, 4) ->
				    MR0 the value */
	CAIRN_PCI_CFG_WRITE = 2, /* MR0 offset, MR1 width, MR2 value; only
				    the command register's IO, MEMORY,
				    MASTER and INTX_OFF bits and the MSI
				    and MSI-X capabilities' control words
				    (CAIRN_E_ILLEGAL_OPERATION else) */
	CAIRN_PCI_LIST = 3,	 /* MR0 index -> one function (below),
				    CAIRN_E_RANGE past the last */
};

/*
 * CAIRN_PCI_LIST's answer: MR0 the address (bus << 8 | dev << 3 | fn),
 * MR1 vendor | device << 16 | class << 32 | subclass << 40 | prog_if << 48
 * | revision << 56 (CAIRN_GRANT_PCI's b, plus the revision), MR2 header |
 * multi << 8 | int_pin << 16 | int_line << 24 | subvendor << 32 |
 * subdevice << 48, MR3 secondary | subordinate << 8.
 */
#define CAIRN_PCI_LIST_WORDS 4

/* The words of d (CAIRN_PCI_LIST's MR0-3) and back. */
void cairn_pci_pack(const struct pci_device *d, word_t w[CAIRN_PCI_LIST_WORDS]);
void cairn_pci_unpack(const word_t w[CAIRN_PCI_LIST_WORDS],
		      struct pci_device *d);

/* The function of a CAIRN_GRANT_PCI grant, and the endpoint to it. */
struct cairn_pci_dev {
	cptr_t ep;
	struct pci_addr addr;
	uint16_t vendor, device;
	uint8_t class, subclass, progif;
};

/* The client stubs: 0 or a CAIRN_E_* status. */
int cairn_pci_cfg_read(cptr_t ep, unsigned off, unsigned width, uint32_t *v);
int cairn_pci_cfg_write(cptr_t ep, unsigned off, unsigned width, uint32_t v);
/* Function index of the service's table (0, 1, ...): CAIRN_E_RANGE past
 * the last. */
int cairn_pci_list(cptr_t ep, word_t index, struct pci_device *d);

/*
 * The i-th CAIRN_GRANT_PCI grant of this process (0: the first) in *dev:
 * 0, or CAIRN_E_RANGE if it has no such grant.
 */
int cairn_pci_dev(unsigned i, struct cairn_pci_dev *dev);

/*
 * Fill cfg to reach dev's configuration space over its endpoint, so that
 * lib/pci* and lib/virtio* run unchanged in a driver: reads and writes of
 * dev->addr become CFG_READ and CFG_WRITE; another function reads all
 * ones, and a write the service refuses is dropped (as pci_write drops
 * one outside the space).  dev must outlive cfg.
 */
void cairn_pci_config(struct pci_config *cfg, struct cairn_pci_dev *dev);

#endif
