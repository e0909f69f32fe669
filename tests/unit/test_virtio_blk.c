/*
 * Host unit tests for the virtio-blk library (lib/virtio_blk*.c over
 * lib/virtio_pci.c and lib/virtio_ring.c) against the simulated device
 * of virtio_sim.c: bring-up and its refusals, reads and writes with many
 * requests in flight answered out of order, flush, get-id, read-only,
 * ring wrap-around, recovery by reset and by a restarted driver with
 * their retries, and a hostile device.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "virtio_blk.h"
#include "virtio_sim.h"

#define MEM_LEN	 (64 * 1024)
#define DATA_OFF MEM_LEN
#define NBUF	 ((SIM_ARENA - DATA_OFF) / 4096)

static struct sim sim;
static struct virtio_pci pci;
static struct virtio_blk blk;
static const struct virtio_blk_opts plain = {VIRTIO_NO_VECTOR, VIRTIO_NO_VECTOR,
					     0, 0};

/* A fresh device and driver, not yet started. */
static void
fresh(void)
{
	sim_init(&sim);
	memset(&blk, 0, sizeof(blk));
	assert_int_equal(virtio_pci_init(&pci, &sim.io, SIM_NOTIFY_MUL),
			 VIRTIO_OK);
}

static int
start_with(const struct virtio_blk_opts *o)
{
	return virtio_blk_start(&blk, &pci, sim.arena, SIM_BUS, MEM_LEN, o);
}

/* A fresh device, started plainly. */
static void
up(void)
{
	fresh();
	assert_int_equal(start_with(&plain), VIRTIO_OK);
}

/* Data buffer i (4 KiB each) in the device's memory. */
static uint8_t *
buf(int i)
{
	return sim.arena + DATA_OFF + (size_t)(i % NBUF) * 4096;
}

static int
submit(uint64_t tag, int type, uint64_t sector, int i, uint32_t len)
{
	struct virtio_seg seg = {sim_bus(&sim, buf(i)), len};
	struct virtio_blk_req r = {tag, type, sector, &seg, len ? 1 : 0};

	return virtio_blk_submit(&blk, &r);
}

/* Reap everything there is into done; how many. */
static int
reap_all(struct virtio_blk_done *done, int max)
{
	int n = 0, r;

	while (n < max && (r = virtio_blk_reap(&blk, done + n, max - n)) > 0) {
		n += r;
	}
	return n;
}

/* Submit one request, let the device answer it, return its status. */
static int
one(int type, uint64_t sector, int i, uint32_t len)
{
	struct virtio_blk_done d;

	assert_int_equal(submit(99, type, sector, i, len), VIRTIO_OK);
	assert_int_equal(virtio_blk_kick(&blk), VIRTIO_OK);
	sim_run(&sim);
	assert_int_equal(reap_all(&d, 1), 1);
	assert_int_equal(d.tag, 99);
	return d.status;
}

static void
test_handshake(void **state)
{
	(void)state;
	up();
	assert_int_equal(sim.status, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER |
					 VIRTIO_S_FEATURES_OK |
					 VIRTIO_S_DRIVER_OK);
	assert_true(pci.features & VIRTIO_BIT(VIRTIO_F_VERSION_1));
	assert_int_equal(sim.driver_features, pci.features);
	assert_int_equal(blk.cfg.capacity, SIM_SECTORS);
	assert_int_equal(blk.cfg.seg_max, 8);
	assert_true(blk.cfg.flush);
	assert_false(blk.cfg.read_only);
	assert_int_equal(sim.q[0].enable, 1);
	assert_int_equal(sim.q[0].size, 256);
	assert_int_equal(sim.q[0].desc, SIM_BUS);
	assert_int_equal(sim.q[0].avail, blk.q.avail_bus);
	assert_int_equal(sim.fail, 0);
}

