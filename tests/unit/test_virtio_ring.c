/*
 * Host unit tests for lib/virtio_ring.c, the split virtqueue.  The test
 * plays the device by hand on the ring memory: it reads the descriptors
 * and the available ring and writes used entries, honest or not.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "virtio.h"
#include "virtio_ring.h"

#define BUS 0x10000ULL

static _Alignas(4096) uint8_t mem[8192];
static struct virtq q;

static void
fresh(uint16_t size, int event_idx)
{
	memset(mem, 0xee, sizeof(mem));
	assert_int_equal(virtq_init(&q, size, mem, BUS, sizeof(mem), event_idx),
			 VIRTIO_OK);
}

static const struct virtq_buf rw[2] = {{0x1000, 16, 0}, {0x2000, 1, 1}};

/* The device answers: used entry {id, len}, and the index moves on. */
static void
used(uint32_t id, uint32_t len)
{
	volatile struct virtq_used_elem *e =
	    &q.used->ring[q.used->idx & (q.size - 1)];

	e->id = id;
	e->len = len;
	q.used->idx++;
}

static void
test_layout(void **state)
{
	(void)state;
	assert_int_equal(virtq_mem_size(256), 4616 + 6 + 2048);
	assert_int_equal(virtq_mem_size(1), 16 + 8 + 6 + 8);
	assert_int_equal(virtq_mem_size(0), 0);
	assert_int_equal(virtq_mem_size(96), 0);
	assert_int_equal(virtq_mem_size(512), 0);
	assert_int_equal(virtq_init(&q, 96, mem, BUS, sizeof(mem), 0),
			 VIRTIO_E_ARG);
	assert_int_equal(virtq_init(&q, 8, mem, BUS + 4, sizeof(mem), 0),
			 VIRTIO_E_ARG);
	assert_int_equal(virtq_init(&q, 8, mem + 4, BUS, sizeof(mem), 0),
			 VIRTIO_E_ARG);
	assert_int_equal(virtq_init(&q, 256, mem, BUS, 6000, 0),
			 VIRTIO_E_NOMEM);
	fresh(256, 0);
	assert_ptr_equal(q.avail, mem + 4096);
	assert_ptr_equal(q.used, mem + 4616);
	assert_int_equal(q.used_bus, BUS + 4616);
	assert_int_equal(q.avail->idx, 0);
	assert_int_equal(q.nfree, 256);
}

static void
test_chain_layout(void **state)
{
	struct virtq_buf b[3] = {
	    {0x1000, 16, 0}, {0x3000, 512, 1}, {0x2000, 1, 1}};

	(void)state;
	fresh(8, 0);
	assert_int_equal(virtq_add(&q, b, 3, 77, 0), 0);
	assert_int_equal(q.desc[0].addr, 0x1000);
	assert_int_equal(q.desc[0].flags, VIRTQ_DESC_F_NEXT);
	assert_int_equal(q.desc[0].next, 1);
	assert_int_equal(q.desc[1].flags,
			 VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE);
	assert_int_equal(q.desc[2].flags, VIRTQ_DESC_F_WRITE);
	assert_int_equal(q.desc[2].len, 1);
	assert_int_equal(q.avail->ring[0], 0);
	assert_int_equal(q.avail->idx, 0); /* not yet published */
	assert_int_equal(virtq_publish(&q), 1);
	assert_int_equal(q.avail->idx, 1);
	assert_int_equal(virtq_publish(&q), 0); /* nothing new */
	used(0, 513);
	uint32_t tok, len;
	assert_int_equal(virtq_get(&q, &tok, &len), 1);
	assert_int_equal(tok, 77);
	assert_int_equal(len, 513);
	assert_int_equal(virtq_get(&q, &tok, &len), 0);
	assert_int_equal(q.nfree, 8);
}

static void
test_bad_chains(void **state)
{
	struct virtq_buf wr[2] = {{0x2000, 1, 1}, {0x1000, 16, 0}};
	struct virtq_buf zero[1] = {{0x1000, 0, 0}};

	(void)state;
	fresh(8, 0);
	assert_int_equal(virtq_add(&q, rw, 0, 0, 0), VIRTIO_E_ARG);
	assert_int_equal(virtq_add(&q, wr, 2, 0, 0), VIRTIO_E_ARG);
	assert_int_equal(virtq_add(&q, zero, 1, 0, 0), VIRTIO_E_ARG);
	assert_int_equal(q.nfree, 8);
}

static void
test_free_list(void **state)
{
	uint32_t tok, len;

	(void)state;
	fresh(8, 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(virtq_add(&q, rw, 2, (uint32_t)i, 0), 2 * i);
	}
	assert_int_equal(virtq_add(&q, rw, 1, 9, 0), VIRTIO_E_FULL);
	virtq_publish(&q);
	used(4, 1); /* the third chain first */
	used(0, 1);
	assert_int_equal(virtq_get(&q, &tok, &len), 1);
	assert_int_equal(tok, 2);
	assert_int_equal(virtq_get(&q, &tok, &len), 1);
	assert_int_equal(tok, 0);
	assert_int_equal(q.nfree, 4);
	/* The freed descriptors come back, the last freed first. */
	assert_int_equal(virtq_add(&q, rw, 2, 5, 0), 0);
	assert_int_equal(virtq_add(&q, rw, 2, 6, 0), 4);
	assert_int_equal(virtq_add(&q, rw, 1, 7, 0), VIRTIO_E_FULL);
	assert_int_equal(q.inflight, 4);
}

