/*
 * Host unit tests for the virtio-net library (lib/virtio_net*.c over
 * lib/virtio_pci.c and lib/virtio_ring.c) against the simulated NIC of
 * virtio_sim.c: bring-up and its refusals, the configuration's checks,
 * frames out and in with both rings wrapping, interrupts per batch and
 * none for sent frames, a hostile device, and recovery by reset.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "virtio_net.h"
#include "virtio_sim.h"

#define MEM_LEN (SIM_ARENA)

static struct sim sim;
static struct virtio_pci pci;
static struct virtio_net net;
static struct virtio_net_opts opts;

/* A fresh NIC and driver, not yet started; the options plain. */
static void
fresh(void)
{
	sim_init_net(&sim);
	memset(&net, 0, sizeof(net));
	opts = (struct virtio_net_opts){
	    .rx_vector = VIRTIO_NO_VECTOR,
	    .tx_vector = VIRTIO_NO_VECTOR,
	    .config_vector = VIRTIO_NO_VECTOR,
	    .event_idx = 1,
	    .max_queue = 16,
	    .mac = {0x02, 0, 0, 0, 0, 1},
	};
	assert_int_equal(virtio_pci_init(&pci, &sim.io, SIM_NOTIFY_MUL),
			 VIRTIO_OK);
}

static int
start(void)
{
	return virtio_net_start(&net, &pci, sim.arena, SIM_BUS, MEM_LEN, &opts);
}

static void
up(void)
{
	fresh();
	assert_int_equal(start(), VIRTIO_OK);
}

/* A frame of len bytes whose bytes say seq. */
static void
frame(uint8_t *f, uint32_t len, uint32_t seq)
{
	for (uint32_t i = 0; i < len; i++) {
		f[i] = (uint8_t)(seq * 31 + i);
	}
}

/* Take one frame and check it is seq's of len bytes. */
static void
take(uint32_t len, uint32_t seq)
{
	const uint8_t *f;
	uint32_t n;
	uint8_t want[VIRTIO_NET_MAX_FRAME];

	frame(want, len, seq);
	assert_int_equal(virtio_net_rx_peek(&net, &f, &n), 1);
	assert_int_equal(n, len);
	assert_memory_equal(f, want, len);
	virtio_net_rx_pop(&net);
}

static void
test_handshake(void **state)
{
	(void)state;
	up();
	assert_true(pci.features & VIRTIO_BIT(VIRTIO_F_VERSION_1));
	assert_true(pci.features & VIRTIO_BIT(VIRTIO_NET_F_MAC));
	assert_true(pci.features & VIRTIO_BIT(VIRTIO_F_EVENT_IDX));
	assert_int_equal(sim.driver_features, pci.features);
	assert_memory_equal(net.cfg.mac, sim.mac, 6);
	assert_true(net.cfg.has_mac);
	assert_int_equal(net.cfg.mtu, 1500);
	assert_int_equal(virtio_net_link(&net), 1);
	assert_int_equal(net.size, 16);
	assert_int_equal(sim.q[0].enable, 1);
	assert_int_equal(sim.q[1].enable, 1);
	/* Every receive buffer is posted before DRIVER_OK's first frame. */
	assert_int_equal(sim_fetch_q(&sim, 0), 16);
	assert_int_equal(net.rx_posted, 16);
	assert_int_equal(sim.fail, 0);
}

static void
test_refusals_in_bring_up(void **state)
{
	(void)state;
	fresh();
	sim.features &= ~VIRTIO_BIT(VIRTIO_F_VERSION_1);
	assert_int_equal(start(), VIRTIO_E_VERSION);
	assert_true(sim.status & VIRTIO_S_FAILED);
	char f[64] = {0};
	assert_int_equal(virtio_net_tx(&net, f, 60), VIRTIO_E_DEVICE);
	fresh();
	sim.refuse_features = 1;
	assert_int_equal(start(), VIRTIO_E_FEATURES);
	fresh();
	sim.refuse_vector = 1;
	opts.rx_vector = 0;
	assert_int_equal(start(), VIRTIO_E_DEVICE);
	fresh();
	sim.qmax = 2;
	assert_int_equal(start(), VIRTIO_E_QUEUE);
	fresh();
	sim.nqueues = 1; /* no transmit queue */
	assert_int_equal(start(), VIRTIO_E_QUEUE);
	fresh();
	assert_int_equal(virtio_net_start(&net, &pci, sim.arena, SIM_BUS,
					  virtio_net_mem_size(2), &opts),
			 VIRTIO_E_NOMEM);
	assert_int_equal(virtio_net_start(&net, &pci, sim.arena, SIM_BUS + 8,
					  MEM_LEN, &opts),
			 VIRTIO_E_ARG);
	opts.max_queue = 2;
	assert_int_equal(start(), VIRTIO_E_ARG);
	fresh();
	sim.gen_flips = 1000;
	assert_int_equal(start(), VIRTIO_E_DEVICE);
	fresh();
	sim.reset_stuck = 1;
	sim.status = VIRTIO_S_DRIVER_OK;
	assert_int_equal(start(), VIRTIO_E_TIMEOUT);
	assert_int_equal(virtio_net_mem_size(3), 0);
}

