/*
 * Host unit tests for lib/pci_msi.c: MSI on the simulated q35's SATA
 * controller (64-bit, per-vector masking), a 32-bit one without masking,
 * refusals, and the INTx swizzle.
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

static void
test_pci_msi_64_maskable(void **state)
{
	(void)state;
	struct pci_msi m;

	pci_q35(&sim, &cfg);
	struct pci_sim_fn *f = pci_sim_find(&sim, Q35_SATA);
	assert_int_equal(pci_msi_probe(&cfg, Q35_SATA, 0, &m), 0);
	assert_int_equal(m.cap, 0x80);
	assert_true(m.is64);
	assert_true(m.maskable);
	assert_int_equal(m.vectors, 4);
	assert_int_equal(
	    pci_msi_program(&cfg, Q35_SATA, &m, 0x1fee00000ull, 0x4041, 1), 0);
	assert_int_equal(pci_sim_get(f, 0x84, 4), 0xfee00000);
	assert_int_equal(pci_sim_get(f, 0x88, 4), 1);
	assert_int_equal(pci_sim_get(f, 0x8c, 2), 0x4041);
	assert_int_equal(pci_sim_get(f, 0x82, 2) >> 4 & 7, 1);
	assert_int_equal(pci_sim_get(f, 0x82, 2) & 1, 0);
	pci_msi_enable(&cfg, Q35_SATA, &m, 1);
	assert_int_equal(pci_sim_get(f, 0x82, 2) & 1, 1);
	assert_int_equal(pci_msi_mask(&cfg, Q35_SATA, &m, 3, 1), 0);
	assert_int_equal(pci_msi_mask(&cfg, Q35_SATA, &m, 0, 1), 0);
	assert_int_equal(pci_sim_get(f, 0x90, 4), 9);
	assert_int_equal(pci_msi_mask(&cfg, Q35_SATA, &m, 3, 0), 0);
	assert_int_equal(pci_sim_get(f, 0x90, 4), 1);
	assert_int_equal(pci_msi_mask(&cfg, Q35_SATA, &m, 4, 1), -1);
	pci_msi_enable(&cfg, Q35_SATA, &m, 0);
	assert_int_equal(pci_sim_get(f, 0x82, 2) & 1, 0);
	/* More vectors than it has, or an unaligned address. */
	assert_int_equal(pci_msi_program(&cfg, Q35_SATA, &m, 0xfee00000, 0, 3),
			 -1);
	assert_int_equal(pci_msi_program(&cfg, Q35_SATA, &m, 0xfee00002, 0, 0),
			 -1);
	assert_int_equal(sim.bad, 0);
}

static void
test_pci_msi_32_plain(void **state)
{
	(void)state;
	struct pci_msi m;

	pci_q35(&sim, &cfg);
	struct pci_sim_fn *f = pci_sim_find(&sim, Q35_SATA);
	pci_sim_put(f, 0x82, 2, 0); /* 32-bit, one vector, no masking */
	assert_int_equal(pci_msi_probe(&cfg, Q35_SATA, 0, &m), 0);
	assert_false(m.is64);
	assert_false(m.maskable);
	assert_int_equal(m.vectors, 1);
	assert_int_equal(
	    pci_msi_program(&cfg, Q35_SATA, &m, 0x100000000ull, 0, 0), -1);
	assert_int_equal(pci_msi_program(&cfg, Q35_SATA, &m, 0x08020040, 7, 0),
			 0);
	assert_int_equal(pci_sim_get(f, 0x84, 4), 0x08020040);
	assert_int_equal(pci_sim_get(f, 0x88, 2), 7);
	assert_int_equal(pci_msi_mask(&cfg, Q35_SATA, &m, 0, 1), -1);
	/* A capability near the end whose words would pass 0xff. */
	f->cfg[PCI_CAP_PTR] = 0xf8;
	f->cfg[0xf8] = PCI_CAP_MSI;
	f->cfg[0xf9] = 0;
	pci_sim_put(f, 0xfa, 2, 1u << 7);
	assert_int_equal(pci_msi_probe(&cfg, Q35_SATA, 0, &m), -1);
	assert_int_equal(pci_msi_probe(&cfg, Q35_BLK, 0, &m), -1);
	/* MMC says 64 or 128 vectors (reserved): one. */
	pci_sim_put(f, 0xfa, 2, 7u << 1);
	f->cfg[PCI_CAP_PTR] = 0x80;
	pci_sim_put(f, 0x82, 2, 7u << 1);
	assert_int_equal(pci_msi_probe(&cfg, Q35_SATA, 0, &m), 0);
	assert_int_equal(m.vectors, 1);
}

static void
test_pci_intx_swizzle(void **state)
{
	(void)state;
	assert_int_equal(pci_intx_swizzle(0, 1), 1);
	assert_int_equal(pci_intx_swizzle(1, 1), 2);
	assert_int_equal(pci_intx_swizzle(3, 2), 1);
	assert_int_equal(pci_intx_swizzle(31, 4), 3);
	assert_int_equal(pci_intx_swizzle(2, 0), 0);
	assert_int_equal(pci_intx_swizzle(2, 5), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pci_msi_64_maskable),
	    cmocka_unit_test(test_pci_msi_32_plain),
	    cmocka_unit_test(test_pci_intx_swizzle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
