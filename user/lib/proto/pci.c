/*
 * The pci service's client stubs (pci.h).
 */
#include "proto/pci.h"
#include "procrt.h"

int
cairn_pci_cfg_read(cptr_t ep, unsigned off, unsigned width, uint32_t *v)
{
	word_t w = 0;
	int st = cairn_call3(ep, CAIRN_PCI_CFG_READ, off, width, 0, &w);

	*v = st == CAIRN_OK ? (uint32_t)w : 0xffffffffu;
	return st;
}

int
cairn_pci_cfg_write(cptr_t ep, unsigned off, unsigned width, uint32_t v)
{
	return cairn_call3(ep, CAIRN_PCI_CFG_WRITE, off, width, v, NULL);
}

int
cairn_pci_msi_enable(cptr_t ep, cptr_t handler)
{
	struct cairn_msg m = {0};

	m.caps = 1;
	cairn_ipcbuf()->caps[0] = handler;
	int st = cairn_call(ep, CAIRN_PCI_MSI_ENABLE, 0, &m);
	return st == CAIRN_OK ? (int)m.label : st;
}

int
cairn_pci_list(cptr_t ep, word_t index, struct pci_device *d)
{
	struct cairn_msg m = {0};

	m.w[0] = index;
	int st = cairn_call(ep, CAIRN_PCI_LIST, 1, &m);
	if (st == CAIRN_OK) {
		st = (int)m.label;
	}
	if (st == CAIRN_OK) {
		cairn_pci_unpack(m.w, d);
	}
	return st;
}

int
cairn_pci_dev(unsigned i, struct cairn_pci_dev *dev)
{
	for (word_t k = 0; k < cairn_procinfo->ngrants; k++) {
		const struct cairn_grant *g = &cairn_procinfo->grants[k];
		if (g->kind != CAIRN_GRANT_PCI || i-- != 0) {
			continue;
		}
		dev->ep = g->slot;
		dev->addr.bus = (uint8_t)(g->a >> 8);
		dev->addr.dev = (uint8_t)(g->a >> 3 & 31);
		dev->addr.fn = (uint8_t)(g->a & 7);
		dev->vendor = (uint16_t)g->b;
		dev->device = (uint16_t)(g->b >> 16);
		dev->class = (uint8_t)(g->b >> 32);
		dev->subclass = (uint8_t)(g->b >> 40);
		dev->progif = (uint8_t)(g->b >> 48);
		return CAIRN_OK;
	}
	return CAIRN_E_RANGE;
}

static int
same_fn(const struct cairn_pci_dev *d, struct pci_addr a)
{
	return d->addr.bus == a.bus && d->addr.dev == a.dev &&
	       d->addr.fn == a.fn;
}

static uint32_t
ep_read(void *ctx, struct pci_addr a, unsigned off, unsigned width)
{
	struct cairn_pci_dev *d = ctx;
	uint32_t v = 0xffffffffu;

	if (same_fn(d, a)) {
		cairn_pci_cfg_read(d->ep, off, width, &v);
	}
	return v;
}

static void
ep_write(void *ctx, struct pci_addr a, unsigned off, unsigned width, uint32_t v)
{
	struct cairn_pci_dev *d = ctx;

	if (same_fn(d, a)) {
		cairn_pci_cfg_write(d->ep, off, width, v);
	}
}

void
cairn_pci_config(struct pci_config *cfg, struct cairn_pci_dev *dev)
{
	cfg->read = ep_read;
	cfg->write = ep_write;
	cfg->ctx = dev;
	cfg->size = 4096;
}