static void
test_refused_without_version_1(void **state)
{
	(void)state;
	fresh();
	sim.features &= ~VIRTIO_BIT(VIRTIO_F_VERSION_1);
	assert_int_equal(start_with(&plain), VIRTIO_E_VERSION);
	assert_true(sim.status & VIRTIO_S_FAILED);
	assert_false(sim.status & VIRTIO_S_FEATURES_OK);
	assert_false(sim.status & VIRTIO_S_DRIVER_OK);
	assert_int_equal(submit(1, VIRTIO_BLK_T_IN, 0, 0, 512),
			 VIRTIO_E_DEVICE);
}

static void
test_refusals_in_bring_up(void **state)
{
	(void)state;
	fresh();
	sim.refuse_features = 1;
	assert_int_equal(start_with(&plain), VIRTIO_E_FEATURES);
	assert_true(sim.status & VIRTIO_S_FAILED);
	fresh();
	sim.refuse_vector = 1;
	struct virtio_blk_opts msix = {1, 0, 0, 0};
	assert_int_equal(start_with(&msix), VIRTIO_E_DEVICE);
	assert_true(sim.status & VIRTIO_S_FAILED);
	fresh();
	sim.reset_stuck = 1;
	sim.status = VIRTIO_S_DRIVER_OK;
	assert_int_equal(start_with(&plain), VIRTIO_E_TIMEOUT);
	fresh();
	sim.qmax = 2;
	assert_int_equal(start_with(&plain), VIRTIO_E_QUEUE);
	fresh();
	sim.notify_off = 5; /* 20 bytes into a notify region of 8 */
	assert_int_equal(start_with(&plain), VIRTIO_E_DEVICE);
	fresh();
	assert_int_equal(
	    virtio_blk_start(&blk, &pci, sim.arena, SIM_BUS, 64, &plain),
	    VIRTIO_E_NOMEM);
	assert_int_equal(virtio_blk_start(&blk, &pci, sim.arena, SIM_BUS + 8,
					  MEM_LEN, &plain),
			 VIRTIO_E_ARG);
}

static void
test_config_checked(void **state)
{
	(void)state;
	fresh();
	sim.blk_size = 1000;
	assert_int_equal(start_with(&plain), VIRTIO_E_DEVICE);
	fresh();
	sim.seg_max = 0;
	assert_int_equal(start_with(&plain), VIRTIO_E_DEVICE);
	fresh();
	sim.size_max = 100;
	assert_int_equal(start_with(&plain), VIRTIO_E_DEVICE);
	fresh();
	sim.gen_flips = 1000; /* never settles */
	assert_int_equal(start_with(&plain), VIRTIO_E_DEVICE);
	fresh();
	sim.gen_flips = 3; /* settles on the third try */
	sim.seg_max = 1000;
	assert_int_equal(start_with(&plain), VIRTIO_OK);
	assert_int_equal(blk.cfg.seg_max, VIRTIO_BLK_MAX_SEGS);
}

static void
test_small_memory_smaller_queue(void **state)
{
	struct virtio_blk_opts o = plain;

	(void)state;
	fresh();
	sim.features |= VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC);
	o.indirect = 1;
	assert_int_equal(virtio_blk_start(&blk, &pci, sim.arena, SIM_BUS,
					  virtio_blk_mem_size(16), &o),
			 VIRTIO_OK);
	assert_int_equal(blk.q.size, 16);
	assert_int_equal(sim.q[0].size, 16);
	assert_int_equal(virtio_blk_mem_size(3), 0);
}

static void
test_write_then_read(void **state)
{
	(void)state;
	up();
	memset(buf(0), 0xab, 1024);
	assert_int_equal(one(VIRTIO_BLK_T_OUT, 10, 0, 1024), VIRTIO_OK);
	assert_int_equal(sim.disk[10 * 512], 0xab);
	assert_int_equal(sim.disk[12 * 512 - 1], 0xab);
	assert_int_not_equal(sim.disk[12 * 512], 0xab);
	memset(buf(1), 0, 1536);
	assert_int_equal(one(VIRTIO_BLK_T_IN, 9, 1, 1536), VIRTIO_OK);
	assert_memory_equal(buf(1), sim.disk + 9 * 512, 1536);
	assert_int_equal(buf(1)[512], 0xab);
	assert_int_equal(sim.fail, 0);
}

