/*
 * Host unit tests for lib/pci_cap.c: walking the capability list of the
 * simulated q35's devices, virtio's several vendor capabilities, and
 * lists that loop, point low, or are absent.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pci_cap.h"
#include "pci_machines.h"

static struct pci_sim sim;
static struct pci_config cfg;

static void
test_pci_cap_find(void **state)
{
	(void)state;
	pci_q35(&sim, &cfg);
	assert_int_equal(pci_cap_find(&cfg, Q35_BLK1, 0, PCI_CAP_MSIX),
			 Q35_BLK1_MSIX);
	assert_int_equal(pci_cap_find(&cfg, Q35_BLK1, 0, PCI_CAP_MSI), 0);
	assert_int_equal(pci_cap_find(&cfg, Q35_PORT, 1, PCI_CAP_EXP), 0x40);
	assert_int_equal(pci_cap_find(&cfg, Q35_SATA, 0, PCI_CAP_MSI), 0x80);
	/* No capability list: the status bit is clear. */
	assert_int_equal(pci_cap_find(&cfg, Q35_BLK, 0, PCI_CAP_MSIX), 0);
	assert_int_equal(
	    pci_cap_find(&cfg, (struct pci_addr){0, 9, 0}, 0, PCI_CAP_MSIX), 0);
	assert_int_equal(sim.bad, 0);
}

/* virtio's vendor capabilities, in list order, with their cfg_type. */
static void
test_pci_cap_virtio_vendor_caps(void **state)
{
	(void)state;
	struct pci_cap_iter it;
	const uint8_t want[] = {1, 3, 4, 2};
	unsigned off;
	int n = 0;

	pci_q35(&sim, &cfg);
	pci_cap_begin(&cfg, Q35_BLK1, 0, &it);
	while ((off = pci_cap_find_next(&cfg, &it, PCI_CAP_VENDOR)) != 0) {
		assert_true(n < 4);
		assert_int_equal(pci_read8(&cfg, Q35_BLK1, off + 3), want[n]);
		n++;
	}
	assert_int_equal(n, 4);
	assert_int_equal(it.steps, 5);
}

static void
test_pci_cap_loop(void **state)
{
	(void)state;
	struct pci_cap_iter it;
	uint8_t id;
	int n = 0;

	pci_q35(&sim, &cfg);
	struct pci_sim_fn *f = pci_sim_find(&sim, Q35_BLK1);
	/* The last capability points back to the first. */
	f->cfg[0x50 + 1] = Q35_BLK1_MSIX;
	pci_cap_begin(&cfg, Q35_BLK1, 0, &it);
	while (pci_cap_next(&cfg, &it, &id) != 0) {
		n++;
	}
	assert_int_equal(n, PCI_CAP_MAX_STEPS);
	/* Searching for what is not there ends too, and stays ended. */
	assert_int_equal(pci_cap_find(&cfg, Q35_BLK1, 0, PCI_CAP_MSI), 0);
	assert_int_equal(pci_cap_next(&cfg, &it, &id), 0);
	/* A capability pointing at itself. */
	f->cfg[Q35_BLK1_MSIX + 1] = Q35_BLK1_MSIX;
	assert_int_equal(pci_cap_find(&cfg, Q35_BLK1, 0, PCI_CAP_PM), 0);
	assert_int_equal(sim.bad, 0);
}

/* Pointers below 0x40 end the list; reserved low bits are ignored. */
static void
test_pci_cap_bad_pointers(void **state)
{
	(void)state;
	pci_q35(&sim, &cfg);
	struct pci_sim_fn *f = pci_sim_find(&sim, Q35_BLK1);
	f->cfg[PCI_CAP_PTR] = 0x10;
	assert_int_equal(pci_cap_find(&cfg, Q35_BLK1, 0, PCI_CAP_MSIX), 0);
	f->cfg[PCI_CAP_PTR] = Q35_BLK1_MSIX | 3;
	assert_int_equal(pci_cap_find(&cfg, Q35_BLK1, 0, PCI_CAP_MSIX),
			 Q35_BLK1_MSIX);
	/* The last slot, 0xfc, with a next that is odd. */
	f->cfg[PCI_CAP_PTR] = 0xff;
	f->cfg[0xfc] = PCI_CAP_PM;
	f->cfg[0xfd] = 0xff;
	assert_int_equal(pci_cap_find(&cfg, Q35_BLK1, 0, PCI_CAP_PM), 0xfc);
	assert_int_equal(pci_cap_find(&cfg, Q35_BLK1, 0, PCI_CAP_MSI), 0);
	/* A CardBus bridge's list pointer is at 0x14. */
	f->cfg[0x14] = 0x40;
	f->cfg[0x40] = PCI_CAP_PM;
	f->cfg[0x41] = 0;
	assert_int_equal(pci_cap_find(&cfg, Q35_BLK1, 2, PCI_CAP_PM), 0x40);
	/* On a 256-byte space too: nothing past it is read. */
	cfg.size = 256;
	assert_int_equal(pci_cap_find(&cfg, Q35_BLK1, 0, PCI_CAP_PM), 0xfc);
	assert_int_equal(sim.bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pci_cap_find),
	    cmocka_unit_test(test_pci_cap_virtio_vendor_caps),
	    cmocka_unit_test(test_pci_cap_loop),
	    cmocka_unit_test(test_pci_cap_bad_pointers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
