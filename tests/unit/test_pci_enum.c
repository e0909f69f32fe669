/*
 * Host unit tests for lib/pci_enum.c: the bus walk on a q35-like and a
 * virt-like machine, and on hostile ones (bridge loops, buses out of
 * range, all ones, more functions than the table holds).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pci_enum.h"
#include "pci_machines.h"

static struct pci_sim sim;
static struct pci_config cfg;
static struct pci_device devs[64];

static struct pci_table
table(int max)
{
	struct pci_table t = {devs, max, 0, 0, 0, 0};

	memset(devs, 0, sizeof(devs));
	return t;
}

static int
same(struct pci_addr a, struct pci_addr b)
{
	return a.bus == b.bus && a.dev == b.dev && a.fn == b.fn;
}

static void
test_pci_enum_q35(void **state)
{
	(void)state;
	struct pci_table t = table(64);
	const struct pci_addr order[] = {Q35_HOST,  Q35_BLK, Q35_BLK1,
					 Q35_PORT,  Q35_ISA, Q35_SATA,
					 Q35_SMBUS, Q35_NET};

	pci_q35(&sim, &cfg);
	assert_int_equal(pci_enumerate(&cfg, 0, 255, &t), Q35_DEVICES);
	assert_int_equal(t.buses, 2);
	assert_int_equal(t.dropped, 0);
	assert_int_equal(t.refused, 0);
	for (int i = 0; i < Q35_DEVICES; i++) {
		assert_true(same(devs[i].addr, order[i]));
	}
	const struct pci_device *blk = &devs[1];
	assert_int_equal(blk->vendor, 0x1af4);
	assert_int_equal(blk->device, 0x1001);
	assert_int_equal(blk->class, 0x01);
	assert_int_equal(blk->subclass, 0x00);
	assert_int_equal(blk->subvendor, 0x1af4);
	assert_int_equal(blk->subdevice, 0x0002);
	assert_int_equal(blk->int_pin, 1);
	assert_int_equal(blk->int_line, 10);
	assert_int_equal(devs[2].revision, 1);
	assert_int_equal(devs[3].header, PCI_HEADER_BRIDGE);
	assert_int_equal(devs[3].secondary, 1);
	assert_int_equal(devs[3].subordinate, 1);
	assert_true(devs[4].multi);
	assert_int_equal(devs[5].progif, 0x01);
	assert_int_equal(sim.bad, 0);
}

static void
test_pci_enum_virt(void **state)
{
	(void)state;
	struct pci_table t = table(64);

	pci_virt(&sim, &cfg);
	assert_int_equal(pci_enumerate(&cfg, 0, 255, &t), VIRT_DEVICES);
	assert_int_equal(devs[0].vendor, 0x1b36);
	assert_int_equal(devs[0].device, 0x0008);
	assert_true(same(devs[1].addr, VIRT_NET));
	assert_int_equal(t.buses, 1);
}

/* The range bounds the walk: a bus past bus_last is not visited. */
static void
test_pci_enum_range(void **state)
{
	(void)state;
	struct pci_table t = table(64);

	pci_q35(&sim, &cfg);
	assert_int_equal(pci_enumerate(&cfg, 0, 0, &t), Q35_DEVICES - 1);
	assert_int_equal(t.refused, 1);
	assert_int_equal(pci_enumerate(&cfg, 1, 0, &t), 0);
	/* A window starting at bus 1 sees only the network card. */
	assert_int_equal(pci_enumerate(&cfg, 1, 1, &t), 1);
	assert_true(same(devs[0].addr, Q35_NET));
}

