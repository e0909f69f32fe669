/*
 * pci_msi: the MSI capability's layout (PCI Local Bus 3.0, 6.8.1): the
 * control word at +2, the address at +4 (its top half at +8 if 64-bit),
 * then the data, then, if per-vector masking, the mask and pending
 * words.  And the INTx swizzle across bridges (PCI-to-PCI Bridge 1.2,
 * 9.1).
 */
#include "pci_cap.h"
#include "pci_msi.h"

#include "cstring.h"

enum {
	MSI_CONTROL = 2,
	MSI_ADDR = 4,
	MSI_ENABLE = 1u << 0,
	MSI_MMC_SHIFT = 1, /* vectors capable, log2, 3 bits */
	MSI_MME_SHIFT = 4, /* vectors enabled, log2, 3 bits */
	MSI_64 = 1u << 7,
	MSI_MASKABLE = 1u << 8,
};

/* Offsets from the capability of the data and mask words. */
static unsigned
data_off(const struct pci_msi *m)
{
	return m->is64 ? 0x0c : 0x08;
}

static unsigned
mask_off(const struct pci_msi *m)
{
	return m->is64 ? 0x10 : 0x0c;
}

int
pci_msi_probe(const struct pci_config *cfg, struct pci_addr a, uint8_t header,
	      struct pci_msi *m)
{
	unsigned cap = pci_cap_find(cfg, a, header, PCI_CAP_MSI);

	memset(m, 0, sizeof(*m));
	if (cap == 0) {
		return -1;
	}
	uint16_t ctl = pci_read16(cfg, a, cap + MSI_CONTROL);
	m->cap = (uint8_t)cap;
	m->is64 = (ctl & MSI_64) != 0;
	m->maskable = (ctl & MSI_MASKABLE) != 0;
	unsigned mmc = ctl >> MSI_MMC_SHIFT & 7;
	m->vectors = (uint8_t)(1u << (mmc > 5 ? 0 : mmc));
	unsigned end = m->maskable ? mask_off(m) + 8 : data_off(m) + 2;
	if (cap + end > 256) {
		memset(m, 0, sizeof(*m));
		return -1;
	}
	return 0;
}

int
pci_msi_program(const struct pci_config *cfg, struct pci_addr a,
		const struct pci_msi *m, uint64_t addr, uint16_t data,
		unsigned log2)
{
	if ((addr & 3) != 0 || (!m->is64 && addr >> 32 != 0) || log2 > 5 ||
	    (1u << log2) > m->vectors) {
		return -1;
	}
	pci_msi_enable(cfg, a, m, 0);
	pci_write(cfg, a, m->cap + MSI_ADDR, 4, (uint32_t)addr);
	if (m->is64) {
		pci_write(cfg, a, m->cap + MSI_ADDR + 4, 4,
			  (uint32_t)(addr >> 32));
	}
	pci_write(cfg, a, m->cap + data_off(m), 2, data);
	uint16_t ctl = pci_read16(cfg, a, m->cap + MSI_CONTROL);
	ctl =
	    (uint16_t)((ctl & ~(7u << MSI_MME_SHIFT)) | log2 << MSI_MME_SHIFT);
	pci_write(cfg, a, m->cap + MSI_CONTROL, 2, ctl);
	return 0;
}

void
pci_msi_enable(const struct pci_config *cfg, struct pci_addr a,
	       const struct pci_msi *m, int on)
{
	uint16_t ctl = pci_read16(cfg, a, m->cap + MSI_CONTROL);
	uint16_t want = (uint16_t)(on ? ctl | MSI_ENABLE : ctl & ~MSI_ENABLE);

	if (want != ctl) {
		pci_write(cfg, a, m->cap + MSI_CONTROL, 2, want);
	}
}

int
pci_msi_mask(const struct pci_config *cfg, struct pci_addr a,
	     const struct pci_msi *m, unsigned v, int masked)
{
	if (!m->maskable || v >= m->vectors) {
		return -1;
	}
	unsigned off = m->cap + mask_off(m);
	uint32_t bits = pci_read32(cfg, a, off);
	bits = masked ? bits | 1u << v : bits & ~(1u << v);
	pci_write(cfg, a, off, 4, bits);
	return 0;
}

uint8_t
pci_intx_swizzle(uint8_t dev, uint8_t pin)
{
	if (pin < 1 || pin > 4) {
		return 0;
	}
	return (uint8_t)((pin - 1u + dev) % 4 + 1);
}
