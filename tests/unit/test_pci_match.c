/*
 * Host unit tests for lib/pci_match.c: the manifest's `pci` lines, read
 * and refused, and matched against the simulated q35's devices.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pci_match.h"
#include "pci_machines.h"

static struct pci_sim sim;
static struct pci_config cfg;
static struct pci_device devs[16];
static int ndevs;

static const char *
parse(const char *s, struct pci_match *m)
{
	return pci_match_parse(s, strlen(s), m);
}

static void
q35(void)
{
	struct pci_table t = {devs, 16, 0, 0, 0, 0};

	pci_q35(&sim, &cfg);
	ndevs = pci_enumerate(&cfg, 0, 255, &t);
}

static void
test_pci_match_parse_ids(void **state)
{
	(void)state;
	struct pci_match m;

	assert_null(parse("pci 1af4:1042", &m));
	assert_int_equal(m.kind, PCI_MATCH_ID);
	assert_int_equal(m.vendor, 0x1af4);
	assert_int_equal(m.device, 0x1042);
	assert_false(m.any_device);
	assert_null(parse("\t1AF4:10aB  ", &m));
	assert_int_equal(m.device, 0x10ab);
	assert_null(parse("pci 8086:*", &m));
	assert_true(m.any_device);
	assert_int_equal(m.vendor, 0x8086);
	/* Without a NUL: only n bytes are read. */
	assert_null(pci_match_parse("pci 1af4:1001junk", 13, &m));
	assert_int_equal(m.device, 0x1001);
}

static void
test_pci_match_parse_classes(void **state)
{
	(void)state;
	struct pci_match m;

	assert_null(parse("pci class 01", &m));
	assert_int_equal(m.kind, PCI_MATCH_CLASS);
	assert_int_equal(m.depth, 1);
	assert_int_equal(m.class, 1);
	assert_null(parse("class 01:08", &m));
	assert_int_equal(m.depth, 2);
	assert_int_equal(m.subclass, 8);
	assert_null(parse("pci class 0c:03:30", &m));
	assert_int_equal(m.depth, 3);
	assert_int_equal(m.class, 0x0c);
	assert_int_equal(m.progif, 0x30);
}

static void
test_pci_match_parse_refusals(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    "pci",
	    "pci 1af4",
	    "pci 1af4:104",
	    "pci 1af4:10422",
	    "pci 1af4-1042",
	    "pci 1ag4:1042",
	    "pci ffff:1042",
	    "pci 0000:*",
	    "pci 1af4:1042 x",
	    "pci 1af4:?",
	    "pci class",
	    "pci class 1",
	    "pci class 01:",
	    "pci class 01-08",
	    "pci class 01:08:",
	    "pci class 0x1",
	    "pci class 01 02",
	    "pci pci 1af4:1042",
	    "pcix 1af4:1042",
	    "pci class 01:0g",
	};
	struct pci_match m;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why = parse(bad[i], &m);
		if (why == NULL) {
			fail_msg("accepted '%s'", bad[i]);
		}
		assert_int_equal(m.kind, 0);
	}
}

static void
test_pci_match_devices(void **state)
{
	(void)state;
	struct pci_match m;

	q35();
	assert_int_equal(ndevs, Q35_DEVICES);
	parse("pci 1af4:1042", &m);
	assert_int_equal(pci_match_find(&m, devs, ndevs, 0), 2);
	assert_int_equal(pci_match_find(&m, devs, ndevs, 3), -1);
	parse("pci 1af4:*", &m);
	assert_int_equal(pci_match_find(&m, devs, ndevs, 0), 1);
	assert_int_equal(pci_match_find(&m, devs, ndevs, 2), 2);
	assert_int_equal(pci_match_find(&m, devs, ndevs, 3), 7);
	parse("pci class 01", &m);
	assert_int_equal(pci_match_find(&m, devs, ndevs, -5), 1);
	assert_int_equal(pci_match_find(&m, devs, ndevs, 3), 5);
	parse("pci class 01:06:01", &m);
	assert_int_equal(pci_match_find(&m, devs, ndevs, 0), 5);
	parse("pci class 01:06:02", &m);
	assert_int_equal(pci_match_find(&m, devs, ndevs, 0), -1);
	parse("pci class 06:04", &m);
	assert_int_equal(pci_match_find(&m, devs, ndevs, 0), 3);
	/* A zeroed (refused) match matches nothing. */
	memset(&m, 0, sizeof(m));
	assert_int_equal(pci_match_find(&m, devs, ndevs, 0), -1);
}

/* Does allow (a line) cover want (a line)? */
static int
covers(const char *allow, const char *want)
{
	struct pci_match a, w;

	assert_null(parse(allow, &a));
	assert_null(parse(want, &w));
	return pci_match_covers(&a, &w);
}

static void
test_pci_match_covers(void **state)
{
	(void)state;
	assert_true(covers("1af4:1042", "1af4:1042"));
	assert_true(covers("1af4:*", "1af4:1042"));
	assert_true(covers("1af4:*", "1af4:*"));
	assert_false(covers("1af4:1042", "1af4:*"));
	assert_false(covers("1af4:1042", "1af4:1041"));
	assert_false(covers("1af4:*", "8086:1042"));
	assert_true(covers("class 01", "class 01:08"));
	assert_true(covers("class 01", "class 01"));
	assert_true(covers("class 0c:03", "class 0c:03:30"));
	assert_false(covers("class 0c:03:30", "class 0c:03"));
	assert_false(covers("class 01:08", "class 01:06"));
	assert_false(covers("class 01", "class 02:00"));
	assert_false(covers("class 01", "1af4:1042"));
	assert_false(covers("1af4:*", "class 01"));

	struct pci_match a, b, zero;
	memset(&zero, 0, sizeof(zero));
	assert_null(parse("1af4:1042", &a));
	assert_false(pci_match_covers(&zero, &a));
	assert_false(pci_match_covers(&a, &zero));
	assert_null(parse("class 01", &a));
	b = a;
	b.depth = 4; /* not one parse makes */
	assert_false(pci_match_covers(&a, &b));
	assert_false(pci_match_covers(&b, &a));
}

static void
test_pci_match_equal(void **state)
{
	(void)state;
	struct pci_match a, b;

	assert_null(parse("1af4:1042", &a));
	assert_null(parse("pci 1af4:1042", &b));
	assert_true(pci_match_equal(&a, &b));
	assert_null(parse("1af4:*", &b));
	assert_false(pci_match_equal(&a, &b));
	assert_null(parse("class 01", &a));
	assert_null(parse("class 01:00", &b));
	assert_false(pci_match_equal(&a, &b));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pci_match_parse_ids),
	    cmocka_unit_test(test_pci_match_parse_classes),
	    cmocka_unit_test(test_pci_match_parse_refusals),
	    cmocka_unit_test(test_pci_match_devices),
	    cmocka_unit_test(test_pci_match_covers),
	    cmocka_unit_test(test_pci_match_equal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
