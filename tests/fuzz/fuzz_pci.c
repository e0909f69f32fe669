/*
 * fuzz_pci: the input is a machine's configuration space, as the pci
 * service would find it.  Byte 0 holds flags; then records, each one
 * function: bus, device and function (dev << 3 | fn), 24 bytes giving
 * the writable bits of its six BARs, a length n, and n bytes of its
 * configuration space from offset 0 (the rest zero).  What follows the
 * last whole record is read as a manifest's `pci` line.
 *
 * Enumeration, BAR sizing, the capability walk, MSI and MSI-X run over
 * it through the simulator of the unit tests (tests/unit/pci_sim.c),
 * which counts every access that is unaligned or outside the space;
 * directly, or through the legacy ports (pci_legacy.c) in front of it.
 */
#include <string.h>

#include "../unit/pci_sim.h"
#include "fuzz.h"
#include "pci_match.h"
#include "pci_msi.h"
#include "pci_name.h"

enum {
	SMALL = 1,   /* 256-byte spaces, as through the legacy ports */
	NARROW = 2,  /* the host bridge's buses are 0-15 */
	LEGACY = 4,  /* through ports 0xCF8/0xCFC (a 256-byte space) */
	RECORD = 28, /* bytes of a record before its configuration */
	MAX_DEVS = 32,
};

static struct pci_sim sim;
static struct pci_config simcfg;
static uint32_t address; /* the host bridge's 0xCF8 register */

/* Port access in front of the simulation, as a PC's host bridge does. */
static void
selected(uint16_t p, unsigned width, struct pci_addr *a, unsigned *off)
{
	fuzz_check((address & 0x80000003u) == 0x80000000u && p >= 0xcfc &&
		       p + width <= 0xd00 && (p & (width - 1)) == 0,
		   "a bad legacy access");
	*a = (struct pci_addr){(uint8_t)(address >> 16),
			       (uint8_t)(address >> 11 & 31),
			       (uint8_t)(address >> 8 & 7)};
	*off = (address & 0xfc) + (p & 3u);
}

static uint32_t
port_in(void *ctx, uint16_t p, unsigned width)
{
	struct pci_addr a;
	unsigned off;

	(void)ctx;
	selected(p, width, &a, &off);
	return simcfg.read(simcfg.ctx, a, off, width);
}

static void
port_out(void *ctx, uint16_t p, unsigned width, uint32_t v)
{
	struct pci_addr a;
	unsigned off;

	(void)ctx;
	if (p == 0xcf8) {
		fuzz_check(width == 4, "0xCF8 written in part");
		address = v;
		return;
	}
	selected(p, width, &a, &off);
	simcfg.write(simcfg.ctx, a, off, width, v);
}

static struct pci_ports ports = {port_in, port_out, NULL};

static uint32_t
rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Read the records into sim; return how many bytes they took. */
static size_t
load(const uint8_t *data, size_t size)
{
	size_t at = 0;

	while (size - at >= RECORD && data[at + 27] <= size - at - RECORD) {
		const uint8_t *r = data + at;
		struct pci_addr a = {r[0], r[1] >> 3, r[1] & 7};
		struct pci_sim_fn *f = pci_sim_add(&sim, a, 0, 0, 0, 0);
		if (f == NULL) {
			break;
		}
		memset(f->cfg, 0, sizeof(f->cfg));
		for (int i = 0; i < 6; i++) {
			f->bar_mask[i] = rd32(r + 2 + 4 * i);
		}
		memcpy(f->cfg, r + RECORD, r[27]);
		at += RECORD + r[27];
	}
	return at;
}

/* The promises pci_bar.h makes of a BAR. */
static void
check_bar(const struct pci_bar *b)
{
	fuzz_check(b->kind >= PCI_BAR_MEM32 && b->kind <= PCI_BAR_IO,
		   "a BAR of no kind reported");
	fuzz_check(b->size != 0 && (b->size & (b->size - 1)) == 0,
		   "size not a power of two");
	fuzz_check((b->base & (b->size - 1)) == 0, "base not aligned");
	fuzz_check(b->base + (b->size - 1) >= b->base, "BAR overflows");
	if (b->kind != PCI_BAR_MEM64) {
		fuzz_check(b->base + (b->size - 1) <= 0xffffffffu,
			   "32-bit BAR past 4 GiB");
	}
}

