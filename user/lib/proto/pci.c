/*
 * The pci service's client stubs (pci.h).
 */
#include "proto/pci.h"
#include "procrt.h"

/* One call of up to three words: the status, the answer's MR0 in *w0. */
static int
call3(cptr_t ep, word_t label, word_t a, word_t b, word_t c, word_t *w0)
{
	struct cairn_msg m = {0};

	m.w[0] = a;
	m.w[1] = b;
	m.w[2] = c;
	int st = cairn_call(ep, label, 3, &m);
	if (st == CAIRN_OK) {
		st = (int)m.label;
	}
	if (w0 != NULL) {
		*w0 = m.w[0];
	}
	return st;
}

int
cairn_pci_cfg_read(cptr_t ep, unsigned off, unsigned width, uint32_t *v)
{
	word_t w = 0;
	int st = call3(ep, CAIRN_PCI_CFG_READ, off, width, 0, &w);

	*v = st == CAIRN_OK ? (uint32_t)w : 0xffffffffu;
	return st;
}

int
cairn_pci_cfg_write(cptr_t ep, unsigned off, unsigned width, uint32_t v)
{
	return call3(ep, CAIRN_PCI_CFG_WRITE, off, width, v, NULL);
}

void
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

void
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
