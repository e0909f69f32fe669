/*
 * pcidev: the PCI table and what drivers get from it (docs/pci.md,
 * "Grants").  The pci service (the process whose manifest says
 * `pciconfig`, which boot.conf must allow) asks init for configuration
 * space a function at a time (PCI_CONFIG: ECAM's page for it, mapped in
 * the service alone), sizes and places the BARs, and hands the table over
 * (PCI_DEVICE, then PCI_READY).  A driver whose manifest has `pci` lines
 * then gets the first unclaimed function that matches (pciclaim.c): an
 * endpoint to the service badged with that function, its memory BARs
 * mapped, its I/O BARs as port capabilities, and an MSI.  A driver that
 * boot.conf starts before the table is there waits for it.
 */
#include "bootconf.h"
#include "cstring.h"
#include "fmt.h"
#include "pci_name.h"
#include "pciclaim.h"
#include "process.h"
#include "proto/pci.h"

#define PCIDEV_MAX 64

static struct pci_device devs[PCIDEV_MAX];
static struct pci_bar bars[PCIDEV_MAX][PCI_MAX_BARS];
static int nbars[PCIDEV_MAX];
static uint64_t claim[PCIDEV_MAX]; /* the pid holding it, or 0 */
static int ndevs;
static bool ready; /* the pci service said PCI_READY */

/* boot.conf's programs that wait for the table (their start index). */
static int deferred[BOOTCONF_MAX_START];
static int ndeferred;
static bool want_table; /* the last grant failed for want of it */

/* ECAM: a 1 MiB range of the layout per bus, and which functions' pages
 * the service (pid, in its restarts-th life) has mapped. */
static word_t ecam_va[256];
static uint8_t ecam_mapped[256][32];
static word_t ecam_pid;
static int ecam_life;

/* A page of device memory at phys, mapped read-write at va in p. */
static int
map_device(struct proc *p, word_t phys, word_t va)
{
	if (p->next >= p->nslots) {
		return CAIRN_E_NO_MEMORY;
	}
	cptr_t f = p->slots + p->next;
	int st = mmio_frame(phys, f);
	if (st != CAIRN_OK) {
		return st;
	}
	p->next++;
	return proc_map(p, f, va, CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE);
}

/* PCI_CONFIG: MR0 bus << 8 | dev << 3 | fn. */
static word_t
config(struct proc *p, struct cairn_msg *m, word_t *len)
{
	const struct cairn_pci_ecam *e = &bootinfo->pci;
	word_t a = m->w[0];
	unsigned bus = a >> 8 & 0xff, df = a & 0xff;

	m->w[1] = e->bus_first;
	m->w[2] = e->bus_last;
	m->w[3] = ready ? (word_t)ndevs : 0;
	m->w[4] = e->mem.bus;
	m->w[5] = e->mem.size;
	m->w[6] = e->io.bus;
	m->w[7] = e->io.size;
	*len = 8;
	if (a > 0xffff || e->phys == 0 || bus < e->bus_first ||
	    bus > e->bus_last) {
		return CAIRN_E_RANGE;
	}
	if (ecam_pid != p->pid || ecam_life != p->restarts) {
		memset(ecam_mapped, 0, sizeof(ecam_mapped));
		ecam_pid = p->pid;
		ecam_life = p->restarts;
	}
	if (ecam_va[bus] == 0) {
		ecam_va[bus] = layout_take(1ull << 20, 1ull << 21);
	}
	word_t va = ecam_va[bus] + ((word_t)df << 12);
	if (!(ecam_mapped[bus][df / 8] >> (df % 8) & 1)) {
		word_t phys = e->phys + ((word_t)(bus - e->bus_first) << 20) +
			      ((word_t)df << 12);
		int st = ecam_va[bus] == 0 ? CAIRN_E_NO_MEMORY
					   : map_device(p, phys, va);
		if (st != CAIRN_OK) {
			return (word_t)st;
		}
		ecam_mapped[bus][df / 8] |= (uint8_t)(1u << (df % 8));
	}
	m->w[0] = va;
	return CAIRN_OK;
}

