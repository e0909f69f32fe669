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
#include "pci_bar.h"  /* lib/: struct pci_bar */
#include "pci_enum.h" /* lib/: struct pci_device */
#include "proto/init.h"

enum cairn_pci_call {
	CAIRN_PCI_CFG_READ = 1,	  /* MR0 offset, MR1 width (1, 2, 4) ->
				     MR0 the value */
	CAIRN_PCI_CFG_WRITE = 2,  /* MR0 offset, MR1 width, MR2 value; only
				     the command register's IO, MEMORY,
				     MASTER and INTX_OFF bits and the MSI
				     and MSI-X capabilities' control words,
				     never turning MSI on: MSI_ENABLE does
				     (CAIRN_E_ILLEGAL_OPERATION else) */
	CAIRN_PCI_LIST = 3,	  /* MR0 index -> one function (below),
				     CAIRN_E_RANGE past the last */
	CAIRN_PCI_MSI_ENABLE = 4, /* an MSI handler's capability sent along
				     (IRQ_CONTROL_GET_MSI's, for this
				     function): its message programmed into
				     the function's MSI capability, one
				     vector, and MSI turned on.  Refused:
				     no capability (INVALID_ARGUMENT), not
				     an MSI handler (ILLEGAL_OPERATION),
				     another function's (NO_RIGHTS), no MSI
				     capability (ILLEGAL_OPERATION), an
				     address the function cannot reach
				     (RANGE) */
};

/* A device endpoint's badge names function i of the service's table (a
 * plain endpoint's, `needs pci`, is the caller's pid: below). */
#define CAIRN_PCI_DEV_BADGE(i) (1ull << 40 | (i))
#define CAIRN_PCI_IS_DEV(b)    (((b) >> 40) == 1)

/*
 * CAIRN_PCI_LIST's answer: MR0 the address (bus << 8 | dev << 3 | fn),
 * MR1 vendor | device << 16 | class << 32 | subclass << 40 | prog_if << 48
 * | revision << 56 (CAIRN_GRANT_PCI's b, plus the revision), MR2 header |
 * multi << 8 | int_pin << 16 | int_line << 24 | subvendor << 32 |
 * subdevice << 48, MR3 secondary | subordinate << 8.
 */
#define CAIRN_PCI_LIST_WORDS 4

/* The words of d (CAIRN_PCI_LIST's MR0-3) and back. */
static inline void
cairn_pci_pack(const struct pci_device *d, word_t w[CAIRN_PCI_LIST_WORDS])
{
	w[0] = (word_t)d->addr.bus << 8 | (word_t)(d->addr.dev & 31) << 3 |
	       (d->addr.fn & 7);
	w[1] = d->vendor | (word_t)d->device << 16 | (word_t)d->class << 32 |
	       (word_t)d->subclass << 40 | (word_t)d->progif << 48 |
	       (word_t)d->revision << 56;
	w[2] = d->header | (word_t)d->multi << 8 | (word_t)d->int_pin << 16 |
	       (word_t)d->int_line << 24 | (word_t)d->subvendor << 32 |
	       (word_t)d->subdevice << 48;
	w[3] = d->secondary | (word_t)d->subordinate << 8;
}

static inline void
cairn_pci_unpack(const word_t w[CAIRN_PCI_LIST_WORDS], struct pci_device *d)
{
	d->addr.bus = (uint8_t)(w[0] >> 8);
	d->addr.dev = (uint8_t)(w[0] >> 3 & 31);
	d->addr.fn = (uint8_t)(w[0] & 7);
	d->vendor = (uint16_t)w[1];
	d->device = (uint16_t)(w[1] >> 16);
	d->class = (uint8_t)(w[1] >> 32);
	d->subclass = (uint8_t)(w[1] >> 40);
	d->progif = (uint8_t)(w[1] >> 48);
	d->revision = (uint8_t)(w[1] >> 56);
	d->header = (uint8_t)w[2];
	d->multi = (uint8_t)(w[2] >> 8);
	d->int_pin = (uint8_t)(w[2] >> 16);
	d->int_line = (uint8_t)(w[2] >> 24);
	d->subvendor = (uint16_t)(w[2] >> 32);
	d->subdevice = (uint16_t)(w[2] >> 48);
	d->secondary = (uint8_t)w[3];
	d->subordinate = (uint8_t)(w[3] >> 8);
}

/*
 * A table entry's words (CAIRN_INIT_PCI_DEVICE, proto/init.h): d, and
 * its nbars (at most PCI_MAX_BARS) BARs.
 */
static inline void
cairn_pci_entry_pack(const struct pci_device *d, const struct pci_bar *b,
		     int nbars, word_t w[CAIRN_PCI_ENTRY_WORDS])
{
	cairn_pci_pack(d, w);
	w[4] = 0;
	for (int i = 0; i < PCI_MAX_BARS; i++) {
		w[5 + 2 * i] = i < nbars ? b[i].base : 0;
		w[6 + 2 * i] = i < nbars ? b[i].size : 0;
		if (i < nbars) {
			w[4] |=
			    (word_t)((b[i].index & 7) | (b[i].kind & 7) << 3 |
				     (b[i].prefetchable ? 1 : 0) << 6)
			    << (8 * i);
		}
	}
}

/* The other way: the BARs (those of kind PCI_BAR_NONE dropped), and
 * how many. */
static inline int
cairn_pci_entry_unpack(const word_t w[CAIRN_PCI_ENTRY_WORDS],
		       struct pci_device *d, struct pci_bar *b)
{
	int n = 0;

	cairn_pci_unpack(w, d);
	for (int i = 0; i < PCI_MAX_BARS; i++) {
		uint8_t k = (uint8_t)(w[4] >> (8 * i));
		b[n].index = k & 7;
		b[n].kind = k >> 3 & 7;
		b[n].prefetchable = k >> 6 & 1;
		b[n].base = w[5 + 2 * i];
		b[n].size = w[6 + 2 * i];
		n += b[n].kind != PCI_BAR_NONE;
	}
	return n;
}

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

/* MSI for the device of endpoint ep, by the MSI handler's message (the
 * handler capability is shown to the service, not given). */
int cairn_pci_msi_enable(cptr_t ep, cptr_t handler);
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
