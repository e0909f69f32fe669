/*
 * fuzz_virtio_net: the input plays a virtio-net device against the
 * virtio-net library (lib/virtio_net*.c), as the driver uses it.  The
 * device is the host tests' simulated NIC (tests/unit/virtio_sim.c):
 * the input sets what it offers (features, queue sizes, MAC, MTU, link)
 * and then runs a script: the driver sends, kicks, reaps, takes frames,
 * rearms, restarts or is replaced; the device receives frames of any
 * length and sends what it was given, honestly, or writes the receive
 * ring's used entries and the frames' headers as the input says.
 *
 * Promises checked: a frame handed out lies inside its receive buffer
 * and is an Ethernet frame's length; against an honest device every
 * frame comes out as it went in, in order, nothing is refused and the
 * device sees no malformed buffer or stray DMA; a broken device is
 * refused until a restart; the buffers at the device never number more
 * than the queue holds.
 */
#include <string.h>

#include "fuzz.h"
#include "virtio_net.h"
#include "../unit/virtio_sim.h"

#define MAX_WIRE 64 /* frames the test remembers sending the driver */

static struct sim sim;
static struct virtio_pci pci;
static struct virtio_net net;
static struct virtio_net_opts opts;
static int hostile, live;

/* Frames received by the device, not yet taken: their lengths and seeds. */
static uint32_t wire_len[MAX_WIRE], wire_seed[MAX_WIRE];
static int wire_head, wire_n;

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

static void
pattern(uint8_t *f, uint32_t len, uint32_t seed)
{
	for (uint32_t i = 0; i < len; i++) {
		f[i] = (uint8_t)(seed + i * 13);
	}
}

static void
start(void)
{
	fuzz_check(virtio_pci_init(&pci, &sim.io, SIM_NOTIFY_MUL) == VIRTIO_OK,
		   "transport refused");
	int r =
	    virtio_net_start(&net, &pci, sim.arena, SIM_BUS, SIM_ARENA, &opts);
	fuzz_check(virtio_strerror(r) != NULL, "no error text");
	if (r == VIRTIO_E_ARG) {
		/* Refused before net was touched: nothing to drive. */
		memset(&net, 0, sizeof(net));
	}
	fuzz_check(hostile || r == VIRTIO_OK || r == VIRTIO_E_DEVICE ||
		       r == VIRTIO_E_QUEUE || r == VIRTIO_E_VERSION ||
		       (r == VIRTIO_E_ARG && opts.max_queue < 4),
		   "an honest device refused");
	live = r == VIRTIO_OK;
	wire_n = 0; /* a reset loses what the device held */
}

/* The input's device: what it offers. */
static void
device_setup(void)
{
	sim_init_net(&sim);
	uint8_t f = (uint8_t)take(1);
	sim.features |= take(1) & 1 ? VIRTIO_BIT(VIRTIO_NET_F_MTU) : 0;
	if (f & 1) {
		sim.features &= ~VIRTIO_BIT(VIRTIO_F_VERSION_1);
	}
	if (f & 2) {
		sim.features &= ~VIRTIO_BIT(VIRTIO_NET_F_MAC);
	}
	sim.qmax = (uint16_t)take(2);
	sim.mtu = (uint16_t)take(2);
	sim.net_status = (uint16_t)take(1);
	sim.mac[0] = (uint8_t)take(1);
	opts = (struct virtio_net_opts){
	    .rx_vector = VIRTIO_NO_VECTOR,
	    .tx_vector = VIRTIO_NO_VECTOR,
	    .config_vector = VIRTIO_NO_VECTOR,
	    .event_idx = (f >> 2) & 1,
	    .max_queue = (uint16_t)(2u << (take(1) % 9)), /* 2: refused */
	    .mac = {2, 0, 0, 0, 0, 1},
	};
	hostile = 0;
}

static void
tx(void)
{
	uint8_t f[VIRTIO_NET_MAX_FRAME + 16];
	uint32_t len = (uint32_t)take(2) % sizeof(f);

	pattern(f, len, len);
	int e = virtio_net_tx(&net, f, len);
	fuzz_check(virtio_strerror(e) != NULL, "no error text");
	fuzz_check(live || e != VIRTIO_OK, "a dead device took a frame");
	fuzz_check(e != VIRTIO_OK || (len >= VIRTIO_NET_MIN_FRAME &&
				      len <= VIRTIO_NET_MIN_FRAME + 1500u),
		   "a frame of a bad length taken");
	fuzz_check(net.tx_inflight <= net.size, "more sent than the ring");
}

static void
broken_if(int e)
{
	if (e == VIRTIO_E_DEVICE) {
		fuzz_check(hostile || !live, "an honest device broken");
		live = 0;
	}
}