/* PCI_DEVICE: one function, appended to the table. */
static word_t
device(struct cairn_msg *m)
{
	if (ready) {
		return CAIRN_E_IN_USE;
	}
	if (m->len < CAIRN_PCI_ENTRY_WORDS) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if (ndevs == PCIDEV_MAX) {
		return CAIRN_E_RANGE;
	}
	int n = cairn_pci_entry_unpack(m->w, &devs[ndevs], bars[ndevs]);
	for (int i = 0; i < n; i++) {
		const struct pci_bar *b = &bars[ndevs][i];
		if (b->index >= PCI_MAX_BARS || b->kind > PCI_BAR_IO ||
		    b->base + b->size < b->base) {
			return CAIRN_E_INVALID_ARGUMENT;
		}
	}
	nbars[ndevs++] = n;
	return CAIRN_OK;
}

/* PCI_READY: the table is whole; start who waited for it. */
static word_t
table_ready(void)
{
	if (ready) {
		return CAIRN_E_IN_USE;
	}
	ready = true;
	logf(1, "init: PCI table: %d functions\n", ndevs);
	for (int i = 0; i < ndeferred; i++) {
		boot_start_one(deferred[i]);
	}
	ndeferred = 0;
	return CAIRN_OK;
}

word_t
pcidev_call(struct proc *p, struct cairn_msg *m, word_t *len)
{
	if (!p->m.pciconfig) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	switch (m->label) {
	case CAIRN_INIT_PCI_CONFIG:
		return config(p, m, len);
	case CAIRN_INIT_PCI_DEVICE:
		return device(m);
	default:
		return table_ready();
	}
}

static struct cairn_grant *
record(struct proc *p, uint32_t kind, cptr_t slot, uint64_t a, uint64_t b)
{
	struct cairn_grant *g = &p->info.grants[p->info.ngrants++];

	memset(g, 0, sizeof(*g));
	g->kind = kind;
	g->slot = (uint32_t)slot;
	g->a = a;
	g->b = b;
	strcpy(g->name, "pci");
	return g;
}

/* The endpoint to the pci service, badged with function i. */
static int
grant_endpoint(struct proc *p, int i, cptr_t *slot)
{
	const struct pci_device *d = &devs[i];
	cptr_t ep = names_endpoint("pci", true);
	int st = ep == 0
		     ? CAIRN_E_NO_MEMORY
		     : cairn_cnode_mint(p->cnode, *slot, CAIRN_ROOT_CNODE, ep,
					CAIRN_RIGHT_WRITE | CAIRN_RIGHT_GRANT |
					    CAIRN_RIGHT_GRANT_REPLY,
					CAIRN_PCI_DEV_BADGE((word_t)i), NULL);
	if (st == CAIRN_OK) {
		word_t ids = d->vendor | (word_t)d->device << 16 |
			     (word_t)d->class << 32 |
			     (word_t)d->subclass << 40 |
			     (word_t)d->progif << 48;
		record(p, CAIRN_GRANT_PCI, (*slot)++, pciclaim_rid(d), ids);
	}
	return st;
}

/* A memory BAR's CPU address: through the host bridge's window where
 * the bootinfo gives one (aarch64), else the bus address itself. */
static word_t
cpu_address(word_t bus)
{
	const struct cairn_pci_window *w = &bootinfo->pci.mem;

	if (w->size != 0 && bus >= w->bus && bus - w->bus < w->size) {
		return bus - w->bus + w->cpu;
	}
	return bus;
}

/* A memory BAR, mapped uncached; an I/O BAR, as a port capability. */
static int
grant_bar(struct proc *p, const struct pci_bar *b, cptr_t *slot)
{
	struct cairn_grant *g;

	if (b->base == 0) {
		return CAIRN_OK; /* never placed: nothing to give */
	}
	if (b->kind == PCI_BAR_IO) {
		int st =
		    cairn_ioport_issue(CAIRN_ROOT_IOPORT_CONTROL, b->base,
				       b->base + b->size - 1, p->cnode, *slot);
		if (st != CAIRN_OK) {
			return CAIRN_OK; /* no port space (aarch64) */
		}
		g = record(p, CAIRN_GRANT_PCI_BAR, (*slot)++, b->base, b->size);
		g->slot2 = b->index;
		return CAIRN_OK;
	}
	word_t phys = cpu_address(b->base);
	word_t first = phys & ~0xfffull;
	word_t span = ((phys + b->size + 0xfff) & ~0xfffull) - first;
	word_t va = layout_take(span, 1ull << 21);
	for (word_t off = 0; off < span; off += 0x1000) {
		int st = va == 0 ? CAIRN_E_NO_MEMORY
				 : map_device(p, first + off, va + off);
		if (st != CAIRN_OK) {
			return st;
		}
	}
	g = record(p, CAIRN_GRANT_PCI_BAR, 0, va + (phys - first), b->size);
	g->slot2 = b->index;
	return CAIRN_OK;
}

