/*
 * pci: the service that owns PCI configuration space (docs/pci.md).  At
 * its start it finds every function (lib/pci_enum), sizes each BAR
 * (lib/pci_bar) before any driver runs, places the BARs no firmware
 * placed (lib/pci_assign: aarch64's virt under QEMU -kernel), and hands
 * the table to init, which gives drivers their devices.  Then it serves:
 *
 *	CFG_READ off width		a device endpoint's (badge names the
 *	CFG_WRITE off width value	function): its own space; writes
 *					filtered (lib/pci_filter)
 *	LIST index			anyone's: one function, for lspci
 *
 * Configuration space is ECAM's, a function's page at a time mapped by
 * init (PCI_CONFIG), or the PC's ports where there is no ECAM.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "pci_assign.h"
#include "pci_bar.h"
#include "pci_enum.h"
#include "pci_filter.h"
#include "pci_msi.h"
#include "procrt.h"
#include "proto/pci.h"
#include "serve.h"
#include "svc.h"

#define MAX_DEVS 64

static struct pci_device devs[MAX_DEVS];
static int ndevs;
static struct pci_config cfg;
static cptr_t recv_slot; /* where MSI_ENABLE's handler lands */
static struct cairn_server srv;

/* ECAM, as init maps it: a function's page at bus_va[bus] + (dev << 3 |
 * fn) << 12, asked for the first time it is touched. */
static word_t bus_va[256];
static uint8_t asked[256][32], absent[256][32];

/* Where a's page is mapped, asking init the first time; 0: none. */
static volatile uint8_t *
ecam_page(struct pci_addr a)
{
	unsigned df = (unsigned)(a.dev & 31) << 3 | (a.fn & 7);
	struct cairn_msg m = {0};

	if (!(asked[a.bus][df / 8] >> (df % 8) & 1)) {
		asked[a.bus][df / 8] |= (uint8_t)(1u << (df % 8));
		m.w[0] = (word_t)a.bus << 8 | df;
		if (cairn_init_call(CAIRN_INIT_PCI_CONFIG, 1, &m) == CAIRN_OK) {
			bus_va[a.bus] = m.w[0] - ((word_t)df << 12);
		} else {
			absent[a.bus][df / 8] |= (uint8_t)(1u << (df % 8));
		}
	}
	if (absent[a.bus][df / 8] >> (df % 8) & 1) {
		return NULL;
	}
	return (volatile uint8_t *)(bus_va[a.bus] + ((word_t)df << 12));
}

static uint32_t
ecam_read(void *ctx, struct pci_addr a, unsigned off, unsigned width)
{
	volatile uint8_t *p = ecam_page(a);

	(void)ctx;
	if (p == NULL) {
		return 0xffffffffu;
	}
	switch (width) {
	case 1:
		return p[off];
	case 2:
		return *(volatile uint16_t *)(p + off);
	default:
		return *(volatile uint32_t *)(p + off);
	}
}

static void
ecam_write(void *ctx, struct pci_addr a, unsigned off, unsigned width,
	   uint32_t v)
{
	volatile uint8_t *p = ecam_page(a);

	(void)ctx;
	if (p == NULL) {
		return;
	}
	if (width == 1) {
		p[off] = (uint8_t)v;
	} else if (width == 2) {
		*(volatile uint16_t *)(p + off) = (uint16_t)v;
	} else {
		*(volatile uint32_t *)(p + off) = v;
	}
}

/* The device a call's badge names, or NULL.  A capability that came
 * along is dropped (MSI_ENABLE looks at its own first). */
static const struct pci_device *
caller_device(const struct cairn_msg *m)
{
	word_t i = m->badge & 0xffff;

	if (m->caps > 0 && m->label != CAIRN_PCI_MSI_ENABLE) {
		cairn_cnode_delete(CAIRN_PROC_CNODE, recv_slot);
	}
	if (!CAIRN_PCI_IS_DEV(m->badge) || i >= (word_t)ndevs) {
		return NULL;
	}
	return &devs[i];
}

/* An access inside a function's space: aligned, 1, 2 or 4 bytes. */
static bool
access_ok(word_t off, word_t width)
{
	return (width == 1 || width == 2 || width == 4) && off % width == 0 &&
	       off < cfg.size && width <= cfg.size - off;
}

static word_t
op_read(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	const struct pci_device *d = caller_device(m);

	(void)s;
	if (d == NULL) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	if (!access_ok(m->w[0], m->w[1])) {
		return CAIRN_E_RANGE;
	}
	m->w[0] = pci_read(&cfg, d->addr, (unsigned)m->w[0], (unsigned)m->w[1]);
	*len = 1;
	return CAIRN_OK;
}

static word_t
op_write(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	const struct pci_device *d = caller_device(m);

	(void)s;
	(void)len;
	if (d == NULL) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	if (!access_ok(m->w[0], m->w[1])) {
		return CAIRN_E_RANGE;
	}
	if (m->w[2] > 0xffffffffull ||
	    !pci_filter_write(&cfg, d->addr, d->header, (unsigned)m->w[0],
			      (unsigned)m->w[1], (uint32_t)m->w[2])) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	pci_write(&cfg, d->addr, (unsigned)m->w[0], (unsigned)m->w[1],
		  (uint32_t)m->w[2]);
	return CAIRN_OK;
}

static word_t
op_list(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	(void)s;
	if (m->caps > 0) {
		cairn_cnode_delete(CAIRN_PROC_CNODE, recv_slot);
	}
	if (m->w[0] >= (word_t)ndevs) {
		return CAIRN_E_RANGE;
	}
	cairn_pci_pack(&devs[m->w[0]], m->w);
	*len = CAIRN_PCI_LIST_WORDS;
	return CAIRN_OK;
}

