/*
 * pci_bar: decoding and sizing (PCI Local Bus 3.0, 6.2.5.1).  The size
 * is the lowest bit that stuck when all ones were written: a device that
 * answers with holes in its mask (a hostile or broken one) gets the
 * smallest size its answer allows, never an overflowing one.
 */
#include "pci_bar.h"

#include "cstring.h"

enum {
	BAR_IO = 1u << 0,
	BAR_TYPE = 3u << 1,
	BAR_TYPE64 = 2u << 1,
	BAR_TYPE_RESERVED = 3u << 1,
	BAR_PREFETCH = 1u << 3,
};

int
pci_bar_count(uint8_t header)
{
	switch (header & 0x7f) {
	case PCI_HEADER_NORMAL:
		return 6;
	case PCI_HEADER_BRIDGE:
		return 2;
	case PCI_HEADER_CARDBUS:
		return 1;
	default:
		return 0;
	}
}

/* Write all ones to the register at off; return what stuck, restored. */
static uint32_t
size_reg(const struct pci_config *cfg, struct pci_addr a, unsigned off,
	 uint32_t orig)
{
	pci_write(cfg, a, off, 4, 0xffffffffu);
	uint32_t got = pci_read32(cfg, a, off);
	pci_write(cfg, a, off, 4, orig);
	return got;
}

/* The lowest set bit of mask: the size it describes, 0 if none. */
static uint64_t
lowest(uint64_t mask)
{
	return mask & (~mask + 1);
}

static void
decode_io(uint32_t orig, uint32_t got, struct pci_bar *b)
{
	uint64_t size = lowest(got & ~3u);

	if (size == 0) {
		return;
	}
	b->kind = PCI_BAR_IO;
	b->size = size;
	b->base = (orig & ~3u) & ~(size - 1);
}

/* A 32-bit memory BAR, or the low half of a 64-bit one (hi_* its top). */
static void
decode_mem(uint32_t orig, uint32_t got, uint32_t hi_orig, uint32_t hi_got,
	   int wide, struct pci_bar *b)
{
	uint64_t mask = (uint64_t)hi_got << 32 | (got & ~0xfu);
	uint64_t size = lowest(mask);

	if (size == 0) {
		return;
	}
	b->kind = wide ? PCI_BAR_MEM64 : PCI_BAR_MEM32;
	b->prefetchable = (orig & BAR_PREFETCH) != 0;
	b->size = size;
	b->base = ((uint64_t)hi_orig << 32 | (orig & ~0xfu)) & ~(size - 1);
}

/* Size BAR at off with decoding already off; fill b; registers taken. */
static int
probe_off(const struct pci_config *cfg, struct pci_addr a, unsigned off,
	  int last, struct pci_bar *b)
{
	uint32_t orig = pci_read32(cfg, a, off);

	if (orig & BAR_IO) {
		decode_io(orig, size_reg(cfg, a, off, orig), b);
		return 1;
	}
	if ((orig & BAR_TYPE) == BAR_TYPE_RESERVED) {
		return 1;
	}
	if ((orig & BAR_TYPE) != BAR_TYPE64) {
		decode_mem(orig, size_reg(cfg, a, off, orig), 0, 0, 0, b);
		return 1;
	}
	if (last) {
		return 1; /* no room for the top half */
	}
	uint32_t hi = pci_read32(cfg, a, off + 4);
	uint32_t got = size_reg(cfg, a, off, orig);
	uint32_t hi_got = size_reg(cfg, a, off + 4, hi);
	decode_mem(orig, got, hi, hi_got, 1, b);
	return 2;
}

int
pci_bar_probe(const struct pci_config *cfg, struct pci_addr a, uint8_t header,
	      int index, struct pci_bar *b)
{
	int count = pci_bar_count(header);

	memset(b, 0, sizeof(*b));
	if (index < 0 || index >= count) {
		return -1;
	}
	b->index = (uint8_t)index;
	uint16_t cmd = pci_command(cfg, a, 0, PCI_CMD_IO | PCI_CMD_MEMORY);
	int took = probe_off(cfg, a, PCI_BAR0 + 4u * (unsigned)index,
			     index == count - 1, b);
	if (cmd & (PCI_CMD_IO | PCI_CMD_MEMORY)) {
		pci_write(cfg, a, PCI_COMMAND, 2, cmd);
	}
	return took;
}

int
pci_bars(const struct pci_config *cfg, struct pci_addr a, uint8_t header,
	 struct pci_bar *out)
{
	int n = 0, count = pci_bar_count(header);

	for (int i = 0; i < count;) {
		int took = pci_bar_probe(cfg, a, header, i, &out[n]);
		if (took < 1) {
			break;
		}
		if (out[n].kind != PCI_BAR_NONE) {
			n++;
		}
		i += took;
	}
	return n;
}