/*
 * Give p handler h (an interrupt of function i, issued in init's CNode),
 * signalling notification n with badge k: the grant's kind, a and b as
 * record takes them.  The handler and a copy of n go to *slot and *slot
 * + 1.
 */
static int
grant_handler(struct proc *p, cptr_t h, cptr_t n, word_t k, uint32_t kind,
	      uint64_t a, uint64_t b, cptr_t *slot)
{
	cptr_t m = p->next < p->nslots ? p->slots + p->next++ : 0;
	int st =
	    m == 0
		? CAIRN_E_NO_MEMORY
		: cairn_cnode_mint(CAIRN_ROOT_CNODE, m, CAIRN_ROOT_CNODE, n,
				   CAIRN_RIGHT_WRITE, CAIRN_IRQ_BADGE(k), NULL);

	if (st == CAIRN_OK) {
		st = cairn_irq_set_notification(h, m);
	}
	if (st == CAIRN_OK) {
		st = cairn_cnode_copy(p->cnode, *slot, CAIRN_ROOT_CNODE, h,
				      CAIRN_RIGHTS_ALL, NULL);
	}
	if (st == CAIRN_OK) {
		st = cairn_cnode_copy(p->cnode, *slot + 1, CAIRN_ROOT_CNODE, n,
				      CAIRN_RIGHTS_ALL, NULL);
	}
	if (st == CAIRN_OK) {
		struct cairn_grant *g = record(p, kind, *slot, a, b);
		g->slot2 = (uint32_t)(*slot + 1);
		g->reserved = (uint32_t)k;
		*slot += 2;
	}
	return st;
}

/*
 * The line function d's INTx pin raises, as IRQ_CONTROL_GET names it,
 * into *line: 0, or -1 if nobody says.  On the PC the firmware wrote it
 * into the function's Interrupt Line register, an ISA IRQ; on aarch64
 * the device tree's interrupt-map, in the bootinfo, maps bus 0's
 * devices and pins to GIC INTIDs (a function behind a bridge gets none).
 */
static int
intx_line(const struct pci_device *d, word_t *line)
{
	if (d->int_pin < 1 || d->int_pin > 4) {
		return -1;
	}
#if defined(__x86_64__)
	*line = d->int_line;
	return d->int_line < 16 ? 0 : -1;
#else
	const struct cairn_pci_ecam *e = &bootinfo->pci;

	for (unsigned k = 0; d->addr.bus == 0 && k < e->nintx; k++) {
		if (e->intx[k].dev == (d->addr.dev & e->intx_dev_mask) &&
		    e->intx[k].pin == (d->int_pin & e->intx_pin_mask)) {
			*line = e->intx[k].line;
			return 0;
		}
	}
	return -1;
#endif
}

/*
 * Function i's interrupts, signalling one notification bound to p's
 * thread: a message-signalled one (MSI or MSI-X, as the driver sets the
 * device up), and its INTx line if it has one the machine routes, shared
 * with whatever else is on it.  None to be had (no MSI lines left, no
 * pin, a line nobody routed) is no error: the driver uses the other, or
 * polls.
 */
