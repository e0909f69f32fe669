/*
 * pci_sim: the simulated configuration space (pci_sim.h).
 */
#include <string.h>

#include "pci_sim.h"

struct pci_sim_fn *
pci_sim_find(struct pci_sim *s, struct pci_addr a)
{
	for (int i = 0; i < s->n; i++) {
		struct pci_addr b = s->fn[i].addr;
		if (b.bus == a.bus && b.dev == a.dev && b.fn == a.fn) {
			return &s->fn[i];
		}
	}
	return NULL;
}

static int
bad_access(struct pci_sim *s, struct pci_addr a, unsigned off, unsigned width)
{
	if ((width != 1 && width != 2 && width != 4) || off % width != 0 ||
	    off + width > s->size || a.dev > 31 || a.fn > 7) {
		s->bad++;
		return 1;
	}
	return 0;
}

uint32_t
pci_sim_get(const struct pci_sim_fn *f, unsigned off, unsigned width)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < width; i++) {
		v |= (uint32_t)f->cfg[off + i] << (8 * i);
	}
	return v;
}

void
pci_sim_put(struct pci_sim_fn *f, unsigned off, unsigned width, uint32_t v)
{
	for (unsigned i = 0; i < width; i++) {
		f->cfg[off + i] = (uint8_t)(v >> (8 * i));
	}
}

static uint32_t
sim_read(void *ctx, struct pci_addr a, unsigned off, unsigned width)
{
	struct pci_sim *s = ctx;
	struct pci_sim_fn *f = pci_sim_find(s, a);

	s->reads++;
	if (bad_access(s, a, off, width) || f == NULL) {
		return 0xffffffffu;
	}
	return pci_sim_get(f, off, width);
}

/* Which BAR register the dword at off is, or -1. */
static int
bar_index(const struct pci_sim_fn *f, unsigned off)
{
	int count = (f->cfg[PCI_HEADER] & 0x7f) == 0 ? 6 : 2;
	int i = ((int)off - PCI_BAR0) / 4;

	return off >= PCI_BAR0 && i < count ? i : -1;
}

static void
sim_write(void *ctx, struct pci_addr a, unsigned off, unsigned width,
	  uint32_t v)
{
	struct pci_sim *s = ctx;
	struct pci_sim_fn *f = pci_sim_find(s, a);

	s->writes++;
	if (bad_access(s, a, off, width) || f == NULL) {
		return;
	}
	int bar = bar_index(f, off & ~3u);
	if (bar < 0) {
		pci_sim_put(f, off, width, v);
		return;
	}
	/* A BAR register: widen to its dword, keep the read-only bits. */
	unsigned shift = 8 * (off & 3);
	uint32_t wmask = (width == 4 ? 0xffffffffu : (1u << (8 * width)) - 1)
			 << shift;
	uint32_t old = pci_sim_get(f, off & ~3u, 4);
	uint32_t want = (old & ~wmask) | (v << shift & wmask);
	uint32_t keep = f->bar_mask[bar];
	pci_sim_put(f, off & ~3u, 4, (want & keep) | (old & ~keep));
}

void
pci_sim_init(struct pci_sim *s, unsigned size, struct pci_config *cfg)
{
	memset(s, 0, sizeof(*s));
	s->size = size;
	cfg->read = sim_read;
	cfg->write = sim_write;
	cfg->ctx = s;
	cfg->size = size;
}

struct pci_sim_fn *
pci_sim_add(struct pci_sim *s, struct pci_addr a, uint16_t vendor,
	    uint16_t device, uint32_t class, uint8_t header)
{
	if (s->n >= PCI_SIM_MAX) {
		return NULL;
	}
	struct pci_sim_fn *f = &s->fn[s->n++];
	memset(f, 0, sizeof(*f));
	f->addr = a;
	pci_sim_put(f, PCI_VENDOR, 2, vendor);
	pci_sim_put(f, PCI_DEVICE, 2, device);
	pci_sim_put(f, PCI_PROGIF, 1, class & 0xff);
	pci_sim_put(f, PCI_SUBCLASS, 1, class >> 8 & 0xff);
	pci_sim_put(f, PCI_CLASS, 1, class >> 16 & 0xff);
	pci_sim_put(f, PCI_HEADER, 1, header);
	return f;
}

void
pci_sim_bar(struct pci_sim_fn *f, int i, uint64_t base, uint64_t size,
	    uint32_t flags)
{
	uint64_t mask = ~(size - 1);

	pci_sim_put(f, PCI_BAR0 + 4u * (unsigned)i, 4,
		    (uint32_t)(base & mask) | flags);
	f->bar_mask[i] = (uint32_t)mask & ~((flags & 1) ? 3u : 0xfu);
	if ((flags & 7) == 4) {
		pci_sim_put(f, PCI_BAR0 + 4u * (unsigned)i + 4, 4,
			    (uint32_t)(base >> 32));
		f->bar_mask[i + 1] = (uint32_t)(mask >> 32);
	}
}

unsigned
pci_sim_cap(struct pci_sim_fn *f, unsigned off, uint8_t id, unsigned len)
{
	unsigned at = PCI_CAP_PTR;

	pci_sim_put(f, PCI_STATUS, 2,
		    pci_sim_get(f, PCI_STATUS, 2) | PCI_STATUS_CAPS);
	while (f->cfg[at] != 0) {
		at = f->cfg[at] + 1u;
	}
	f->cfg[at] = (uint8_t)off;
	memset(f->cfg + off, 0, len);
	f->cfg[off] = id;
	return off;
}
