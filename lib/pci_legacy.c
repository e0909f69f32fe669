/*
 * pci_legacy: configuration space through the PC's ports (PCI Local Bus
 * 3.0, 3.2.2.3.2): the function and dword go to 0xCF8, the bytes come
 * and go through 0xCFC-0xCFF, at 0xCFC plus the offset's low two bits.
 */
#include "pci.h"

enum {
	PORT_ADDRESS = 0xcf8,
	PORT_DATA = 0xcfc,
};

static uint32_t
legacy_read(void *ctx, struct pci_addr a, unsigned off, unsigned width)
{
	struct pci_ports *p = ctx;

	p->out(p->ctx, PORT_ADDRESS, 4, pci_legacy_address(a, off));
	return p->in(p->ctx, (uint16_t)(PORT_DATA + (off & 3)), width);
}

static void
legacy_write(void *ctx, struct pci_addr a, unsigned off, unsigned width,
	     uint32_t v)
{
	struct pci_ports *p = ctx;

	p->out(p->ctx, PORT_ADDRESS, 4, pci_legacy_address(a, off));
	p->out(p->ctx, (uint16_t)(PORT_DATA + (off & 3)), width, v);
}

void
pci_legacy_config(struct pci_config *cfg, struct pci_ports *p)
{
	cfg->read = legacy_read;
	cfg->write = legacy_write;
	cfg->ctx = p;
	cfg->size = 256;
}