static int
grant_irqs(struct proc *p, int i, cptr_t *slot)
{
	struct cairn_msi msi;
	cptr_t h = p->next < p->nslots ? p->slots + p->next++ : 0;
	cptr_t x = p->next < p->nslots ? p->slots + p->next++ : 0;
	cptr_t n = proc_make(p, CAIRN_OBJ_NOTIFICATION, 0);
	word_t k = (word_t)p->m.nirqs;
	const struct pci_device *d = &devs[i];
	word_t line = 0;
	int st = CAIRN_OK;

	if (h == 0 || x == 0 || n == 0) {
		return CAIRN_E_NO_MEMORY;
	}
	if (p->m.nirqs == 0) {
		st = cairn_tcb_bind_notification(p->tcb, n);
	}
	if (st == CAIRN_OK &&
	    cairn_irq_get_msi(CAIRN_ROOT_IRQ_CONTROL, pciclaim_rid(d),
			      CAIRN_ROOT_CNODE, h, &msi) == CAIRN_OK) {
		st = grant_handler(p, h, n, k, CAIRN_GRANT_MSI, msi.addr,
				   msi.data, slot);
	} else if (st == CAIRN_OK) {
		logf(1, "init: %s: no MSI line for it\n", p->m.name);
	}
	if (st == CAIRN_OK && intx_line(d, &line) == 0 &&
	    cairn_irq_get_shared(CAIRN_ROOT_IRQ_CONTROL, line, CAIRN_ROOT_CNODE,
				 x) == CAIRN_OK) {
		st = grant_handler(p, x, n, k + 1, CAIRN_GRANT_INTX, line,
				   d->int_pin, slot);
	}
	return st;
}

/* Why a driver gets no function, into why. */
static int
refuse(struct proc *p, int pick, char *why, size_t whylen)
{
	if (pick == PCICLAIM_TAKEN) {
		fmt_snprintf(why, whylen,
			     "%s: every PCI device it matches is claimed",
			     p->m.name);
	} else {
		fmt_snprintf(why, whylen, "%s: no PCI device matches",
			     p->m.name);
	}
	return -1;
}

int
pcidev_grant(struct proc *p, cptr_t *slot, char *why, size_t whylen)
{
	want_table = false;
	if (p->m.npci == 0) {
		return 0;
	}
	if (!ready) {
		want_table = true;
		fmt_snprintf(why, whylen, "%s: the PCI table is not there yet",
			     p->m.name);
		return -1;
	}
	int i = pciclaim_pick(devs, claim, ndevs, p->pid, p->m.pci, p->m.npci);
	if (i < 0) {
		return refuse(p, i, why, whylen);
	}
	claim[i] = p->pid;
	int st = grant_endpoint(p, i, slot);
	for (int k = 0; k < nbars[i] && st == CAIRN_OK; k++) {
		st = grant_bar(p, &bars[i][k], slot);
	}
	if (st == CAIRN_OK) {
		st = grant_irqs(p, i, slot);
	}
	if (st != CAIRN_OK) {
		char line[PCI_FORMAT_MAX];
		pci_format(&devs[i], line, sizeof(line));
		fmt_snprintf(why, whylen, "%s: PCI %s: %s", p->m.name, line,
			     st == CAIRN_E_IN_USE ? "in use" : "refused");
		return -1;
	}
	return 0;
}

bool
pcidev_defer(int start)
{
	if (!want_table || ndeferred == BOOTCONF_MAX_START) {
		return false;
	}
	want_table = false;
	deferred[ndeferred++] = start;
	return true;
}

void
pcidev_release(word_t pid)
{
	pciclaim_release(claim, ndevs, pid);
}

bool
pcidev_may_dma(word_t pid, word_t requester)
{
	return pciclaim_owns(devs, claim, ndevs, pid, requester) ||
	       (!ready && requester == 0);
}

void
pcidev_describe(const struct cairn_grant *g, char *line, size_t n)
{
	switch (g->kind) {
	case CAIRN_GRANT_PCI:
		fmt_snprintf(line, n, "endpoint pci, device %02lx:%02lx.%lx",
			     g->a >> 8, g->a >> 3 & 31, g->a & 7);
		break;
	case CAIRN_GRANT_PCI_BAR:
		if (g->slot != 0) {
			fmt_snprintf(line, n, "pci bar %u: ioport 0x%lx-0x%lx",
				     g->slot2, g->a, g->a + g->b - 1);
		} else {
			fmt_snprintf(line, n,
				     "pci bar %u: 0x%lx bytes at 0x%lx",
				     g->slot2, g->b, g->a);
		}
		break;
	case CAIRN_GRANT_INTX:
		fmt_snprintf(line, n,
			     "intx handler (irq %lu, INT%c), notification in "
			     "%u",
			     g->a, (char)('A' + g->b - 1), g->slot2);
		break;
	default:
		fmt_snprintf(line, n, "msi handler, notification in %u",
			     g->slot2);
	}
}
