/*
 * pci_enum: the bus walk.  A bitmap of buses waiting and one of buses
 * scanned replace recursion (kernel stacks are small, and misc-no-recursion
 * holds for lib/ too); the lowest waiting bus is scanned next, so when
 * bridges lead to higher buses, as firmware numbers them, the table comes
 * out sorted the way lspci prints it.
 */
#include "pci_enum.h"

#include "cstring.h"

struct busmap {
	uint8_t bit[32];
};

static int
bus_test(const struct busmap *m, unsigned bus)
{
	return m->bit[bus / 8] >> (bus % 8) & 1;
}

static void
bus_set(struct busmap *m, unsigned bus)
{
	m->bit[bus / 8] |= (uint8_t)(1u << (bus % 8));
}

int
pci_probe(const struct pci_config *cfg, struct pci_addr a, struct pci_device *d)
{
	uint16_t vendor = pci_read16(cfg, a, PCI_VENDOR);

	if (vendor == 0xffff || vendor == 0) {
		return -1;
	}
	memset(d, 0, sizeof(*d));
	d->addr = a;
	d->vendor = vendor;
	d->device = pci_read16(cfg, a, PCI_DEVICE);
	d->revision = pci_read8(cfg, a, PCI_REVISION);
	d->progif = pci_read8(cfg, a, PCI_PROGIF);
	d->subclass = pci_read8(cfg, a, PCI_SUBCLASS);
	d->class = pci_read8(cfg, a, PCI_CLASS);
	d->header = pci_read8(cfg, a, PCI_HEADER) & 0x7f;
	d->multi = (pci_read8(cfg, a, PCI_HEADER) & PCI_HEADER_MULTI) != 0;
	d->int_line = pci_read8(cfg, a, PCI_INT_LINE);
	d->int_pin = pci_read8(cfg, a, PCI_INT_PIN);
	if (d->int_pin > 4) {
		d->int_pin = 0;
	}
	if (d->header == PCI_HEADER_NORMAL) {
		d->subvendor = pci_read16(cfg, a, PCI_SUBVENDOR);
		d->subdevice = pci_read16(cfg, a, PCI_SUBDEVICE);
	} else if (d->header == PCI_HEADER_BRIDGE) {
		d->secondary = pci_read8(cfg, a, PCI_SECONDARY);
		d->subordinate = pci_read8(cfg, a, PCI_SUBORDINATE);
	}
	return 0;
}

/* Keep d in t, or count it dropped. */
static void
table_add(struct pci_table *t, const struct pci_device *d)
{
	if (t->n < t->max) {
		t->dev[t->n++] = *d;
	} else {
		t->dropped++;
	}
}

/* Queue the bus behind bridge d, if it is in range and new. */
static void
follow_bridge(const struct pci_device *d, unsigned first, unsigned last,
	      struct busmap *queued, struct pci_table *t)
{
	unsigned bus = d->secondary;

	if (bus < first || bus > last || bus_test(queued, bus)) {
		t->refused++;
		return;
	}
	bus_set(queued, bus);
}

/* Scan the 32 devices of bus, their functions, into t. */
static void
scan_bus(const struct pci_config *cfg, unsigned bus, unsigned first,
	 unsigned last, struct busmap *queued, struct pci_table *t)
{
	struct pci_device d;

	for (unsigned dev = 0; dev < 32; dev++) {
		unsigned nfn = 1;
		for (unsigned fn = 0; fn < nfn; fn++) {
			struct pci_addr a = {(uint8_t)bus, (uint8_t)dev,
					     (uint8_t)fn};
			if (pci_probe(cfg, a, &d) != 0) {
				continue;
			}
			if (fn == 0 && d.multi) {
				nfn = 8;
			}
			table_add(t, &d);
			if (d.header == PCI_HEADER_BRIDGE) {
				follow_bridge(&d, first, last, queued, t);
			}
		}
	}
}

int
pci_enumerate(const struct pci_config *cfg, uint8_t bus_first, uint8_t bus_last,
	      struct pci_table *t)
{
	struct busmap queued = {{0}}, scanned = {{0}};

	t->n = t->dropped = t->buses = t->refused = 0;
	if (bus_first > bus_last) {
		return 0;
	}
	bus_set(&queued, bus_first);
	for (;;) {
		unsigned bus = bus_first;
		while (bus <= bus_last &&
		       (!bus_test(&queued, bus) || bus_test(&scanned, bus))) {
			bus++;
		}
		if (bus > bus_last) {
			break;
		}
		bus_set(&scanned, bus);
		t->buses++;
		scan_bus(cfg, bus, bus_first, bus_last, &queued, t);
	}
	return t->n;
}