static void
test_many_in_flight_out_of_order(void **state)
{
	struct virtio_blk_done d[64];
	int seen[64] = {0};

	(void)state;
	up();
	for (int i = 0; i < 64; i++) {
		assert_int_equal(
		    submit(1000 + i, VIRTIO_BLK_T_IN, 8 * i, i, 4096),
		    VIRTIO_OK);
	}
	assert_int_equal(virtio_blk_kick(&blk), VIRTIO_OK);
	assert_int_equal(sim.notifies, 1);
	assert_int_equal(sim_fetch(&sim), 64);
	for (int k = 63; k >= 0; k -= 2) { /* the odd ones backwards */
		sim_complete(&sim, k);
	}
	int n = reap_all(d, 64);
	assert_int_equal(n, 32);
	while (sim.q[0].npending > 0) {
		sim_complete(&sim, sim.q[0].npending - 1);
	}
	n += reap_all(d + n, 64 - n);
	assert_int_equal(n, 64);
	for (int k = 0; k < 64; k++) {
		int i = (int)(d[k].tag - 1000);
		assert_true(i >= 0 && i < 64);
		assert_int_equal(d[k].status, VIRTIO_OK);
		seen[i]++;
		assert_memory_equal(buf(i), sim.disk + 8 * 512 * i, 4096);
	}
	for (int i = 0; i < 64; i++) {
		assert_int_equal(seen[i], 1);
	}
	assert_int_equal(blk.busy, 0);
	assert_int_equal(blk.q.nfree, blk.q.size);
	assert_int_equal(sim.fail, 0);
}

static void
test_flush_and_get_id(void **state)
{
	(void)state;
	up();
	assert_int_equal(one(VIRTIO_BLK_T_FLUSH, 0, 0, 0), VIRTIO_OK);
	assert_int_equal(sim.flushes, 1);
	assert_int_equal(one(VIRTIO_BLK_T_GET_ID, 0, 0, 20), VIRTIO_OK);
	assert_string_equal((char *)buf(0), "cairn-sim");
	assert_int_equal(submit(1, VIRTIO_BLK_T_GET_ID, 0, 0, 512),
			 VIRTIO_E_ARG);
	fresh();
	sim.features &= ~VIRTIO_BIT(VIRTIO_BLK_F_FLUSH);
	assert_int_equal(start_with(&plain), VIRTIO_OK);
	assert_false(blk.cfg.flush);
	assert_int_equal(submit(1, VIRTIO_BLK_T_FLUSH, 0, 0, 0),
			 VIRTIO_E_UNSUPP);
}

static void
test_read_only(void **state)
{
	(void)state;
	fresh();
	sim.features |= VIRTIO_BIT(VIRTIO_BLK_F_RO);
	assert_int_equal(start_with(&plain), VIRTIO_OK);
	assert_true(blk.cfg.read_only);
	assert_int_equal(submit(1, VIRTIO_BLK_T_OUT, 0, 0, 512),
			 VIRTIO_E_RDONLY);
	assert_int_equal(one(VIRTIO_BLK_T_IN, 0, 0, 512), VIRTIO_OK);
	assert_int_equal(sim.sectors_written, 0);
}