/*
 * MSI_ENABLE: the handler that came along says, by the kernel, which
 * message it listens for and for which function: the caller's own, or
 * refused.  Only then does the message go into the function's MSI
 * capability (a driver cannot name another line's message: it could
 * raise a line it does not hold).  The handler is dropped after.
 */
static word_t
op_msi(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	const struct pci_device *d = caller_device(m);
	uint64_t addr = 0;
	uint32_t data = 0;
	word_t rid = 0;
	struct pci_msi msi;

	(void)s;
	(void)len;
	int st = m->caps != 1 ? CAIRN_E_INVALID_ARGUMENT
		 : d == NULL
		     ? CAIRN_E_ILLEGAL_OPERATION
		     : cairn_irq_msi_message(recv_slot, &addr, &data, &rid);
	if (m->caps > 0) {
		cairn_cnode_delete(CAIRN_PROC_CNODE, recv_slot);
	}
	if (st != CAIRN_OK) {
		return (word_t)st;
	}
	if (rid != ((word_t)d->addr.bus << 8 | d->addr.dev << 3 | d->addr.fn)) {
		return CAIRN_E_NO_RIGHTS;
	}
	if (pci_msi_probe(&cfg, d->addr, d->header, &msi) != 0) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	if (data > 0xffff || pci_msi_program(&cfg, d->addr, &msi, addr,
					     (uint16_t)data, 0) != 0) {
		return CAIRN_E_RANGE;
	}
	pci_msi_enable(&cfg, d->addr, &msi, 1);
	return CAIRN_OK;
}

static const struct cairn_op ops[] = {
    {CAIRN_PCI_CFG_READ, 2, op_read},
    {CAIRN_PCI_CFG_WRITE, 3, op_write},
    {CAIRN_PCI_LIST, 1, op_list},
    {CAIRN_PCI_MSI_ENABLE, 0, op_msi},
};

/*
 * The way in: ECAM if init has it (then *first, *last its buses, *known
 * the functions init has already: this is a restart, *win the windows to
 * place BARs in), else the arch's.  0, or -1 with none.
 */
static int
config_space(uint8_t *first, uint8_t *last, word_t *known,
	     struct pci_windows *win)
{
	struct cairn_msg m = {0};
	int st = cairn_init_call(CAIRN_INIT_PCI_CONFIG, 1, &m);

	*known = m.w[3];
	memset(win, 0, sizeof(*win));
	if (st == CAIRN_OK) {
		*first = (uint8_t)m.w[1];
		*last = (uint8_t)m.w[2];
		win->mem_base = m.w[4];
		win->mem_size = m.w[5];
		win->io_base = m.w[6];
		win->io_size = m.w[7];
		bus_va[0] = m.w[0];
		asked[0][0] = 1;
		cfg.read = ecam_read;
		cfg.write = ecam_write;
		cfg.ctx = NULL;
		cfg.size = 4096;
		return 0;
	}
	if (st == CAIRN_E_ILLEGAL_OPERATION) {
		printf("pci: init refuses configuration space (pciconfig)\n");
		return -1;
	}
	*first = 0;
	*last = 255;
	return pci_arch_legacy(&cfg);
}

/* Size (and where needed place) each function's BARs; give init the
 * table. */
static void
hand_over(const struct pci_windows *win)
{
	struct pci_placer pl;
	int placed = 0;

	pci_placer_init(&pl, win);
	for (int i = 0; i < ndevs; i++) {
		struct pci_bar b[PCI_MAX_BARS];
		word_t w[CAIRN_PCI_ENTRY_WORDS];
		struct cairn_msg m = {0};
		int n = pci_bars(&cfg, devs[i].addr, devs[i].header, b);
		placed += pci_place(&cfg, devs[i].addr, b, n, &pl);
		cairn_pci_entry_pack(&devs[i], b, n, w);
		memcpy(m.w, w, sizeof(w));
		if (cairn_init_call(CAIRN_INIT_PCI_DEVICE,
				    CAIRN_PCI_ENTRY_WORDS, &m) != CAIRN_OK) {
			printf("pci: init refused %02x:%02x.%x\n",
			       devs[i].addr.bus, devs[i].addr.dev,
			       devs[i].addr.fn);
		}
	}
	struct cairn_msg m = {0};
	cairn_init_call(CAIRN_INIT_PCI_READY, 0, &m);
	if (placed > 0) {
		printf("pci: placed %d BARs\n", placed);
	}
}

int
main(int argc, char **argv)
{
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_PROVIDES, "pci");
	struct pci_table t = {devs, MAX_DEVS, 0, 0, 0, 0};
	struct pci_windows win;
	uint8_t first = 0, last = 0;
	word_t known = 0;

	(void)argc;
	(void)argv;
	if (g == NULL) {
		printf("pci: no endpoint to serve\n");
		return 1;
	}
	if (config_space(&first, &last, &known, &win) == 0) {
		pci_enumerate(&cfg, first, last, &t);
		ndevs = t.n;
	} else {
		printf("pci: no configuration space\n");
	}
	if (known == 0) {
		hand_over(&win);
		printf("pci: %d functions on %d buses (%s)\n", ndevs, t.buses,
		       cfg.read == ecam_read ? "ECAM" : "ports 0xcf8");
	}
	recv_slot = cairn_slot_alloc();
	cairn_recv_slot(recv_slot);
	cairn_serve_init(&srv, g->slot, ops, sizeof(ops) / sizeof(ops[0]));
	cairn_serve(&srv);
}