static void
test_config_checked(void **state)
{
	(void)state;
	fresh();
	sim.features &= ~VIRTIO_BIT(VIRTIO_NET_F_MAC);
	assert_int_equal(start(), VIRTIO_OK);
	assert_false(net.cfg.has_mac);
	assert_memory_equal(net.cfg.mac, opts.mac, 6);
	fresh();
	sim.mac[0] = 0x01; /* multicast: no station's */
	assert_int_equal(start(), VIRTIO_OK);
	assert_memory_equal(net.cfg.mac, opts.mac, 6);
	fresh();
	sim.features |= VIRTIO_BIT(VIRTIO_NET_F_MTU);
	sim.mtu = 20;
	assert_int_equal(start(), VIRTIO_E_DEVICE);
	fresh();
	sim.features |= VIRTIO_BIT(VIRTIO_NET_F_MTU);
	sim.mtu = 9000;
	assert_int_equal(start(), VIRTIO_OK);
	assert_int_equal(net.cfg.mtu, 1500);
	fresh();
	sim.features |= VIRTIO_BIT(VIRTIO_NET_F_MTU);
	sim.mtu = 1400;
	assert_int_equal(start(), VIRTIO_OK);
	uint8_t f[VIRTIO_NET_MAX_FRAME] = {0};
	assert_int_equal(virtio_net_tx(&net, f, 1415), VIRTIO_E_ARG);
	assert_int_equal(virtio_net_tx(&net, f, 1414), VIRTIO_OK);
	fresh();
	sim.net_status = 0;
	assert_int_equal(start(), VIRTIO_OK);
	assert_int_equal(virtio_net_link(&net), 0);
	fresh();
	sim.features &= ~VIRTIO_BIT(VIRTIO_NET_F_STATUS);
	sim.net_status = 0;
	assert_int_equal(start(), VIRTIO_OK);
	assert_int_equal(virtio_net_link(&net), 1); /* no status: up */
	sim.status |= VIRTIO_S_NEEDS_RESET;
	assert_int_equal(virtio_net_link(&net), VIRTIO_E_NEEDS_RESET);
	assert_int_equal(sim.fail, 0);
}

static void
test_tx(void **state)
{
	uint8_t f[VIRTIO_NET_MAX_FRAME + 1];

	(void)state;
	up();
	frame(f, sizeof(f), 7);
	assert_int_equal(virtio_net_tx(&net, f, 13), VIRTIO_E_ARG);
	assert_int_equal(virtio_net_tx(&net, f, 1515), VIRTIO_E_ARG);
	assert_int_equal(virtio_net_tx(&net, NULL, 60), VIRTIO_E_ARG);
	assert_int_equal(virtio_net_tx(&net, f, 14), VIRTIO_OK);
	assert_int_equal(virtio_net_tx(&net, f, 1514), VIRTIO_OK);
	assert_int_equal(virtio_net_kick(&net), VIRTIO_OK);
	int irqs = sim.irqs;
	assert_int_equal(sim_net_tx(&sim), 2);
	assert_int_equal(sim.tx_len, 1514);
	assert_memory_equal(sim.tx_frame, f, 1514);
	assert_int_equal(sim.irqs, irqs); /* sent frames raise nothing */
	assert_int_equal(virtio_net_reap_tx(&net), 2);
	assert_int_equal(virtio_net_reap_tx(&net), 0);
	/* Full: every buffer at the device, until it sends them. */
	for (int i = 0; i < 16; i++) {
		assert_int_equal(virtio_net_tx(&net, f, 60), VIRTIO_OK);
	}
	assert_int_equal(virtio_net_tx(&net, f, 60), VIRTIO_E_FULL);
	assert_int_equal(virtio_net_kick(&net), VIRTIO_OK);
	assert_int_equal(sim_net_tx(&sim), 16);
	assert_int_equal(virtio_net_reap_tx(&net), 16);
	assert_int_equal(sim.fail, 0);
}