static void
test_request_checks(void **state)
{
	struct virtio_seg seg[9];

	(void)state;
	up();
	assert_int_equal(submit(1, VIRTIO_BLK_T_IN, SIM_SECTORS - 1, 0, 1024),
			 VIRTIO_E_RANGE);
	assert_int_equal(submit(1, VIRTIO_BLK_T_IN, UINT64_MAX, 0, 512),
			 VIRTIO_E_RANGE);
	assert_int_equal(submit(1, VIRTIO_BLK_T_IN, 0, 0, 100), VIRTIO_E_ARG);
	assert_int_equal(submit(1, 77, 0, 0, 512), VIRTIO_E_ARG);
	assert_int_equal(submit(1, VIRTIO_BLK_T_IN, 0, 0, 0), VIRTIO_E_ARG);
	for (int i = 0; i < 9; i++) {
		seg[i] = (struct virtio_seg){sim_bus(&sim, buf(i)), 512};
	}
	struct virtio_blk_req r = {1, VIRTIO_BLK_T_IN, 0, seg, 9};
	assert_int_equal(virtio_blk_submit(&blk, &r), VIRTIO_E_ARG);
	r.nseg = 8;
	assert_int_equal(virtio_blk_submit(&blk, &r), VIRTIO_OK);
	/* Overlaps: a write over a read in flight, a read over a write. */
	assert_int_equal(submit(2, VIRTIO_BLK_T_OUT, 7, 9, 512), VIRTIO_E_BUSY);
	assert_int_equal(submit(3, VIRTIO_BLK_T_IN, 4, 9, 512), VIRTIO_OK);
	assert_int_equal(submit(4, VIRTIO_BLK_T_OUT, 8, 9, 512), VIRTIO_OK);
	assert_int_equal(submit(5, VIRTIO_BLK_T_IN, 8, 10, 512), VIRTIO_E_BUSY);
	assert_int_equal(submit(6, VIRTIO_BLK_T_FLUSH, 0, 0, 0), VIRTIO_OK);
	assert_int_equal(blk.busy, 4);
	assert_int_equal(sim.fail, 0);
}

static void
test_scatter_and_indirect(void **state)
{
	struct virtio_seg seg[3];
	struct virtio_blk_done d;
	struct virtio_blk_opts o = plain;

	(void)state;
	fresh();
	sim.features |= VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC);
	o.indirect = 1;
	assert_int_equal(start_with(&o), VIRTIO_OK);
	assert_non_null(blk.ind);
	for (int i = 0; i < 3; i++) {
		memset(buf(i), 0x10 + i, 512);
		seg[i] = (struct virtio_seg){sim_bus(&sim, buf(i)), 512};
	}
	struct virtio_blk_req r = {5, VIRTIO_BLK_T_OUT, 100, seg, 3};
	assert_int_equal(virtio_blk_submit(&blk, &r), VIRTIO_OK);
	assert_int_equal(blk.q.nfree, blk.q.size - 1);
	virtio_blk_kick(&blk);
	sim_run(&sim);
	assert_int_equal(reap_all(&d, 1), 1);
	assert_int_equal(d.status, VIRTIO_OK);
	assert_int_equal(sim.disk[100 * 512], 0x10);
	assert_int_equal(sim.disk[102 * 512 + 511], 0x12);
	assert_int_equal(sim.fail, 0);
}

static void
test_ring_wraps(void **state)
{
	struct virtio_blk_done d[4];

	(void)state;
	fresh();
	sim.qmax = 8;
	assert_int_equal(start_with(&plain), VIRTIO_OK);
	/* 70,000 requests take the 16-bit indices round once. */
	for (int i = 0; i < 70000; i++) {
		int k = i % 2;
		memset(buf(k), (uint8_t)i, 512);
		assert_int_equal(submit((uint64_t)i, VIRTIO_BLK_T_OUT,
					(uint64_t)(i % 64), k, 512),
				 VIRTIO_OK);
		if (k == 1) {
			virtio_blk_kick(&blk);
			sim_run(&sim);
			assert_int_equal(reap_all(d, 4), 2);
			assert_int_equal(d[0].tag, (uint64_t)i - 1);
			assert_int_equal(d[1].tag, (uint64_t)i);
			assert_int_equal(d[1].status, VIRTIO_OK);
		}
	}
	assert_int_equal(sim.disk[(69999 % 64) * 512], (uint8_t)69999);
	assert_int_equal(blk.q.last_used, (uint16_t)70000);
	assert_int_equal(blk.q.nfree, 8);
	assert_int_equal(sim.fail, 0);
}

