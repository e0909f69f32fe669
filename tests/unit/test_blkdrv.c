/*
 * Host unit tests for the virtio-blk driver's logic
 * (drivers/virtio-blk/logic.c): virtio's registers found in the granted
 * BARs of the simulated q35's modern disk, the clients' region table, and
 * the checks of a request's sectors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../drivers/virtio-blk/logic.h"
#include "pci_machines.h"

static struct pci_sim sim;

/* The disk's BAR 4 (16 KiB) granted at a made-up address. */
static void
grant(struct virtio_bar bars[6])
{
	memset(bars, 0, 6 * sizeof(bars[0]));
	bars[1] = (struct virtio_bar){0x7000001000ull, 0x1000};
	bars[4] = (struct virtio_bar){0x7000100000ull, 0x4000};
}

static void
test_regions_found(void **state)
{
	struct pci_config cfg;
	struct virtio_bar bars[6];
	struct virtio_mapped m;
	uint32_t mul = 99;

	(void)state;
	pci_q35(&sim, &cfg);
	grant(bars);
	assert_int_equal(virtio_find_regions(&cfg, Q35_BLK1, 0, bars, &m, &mul),
			 0);
	assert_ptr_equal(m.w[VIRTIO_R_COMMON].base, (void *)0x7000100000ull);
	assert_ptr_equal(m.w[VIRTIO_R_ISR].base, (void *)0x7000101000ull);
	assert_ptr_equal(m.w[VIRTIO_R_DEVICE].base, (void *)0x7000102000ull);
	assert_ptr_equal(m.w[VIRTIO_R_NOTIFY].base, (void *)0x7000103000ull);
	for (int r = 0; r < VIRTIO_NREGIONS; r++) {
		assert_int_equal(m.w[r].len, 0x1000);
	}
	/* The simulated notify capability is 16 bytes: no multiplier. */
	assert_int_equal(mul, 0);
}

static void
test_regions_refused(void **state)
{
	struct pci_config cfg;
	struct virtio_bar bars[6];
	struct virtio_mapped m;
	uint32_t mul;

	(void)state;
	pci_q35(&sim, &cfg);
	grant(bars);
	bars[4].size = 0x3800; /* the notify area runs past the BAR */
	assert_int_equal(virtio_find_regions(&cfg, Q35_BLK1, 0, bars, &m, &mul),
			 -1);
	grant(bars);
	bars[4].size = 0; /* not granted */
	assert_int_equal(virtio_find_regions(&cfg, Q35_BLK1, 0, bars, &m, &mul),
			 -1);
	grant(bars);
	struct pci_sim_fn *f = pci_sim_find(&sim, Q35_BLK1);
	pci_sim_put(f, 0x70 + 4, 1, 7); /* ISR in a BAR that is no BAR */
	assert_int_equal(virtio_find_regions(&cfg, Q35_BLK1, 0, bars, &m, &mul),
			 -1);
	pci_sim_put(f, 0x70 + 4, 1, 4);
	pci_sim_put(f, 0x70 + 8, 4, 0xfffff000); /* offset past the BAR */
	assert_int_equal(virtio_find_regions(&cfg, Q35_BLK1, 0, bars, &m, &mul),
			 -1);
	/* The legacy disk has no vendor capabilities at all. */
	assert_int_equal(virtio_find_regions(&cfg, Q35_BLK, 0, bars, &m, &mul),
			 -1);
}

static void
test_region_table(void **state)
{
	static struct blk_regions t;

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_int_equal(blk_region_check(&t, 5, 0x1000, 8),
			 CAIRN_E_INVALID_CAP);
	assert_int_equal(blk_region_add(&t, 5, 0x10000, 0x4000), 0);
	assert_int_equal(blk_region_add(&t, 5, 0x10000, 0x4000), 0);
	assert_int_equal(blk_region_check(&t, 5, 0x10000, 0x4000), 0);
	assert_int_equal(blk_region_check(&t, 5, 0x13e00, 0x200), 0);
	assert_int_equal(blk_region_check(&t, 5, 0x13e00, 0x201),
			 CAIRN_E_RANGE);
	assert_int_equal(blk_region_check(&t, 5, 0xfe00, 0x200), CAIRN_E_RANGE);
	assert_int_equal(blk_region_check(&t, 5, ~0ull - 8, 0x200),
			 CAIRN_E_RANGE);
	assert_int_equal(blk_region_check(&t, 5, 0x10000, ~0ull),
			 CAIRN_E_RANGE);
	/* Another client's region is not this one's. */
	assert_int_equal(blk_region_check(&t, 6, 0x10000, 0x200),
			 CAIRN_E_INVALID_CAP);
	assert_int_equal(blk_region_check(&t, 0, 0x10000, 0x200),
			 CAIRN_E_INVALID_CAP);
	assert_int_equal(blk_region_add(&t, 5, 0x10000, 0), -1);
	assert_int_equal(blk_region_add(&t, 5, ~0ull - 4, 0x1000), -1);
	assert_int_equal(blk_region_add(&t, 0, 0x10000, 0x1000), -1);
}

static void
test_region_eviction(void **state)
{
	static struct blk_regions t;

	(void)state;
	memset(&t, 0, sizeof(t));
	/* A client's fifth region evicts its oldest, no one else's. */
	assert_int_equal(blk_region_add(&t, 9, 0x90000, 0x1000), 0);
	for (uint64_t i = 0; i < 5; i++) {
		assert_int_equal(
		    blk_region_add(&t, 5, 0x100000 * (i + 1), 0x1000), 0);
	}
	assert_int_equal(blk_region_check(&t, 5, 0x100000, 8), CAIRN_E_RANGE);
	assert_int_equal(blk_region_check(&t, 5, 0x500000, 8), 0);
	assert_int_equal(blk_region_check(&t, 9, 0x90000, 8), 0);
	/* A full table: the oldest of all goes (client 9's). */
	for (uint64_t c = 100; c < 100 + BLK_REGIONS - 4; c++) {
		assert_int_equal(blk_region_add(&t, c, c << 20, 0x1000), 0);
	}
	assert_int_equal(blk_region_check(&t, 9, 0x90000, 8),
			 CAIRN_E_INVALID_CAP);
	assert_int_equal(blk_region_check(&t, 100, 100ull << 20, 8), 0);
}

static void
test_range(void **state)
{
	(void)state;
	assert_int_equal(blk_check_range(0, 1, 100, 256), 0);
	assert_int_equal(blk_check_range(99, 1, 100, 256), 0);
	assert_int_equal(blk_check_range(0, 100, 100, 256), 0);
	assert_int_equal(blk_check_range(100, 1, 100, 256), CAIRN_E_RANGE);
	assert_int_equal(blk_check_range(99, 2, 100, 256), CAIRN_E_RANGE);
	assert_int_equal(blk_check_range(~0ull, 2, 100, 256), CAIRN_E_RANGE);
	assert_int_equal(blk_check_range(2, ~0ull, 100, ~0ull), CAIRN_E_RANGE);
	assert_int_equal(blk_check_range(0, 0, 100, 256),
			 CAIRN_E_INVALID_ARGUMENT);
	assert_int_equal(blk_check_range(0, 257, 1000, 256),
			 CAIRN_E_INVALID_ARGUMENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_regions_found),
	    cmocka_unit_test(test_regions_refused),
	    cmocka_unit_test(test_region_table),
	    cmocka_unit_test(test_region_eviction),
	    cmocka_unit_test(test_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