/* 70,000 frames each way through queues of 8: both indices wrap. */
static void
test_wrap(void **state)
{
	uint8_t f[VIRTIO_NET_MAX_FRAME];

	(void)state;
	fresh();
	opts.max_queue = 8;
	assert_int_equal(start(), VIRTIO_OK);
	for (uint32_t i = 0; i < 70000; i++) {
		uint32_t len = 14 + i % 1501;
		frame(f, len, i);
		assert_int_equal(virtio_net_tx(&net, f, len), VIRTIO_OK);
		assert_int_equal(virtio_net_kick(&net), VIRTIO_OK);
		assert_int_equal(sim_net_tx(&sim), 1);
		assert_int_equal(sim.tx_len, len);
		assert_int_equal(virtio_net_reap_tx(&net), 1);
		assert_int_equal(sim_net_rx(&sim, f, len), 0);
		take(len, i);
		assert_int_equal(virtio_net_kick(&net), VIRTIO_OK);
	}
	assert_int_equal(sim.tx_frames, 70000);
	assert_int_equal(sim.fail, 0);
}

static void
test_rx_batch(void **state)
{
	uint8_t f[100];
	const uint8_t *p;
	uint32_t n;

	(void)state;
	up();
	assert_int_equal(virtio_net_rx_peek(&net, &p, &n), 0);
	int irqs = sim.irqs;
	for (uint32_t i = 0; i < 16; i++) {
		frame(f, 60, i);
		assert_int_equal(sim_net_rx(&sim, f, 60), 0);
	}
	assert_int_equal(sim_net_rx(&sim, f, 60), -1); /* no buffer left */
	assert_int_equal(sim.irqs, irqs + 1);	       /* one per batch */
	assert_int_equal(virtio_net_rx_waiting(&net), 16);
	for (uint32_t i = 0; i < 16; i++) {
		take(60, i);
	}
	assert_int_equal(virtio_net_rx_waiting(&net), 0);
	assert_int_equal(virtio_net_rx_peek(&net, &p, &n), 0);
	assert_int_equal(virtio_net_rearm(&net), 0);
	assert_int_equal(virtio_net_kick(&net), VIRTIO_OK);
	assert_int_equal(sim_net_rx(&sim, f, 60), 0); /* reposted */
	assert_int_equal(sim.irqs, irqs + 2);
	/* A peeked frame stays until popped, and counts as waiting. */
	assert_int_equal(virtio_net_rx_peek(&net, &p, &n), 1);
	assert_int_equal(virtio_net_rx_waiting(&net), 1);
	assert_int_equal(virtio_net_rx_peek(&net, &p, &n), 1);
	virtio_net_rx_pop(&net);
	assert_int_equal(virtio_net_rx_waiting(&net), 0);
	assert_int_equal(sim.fail, 0);
}

/* Lengths and headers the device should not write: the frame goes, the
 * buffer comes back, the device stays. */
static void
test_rx_bad_frames(void **state)
{
	uint8_t f[60] = {0};
	const uint8_t *p;
	uint32_t n;

	(void)state;
	up();
	assert_int_equal(sim_fetch_q(&sim, 0), 16);
	struct simq *q = &sim.q[0];
	sim_push_used_q(&sim, 0, q->pending[0], 0);
	sim_push_used_q(&sim, 0, q->pending[1], VIRTIO_NET_HDR_BYTES + 13);
	uint8_t *b = net.rx_buf + (size_t)q->pending[2] * VIRTIO_NET_BUF;
	b[VIRTIO_NET_HDR_GSO_TYPE] = 1; /* a GSO frame, never asked for */
	sim_push_used_q(&sim, 0, q->pending[2], VIRTIO_NET_HDR_BYTES + 60);
	b = net.rx_buf + (size_t)q->pending[3] * VIRTIO_NET_BUF;
	b[VIRTIO_NET_HDR_FLAGS] = 1; /* NEEDS_CSUM, never asked for */
	sim_push_used_q(&sim, 0, q->pending[3], VIRTIO_NET_HDR_BYTES + 60);
	memmove(q->pending, q->pending + 4, 12 * sizeof(q->pending[0]));
	q->npending -= 4;
	frame(f, 60, 0);
	assert_int_equal(sim_net_rx(&sim, f, 60), 0);
	take(60, 0);
	assert_int_equal(net.counts.rx_bad, 4);
	assert_int_equal(virtio_net_rx_peek(&net, &p, &n), 0);
	assert_int_equal(virtio_net_kick(&net), VIRTIO_OK);
	assert_int_equal(net.rx_posted, 16);
	assert_int_equal(sim.fail, 0);
}

/* Used entries that break the ring: the device is refused until a
 * restart, which brings it back. */