static void
test_event_idx(void **state)
{
	struct virtio_blk_done d[8];
	struct virtio_blk_opts o = plain;

	(void)state;
	fresh();
	sim.features |= VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
	o.event_idx = 1;
	assert_int_equal(start_with(&o), VIRTIO_OK);
	assert_true(blk.q.event_idx);
	/* A second kick before the device looked needs no notify. */
	assert_int_equal(submit(1, VIRTIO_BLK_T_IN, 0, 0, 512), VIRTIO_OK);
	virtio_blk_kick(&blk);
	assert_int_equal(submit(2, VIRTIO_BLK_T_IN, 1, 1, 512), VIRTIO_OK);
	virtio_blk_kick(&blk);
	assert_int_equal(sim.notifies, 1);
	/* One interrupt for answers the driver has not yet taken. */
	sim_run(&sim);
	assert_int_equal(sim.irqs, 1);
	assert_int_equal(reap_all(d, 8), 2);
	/* Taken: the next answer interrupts again, and wants a notify. */
	assert_int_equal(submit(3, VIRTIO_BLK_T_IN, 2, 2, 512), VIRTIO_OK);
	virtio_blk_kick(&blk);
	assert_int_equal(sim.notifies, 2);
	sim_run(&sim);
	assert_int_equal(sim.irqs, 2);
	assert_int_equal(reap_all(d, 8), 1);
	assert_int_equal(sim.fail, 0);
}

/* Tags answered, by completion or retry, for the crash tests. */
static int answered[16];

static void
count(const struct virtio_blk_done *d, int n, int want)
{
	for (int i = 0; i < n; i++) {
		assert_true(d[i].tag < 16);
		assert_int_equal(d[i].status, want);
		answered[d[i].tag]++;
	}
}

/* Submit writes 0..7 of pattern p to sectors 8 * i. */
static void
writes(uint8_t p)
{
	for (int i = 0; i < 8; i++) {
		memset(buf(i), p + i, 512);
		assert_int_equal(submit((uint64_t)i, VIRTIO_BLK_T_OUT,
					8 * (uint64_t)i, i, 512),
				 VIRTIO_OK);
	}
	virtio_blk_kick(&blk);
}

static void
check_disk(uint8_t p)
{
	for (int i = 0; i < 8; i++) {
		assert_int_equal(sim.disk[8 * 512 * i], (uint8_t)(p + i));
		assert_int_equal(sim.disk[8 * 512 * i + 511], (uint8_t)(p + i));
	}
}

