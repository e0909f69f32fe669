/*
 * Host unit tests for lib/pci_bar.c: decoding and sizing 32- and 64-bit
 * memory BARs and I/O BARs, restoring the BAR and the command register,
 * and BARs that size oddly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pci_bar.h"
#include "pci_machines.h"

static struct pci_sim sim;
static struct pci_config cfg;

static void
test_pci_bar_q35_legacy_disk(void **state)
{
	(void)state;
	struct pci_bar b[PCI_MAX_BARS];

	pci_q35(&sim, &cfg);
	assert_int_equal(pci_bars(&cfg, Q35_BLK, 0, b), 2);
	assert_int_equal(b[0].kind, PCI_BAR_IO);
	assert_int_equal(b[0].index, 0);
	assert_int_equal(b[0].base, 0xc000);
	assert_int_equal(b[0].size, 0x80);
	assert_int_equal(b[1].kind, PCI_BAR_MEM32);
	assert_int_equal(b[1].index, 1);
	assert_int_equal(b[1].base, 0xfebd1000);
	assert_int_equal(b[1].size, 0x1000);
	assert_false(b[1].prefetchable);
	assert_int_equal(sim.bad, 0);
}

static void
test_pci_bar_q35_modern_disk(void **state)
{
	(void)state;
	struct pci_bar b[PCI_MAX_BARS];
	struct pci_sim_fn *f;

	pci_q35(&sim, &cfg);
	f = pci_sim_find(&sim, Q35_BLK1);
	assert_int_equal(pci_bars(&cfg, Q35_BLK1, 0, b), 2);
	assert_int_equal(b[1].kind, PCI_BAR_MEM64);
	assert_int_equal(b[1].index, 4);
	assert_true(b[1].prefetchable);
	assert_int_equal(b[1].base, 0xfe000000);
	assert_int_equal(b[1].size, 0x4000);
	/* Put above 4 GiB, it decodes so. */
	pci_sim_bar(f, 4, 0x800000000ull, 0x100000000ull, 0xc);
	assert_int_equal(pci_bar_probe(&cfg, Q35_BLK1, 0, 4, &b[0]), 2);
	assert_int_equal(b[0].base, 0x800000000ull);
	assert_int_equal(b[0].size, 0x100000000ull);
	/* Index 5 is the top half: probing it alone is a 32-bit read. */
	assert_int_equal(pci_bar_probe(&cfg, Q35_BLK1, 0, 6, &b[0]), -1);
	assert_int_equal(pci_bar_probe(&cfg, Q35_BLK1, 0, -1, &b[0]), -1);
}

/* Sizing leaves the BAR and the command register as they were. */
static void
test_pci_bar_restores(void **state)
{
	(void)state;
	struct pci_bar b;

	pci_q35(&sim, &cfg);
	struct pci_sim_fn *f = pci_sim_find(&sim, Q35_BLK1);
	pci_sim_put(f, PCI_COMMAND, 2, 0x0407);
	uint8_t before[64];
	memcpy(before, f->cfg, sizeof(before));
	for (int i = 0; i < PCI_MAX_BARS; i++) {
		pci_bar_probe(&cfg, Q35_BLK1, 0, i, &b);
	}
	assert_memory_equal(before, f->cfg, sizeof(before));
	/* Decoding was off while it sized: two command writes per BAR. */
	assert_int_equal(sim.writes, 6 * 2 + 2 * 2 + 5 * 2);
}

static void
test_pci_bar_bridge_and_cardbus(void **state)
{
	(void)state;
	struct pci_bar b[PCI_MAX_BARS];

	pci_q35(&sim, &cfg);
	assert_int_equal(pci_bars(&cfg, Q35_PORT, 1, b), 1);
	assert_int_equal(b[0].base, 0xfebd3000);
	assert_int_equal(pci_bar_count(2), 1);
	assert_int_equal(pci_bar_count(0x7f), 0);
	assert_int_equal(pci_bar_count(0x80), 6);
	assert_int_equal(pci_bar_probe(&cfg, Q35_PORT, 1, 2, b), -1);
}

/* Holes in the mask, a base not aligned to size, reserved types. */
static void
test_pci_bar_odd_sizes(void **state)
{
	(void)state;
	struct pci_bar b;

	pci_q35(&sim, &cfg);
	struct pci_sim_fn *f = pci_sim_find(&sim, Q35_BLK);
	/* A mask with holes: the lowest bit that sticks gives the size. */
	f->bar_mask[1] = 0xf0f0f000;
	pci_sim_put(f, PCI_BAR0 + 4, 4, 0x12345008);
	assert_int_equal(pci_bar_probe(&cfg, Q35_BLK, 0, 1, &b), 1);
	assert_int_equal(b.kind, PCI_BAR_MEM32);
	assert_int_equal(b.size, 0x1000);
	assert_int_equal(b.base, 0x12345000);
	assert_true(b.prefetchable);
	/* Nothing sticks: unimplemented. */
	f->bar_mask[1] = 0;
	pci_sim_put(f, PCI_BAR0 + 4, 4, 0);
	assert_int_equal(pci_bar_probe(&cfg, Q35_BLK, 0, 1, &b), 1);
	assert_int_equal(b.kind, PCI_BAR_NONE);
	/* The reserved memory type. */
	pci_sim_put(f, PCI_BAR0 + 4, 4, 6);
	f->bar_mask[1] = 0xfffff000;
	assert_int_equal(pci_bar_probe(&cfg, Q35_BLK, 0, 1, &b), 1);
	assert_int_equal(b.kind, PCI_BAR_NONE);
	/* A 64-bit BAR in the last register has no top half. */
	pci_sim_put(f, PCI_BAR0 + 20, 4, 4);
	f->bar_mask[5] = 0xfffff000;
	assert_int_equal(pci_bar_probe(&cfg, Q35_BLK, 0, 5, &b), 1);
	assert_int_equal(b.kind, PCI_BAR_NONE);
	/* Only the top bit sticks: 2^63, at 2^63, and no overflow. */
	pci_sim_put(f, PCI_BAR0 + 8, 4, 0xc);
	pci_sim_put(f, PCI_BAR0 + 12, 4, 0x80000000);
	f->bar_mask[2] = 0;
	f->bar_mask[3] = 0x80000000;
	assert_int_equal(pci_bar_probe(&cfg, Q35_BLK, 0, 2, &b), 2);
	assert_int_equal(b.kind, PCI_BAR_MEM64);
	assert_int_equal(b.size, 1ull << 63);
	assert_int_equal(b.base, 1ull << 63);
	assert_true(b.base + (b.size - 1) >= b.base);
	/* An I/O BAR of a 16-bit decoder: the top half reads zero. */
	f->bar_mask[0] = 0x0000fff0;
	assert_int_equal(pci_bar_probe(&cfg, Q35_BLK, 0, 0, &b), 1);
	assert_int_equal(b.kind, PCI_BAR_IO);
	assert_int_equal(b.size, 0x10);
	assert_int_equal(sim.bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pci_bar_q35_legacy_disk),
	    cmocka_unit_test(test_pci_bar_q35_modern_disk),
	    cmocka_unit_test(test_pci_bar_restores),
	    cmocka_unit_test(test_pci_bar_bridge_and_cardbus),
	    cmocka_unit_test(test_pci_bar_odd_sizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
