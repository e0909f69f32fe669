/*
 * Host unit tests for services/init/pciclaim.c: which function a driver
 * gets (first unclaimed match, line by line; its own again after a
 * restart), the refusals (none matches, all claimed), release, and the
 * DMA requester check.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pciclaim.h"

/* A q35 with two modern disks, a transitional one and a network card. */
static const struct pci_device devs[] = {
    {.addr = {0, 0, 0}, .vendor = 0x8086, .device = 0x29c0, .class = 6},
    {.addr = {0, 2, 0}, .vendor = 0x1af4, .device = 0x1042, .class = 1},
    {.addr = {0, 3, 0}, .vendor = 0x1af4, .device = 0x1001, .class = 1},
    {.addr = {0, 4, 0}, .vendor = 0x1af4, .device = 0x1042, .class = 1},
    {.addr = {1, 0, 0}, .vendor = 0x1af4, .device = 0x1041, .class = 2},
};
#define N ((int)(sizeof(devs) / sizeof(devs[0])))

static uint64_t claim[N];
static struct pci_match m[4];

static void
lines(int n, ...)
{
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		const char *s = va_arg(ap, const char *);
		assert_null(pci_match_parse(s, strlen(s), &m[i]));
	}
	va_end(ap);
}

static int
pick(uint64_t pid, int nm)
{
	int i = pciclaim_pick(devs, claim, N, pid, m, nm);
	if (i >= 0) {
		claim[i] = pid;
	}
	return i;
}

static void
test_first_unclaimed(void **state)
{
	(void)state;
	memset(claim, 0, sizeof(claim));
	lines(1, "1af4:1042");
	assert_int_equal(pick(7, 1), 1);
	assert_int_equal(pick(8, 1), 3);
	assert_int_equal(pick(9, 1), PCICLAIM_TAKEN);
	/* Line order first: 1001 before the remaining 1042. */
	pciclaim_release(claim, N, 8);
	lines(2, "1af4:1001", "1af4:1042");
	assert_int_equal(pick(9, 2), 2);
	assert_int_equal(pick(10, 2), 3);
	assert_int_equal(pick(11, 2), PCICLAIM_TAKEN);
}

static void
test_restart_keeps(void **state)
{
	(void)state;
	memset(claim, 0, sizeof(claim));
	lines(1, "1af4:*");
	assert_int_equal(pick(7, 1), 1);
	assert_int_equal(pick(8, 1), 2);
	/* pid 7 again (restarted): the same function, not the next. */
	assert_int_equal(pick(7, 1), 1);
	assert_int_equal(claim[3], 0);
	pciclaim_release(claim, N, 7);
	assert_int_equal(claim[1], 0);
	assert_int_equal(claim[2], 8);
	assert_int_equal(pick(9, 1), 1);
}

static void
test_none(void **state)
{
	(void)state;
	memset(claim, 0, sizeof(claim));
	lines(2, "8086:1234", "class 03");
	assert_int_equal(pick(7, 2), PCICLAIM_NONE);
	assert_int_equal(pick(7, 0), PCICLAIM_NONE);
	assert_int_equal(pciclaim_pick(devs, claim, 0, 7, m, 2), PCICLAIM_NONE);
	lines(1, "class 02:00");
	assert_int_equal(pick(7, 1), 4);
	lines(1, "class 06");
	assert_int_equal(pick(8, 1), 0);
}

static void
test_owns(void **state)
{
	(void)state;
	memset(claim, 0, sizeof(claim));
	lines(1, "1af4:1041");
	assert_int_equal(pick(7, 1), 4);
	assert_int_equal(pciclaim_rid(&devs[4]), 0x100);
	assert_int_equal(pciclaim_rid(&devs[1]), 0x10);
	assert_true(pciclaim_owns(devs, claim, N, 7, 0x100));
	assert_false(pciclaim_owns(devs, claim, N, 7, 0x10));
	assert_false(pciclaim_owns(devs, claim, N, 8, 0x100));
	assert_false(pciclaim_owns(devs, claim, N, 0, 0x0));
	assert_false(pciclaim_owns(devs, claim, N, 7, 0x10100));
	pciclaim_release(claim, N, 7);
	assert_false(pciclaim_owns(devs, claim, N, 7, 0x100));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_first_unclaimed),
	    cmocka_unit_test(test_restart_keeps),
	    cmocka_unit_test(test_none),
	    cmocka_unit_test(test_owns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