static void
test_reset_with_requests_in_flight(void **state)
{
	struct virtio_blk_done d[16];
	int n;

	(void)state;
	up();
	memset(answered, 0, sizeof(answered));
	writes(0x40);
	sim_fetch(&sim);
	sim_complete(&sim, 0); /* done, and taken by the driver */
	assert_int_equal(reap_all(d, 16), 1);
	count(d, 1, VIRTIO_OK);
	sim_complete(&sim, 2); /* done, not yet taken */
	sim_complete(&sim, 0);
	/* The rest: taken by the device, or not yet seen by it. */
	assert_int_equal(virtio_blk_restart(&blk, d, 4, &n), VIRTIO_E_ARG);
	assert_int_equal(n, 0);
	assert_int_equal(virtio_blk_restart(&blk, d, 16, &n), VIRTIO_OK);
	assert_int_equal(n, 7);
	for (int i = 0; i < 7; i++) {
		assert_int_equal(d[i].tag, (uint64_t)i + 1); /* in order */
	}
	count(d, n, VIRTIO_E_RETRY);
	assert_int_equal(sim.resets, 2); /* at start, and now */
	assert_int_equal(sim.q[0].npending, 0);
	assert_int_equal(blk.busy, 0);
	/* Nothing of the old queue comes back. */
	assert_int_equal(reap_all(d, 16), 0);
	/* The client retries what it was told to, by tag. */
	for (int i = 1; i < 8; i++) {
		assert_int_equal(submit((uint64_t)i, VIRTIO_BLK_T_OUT,
					8 * (uint64_t)i, i, 512),
				 VIRTIO_OK);
	}
	virtio_blk_kick(&blk);
	sim_run(&sim);
	n = reap_all(d, 16);
	assert_int_equal(n, 7);
	count(d, n, VIRTIO_OK);
	for (int i = 0; i < 8; i++) {
		assert_int_equal(answered[i], i == 0 ? 1 : 2);
	}
	check_disk(0x40);
	assert_int_equal(sim.fail, 0);
}

static void
test_driver_restarted_mid_transfer(void **state)
{
	struct virtio_blk_done d[16];

	(void)state;
	up();
	writes(0x60);
	sim_fetch(&sim);
	sim_complete(&sim, 3);
	sim_complete(&sim, 0);
	/*
	 * The driver dies here.  Its successor knows nothing of what was in
	 * flight; the clients retry every write they saw no answer to.
	 */
	memset(&blk, 0x5a, sizeof(blk));
	assert_int_equal(start_with(&plain), VIRTIO_OK);
	assert_int_equal(sim.q[0].npending, 0);
	assert_int_equal(reap_all(d, 16), 0);
	writes(0x60);
	sim_run(&sim);
	assert_int_equal(reap_all(d, 16), 8);
	check_disk(0x60);
	assert_int_equal(sim.fail, 0);
}

static void
test_needs_reset_and_config_change(void **state)
{
	struct virtio_blk_done d[16];
	int n;

	(void)state;
	up();
	sim.capacity = 2 * SIM_SECTORS;
	sim.gen++;
	sim.isr |= VIRTIO_ISR_CONFIG;
	assert_int_equal(virtio_blk_isr(&blk), VIRTIO_ISR_CONFIG);
	assert_int_equal(virtio_blk_isr(&blk), 0);
	assert_int_equal(virtio_blk_config_changed(&blk), VIRTIO_OK);
	assert_int_equal(blk.cfg.capacity, 2 * SIM_SECTORS);
	writes(0x20);
	sim.status |= VIRTIO_S_NEEDS_RESET;
	assert_int_equal(virtio_blk_config_changed(&blk), VIRTIO_E_NEEDS_RESET);
	assert_int_equal(submit(9, VIRTIO_BLK_T_IN, 900, 9, 512),
			 VIRTIO_E_DEVICE);
	assert_int_equal(virtio_blk_restart(&blk, d, 16, &n), VIRTIO_OK);
	assert_int_equal(n, 8);
	assert_int_equal(one(VIRTIO_BLK_T_IN, 0, 0, 512), VIRTIO_OK);
}

/* After a hostile answer: refused until restarted, then well again. */
static void
expect_broken(void)
{
	struct virtio_blk_done d[16];
	int n;

	assert_int_equal(virtio_blk_reap(&blk, d, 16), VIRTIO_E_DEVICE);
	assert_int_equal(virtio_blk_reap(&blk, d, 16), VIRTIO_E_DEVICE);
	assert_int_equal(submit(50, VIRTIO_BLK_T_IN, 0, 0, 512),
			 VIRTIO_E_DEVICE);
	assert_int_equal(virtio_blk_kick(&blk), VIRTIO_E_DEVICE);
	assert_int_equal(virtio_blk_restart(&blk, d, 16, &n), VIRTIO_OK);
	assert_int_equal(one(VIRTIO_BLK_T_IN, 0, 0, 512), VIRTIO_OK);
}