static void
walk_caps(const struct pci_config *cfg, const struct pci_device *d)
{
	struct pci_cap_iter it;
	unsigned off;
	uint8_t id;
	int n = 0;

	pci_cap_begin(cfg, d->addr, d->header, &it);
	while ((off = pci_cap_next(cfg, &it, &id)) != 0) {
		fuzz_check(off >= 0x40 && off <= 0xfc && off % 4 == 0,
			   "capability outside 0x40-0xfc");
		n++;
	}
	fuzz_check(n <= PCI_CAP_MAX_STEPS, "capability walk too long");
}

static void
msi(const struct pci_config *cfg, const struct pci_device *d)
{
	struct pci_msi m;

	if (pci_msi_probe(cfg, d->addr, d->header, &m) != 0) {
		return;
	}
	fuzz_check(m.vectors >= 1 && m.vectors <= 32, "MSI vectors");
	pci_msi_program(cfg, d->addr, &m, 0xfee00000, 0x41, 0);
	pci_msi_mask(cfg, d->addr, &m, 0, 1);
	pci_msi_enable(cfg, d->addr, &m, 1);
}

static void
msix(const struct pci_config *cfg, const struct pci_device *d,
     const struct pci_bar *bars, int nbars)
{
	struct pci_msix x;
	static uint32_t table[2048 * 4], pba[64];

	if (pci_msix_probe(cfg, d->addr, d->header, bars, nbars, &x) != 0) {
		return;
	}
	fuzz_check(x.entries >= 1 && x.entries <= 2048, "MSI-X entries");
	pci_msix_control(cfg, d->addr, &x, 1, 1);
	pci_msix_set(table, &x, x.entries - 1u, 0xfee00000, 1);
	pci_msix_mask(table, &x, x.entries - 1u, 0);
	fuzz_check(pci_msix_set(table, &x, x.entries, 0, 0) == -1,
		   "MSI-X entry past the table");
	fuzz_check(pci_msix_pending(pba, &x, x.entries - 1u) >= 0,
		   "MSI-X pending bit");
}

/* Size d's BARs; nothing in its space may change for it. */
static void
device(const struct pci_config *cfg, const struct pci_device *d)
{
	struct pci_bar bars[PCI_MAX_BARS];
	struct pci_sim_fn *f = pci_sim_find(&sim, d->addr);
	static uint8_t before[4096];
	char line[PCI_FORMAT_MAX];

	memcpy(before, f->cfg, sizeof(before));
	int n = pci_bars(cfg, d->addr, d->header, bars);
	fuzz_check(n >= 0 && n <= PCI_MAX_BARS, "BAR count");
	fuzz_check(memcmp(before, f->cfg, sizeof(before)) == 0,
		   "sizing left a change behind");
	for (int i = 0; i < n; i++) {
		check_bar(&bars[i]);
	}
	walk_caps(cfg, d);
	msi(cfg, d);
	msix(cfg, d, bars, n);
	fuzz_check(pci_format(d, line, sizeof(line)) < sizeof(line),
		   "lspci line too long");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pci_device devs[MAX_DEVS];
	struct pci_table t = {devs, MAX_DEVS, 0, 0, 0, 0};
	struct pci_config cfg;
	struct pci_match m;

	if (size < 1) {
		return 0;
	}
	pci_sim_init(&sim, (data[0] & (SMALL | LEGACY)) != 0 ? 256 : 4096,
		     &simcfg);
	cfg = simcfg;
	if (data[0] & LEGACY) {
		pci_legacy_config(&cfg, &ports);
	}
	size_t used = 1 + load(data + 1, size - 1);
	int n = pci_enumerate(&cfg, 0, (data[0] & NARROW) != 0 ? 15 : 255, &t);
	fuzz_check(n == t.n && n >= 0 && n <= MAX_DEVS, "table count");
	fuzz_check(t.buses >= 1 && t.buses <= 256, "buses scanned");
	for (int i = 0; i < n; i++) {
		fuzz_check(devs[i].vendor != 0 && devs[i].vendor != 0xffff,
			   "an absent function listed");
		fuzz_check(devs[i].int_pin <= 4, "INTx pin");
		device(&cfg, &devs[i]);
	}
	if (pci_match_parse((const char *)data + used, size - used, &m) ==
	    NULL) {
		fuzz_check(m.kind != 0, "a match of no kind");
		pci_match_find(&m, devs, n, 0);
	} else {
		fuzz_check(m.kind == 0, "a refused match kept");
	}
	fuzz_check(sim.bad == 0, "an access unaligned or out of range");
	return 0;
}
