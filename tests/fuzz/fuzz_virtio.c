/*
 * fuzz_virtio: the input plays a virtio-blk device against the virtio
 * library (lib/virtio*.c), as the driver uses it.  The device is the
 * host tests' simulated one (tests/unit/virtio_sim.c): the input sets
 * what it offers (features, queue size, notify offset, configuration),
 * may make any register read answer what the input says, and then runs
 * a script: the driver submits requests, kicks, reaps, restarts, or is
 * replaced by a fresh driver; the device takes requests, answers them
 * honestly in any order, or writes the used ring and status bytes as the
 * input says.
 *
 * Promises checked: every request is answered exactly once, by a
 * completion or in a restart's retry list, and only requests in flight
 * are; a broken device is refused until a restart; and while the device
 * behaves, the driver never hands it a malformed chain or memory outside
 * its own, and never calls it broken.
 */
#include <string.h>

#include "fuzz.h"
#include "virtio_blk.h"
#include "../unit/virtio_sim.h"

#define MEM_LEN	 (64 * 1024)
#define NBUF	 16
#define MAX_TAGS 4096

enum { IDLE, IN_FLIGHT, ANSWERED };

static struct sim sim;
static struct virtio_pci pci;
static struct virtio_blk blk;
static struct virtio_blk_opts opts;
static uint8_t tag_state[MAX_TAGS];
static uint64_t ntags;
static int chaos, hostile, live;

/* The input, read from the front; zeros once it has run out. */
static const uint8_t *in;
static size_t left;

static uint64_t
take(int bytes)
{
	uint64_t v = 0;

	for (int i = 0; i < bytes && left > 0; i++, left--) {
		v |= (uint64_t)*in++ << (8 * i);
	}
	return v;
}

/* Register reads: the device's, or in chaos mode what the input says. */
static uint32_t
chaos_read(void *ctx, int region, uint32_t off, int size)
{
	(void)ctx;
	if (chaos && left > 0 && (take(1) & 1)) {
		return (uint32_t)take(size);
	}
	return sim.io.read(&sim, region, off, size);
}

static void
plain_write(void *ctx, int region, uint32_t off, int size, uint32_t v)
{
	(void)ctx;
	sim.io.write(&sim, region, off, size, v);
}

static int
start(void)
{
	struct virtio_io io = sim.io;

	io.read = chaos_read;
	io.write = plain_write;
	fuzz_check(virtio_pci_init(&pci, &io, SIM_NOTIFY_MUL) == VIRTIO_OK,
		   "transport refused");
	int r =
	    virtio_blk_start(&blk, &pci, sim.arena, SIM_BUS, MEM_LEN, &opts);
	fuzz_check(virtio_strerror(r) != NULL, "no error text");
	fuzz_check(chaos || hostile || r == VIRTIO_OK || r == VIRTIO_E_DEVICE ||
		       r == VIRTIO_E_QUEUE || r == VIRTIO_E_VERSION,
		   "an honest device refused");
	return r == VIRTIO_OK;
}

/* The input's device: what it offers. */
static void
device_setup(void)
{
	sim_init(&sim);
	uint8_t f = (uint8_t)take(1);
	sim.features = take(8) | VIRTIO_BIT(VIRTIO_F_VERSION_1);
	if (f & 1) {
		sim.features &= ~VIRTIO_BIT(VIRTIO_F_VERSION_1);
	}
	sim.qmax = (uint16_t)take(2);
	sim.notify_off = (uint16_t)(take(1) & 3);
	sim.capacity = take(2);
	sim.size_max = (uint32_t)take(1) << 9;
	sim.seg_max = (uint32_t)take(1);
	sim.blk_size = (uint32_t)512 << (take(1) & 7);
	opts = (struct virtio_blk_opts){VIRTIO_NO_VECTOR, VIRTIO_NO_VECTOR,
					(f >> 1) & 1, (f >> 2) & 1};
	chaos = (f >> 3) & 1;
	hostile = chaos;
}

static void
submit(void)
{
	struct virtio_seg seg[3];
	static const int types[] = {VIRTIO_BLK_T_IN,	VIRTIO_BLK_T_OUT,
				    VIRTIO_BLK_T_FLUSH, VIRTIO_BLK_T_GET_ID,
				    VIRTIO_BLK_T_IN,	3};
	uint8_t k = (uint8_t)take(1);
	int nseg = (k >> 4) % 4;

	for (int i = 0; i < nseg; i++) {
		uint8_t l = (uint8_t)take(1);
		seg[i].addr =
		    SIM_BUS + MEM_LEN + (uint64_t)(k + i) % NBUF * 4096;
		seg[i].len = l < 200 ? (uint32_t)(l % 9) * 512 : l - 180u;
	}
	struct virtio_blk_req r = {ntags, types[k % 6], take(2), seg, nseg};
	int e = virtio_blk_submit(&blk, &r);
	fuzz_check(virtio_strerror(e) != NULL, "no error text");
	fuzz_check(live || e != VIRTIO_OK, "a dead device took a request");
	if (e == VIRTIO_OK && ntags < MAX_TAGS) {
		tag_state[ntags++] = IN_FLIGHT;
	}
}

