/*
 * Host unit tests for lib/pci_msix.c: the modern virtio disk's MSI-X on
 * the simulated q35 (table and pending bits in BAR 1), programming and
 * masking entries in a host copy of the table, and tables that do not
 * fit their BAR.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pci_msi.h"
#include "pci_machines.h"

static struct pci_sim sim;
static struct pci_config cfg;
static struct pci_bar bars[PCI_MAX_BARS];
static int nbars;

static void
q35(void)
{
	pci_q35(&sim, &cfg);
	nbars = pci_bars(&cfg, Q35_BLK1, 0, bars);
}

static void
test_pci_msix_probe(void **state)
{
	(void)state;
	struct pci_msix x;

	q35();
	assert_int_equal(pci_msix_probe(&cfg, Q35_BLK1, 0, bars, nbars, &x), 0);
	assert_int_equal(x.cap, Q35_BLK1_MSIX);
	assert_int_equal(x.entries, Q35_BLK1_ENTRIES);
	assert_int_equal(x.table_bar, 1);
	assert_int_equal(x.table_off, 0);
	assert_int_equal(x.pba_bar, 1);
	assert_int_equal(x.pba_off, 0x800);
	assert_int_equal(pci_msix_probe(&cfg, Q35_BLK, 0, bars, nbars, &x), -1);
}

static void
test_pci_msix_control(void **state)
{
	(void)state;
	struct pci_msix x;

	q35();
	struct pci_sim_fn *f = pci_sim_find(&sim, Q35_BLK1);
	pci_msix_probe(&cfg, Q35_BLK1, 0, bars, nbars, &x);
	pci_msix_control(&cfg, Q35_BLK1, &x, 1, 1);
	assert_int_equal(pci_sim_get(f, Q35_BLK1_MSIX + 2, 2), 0xc001);
	pci_msix_control(&cfg, Q35_BLK1, &x, 1, 0);
	assert_int_equal(pci_sim_get(f, Q35_BLK1_MSIX + 2, 2), 0x8001);
	pci_msix_control(&cfg, Q35_BLK1, &x, 0, 0);
	assert_int_equal(pci_sim_get(f, Q35_BLK1_MSIX + 2, 2), 0x0001);
}

static void
test_pci_msix_entries(void **state)
{
	(void)state;
	struct pci_msix x;
	uint32_t table[Q35_BLK1_ENTRIES * 4] = {0};
	uint32_t pba[2] = {2, 0};

	q35();
	pci_msix_probe(&cfg, Q35_BLK1, 0, bars, nbars, &x);
	assert_int_equal(pci_msix_set(table, &x, 1, 0xfee01000, 0x31), 0);
	assert_int_equal(table[4], 0xfee01000);
	assert_int_equal(table[5], 0);
	assert_int_equal(table[6], 0x31);
	assert_int_equal(table[7], 1); /* left masked */
	assert_int_equal(pci_msix_mask(table, &x, 1, 0), 0);
	assert_int_equal(table[7], 0);
	assert_int_equal(pci_msix_mask(table, &x, 0, 1), 0);
	assert_int_equal(table[3], 1);
	assert_int_equal(pci_msix_set(table, &x, 0, 0x80000000040ull, 9), 0);
	assert_int_equal(table[1], 0x800);
	/* Out of range or unaligned. */
	assert_int_equal(pci_msix_set(table, &x, 2, 0xfee00000, 0), -1);
	assert_int_equal(pci_msix_set(table, &x, 0, 0xfee00001, 0), -1);
	assert_int_equal(pci_msix_mask(table, &x, 2, 1), -1);
	assert_int_equal(pci_msix_pending(pba, &x, 1), 1);
	assert_int_equal(pci_msix_pending(pba, &x, 0), 0);
	assert_int_equal(pci_msix_pending(pba, &x, 2), -1);
}

/* Tables and pending bits that do not lie inside a memory BAR. */
static void
test_pci_msix_outside_bars(void **state)
{
	(void)state;
	struct pci_msix x;

	q35();
	struct pci_sim_fn *f = pci_sim_find(&sim, Q35_BLK1);
	/* 2048 entries are 32 KiB: more than BAR 1's 4 KiB. */
	pci_sim_put(f, Q35_BLK1_MSIX + 2, 2, 0x7ff);
	assert_int_equal(pci_msix_probe(&cfg, Q35_BLK1, 0, bars, nbars, &x),
			 -1);
	assert_int_equal(x.entries, 0);
	pci_sim_put(f, Q35_BLK1_MSIX + 2, 2, 1);
	/* A BAR that is not there (2), or past the last (7). */
	pci_sim_put(f, Q35_BLK1_MSIX + 4, 4, 2);
	assert_int_equal(pci_msix_probe(&cfg, Q35_BLK1, 0, bars, nbars, &x),
			 -1);
	pci_sim_put(f, Q35_BLK1_MSIX + 4, 4, 7);
	assert_int_equal(pci_msix_probe(&cfg, Q35_BLK1, 0, bars, nbars, &x),
			 -1);
	/* Pending bits at the BAR's very end: the last 8 bytes fit. */
	pci_sim_put(f, Q35_BLK1_MSIX + 4, 4, 1);
	pci_sim_put(f, Q35_BLK1_MSIX + 8, 4, 0xff8 | 1);
	assert_int_equal(pci_msix_probe(&cfg, Q35_BLK1, 0, bars, nbars, &x), 0);
	pci_sim_put(f, Q35_BLK1_MSIX + 8, 4, 0xffffff8 | 1);
	assert_int_equal(pci_msix_probe(&cfg, Q35_BLK1, 0, bars, nbars, &x),
			 -1);
	/* The table in an I/O BAR: the legacy disk's BAR 0. */
	struct pci_bar io[PCI_MAX_BARS];
	int nio = pci_bars(&cfg, Q35_BLK, 0, io);
	pci_sim_put(f, Q35_BLK1_MSIX + 8, 4, 0x800 | 1);
	pci_sim_put(f, Q35_BLK1_MSIX + 4, 4, 0);
	assert_int_equal(pci_msix_probe(&cfg, Q35_BLK1, 0, io, nio, &x), -1);
	assert_int_equal(sim.bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pci_msix_probe),
	    cmocka_unit_test(test_pci_msix_control),
	    cmocka_unit_test(test_pci_msix_entries),
	    cmocka_unit_test(test_pci_msix_outside_bars),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