static void
test_hostile_used(void **state)
{
	uint8_t f[60];
	const uint8_t *p;
	uint32_t n;
	uint32_t lens[] = {VIRTIO_NET_HDR_BYTES + VIRTIO_NET_MAX_FRAME + 1,
			   0xffffffff};

	(void)state;
	frame(f, 60, 0);
	for (int k = 0; k < 4; k++) {
		up();
		assert_int_equal(sim_fetch_q(&sim, 0), 16);
		if (k < 2) {
			sim_push_used_q(&sim, 0, sim.q[0].pending[0], lens[k]);
		} else if (k == 2) {
			sim_push_used_q(&sim, 0, 999, 60); /* no such id */
		} else {
			sim.q[0].used_idx += 40; /* past what is posted */
			sim_push_used_q(&sim, 0, sim.q[0].pending[0], 60);
		}
		assert_int_equal(virtio_net_rx_peek(&net, &p, &n),
				 VIRTIO_E_DEVICE);
		assert_int_equal(virtio_net_kick(&net), VIRTIO_E_DEVICE);
		assert_int_equal(virtio_net_tx(&net, f, 60), VIRTIO_E_DEVICE);
		assert_int_equal(virtio_net_rx_waiting(&net), 0);
		assert_int_equal(virtio_net_restart(&net), VIRTIO_OK);
		assert_int_equal(sim_net_rx(&sim, f, 60), 0);
		take(60, 0);
	}
	/* A transmit completion for a buffer not sent. */
	up();
	sim_fetch_q(&sim, 1);
	sim_push_used_q(&sim, 1, 3, 0);
	assert_int_equal(virtio_net_reap_tx(&net), VIRTIO_E_DEVICE);
}

/* A reset with frames at the device either way: sent ones are dropped
 * and counted, received ones not yet taken are lost, and frames flow
 * again. */
static void
test_restart(void **state)
{
	uint8_t f[60];

	(void)state;
	up();
	frame(f, 60, 1);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(virtio_net_tx(&net, f, 60), VIRTIO_OK);
	}
	assert_int_equal(virtio_net_kick(&net), VIRTIO_OK);
	assert_int_equal(sim_net_rx(&sim, f, 60), 0);
	int resets = sim.resets;
	assert_int_equal(virtio_net_restart(&net), VIRTIO_OK);
	assert_int_equal(sim.resets, resets + 1);
	assert_int_equal(net.counts.tx_dropped, 5);
	assert_int_equal(net.tx_inflight, 0);
	assert_int_equal(virtio_net_rx_waiting(&net), 0);
	assert_int_equal(sim_net_tx(&sim), 0); /* the old ones are gone */
	assert_int_equal(virtio_net_tx(&net, f, 60), VIRTIO_OK);
	assert_int_equal(virtio_net_kick(&net), VIRTIO_OK);
	assert_int_equal(sim_net_tx(&sim), 1);
	assert_int_equal(sim_net_rx(&sim, f, 60), 0);
	take(60, 1);
	assert_int_equal(sim.fail, 0);
}

/* Without EVENT_IDX: NO_INTERRUPT keeps sent frames quiet, and every
 * received frame interrupts. */
static void
test_no_event_idx(void **state)
{
	uint8_t f[60] = {0};

	(void)state;
	fresh();
	opts.event_idx = 0;
	assert_int_equal(start(), VIRTIO_OK);
	assert_false(pci.features & VIRTIO_BIT(VIRTIO_F_EVENT_IDX));
	int irqs = sim.irqs;
	assert_int_equal(virtio_net_tx(&net, f, 60), VIRTIO_OK);
	assert_int_equal(virtio_net_kick(&net), VIRTIO_OK);
	assert_int_equal(sim_net_tx(&sim), 1);
	assert_int_equal(sim.irqs, irqs);
	assert_int_equal(sim_net_rx(&sim, f, 60), 0);
	assert_int_equal(sim_net_rx(&sim, f, 60), 0);
	assert_int_equal(sim.irqs, irqs + 2);
	assert_true(sim.isr & VIRTIO_ISR_QUEUE);
	assert_int_equal(virtio_net_isr(&net), VIRTIO_ISR_QUEUE);
	assert_int_equal(virtio_net_isr(&net), 0); /* read clears it */
	assert_int_equal(sim.fail, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_handshake),
	    cmocka_unit_test(test_refusals_in_bring_up),
	    cmocka_unit_test(test_config_checked),
	    cmocka_unit_test(test_tx),
	    cmocka_unit_test(test_wrap),
	    cmocka_unit_test(test_rx_batch),
	    cmocka_unit_test(test_rx_bad_frames),
	    cmocka_unit_test(test_hostile_used),
	    cmocka_unit_test(test_restart),
	    cmocka_unit_test(test_no_event_idx),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
