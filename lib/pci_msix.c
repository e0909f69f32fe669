/*
 * pci_msix: the MSI-X capability (PCI Local Bus 3.0, 6.8.2): the control
 * word at +2 (table size less one in bits 0-10, function mask bit 14,
 * enable bit 15), the table's BAR and offset at +4, the pending bit
 * array's at +8.  Each table entry is four dwords: address low and high,
 * data, vector control (bit 0 masks it).
 */
#include "pci_cap.h"
#include "pci_msi.h"

#include "cstring.h"

enum {
	MSIX_CONTROL = 2,
	MSIX_TABLE = 4,
	MSIX_PBA = 8,
	MSIX_SIZE = 0x7ff,
	MSIX_MASK_ALL = 1u << 14,
	MSIX_ENABLE = 1u << 15,
	MSIX_BIR = 7,
	ENTRY_DATA = 2, /* dword indices in an entry */
	ENTRY_CONTROL = 3,
};

/* Do len bytes at off lie in a memory BAR index of bars? */
static int
in_bar(const struct pci_bar *bars, int nbars, unsigned index, uint64_t off,
       uint64_t len)
{
	for (int i = 0; i < nbars; i++) {
		const struct pci_bar *b = &bars[i];
		if (b->index != index || b->kind == PCI_BAR_NONE ||
		    b->kind == PCI_BAR_IO) {
			continue;
		}
		return off < b->size && len <= b->size - off;
	}
	return 0;
}

int
pci_msix_probe(const struct pci_config *cfg, struct pci_addr a, uint8_t header,
	       const struct pci_bar *bars, int nbars, struct pci_msix *x)
{
	unsigned cap = pci_cap_find(cfg, a, header, PCI_CAP_MSIX);

	memset(x, 0, sizeof(*x));
	if (cap == 0 || cap + 12 > 256) {
		return -1;
	}
	uint16_t ctl = pci_read16(cfg, a, cap + MSIX_CONTROL);
	uint32_t table = pci_read32(cfg, a, cap + MSIX_TABLE);
	uint32_t pba = pci_read32(cfg, a, cap + MSIX_PBA);
	x->cap = (uint8_t)cap;
	x->entries = (uint16_t)((ctl & MSIX_SIZE) + 1);
	x->table_bar = table & MSIX_BIR;
	x->table_off = table & ~(uint32_t)MSIX_BIR;
	x->pba_bar = pba & MSIX_BIR;
	x->pba_off = pba & ~(uint32_t)MSIX_BIR;
	uint64_t pba_len = (x->entries + 63u) / 64 * 8;
	if (!in_bar(bars, nbars, x->table_bar, x->table_off,
		    (uint64_t)x->entries * PCI_MSIX_ENTRY) ||
	    !in_bar(bars, nbars, x->pba_bar, x->pba_off, pba_len)) {
		memset(x, 0, sizeof(*x));
		return -1;
	}
	return 0;
}

void
pci_msix_control(const struct pci_config *cfg, struct pci_addr a,
		 const struct pci_msix *x, int enable, int mask_all)
{
	uint16_t ctl = pci_read16(cfg, a, x->cap + MSIX_CONTROL);

	ctl &= (uint16_t) ~(MSIX_ENABLE | MSIX_MASK_ALL);
	ctl |= (uint16_t)((enable ? MSIX_ENABLE : 0) |
			  (mask_all ? MSIX_MASK_ALL : 0));
	pci_write(cfg, a, x->cap + MSIX_CONTROL, 2, ctl);
}

/* Entry i's four dwords, or NULL if i is not an entry. */
static volatile uint32_t *
entry(volatile void *table, const struct pci_msix *x, unsigned i)
{
	if (i >= x->entries) {
		return NULL;
	}
	return (volatile uint32_t *)table + 4 * (size_t)i;
}

int
pci_msix_set(volatile void *table, const struct pci_msix *x, unsigned i,
	     uint64_t addr, uint32_t data)
{
	volatile uint32_t *e = entry(table, x, i);

	if (e == NULL || (addr & 3) != 0) {
		return -1;
	}
	e[ENTRY_CONTROL] |= 1;
	e[0] = (uint32_t)addr;
	e[1] = (uint32_t)(addr >> 32);
	e[ENTRY_DATA] = data;
	return 0;
}

int
pci_msix_mask(volatile void *table, const struct pci_msix *x, unsigned i,
	      int masked)
{
	volatile uint32_t *e = entry(table, x, i);

	if (e == NULL) {
		return -1;
	}
	uint32_t ctl = e[ENTRY_CONTROL];
	e[ENTRY_CONTROL] = masked ? ctl | 1 : ctl & ~1u;
	return 0;
}

int
pci_msix_pending(const volatile void *pba, const struct pci_msix *x, unsigned i)
{
	if (i >= x->entries) {
		return -1;
	}
	const volatile uint32_t *w = pba;
	return (int)(w[i / 32] >> (i % 32) & 1);
}