static void
test_pci_enum_bridge_loops(void **state)
{
	(void)state;
	struct pci_table t = table(64);

	pci_q35(&sim, &cfg);
	/* The card behind the port becomes a bridge back to bus 0. */
	struct pci_sim_fn *f = pci_sim_find(&sim, Q35_NET);
	pci_sim_put(f, PCI_HEADER, 1, 1);
	pci_sim_put(f, PCI_SECONDARY, 1, 0);
	/* And one on bus 0 names bus 1 again; another itself. */
	f = pci_sim_add(&sim, (struct pci_addr){0, 5, 0}, 0x1b36, 0x000c,
			0x060400, 1);
	pci_sim_put(f, PCI_SECONDARY, 1, 1);
	f = pci_sim_add(&sim, (struct pci_addr){0, 6, 0}, 0x1b36, 0x000c,
			0x060400, 1);
	pci_sim_put(f, PCI_SECONDARY, 1, 0);
	assert_int_equal(pci_enumerate(&cfg, 0, 255, &t), Q35_DEVICES + 2);
	assert_int_equal(t.buses, 2);
	assert_int_equal(t.refused, 3);
}

/* A bridge to a lower bus is followed once; each bus scanned once. */
static void
test_pci_enum_backward_bridge(void **state)
{
	(void)state;
	struct pci_table t = table(64);

	pci_virt(&sim, &cfg);
	struct pci_sim_fn *f = pci_sim_add(&sim, (struct pci_addr){5, 0, 0},
					   0x1b36, 0x000c, 0x060400, 1);
	pci_sim_put(f, PCI_SECONDARY, 1, 3);
	pci_sim_add(&sim, (struct pci_addr){3, 0, 0}, 0x1af4, 0x1042, 0x018000,
		    0);
	f = pci_sim_add(&sim, (struct pci_addr){0, 2, 0}, 0x1b36, 0x000c,
			0x060400, 1);
	pci_sim_put(f, PCI_SECONDARY, 1, 5);
	assert_int_equal(pci_enumerate(&cfg, 0, 255, &t), 5);
	assert_int_equal(t.buses, 3);
	assert_int_equal(devs[4].addr.bus, 3);
}

/* Every function of every device answers, every one a bridge. */
static uint32_t
ones_read(void *ctx, struct pci_addr a, unsigned off, unsigned width)
{
	(void)ctx;
	(void)width;
	if (off == PCI_VENDOR) {
		return 0x00011234;
	}
	if (off == PCI_HEADER) {
		return 0x81;
	}
	if (off == PCI_SECONDARY) {
		return (uint8_t)(a.bus + 1);
	}
	return 0xffffffffu;
}

static void
no_write(void *ctx, struct pci_addr a, unsigned off, unsigned width, uint32_t v)
{
	(void)ctx, (void)a, (void)off, (void)width, (void)v;
}

static void
test_pci_enum_everything_answers(void **state)
{
	(void)state;
	struct pci_config c = {ones_read, no_write, NULL, 256};
	struct pci_table t = table(64);

	assert_int_equal(pci_enumerate(&c, 0, 255, &t), 64);
	assert_int_equal(t.buses, 256);
	assert_int_equal(t.dropped, 256 * 256 - 64);
	assert_int_equal(devs[63].int_pin, 0); /* 0xff is no pin */
}

/* All ones (no device anywhere) and all zeros (vendor 0) find nothing. */
static uint32_t
zero_read(void *ctx, struct pci_addr a, unsigned off, unsigned width)
{
	(void)ctx, (void)a, (void)off, (void)width;
	return 0;
}

static uint32_t
absent_read(void *ctx, struct pci_addr a, unsigned off, unsigned width)
{
	(void)ctx, (void)a, (void)off, (void)width;
	return 0xffffffffu;
}

static void
test_pci_enum_empty(void **state)
{
	(void)state;
	struct pci_config c = {zero_read, no_write, NULL, 256};
	struct pci_table t = table(64);

	assert_int_equal(pci_enumerate(&c, 0, 255, &t), 0);
	c.read = absent_read;
	assert_int_equal(pci_enumerate(&c, 0, 255, &t), 0);
	assert_int_equal(t.buses, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pci_enum_q35),
	    cmocka_unit_test(test_pci_enum_virt),
	    cmocka_unit_test(test_pci_enum_range),
	    cmocka_unit_test(test_pci_enum_bridge_loops),
	    cmocka_unit_test(test_pci_enum_backward_bridge),
	    cmocka_unit_test(test_pci_enum_everything_answers),
	    cmocka_unit_test(test_pci_enum_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
