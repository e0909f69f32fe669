/*
 * Host unit tests for lib/pci_filter.c: the configuration writes a driver
 * may make, on the simulated q35's modern virtio disk (MSI-X) and its
 * SATA controller (MSI), and every refusal.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pci_cap.h"
#include "pci_filter.h"
#include "pci_machines.h"

static struct pci_sim sim;
static struct pci_config cfg;

static int
ok(struct pci_addr a, unsigned off, unsigned width, uint32_t v)
{
	return pci_filter_write(&cfg, a, 0, off, width, v);
}

static void
test_command(void **state)
{
	(void)state;
	pci_q35(&sim, &cfg);
	uint16_t now = pci_read16(&cfg, Q35_BLK1, PCI_COMMAND);
	assert_true(ok(Q35_BLK1, PCI_COMMAND, 2, now));
	assert_true(ok(Q35_BLK1, PCI_COMMAND, 2,
		       now | PCI_CMD_MEMORY | PCI_CMD_MASTER));
	assert_true(ok(Q35_BLK1, PCI_COMMAND, 2,
		       (now | PCI_CMD_INTX_OFF) & ~PCI_CMD_IO));
	/* SERR (bit 8), parity (bit 6), the reserved bits: refused. */
	assert_false(ok(Q35_BLK1, PCI_COMMAND, 2, now | 1u << 8));
	assert_false(ok(Q35_BLK1, PCI_COMMAND, 2, now | 1u << 6));
	assert_false(ok(Q35_BLK1, PCI_COMMAND, 2, now | 0x8000));
	/* The command register with the status, or a byte of it. */
	assert_false(ok(Q35_BLK1, PCI_COMMAND, 4, now));
	assert_false(ok(Q35_BLK1, PCI_COMMAND, 1, now & 0xff));
	assert_false(ok(Q35_BLK1, PCI_COMMAND, 2, 0x10000u | now));
	/* A bit that is set now may stay set: it is not a change. */
	pci_write(&cfg, Q35_BLK1, PCI_COMMAND, 2, now | 1u << 8);
	assert_true(
	    ok(Q35_BLK1, PCI_COMMAND, 2, now | 1u << 8 | PCI_CMD_MASTER));
	assert_false(ok(Q35_BLK1, PCI_COMMAND, 2, now));
}

static void
test_msi_control(void **state)
{
	(void)state;
	pci_q35(&sim, &cfg);
	assert_true(ok(Q35_BLK1, Q35_BLK1_MSIX + 2, 2, 0x8000));
	assert_true(ok(Q35_BLK1, Q35_BLK1_MSIX + 2, 2, 0xc000));
	assert_false(ok(Q35_BLK1, Q35_BLK1_MSIX + 2, 4, 0x8000));
	assert_false(ok(Q35_BLK1, Q35_BLK1_MSIX + 3, 1, 0x80));
	assert_false(ok(Q35_BLK1, Q35_BLK1_MSIX + 2, 2, 0x18000));
	/* The table's offset and BIR, and the capability's id: refused. */
	assert_false(ok(Q35_BLK1, Q35_BLK1_MSIX + 4, 4, 0));
	assert_false(ok(Q35_BLK1, Q35_BLK1_MSIX, 2, 0));
	/* SATA's MSI: the control word, not the address or data; and MSI
	 * is not turned on from here (the service's MSI_ENABLE does), only
	 * off, or left on. */
	unsigned msi = pci_cap_find(&cfg, Q35_SATA, 0, PCI_CAP_MSI);
	assert_int_not_equal(msi, 0);
	assert_int_equal(pci_read16(&cfg, Q35_SATA, msi + 2) & 1, 0);
	assert_true(ok(Q35_SATA, msi + 2, 2, 0));
	assert_false(ok(Q35_SATA, msi + 2, 2, 1));
	pci_write(&cfg, Q35_SATA, msi + 2, 2,
		  pci_read16(&cfg, Q35_SATA, msi + 2) | 1);
	assert_true(ok(Q35_SATA, msi + 2, 2, 1));
	assert_true(ok(Q35_SATA, msi + 2, 2, 0));
	assert_false(ok(Q35_SATA, msi + 4, 4, 0xfee00000));
	assert_false(ok(Q35_SATA, msi + 8, 2, 0x41));
	/* The disk has no MSI capability: SATA's offset is nothing there. */
	assert_false(ok(Q35_BLK1, msi + 2, 2, 1));
}

static void
test_refusals(void **state)
{
	(void)state;
	pci_q35(&sim, &cfg);
	/* Every BAR, the header, the capability pointer, the line. */
	for (unsigned off = PCI_BAR0; off < PCI_BAR0 + 24; off += 2) {
		assert_false(ok(Q35_BLK1, off, 2, 0xffff));
	}
	for (unsigned off = PCI_BAR0; off < PCI_BAR0 + 24; off += 4) {
		assert_false(ok(Q35_BLK1, off, 4, 0xffffffff));
	}
	assert_false(ok(Q35_BLK1, PCI_VENDOR, 2, 0));
	assert_false(ok(Q35_BLK1, PCI_STATUS, 2, 0xffff));
	assert_false(ok(Q35_BLK1, PCI_CAP_PTR, 1, 0));
	assert_false(ok(Q35_BLK1, PCI_INT_LINE, 1, 5));
	assert_false(ok(Q35_BLK1, 0x30, 4, 0)); /* expansion ROM */
	/* Unaligned, a bad width, past the space. */
	assert_false(ok(Q35_BLK1, PCI_COMMAND + 1, 2, 0));
	assert_false(ok(Q35_BLK1, PCI_COMMAND, 3, 0));
	assert_false(ok(Q35_BLK1, PCI_COMMAND, 0, 0));
	assert_false(ok(Q35_BLK1, 4096, 2, 0));
	assert_false(ok(Q35_BLK1, 4094 + 2, 2, 0));
	assert_false(ok(Q35_BLK1, ~0u - 1, 2, 0));
	/* A bridge's windows and buses. */
	assert_false(ok(Q35_PORT, PCI_SECONDARY, 1, 7));
	assert_false(
	    pci_filter_write(&cfg, Q35_PORT, PCI_HEADER_BRIDGE, 0x20, 4, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_command),
	    cmocka_unit_test(test_msi_control),
	    cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
