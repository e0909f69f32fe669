/*
 * Host unit tests for lib/pci_legacy.c: the legacy mechanism over a
 * simulated pair of ports in front of the simulated q35, checked port
 * by port, and the enumeration and BAR sizing through it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pci.h"
#include "pci_bar.h"
#include "pci_enum.h"
#include "pci_machines.h"

static struct pci_sim sim;
static struct pci_config simcfg;

/* The host bridge's address register, and what went wrong. */
static uint32_t address;
static int bad_ports;

/* The function and offset the address register and port p select. */
static int
selected(uint16_t p, unsigned width, struct pci_addr *a, unsigned *off)
{
	if (!(address & 0x80000000u) || (address & 3) != 0 || p < 0xcfc ||
	    p + width > 0xd00 || (p & (width - 1)) != 0) {
		bad_ports++;
		return 0;
	}
	*a = (struct pci_addr){(uint8_t)(address >> 16),
			       (uint8_t)(address >> 11 & 31),
			       (uint8_t)(address >> 8 & 7)};
	*off = (address & 0xfc) + (p & 3u);
	return 1;
}

static uint32_t
port_in(void *ctx, uint16_t p, unsigned width)
{
	struct pci_addr a;
	unsigned off;

	(void)ctx;
	if (p == 0xcf8 && width == 4) {
		return address;
	}
	if (!selected(p, width, &a, &off)) {
		return 0xffffffffu;
	}
	return simcfg.read(simcfg.ctx, a, off, width);
}

static void
port_out(void *ctx, uint16_t p, unsigned width, uint32_t v)
{
	struct pci_addr a;
	unsigned off;

	(void)ctx;
	if (p == 0xcf8) {
		if (width != 4) {
			bad_ports++;
		}
		address = v;
		return;
	}
	if (selected(p, width, &a, &off)) {
		simcfg.write(simcfg.ctx, a, off, width, v);
	}
}

static struct pci_ports ports = {port_in, port_out, NULL};

static void
setup(struct pci_config *cfg)
{
	pci_q35(&sim, &simcfg);
	address = 0;
	bad_ports = 0;
	pci_legacy_config(cfg, &ports);
}

static void
test_pci_legacy_access(void **state)
{
	(void)state;
	struct pci_config cfg;

	setup(&cfg);
	assert_int_equal(cfg.size, 256);
	assert_int_equal(pci_read32(&cfg, Q35_HOST, 0), 0x29c08086);
	assert_int_equal(pci_read16(&cfg, Q35_SATA, PCI_DEVICE), 0x2922);
	assert_int_equal(address, 0x8000fa00);
	assert_int_equal(pci_read8(&cfg, Q35_SATA, PCI_PROGIF), 0x01);
	assert_int_equal(pci_read8(&cfg, Q35_NET, PCI_INT_PIN), 1);
	pci_write(&cfg, Q35_BLK, PCI_INT_LINE, 1, 11);
	assert_int_equal(
	    pci_sim_get(pci_sim_find(&sim, Q35_BLK), PCI_INT_LINE, 1), 11);
	/* Past 256 bytes: not reachable this way, never sent. */
	assert_int_equal(pci_read32(&cfg, Q35_HOST, 0x100), 0xffffffffu);
	assert_int_equal(bad_ports, 0);
	assert_int_equal(sim.bad, 0);
}

static void
test_pci_legacy_walk(void **state)
{
	(void)state;
	struct pci_config cfg;
	struct pci_device devs[16];
	struct pci_table t = {devs, 16, 0, 0, 0, 0};
	struct pci_bar b[PCI_MAX_BARS];

	setup(&cfg);
	assert_int_equal(pci_enumerate(&cfg, 0, 255, &t), Q35_DEVICES);
	assert_int_equal(pci_bars(&cfg, Q35_BLK1, 0, b), 2);
	assert_int_equal(b[1].base, 0xfe000000);
	assert_int_equal(b[1].size, 0x4000);
	assert_int_equal(bad_ports, 0);
	assert_int_equal(sim.bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pci_legacy_access),
	    cmocka_unit_test(test_pci_legacy_walk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