/* The next frame: inside its buffer, of a frame's length, and against
 * an honest device the one sent first. */
static void
rx(void)
{
	const uint8_t *f;
	uint32_t len;
	int r = virtio_net_rx_peek(&net, &f, &len);

	broken_if(r);
	if (r != 1) {
		fuzz_check(r == 0 || r == VIRTIO_E_DEVICE, "peek error");
		return;
	}
	fuzz_check(len >= VIRTIO_NET_MIN_FRAME && len <= VIRTIO_NET_MAX_FRAME,
		   "a frame of a bad length");
	fuzz_check(fuzz_inside(f - VIRTIO_NET_HDR_BYTES,
			       len + VIRTIO_NET_HDR_BYTES, net.rx_buf,
			       (size_t)net.size * VIRTIO_NET_BUF),
		   "a frame outside the receive buffers");
	if (!hostile) {
		uint8_t want[VIRTIO_NET_MAX_FRAME];
		int w = wire_head;
		fuzz_check(wire_n > 0, "a frame nobody sent");
		pattern(want, wire_len[w], wire_seed[w]);
		fuzz_check(len == wire_len[w] && memcmp(f, want, len) == 0,
			   "a frame not as it was received");
	}
	if (take(1) & 1) {
		virtio_net_rx_pop(&net);
		if (wire_n > 0) {
			wire_head = (wire_head + 1) % MAX_WIRE;
			wire_n--;
		}
	}
}

/* The device receives a frame off the wire, honestly. */
static void
wire_in(void)
{
	uint8_t f[VIRTIO_NET_MAX_FRAME];
	uint32_t len = VIRTIO_NET_MIN_FRAME +
		       (uint32_t)take(2) % (VIRTIO_NET_MAX_FRAME - 13);
	uint32_t seed = (uint32_t)take(1);

	pattern(f, len, seed);
	if (!live || wire_n == MAX_WIRE || sim_net_rx(&sim, f, len) != 0) {
		return;
	}
	int w = (wire_head + wire_n) % MAX_WIRE;
	wire_len[w] = len;
	wire_seed[w] = seed;
	wire_n++;
}

/* The device misbehaves as the input says. */
static void
misbehave(uint8_t op)
{
	hostile = 1;
	if (op == 0) {
		sim_push_used_q(&sim, 0, (uint32_t)take(2), (uint32_t)take(4));
	} else if (op == 1) {
		sim_fetch_q(&sim, 0);
		struct simq *q = &sim.q[0];
		if (q->npending > 0) {
			sim_push_used_q(&sim, 0, q->pending[--q->npending],
					(uint32_t)take(2));
		}
	} else if (op == 2) {
		if (live && net.size > 0) {
			size_t b = (size_t)take(1) % net.size * VIRTIO_NET_BUF;
			net.rx_buf[b + take(1) % VIRTIO_NET_HDR_BYTES] =
			    (uint8_t)take(1);
		}
	} else if (op == 3) {
		sim.q[take(1) & 1].used_idx += (uint16_t)take(1);
	} else {
		sim.status |= VIRTIO_S_NEEDS_RESET;
	}
}

static void
step(uint8_t op)
{
	switch (op % 12) {
	case 0:
		tx();
		break;
	case 1:
		broken_if(virtio_net_kick(&net));
		break;
	case 2:
		sim_net_tx(&sim);
		break;
	case 3:
		broken_if(virtio_net_reap_tx(&net));
		break;
	case 4:
	case 5:
		wire_in();
		break;
	case 6:
	case 7:
		rx();
		break;
	case 8:
		(void)virtio_net_rearm(&net);
		(void)virtio_net_isr(&net);
		(void)virtio_net_rx_waiting(&net);
		break;
	case 9:
		misbehave((uint8_t)take(1) % 5);
		break;
	case 10:
		live = virtio_net_restart(&net) == VIRTIO_OK;
		wire_n = 0;
		break;
	default:
		broken_if(virtio_net_link(&net) < 0 ? VIRTIO_E_DEVICE : 0);
		if (take(1) & 1) {
			memset(&net, 0xa5, sizeof(net));
			start();
		}
	}
	fuzz_check(live || !net.live, "the library thinks a dead device lives");
	fuzz_check(net.rx_posted <= VIRTQ_MAX && net.tx_inflight <= VIRTQ_MAX,
		   "more at the device than a ring holds");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	in = data;
	left = size;
	wire_head = wire_n = 0;
	device_setup();
	start();
	for (int i = 0; left > 0 && i < 4096; i++) {
		step((uint8_t)take(1));
	}
	fuzz_check(hostile || sim.fail == 0,
		   "the driver wronged an honest device");
	return 0;
}
