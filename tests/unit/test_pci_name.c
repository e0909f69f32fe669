/*
 * Host unit tests for lib/pci_name.c: class names and lspci's line, for
 * every device of the simulated q35 and virt, unknown classes and a
 * buffer too small.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pci_name.h"
#include "pci_machines.h"

static struct pci_sim sim;
static struct pci_config cfg;
static struct pci_device devs[16];

static void
test_pci_name_q35(void **state)
{
	(void)state;
	static const char *const want[] = {
	    "00:00.0 Host bridge 8086:29c0",
	    "00:02.0 SCSI storage controller 1af4:1001",
	    "00:03.0 Mass storage controller 1af4:1042",
	    "00:04.0 PCI bridge 1b36:000c",
	    "00:1f.0 ISA bridge 8086:2918",
	    "00:1f.2 SATA controller 8086:2922",
	    "00:1f.3 SMBus 8086:2930",
	    "01:00.0 Ethernet controller 1af4:1041",
	};
	struct pci_table t = {devs, 16, 0, 0, 0, 0};
	char line[PCI_FORMAT_MAX];

	pci_q35(&sim, &cfg);
	assert_int_equal(pci_enumerate(&cfg, 0, 255, &t), Q35_DEVICES);
	for (int i = 0; i < Q35_DEVICES; i++) {
		size_t n = pci_format(&devs[i], line, sizeof(line));
		assert_string_equal(line, want[i]);
		assert_int_equal(n, strlen(want[i]));
	}
}

static void
test_pci_name_virt(void **state)
{
	(void)state;
	struct pci_table t = {devs, 16, 0, 0, 0, 0};
	char line[PCI_FORMAT_MAX];

	pci_virt(&sim, &cfg);
	pci_enumerate(&cfg, 0, 255, &t);
	pci_format(&devs[0], line, sizeof(line));
	assert_string_equal(line, "00:00.0 Host bridge 1b36:0008");
}

static void
test_pci_name_classes(void **state)
{
	(void)state;
	assert_string_equal(pci_class_name(0x02, 0x00), "Ethernet controller");
	assert_string_equal(pci_class_name(0x02, 0x42), "Network controller");
	assert_string_equal(pci_class_name(0xff, 0x00), "Unassigned class");
	assert_string_equal(pci_class_name(0x06, 0xff), "Bridge");
	assert_null(pci_class_name(0x42, 0x00));
}

static void
test_pci_name_unknown_and_short(void **state)
{
	(void)state;
	struct pci_device d = {.addr = {0xab, 31, 7},
			       .vendor = 0xdead,
			       .device = 0xbeef,
			       .class = 0x42,
			       .subclass = 0x17};
	char line[PCI_FORMAT_MAX];

	assert_int_equal(pci_format(&d, line, sizeof(line)), 28);
	assert_string_equal(line, "ab:1f.7 Class 4217 dead:beef");
	memset(line, 'x', sizeof(line));
	assert_int_equal(pci_format(&d, line, 8), 28);
	assert_string_equal(line, "ab:1f.7");
	assert_int_equal(line[8], 'x');
	assert_int_equal(pci_format(&d, NULL, 0), 28);
	/* The longest class name still fits PCI_FORMAT_MAX. */
	d.class = 0x00;
	d.subclass = 0x01;
	assert_true(pci_format(&d, line, sizeof(line)) < PCI_FORMAT_MAX);
	d.class = 0x01;
	d.subclass = 0x07;
	assert_true(pci_format(&d, line, sizeof(line)) < PCI_FORMAT_MAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pci_name_q35),
	    cmocka_unit_test(test_pci_name_virt),
	    cmocka_unit_test(test_pci_name_classes),
	    cmocka_unit_test(test_pci_name_unknown_and_short),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