static void
test_hostile_used_ring(void **state)
{
	struct virtio_blk_done d[16];

	(void)state;
	up();
	writes(0);
	sim_fetch(&sim);
	sim_push_used(&sim, 256, 1); /* id out of range */
	expect_broken();
	writes(0);
	sim_fetch(&sim);
	sim_push_used(&sim, 1, 1); /* id inside a chain, not a head */
	expect_broken();
	writes(0);
	sim_fetch(&sim);
	sim_push_used(&sim, 0, 2); /* more than the chain lets it write */
	expect_broken();
	writes(0);
	sim_fetch(&sim);
	sim_complete(&sim, 0);
	sim_push_used(&sim, 0, 1); /* the same head twice */
	assert_int_equal(virtio_blk_reap(&blk, d, 16), 1);
	expect_broken();
	writes(0);
	sim.q[0].used_idx += 9; /* the index runs past what is in flight */
	sim_push_used(&sim, 0, 1);
	expect_broken();
	assert_int_equal(sim.fail, 0);
}

static void
test_hostile_status(void **state)
{
	struct virtio_blk_done d[16];

	(void)state;
	up();
	assert_int_equal(submit(1, VIRTIO_BLK_T_IN, 0, 0, 512), VIRTIO_OK);
	assert_int_equal(submit(2, VIRTIO_BLK_T_IN, 1, 1, 512), VIRTIO_OK);
	assert_int_equal(submit(3, VIRTIO_BLK_T_OUT, 2, 2, 512), VIRTIO_OK);
	virtio_blk_kick(&blk);
	sim_fetch(&sim);
	sim_push_used(&sim, sim.q[0].pending[0], 513); /* no status written */
	sim.arena[blk.status_bus - SIM_BUS + 1] = VIRTIO_BLK_S_OK;
	sim_push_used(&sim, sim.q[0].pending[1],
		      100); /* status OK, data short */
	sim.arena[blk.status_bus - SIM_BUS + 2] = VIRTIO_BLK_S_IOERR;
	sim_push_used(&sim, sim.q[0].pending[2], 1);
	sim.q[0].npending = 0;
	assert_int_equal(reap_all(d, 16), 3);
	assert_int_equal(d[0].status, VIRTIO_E_DEVICE);
	assert_int_equal(d[1].status, VIRTIO_E_DEVICE);
	assert_int_equal(d[2].status, VIRTIO_E_IO);
	/* Per request: the device is still usable. */
	assert_int_equal(one(VIRTIO_BLK_T_IN, 0, 0, 512), VIRTIO_OK);
	assert_int_equal(one(VIRTIO_BLK_T_IN, 0, 0, 1024), VIRTIO_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_handshake),
	    cmocka_unit_test(test_refused_without_version_1),
	    cmocka_unit_test(test_refusals_in_bring_up),
	    cmocka_unit_test(test_config_checked),
	    cmocka_unit_test(test_small_memory_smaller_queue),
	    cmocka_unit_test(test_write_then_read),
	    cmocka_unit_test(test_many_in_flight_out_of_order),
	    cmocka_unit_test(test_flush_and_get_id),
	    cmocka_unit_test(test_read_only),
	    cmocka_unit_test(test_request_checks),
	    cmocka_unit_test(test_scatter_and_indirect),
	    cmocka_unit_test(test_ring_wraps),
	    cmocka_unit_test(test_event_idx),
	    cmocka_unit_test(test_reset_with_requests_in_flight),
	    cmocka_unit_test(test_driver_restarted_mid_transfer),
	    cmocka_unit_test(test_needs_reset_and_config_change),
	    cmocka_unit_test(test_hostile_used_ring),
	    cmocka_unit_test(test_hostile_status),
	};

	return cmocka_run_group_tests(tests, 0, 0);
}
