/*
 * pci_assign: a bump allocator over the host bridge's windows.  Placing
 * the largest BAR first would pack tighter; QEMU's windows are hundreds
 * of MiB for a few KiB of BARs, so the order found is kept.
 */
#include "pci_assign.h"

void
pci_placer_init(struct pci_placer *pl, const struct pci_windows *w)
{
	uint64_t io = w->io_base < 0x1000 ? 0x1000 : w->io_base;
	uint64_t io_end = w->io_base + w->io_size;

	pl->mem_next = w->mem_base;
	pl->mem_end = w->mem_base + w->mem_size;
	if (w->mem_size == 0 || pl->mem_end < w->mem_base ||
	    pl->mem_end > 0x100000000ull || w->mem_base == 0) {
		pl->mem_next = pl->mem_end = 0;
	}
	pl->io_next = io;
	pl->io_end = io_end;
	if (w->io_size == 0 || io_end < w->io_base || io >= io_end ||
	    io_end > 0x10000) {
		pl->io_next = pl->io_end = 0;
	}
}

/* The lowest address in [*next, end) aligned to size, taken; 0 if none. */
static uint64_t
take(uint64_t *next, uint64_t end, uint64_t size)
{
	uint64_t at = (*next + size - 1) & ~(size - 1);

	if (size == 0 || (size & (size - 1)) != 0 || at < *next || at >= end ||
	    size > end - at) {
		return 0;
	}
	*next = at + size;
	return at;
}

int
pci_place(const struct pci_config *cfg, struct pci_addr a, struct pci_bar *b,
	  int n, struct pci_placer *pl)
{
	uint16_t on = 0;
	int placed = 0;

	for (int i = 0; i < n; i++) {
		if (b[i].base != 0 || b[i].kind == PCI_BAR_NONE ||
		    b[i].index >= PCI_MAX_BARS) {
			continue;
		}
		int io = b[i].kind == PCI_BAR_IO;
		uint64_t at = io ? take(&pl->io_next, pl->io_end, b[i].size)
				 : take(&pl->mem_next, pl->mem_end, b[i].size);
		if (at == 0) {
			continue;
		}
		unsigned reg = PCI_BAR0 + 4u * b[i].index;
		pci_write(cfg, a, reg, 4, (uint32_t)at);
		if (b[i].kind == PCI_BAR_MEM64) {
			pci_write(cfg, a, reg + 4, 4, 0);
		}
		b[i].base = at;
		on |= io ? PCI_CMD_IO : PCI_CMD_MEMORY;
		placed++;
	}
	if (on != 0) {
		pci_command(cfg, a, on, 0);
	}
	return placed;
}
