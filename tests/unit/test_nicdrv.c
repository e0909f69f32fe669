/*
 * Host unit tests for the virtio-net driver's logic
 * (drivers/virtio-net/logic.c): its clients and which is served, the
 * checks of TX and RX, the records, and when a client is signalled.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../drivers/virtio-net/logic.h"

#define A 0x100000ull /* a region's address */
#define N 0x10000ull  /* its size */

static void
test_attach_and_serve(void **state)
{
	struct nic_clients t = {0};

	(void)state;
	assert_int_equal(nic_check(&t, 7, A, 60), CAIRN_E_INVALID_CAP);
	assert_int_equal(nic_attach(&t, 0, A, N), -1);
	assert_int_equal(nic_attach(&t, 7, A, 0), -1);
	assert_int_equal(nic_attach(&t, 7, ~0ull - 10, N), -1);
	int i = nic_attach(&t, 7, A, N);
	assert_true(i >= 0);
	assert_int_equal(nic_check(&t, 7, A, 60), 0);
	assert_int_equal(nic_check(&t, 0, A, 60), CAIRN_E_INVALID_CAP);
	/* Attached again: the same entry, still listening. */
	t.c[i].listening = 1;
	assert_int_equal(nic_attach(&t, 7, A, N), i);
	assert_true(t.c[i].listening);
	/* A newer process is served; the older one waits. */
	int j = nic_attach(&t, 9, A + N, N);
	assert_true(j >= 0 && j != i);
	assert_ptr_equal(nic_active(&t), &t.c[j]);
	assert_int_equal(nic_check(&t, 7, A, 60), CAIRN_E_IN_USE);
	assert_int_equal(nic_check(&t, 9, A + N, 60), 0);
	assert_int_equal(nic_check(&t, 9, A, 60), CAIRN_E_RANGE);
	/* It ends: the older one is served again. */
	nic_forget(&t, 9);
	assert_ptr_equal(nic_active(&t), &t.c[i]);
	assert_int_equal(nic_check(&t, 7, A, 60), 0);
	assert_null(nic_find(&t, 9));
	/* A fifth client evicts the lowest badge. */
	for (uint64_t b = 10; b < 14; b++) {
		assert_true(nic_attach(&t, b, A, N) >= 0);
	}
	assert_null(nic_find(&t, 7));
	assert_non_null(nic_find(&t, 13));
}

static void
test_ranges(void **state)
{
	struct nic_clients t = {0};

	(void)state;
	nic_attach(&t, 5, A, N);
	assert_int_equal(nic_check(&t, 5, A + N, 0), 0);
	assert_int_equal(nic_check(&t, 5, A + N, 1), CAIRN_E_RANGE);
	assert_int_equal(nic_check(&t, 5, A - 1, 1), CAIRN_E_RANGE);
	assert_int_equal(nic_check(&t, 5, A + 8, ~0ull), CAIRN_E_RANGE);
	assert_int_equal(nic_check(&t, 5, ~0ull, 2), CAIRN_E_RANGE);
	assert_int_equal(nic_tx_check(&t, 5, A, 13, 1500), CAIRN_E_RANGE);
	assert_int_equal(nic_tx_check(&t, 5, A, 14, 1500), 0);
	assert_int_equal(nic_tx_check(&t, 5, A, 1514, 1500), 0);
	assert_int_equal(nic_tx_check(&t, 5, A, 1515, 1500), CAIRN_E_RANGE);
	assert_int_equal(nic_tx_check(&t, 5, A, 1415, 1400), CAIRN_E_RANGE);
	assert_int_equal(nic_tx_check(&t, 5, A + N - 30, 60, 1500),
			 CAIRN_E_RANGE);
	assert_int_equal(nic_rx_check(&t, 5, A, NIC_REC_SIZE(1514)), 0);
	assert_int_equal(nic_rx_check(&t, 5, A, NIC_REC_SIZE(1514) - 1),
			 CAIRN_E_RANGE);
	assert_int_equal(nic_rx_check(&t, 5, A + N - 100, 4096), CAIRN_E_RANGE);
	assert_int_equal(nic_rx_check(&t, 6, A, 4096), CAIRN_E_INVALID_CAP);
}

static void
test_records(void **state)
{
	uint8_t buf[64], f[61];

	(void)state;
	for (int i = 0; i < 61; i++) {
		f[i] = (uint8_t)(i + 1);
	}
	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(NIC_REC_SIZE(61), 64);
	assert_int_equal(NIC_REC_SIZE(14), 16);
	assert_int_equal(NIC_REC_SIZE(6), 8);
	assert_int_equal(nic_put_record(buf, 63, f, 61), 0);
	assert_int_equal(buf[0], 0xee); /* nothing written */
	assert_int_equal(nic_put_record(buf, 64, f, 61), 64);
	assert_int_equal(buf[0], 61);
	assert_int_equal(buf[1], 0);
	assert_memory_equal(buf + 2, f, 61);
	assert_int_equal(buf[63], 0); /* the padding is zeroed */
	assert_int_equal(nic_put_record(buf, 64, f, 0x10000), 0);
}

static void
test_signals(void **state)
{
	struct nic_clients t = {0};

	(void)state;
	assert_false(nic_should_signal(NULL, 3));
	struct nic_client *c = &t.c[nic_attach(&t, 5, A, N)];
	assert_false(nic_should_signal(c, 3)); /* not listening */
	c->listening = 1;
	assert_false(nic_should_signal(c, 0)); /* nothing waits */
	assert_true(nic_should_signal(c, 1));
	assert_false(nic_should_signal(c, 2)); /* told: once per batch */
	nic_rx_done(c, 1);		       /* an RX left some */
	assert_false(nic_should_signal(c, 3));
	nic_rx_done(c, 0); /* an RX emptied the queue */
	assert_true(nic_should_signal(c, 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_attach_and_serve),
	    cmocka_unit_test(test_ranges),
	    cmocka_unit_test(test_records),
	    cmocka_unit_test(test_signals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
