/*
 * pci: configuration access through the caller's functions, with the
 * checks that keep a hostile pointer (a capability's next, a BAR index)
 * from becoming an unaligned or out-of-range access; and the ECAM
 * window's accessors.
 */
#include "pci.h"

/* Is the access at off of width bytes aligned and inside cfg's space? */
static int
access_ok(const struct pci_config *cfg, unsigned off, unsigned width)
{
	if (width != 1 && width != 2 && width != 4) {
		return 0;
	}
	return off % width == 0 && off < cfg->size && width <= cfg->size - off;
}

static uint32_t
all_ones(unsigned width)
{
	return width == 4 ? 0xffffffffu : (1u << (8 * width)) - 1;
}

uint32_t
pci_read(const struct pci_config *cfg, struct pci_addr a, unsigned off,
	 unsigned width)
{
	if (!access_ok(cfg, off, width) || a.dev > 31 || a.fn > 7) {
		return all_ones(width == 1 || width == 2 ? width : 4);
	}
	return cfg->read(cfg->ctx, a, off, width) & all_ones(width);
}

void
pci_write(const struct pci_config *cfg, struct pci_addr a, unsigned off,
	  unsigned width, uint32_t v)
{
	if (access_ok(cfg, off, width) && a.dev <= 31 && a.fn <= 7) {
		cfg->write(cfg->ctx, a, off, width, v & all_ones(width));
	}
}

uint16_t
pci_command(const struct pci_config *cfg, struct pci_addr a, uint16_t set,
	    uint16_t clear)
{
	uint16_t old = pci_read16(cfg, a, PCI_COMMAND);
	uint16_t cmd = (uint16_t)((old & ~clear) | set);

	if (cmd != old) {
		pci_write(cfg, a, PCI_COMMAND, 2, cmd);
	}
	return old;
}

/* Where a's register off is in the window, or NULL if a is outside. */
static volatile uint8_t *
ecam_at(const struct pci_ecam *e, struct pci_addr a, unsigned off)
{
	if (a.bus < e->bus_first || a.bus > e->bus_last) {
		return NULL;
	}
	return e->base + pci_ecam_offset(e->bus_first, a, off);
}

static uint32_t
ecam_read(void *ctx, struct pci_addr a, unsigned off, unsigned width)
{
	volatile uint8_t *p = ecam_at(ctx, a, off);

	if (p == NULL) {
		return 0xffffffffu;
	}
	if (width == 1) {
		return *p;
	}
	if (width == 2) {
		return *(volatile uint16_t *)(volatile void *)p;
	}
	return *(volatile uint32_t *)(volatile void *)p;
}

static void
ecam_write(void *ctx, struct pci_addr a, unsigned off, unsigned width,
	   uint32_t v)
{
	volatile uint8_t *p = ecam_at(ctx, a, off);

	if (p == NULL) {
		return;
	}
	if (width == 1) {
		*p = (uint8_t)v;
	} else if (width == 2) {
		*(volatile uint16_t *)(volatile void *)p = (uint16_t)v;
	} else {
		*(volatile uint32_t *)(volatile void *)p = v;
	}
}

void
pci_ecam_config(struct pci_config *cfg, struct pci_ecam *e)
{
	cfg->read = ecam_read;
	cfg->write = ecam_write;
	cfg->ctx = e;
	cfg->size = 4096;
}
