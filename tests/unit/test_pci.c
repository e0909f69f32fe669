/*
 * Host unit tests for lib/pci.c: configuration access and its checks,
 * the command register, ECAM's arithmetic and window, the legacy
 * mechanism's address word.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pci.h"
#include "pci_machines.h"

static struct pci_sim sim;
static struct pci_config cfg;

static void
test_pci_read_widths(void **state)
{
	(void)state;
	pci_q35(&sim, &cfg);
	assert_int_equal(pci_read16(&cfg, Q35_HOST, PCI_VENDOR), 0x8086);
	assert_int_equal(pci_read32(&cfg, Q35_HOST, PCI_VENDOR), 0x29c08086);
	assert_int_equal(pci_read8(&cfg, Q35_BLK, PCI_CLASS), 0x01);
	/* Nobody home: all ones, as the bus answers. */
	struct pci_addr none = {0, 9, 0};
	assert_int_equal(pci_read16(&cfg, none, PCI_VENDOR), 0xffff);
	assert_int_equal(sim.bad, 0);
}

static void
test_pci_refuses_bad_offsets(void **state)
{
	(void)state;
	pci_q35(&sim, &cfg);
	long reads = sim.reads;
	assert_int_equal(pci_read(&cfg, Q35_HOST, 1, 2), 0xffff);
	assert_int_equal(pci_read(&cfg, Q35_HOST, 2, 4), 0xffffffffu);
	assert_int_equal(pci_read(&cfg, Q35_HOST, 4096, 1), 0xff);
	assert_int_equal(pci_read(&cfg, Q35_HOST, 0, 3), 0xffffffffu);
	assert_int_equal(pci_read(&cfg, (struct pci_addr){0, 32, 0}, 0, 2),
			 0xffff);
	pci_write(&cfg, Q35_HOST, 4094, 4, 0);
	pci_write(&cfg, Q35_HOST, 0xffffffffu, 1, 0);
	assert_int_equal(sim.reads, reads);
	assert_int_equal(sim.writes, 0);
	/* A 256-byte space (the legacy ports) ends at 0xff. */
	cfg.size = 256;
	assert_int_equal(pci_read(&cfg, Q35_HOST, 0x100, 4), 0xffffffffu);
	assert_int_equal(pci_read(&cfg, Q35_HOST, 0xfc, 4), 0);
	assert_int_equal(sim.bad, 0);
}

static void
test_pci_command_bits(void **state)
{
	(void)state;
	pci_q35(&sim, &cfg);
	pci_sim_put(pci_sim_find(&sim, Q35_BLK), PCI_COMMAND, 2, 0x0003);
	uint16_t old = pci_command(&cfg, Q35_BLK, PCI_CMD_MASTER, PCI_CMD_IO);
	assert_int_equal(old, 3);
	assert_int_equal(pci_read16(&cfg, Q35_BLK, PCI_COMMAND), 0x0006);
	long writes = sim.writes;
	pci_command(&cfg, Q35_BLK, PCI_CMD_MASTER, 0);
	assert_int_equal(sim.writes, writes); /* no change, no write */
}

static void
test_pci_ecam_offset(void **state)
{
	(void)state;
	struct pci_addr a = {3, 31, 7};
	assert_int_equal(pci_ecam_offset(0, a, 0xffc), 0x3ffffc);
	assert_int_equal(pci_ecam_offset(2, a, 0), 0x1ff000);
	assert_int_equal(pci_ecam_offset(0, (struct pci_addr){255, 0, 0}, 0),
			 255ull << 20);
	assert_int_equal(pci_legacy_address(a, 0x3d), 0x8003ff3c);
}

static void
test_pci_ecam_window(void **state)
{
	(void)state;
	/* Buses 1-2: two MiB. */
	static uint8_t window[2 << 20];
	struct pci_ecam e = {window, 1, 2};
	struct pci_config c;
	struct pci_addr a = {2, 1, 1};

	memset(window, 0xff, sizeof(window));
	pci_ecam_config(&c, &e);
	assert_int_equal(c.size, 4096);
	pci_write(&c, a, 0x10, 4, 0x12345678);
	pci_write(&c, a, 0x14, 2, 0xabcd);
	pci_write(&c, a, 0x16, 1, 0x5a);
	size_t at = (size_t)pci_ecam_offset(1, a, 0x10);
	assert_int_equal(window[at], 0x78);
	assert_int_equal(pci_read32(&c, a, 0x10), 0x12345678);
	assert_int_equal(pci_read16(&c, a, 0x14), 0xabcd);
	assert_int_equal(pci_read8(&c, a, 0x16), 0x5a);
	/* Outside the window's buses: all ones, writes dropped. */
	assert_int_equal(pci_read32(&c, (struct pci_addr){0, 0, 0}, 0),
			 0xffffffffu);
	assert_int_equal(pci_read32(&c, (struct pci_addr){3, 0, 0}, 0),
			 0xffffffffu);
	pci_write(&c, (struct pci_addr){3, 0, 0}, 0, 4, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pci_read_widths),
	    cmocka_unit_test(test_pci_refuses_bad_offsets),
	    cmocka_unit_test(test_pci_command_bits),
	    cmocka_unit_test(test_pci_ecam_offset),
	    cmocka_unit_test(test_pci_ecam_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