static void
test_indirect(void **state)
{
	_Alignas(16) struct virtq_desc tab[4];
	struct virtq_indirect ind = {tab, 0x9000, 4};
	struct virtq_buf b[3] = {
	    {0x1000, 16, 0}, {0x3000, 512, 0}, {0x2000, 1, 1}};
	uint32_t tok, len;

	(void)state;
	fresh(4, 0);
	assert_int_equal(virtq_add(&q, b, 3, 1, &ind), 0);
	assert_int_equal(q.nfree, 3);
	assert_int_equal(q.desc[0].flags, VIRTQ_DESC_F_INDIRECT);
	assert_int_equal(q.desc[0].addr, 0x9000);
	assert_int_equal(q.desc[0].len, 48);
	assert_int_equal(tab[0].flags, VIRTQ_DESC_F_NEXT);
	assert_int_equal(tab[0].next, 1);
	assert_int_equal(tab[1].addr, 0x3000);
	assert_int_equal(tab[1].next, 2);
	assert_int_equal(tab[2].flags, VIRTQ_DESC_F_WRITE);
	ind.max = 2;
	assert_int_equal(virtq_add(&q, b, 3, 2, &ind), VIRTIO_E_ARG);
	virtq_publish(&q);
	used(0, 2); /* only the status byte is writable */
	assert_int_equal(virtq_get(&q, &tok, &len), VIRTIO_E_DEVICE);
}

static void
test_no_notify(void **state)
{
	(void)state;
	fresh(8, 0);
	virtq_add(&q, rw, 2, 0, 0);
	q.used->flags = VIRTQ_USED_F_NO_NOTIFY;
	assert_int_equal(virtq_publish(&q), 0);
	assert_int_equal(q.avail->idx, 1);
}

static void
test_event_idx(void **state)
{
	volatile uint16_t *avail_event;
	volatile uint16_t *used_event;
	uint32_t tok, len;

	(void)state;
	fresh(8, 1);
	avail_event = (volatile uint16_t *)&q.used->ring[8];
	used_event = &q.avail->ring[8];
	virtq_add(&q, rw, 2, 0, 0);
	assert_int_equal(virtq_publish(&q), 1); /* crosses avail_event 0 */
	virtq_add(&q, rw, 2, 1, 0);
	assert_int_equal(virtq_publish(&q), 0); /* device not yet caught up */
	*avail_event = 2;
	virtq_add(&q, rw, 2, 2, 0);
	assert_int_equal(virtq_publish(&q), 1);
	used(0, 1);
	assert_int_equal(virtq_get(&q, &tok, &len), 1);
	assert_int_equal(virtq_rearm(&q), 0);
	assert_int_equal(*used_event, 1);
	used(2, 1);
	assert_int_equal(virtq_rearm(&q), 1); /* arrived meanwhile */
}

/* A hostile answer breaks the queue for good, until virtq_init. */
static void
expect_broken(void)
{
	uint32_t tok = 0xdead, len = 0xdead;

	assert_int_equal(virtq_get(&q, &tok, &len), VIRTIO_E_DEVICE);
	assert_int_equal(tok, 0xdead);
	assert_int_equal(virtq_get(&q, &tok, &len), VIRTIO_E_DEVICE);
	assert_int_equal(virtq_add(&q, rw, 2, 0, 0), VIRTIO_E_DEVICE);
	assert_int_equal(virtq_publish(&q), 0);
	assert_int_equal(virtq_rearm(&q), 0);
}

static void
test_hostile(void **state)
{
	(void)state;
	fresh(8, 0);
	virtq_add(&q, rw, 2, 0, 0);
	virtq_publish(&q);
	used(8, 1); /* out of range */
	expect_broken();
	fresh(8, 0);
	virtq_add(&q, rw, 2, 0, 0);
	virtq_publish(&q);
	used(1, 1); /* not a head */
	expect_broken();
	fresh(8, 0);
	virtq_add(&q, rw, 2, 0, 0);
	virtq_publish(&q);
	used(0, 2); /* too long */
	expect_broken();
	fresh(8, 0);
	virtq_add(&q, rw, 2, 0, 0);
	virtq_add(&q, rw, 2, 0, 0);
	virtq_publish(&q);
	q.used->idx = 3; /* three answers to two requests */
	expect_broken();
	fresh(8, 0);
	virtq_add(&q, rw, 2, 0, 0);
	virtq_publish(&q);
	virtq_add(&q, rw, 2, 0, 0);
	used(0, 1);
	used(2, 1); /* answers a chain not yet published */
	uint32_t tok, len;
	assert_int_equal(virtq_get(&q, &tok, &len), VIRTIO_E_DEVICE);
	fresh(8, 0);
	q.used->idx = 0x8000; /* nothing in flight at all */
	expect_broken();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_layout),
	    cmocka_unit_test(test_chain_layout),
	    cmocka_unit_test(test_bad_chains),
	    cmocka_unit_test(test_free_list),
	    cmocka_unit_test(test_indirect),
	    cmocka_unit_test(test_no_notify),
	    cmocka_unit_test(test_event_idx),
	    cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, 0, 0);
}