/* A kick fails only for a device that broke, and then for good. */
static void
kick(void)
{
	int e = virtio_blk_kick(&blk);

	fuzz_check(e == VIRTIO_OK || e == VIRTIO_E_DEVICE, "kick error");
	fuzz_check(e == VIRTIO_OK || hostile || !live,
		   "an honest device broken at a kick");
	if (e != VIRTIO_OK) {
		live = 0;
	}
}

/* An answer for tag: it must be in flight. */
static void
answer(uint64_t tag)
{
	fuzz_check(tag < ntags && tag_state[tag] == IN_FLIGHT,
		   "an answer to a request not in flight");
	tag_state[tag] = ANSWERED;
}

static void
reap(void)
{
	struct virtio_blk_done d[VIRTIO_BLK_MAX_REQS];
	int n = virtio_blk_reap(&blk, d, (int)(take(1) % 32) + 1);

	fuzz_check(n <= VIRTIO_BLK_MAX_REQS, "too many completions");
	fuzz_check(hostile || n >= 0 || !live, "an honest device broken");
	if (n < 0) {
		fuzz_check(n == VIRTIO_E_DEVICE, "reap error");
		live = 0;
	}
	for (int i = 0; i < n; i++) {
		answer(d[i].tag);
		fuzz_check(hostile || d[i].status != VIRTIO_E_DEVICE,
			   "an honest answer refused");
	}
}

static int
count_in_flight(void)
{
	int n = 0;

	for (uint64_t t = 0; t < ntags; t++) {
		n += tag_state[t] == IN_FLIGHT;
	}
	return n;
}

static void
restart(void)
{
	struct virtio_blk_done d[VIRTIO_BLK_MAX_REQS];
	int n, want = count_in_flight();
	int r = virtio_blk_restart(&blk, d, VIRTIO_BLK_MAX_REQS, &n);

	fuzz_check(n == want, "a retry list not of what was in flight");
	for (int i = 0; i < n; i++) {
		fuzz_check(d[i].status == VIRTIO_E_RETRY, "retry status");
		fuzz_check(i == 0 || d[i].tag > d[i - 1].tag, "retry order");
		answer(d[i].tag);
	}
	live = r == VIRTIO_OK;
}

/* The driver dies; its clients will retry what was in flight. */
static void
new_driver(void)
{
	for (uint64_t t = 0; t < ntags; t++) {
		if (tag_state[t] == IN_FLIGHT) {
			tag_state[t] = ANSWERED;
		}
	}
	memset(&blk, 0xa5, sizeof(blk));
	live = start();
}

/* The device misbehaves as the input says. */
static void
misbehave(uint8_t op)
{
	hostile = 1;
	if (op == 0) {
		sim_push_used(&sim, (uint32_t)take(2), (uint32_t)take(4));
	} else if (op == 1) {
		sim.q[0].used_idx = (uint16_t)(sim.q[0].used_idx + take(1));
		sim_push_used(&sim, (uint32_t)take(1), 1);
	} else if (op == 2) {
		uint8_t slot = (uint8_t)take(1), v = (uint8_t)take(1);
		if (live) {
			sim.arena[blk.status_bus - SIM_BUS +
				  slot % blk.nslots] = v;
		}
	} else {
		sim.status |= VIRTIO_S_NEEDS_RESET;
	}
}

static void
step(uint8_t op)
{
	int which;

	switch (op % 12) {
	case 0:
	case 1:
		submit();
		break;
	case 2:
		kick();
		break;
	case 3:
		sim_fetch(&sim);
		break;
	case 4:
		which = (uint8_t)take(1);
		if (sim.q[0].npending > 0) {
			sim_complete(&sim, which % sim.q[0].npending);
		}
		break;
	case 5:
	case 6:
		reap();
		break;
	case 7:
		restart();
		break;
	case 8:
		misbehave((uint8_t)take(1) % 4);
		break;
	case 9:
		sim.capacity = take(2);
		sim.gen++;
		if (virtio_blk_config_changed(&blk) != VIRTIO_OK) {
			live = 0;
		}
		break;
	case 10:
		(void)virtio_blk_isr(&blk);
		break;
	default:
		new_driver();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	in = data;
	left = size;
	ntags = 0;
	memset(tag_state, 0, sizeof(tag_state));
	device_setup();
	live = start();
	for (int i = 0; left > 0 && i < 4096; i++) {
		step((uint8_t)take(1));
	}
	fuzz_check(chaos || hostile || sim.fail == 0,
		   "the driver wronged an honest device");
	return 0;
}
