/*
 * Host unit tests for lib/virtio_pci.c, the virtio PCI transport, against
 * the registers of the simulated device (virtio_sim.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "virtio_pci.h"
#include "virtio_sim.h"

static struct sim sim;
static struct virtio_pci pci;

static void
fresh(void)
{
	sim_init(&sim);
	assert_int_equal(virtio_pci_init(&pci, &sim.io, SIM_NOTIFY_MUL),
			 VIRTIO_OK);
}

static const struct virtio_queue_addr addr = {SIM_BUS, SIM_BUS + 4096,
					      SIM_BUS + 8192};

static void
test_init_refusals(void **state)
{
	struct virtio_io io;

	(void)state;
	sim_init(&sim);
	io = sim.io;
	io.len[VIRTIO_R_COMMON] = 48;
	assert_int_equal(virtio_pci_init(&pci, &io, 4), VIRTIO_E_ARG);
	io = sim.io;
	io.len[VIRTIO_R_NOTIFY] = 0;
	assert_int_equal(virtio_pci_init(&pci, &io, 4), VIRTIO_E_ARG);
	io = sim.io;
	io.read = 0;
	assert_int_equal(virtio_pci_init(&pci, &io, 4), VIRTIO_E_ARG);
}

static void
test_begin_and_features(void **state)
{
	(void)state;
	fresh();
	sim.status = VIRTIO_S_FAILED;
	sim.features |=
	    VIRTIO_BIT(VIRTIO_F_RING_PACKED) | VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
	assert_int_equal(virtio_pci_begin(&pci), VIRTIO_OK);
	assert_int_equal(sim.status, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER);
	assert_int_equal(virtio_pci_device_features(&pci), sim.features);
	uint64_t want = VIRTIO_BIT(VIRTIO_F_VERSION_1) |
			VIRTIO_BIT(VIRTIO_F_RING_PACKED) |
			VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC) | 1;
	assert_int_equal(virtio_pci_negotiate(&pci, want), VIRTIO_OK);
	/* Neither what the device lacks, nor packed rings, nor unasked. */
	assert_int_equal(pci.features, VIRTIO_BIT(VIRTIO_F_VERSION_1));
	assert_int_equal(sim.driver_features, pci.features);
	assert_true(sim.status & VIRTIO_S_FEATURES_OK);
	assert_int_equal(pci.nqueues, 1);
	/* Not asking for VERSION_1 is refusing it. */
	assert_int_equal(virtio_pci_begin(&pci), VIRTIO_OK);
	assert_int_equal(virtio_pci_negotiate(&pci, 1), VIRTIO_E_VERSION);
	assert_true(sim.status & VIRTIO_S_FAILED);
	assert_int_equal(sim.fail, 0);
}

static void
test_queue_setup(void **state)
{
	uint16_t max;
	uint32_t off;

	(void)state;
	fresh();
	virtio_pci_begin(&pci);
	virtio_pci_negotiate(&pci, VIRTIO_BIT(VIRTIO_F_VERSION_1));
	assert_int_equal(virtio_pci_queue_max(&pci, 0, &max), VIRTIO_OK);
	assert_int_equal(max, 256);
	assert_int_equal(virtio_pci_queue_max(&pci, 1, &max), VIRTIO_E_QUEUE);
	assert_int_equal(virtio_pci_queue_setup(&pci, 0, 96, &addr, 0, &off),
			 VIRTIO_E_ARG);
	assert_int_equal(virtio_pci_queue_setup(&pci, 0, 512, &addr, 0, &off),
			 VIRTIO_E_ARG);
	struct virtio_queue_addr bad = addr;
	bad.desc += 8;
	assert_int_equal(virtio_pci_queue_setup(&pci, 0, 64, &bad, 0, &off),
			 VIRTIO_E_ARG);
	assert_int_equal(virtio_pci_queue_setup(&pci, 0, 64, &addr, 3, &off),
			 VIRTIO_OK);
	assert_int_equal(off, 0);
	assert_int_equal(sim.q[0].size, 64);
	assert_int_equal(sim.q[0].vec, 3);
	assert_int_equal(sim.q[0].desc, addr.desc);
	assert_int_equal(sim.q[0].avail, addr.avail);
	assert_int_equal(sim.q[0].used, addr.used);
	assert_int_equal(sim.q[0].enable, 1);
	assert_int_equal(virtio_pci_queue_setup(&pci, 0, 64, &addr, 3, &off),
			 VIRTIO_E_QUEUE);
	assert_int_equal(sim.fail, 0);
}

static void
test_queue_setup_device_lies(void **state)
{
	uint32_t off;

	(void)state;
	fresh();
	virtio_pci_begin(&pci);
	virtio_pci_negotiate(&pci, VIRTIO_BIT(VIRTIO_F_VERSION_1));
	sim.notify_off = 2; /* 8: the 2 bytes would end past the region */
	assert_int_equal(virtio_pci_queue_setup(&pci, 0, 64, &addr, 0, &off),
			 VIRTIO_E_DEVICE);
	sim.notify_off = 0xffff;
	pci.notify_mul = 0xffffffff; /* no overflow either */
	assert_int_equal(virtio_pci_queue_setup(&pci, 0, 64, &addr, 0, &off),
			 VIRTIO_E_DEVICE);
	sim.notify_off = 1;
	pci.notify_mul = 1; /* odd */
	assert_int_equal(virtio_pci_queue_setup(&pci, 0, 64, &addr, 0, &off),
			 VIRTIO_E_DEVICE);
	pci.notify_mul = SIM_NOTIFY_MUL;
	sim.refuse_vector = 1;
	assert_int_equal(virtio_pci_queue_setup(&pci, 0, 64, &addr, 0, &off),
			 VIRTIO_E_DEVICE);
	assert_int_equal(virtio_pci_config_vector(&pci, 1), VIRTIO_E_DEVICE);
	assert_int_equal(virtio_pci_config_vector(&pci, VIRTIO_NO_VECTOR),
			 VIRTIO_OK);
}

static void
test_live_device(void **state)
{
	uint32_t off;

	(void)state;
	fresh();
	virtio_pci_begin(&pci);
	assert_int_equal(virtio_pci_check(&pci), VIRTIO_E_DEVICE);
	virtio_pci_negotiate(&pci, VIRTIO_BIT(VIRTIO_F_VERSION_1));
	sim.notify_off = 1;
	assert_int_equal(
	    virtio_pci_queue_setup(&pci, 0, 8, &addr, VIRTIO_NO_VECTOR, &off),
	    VIRTIO_OK);
	assert_int_equal(off, SIM_NOTIFY_MUL);
	assert_int_equal(virtio_pci_driver_ok(&pci), VIRTIO_OK);
	virtio_pci_notify(&pci, off, 0);
	assert_int_equal(sim.notifies, 1);
	sim.isr = VIRTIO_ISR_QUEUE | VIRTIO_ISR_CONFIG | 0x80;
	assert_int_equal(virtio_pci_isr(&pci),
			 VIRTIO_ISR_QUEUE | VIRTIO_ISR_CONFIG);
	assert_int_equal(virtio_pci_isr(&pci), 0);
	sim.capacity = 0x123456789aULL;
	assert_int_equal(virtio_pci_config(&pci, 0, 8), 0x123456789aULL);
	assert_int_equal(virtio_pci_config(&pci, 12, 4), sim.seg_max);
	sim.gen = 7;
	assert_int_equal(virtio_pci_generation(&pci), 7);
	sim.status |= VIRTIO_S_NEEDS_RESET;
	assert_int_equal(virtio_pci_check(&pci), VIRTIO_E_NEEDS_RESET);
	sim.status =
	    VIRTIO_S_DRIVER_OK | VIRTIO_S_NEEDS_RESET | VIRTIO_S_FAILED | 0x3f;
	assert_int_equal(virtio_pci_check(&pci), VIRTIO_E_DEVICE);
	virtio_pci_fail(&pci);
	assert_true(sim.status & VIRTIO_S_FAILED);
	assert_int_equal(sim.fail, 0);
}

static void
test_reset_times_out(void **state)
{
	(void)state;
	fresh();
	sim.reset_stuck = 1;
	sim.status = VIRTIO_S_ACKNOWLEDGE;
	assert_int_equal(virtio_pci_reset(&pci), VIRTIO_E_TIMEOUT);
	assert_int_equal(virtio_pci_begin(&pci), VIRTIO_E_TIMEOUT);
	assert_int_equal(sim.status, VIRTIO_S_ACKNOWLEDGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init_refusals),
	    cmocka_unit_test(test_begin_and_features),
	    cmocka_unit_test(test_queue_setup),
	    cmocka_unit_test(test_queue_setup_device_lies),
	    cmocka_unit_test(test_live_device),
	    cmocka_unit_test(test_reset_times_out),
	};

	return cmocka_run_group_tests(tests, 0, 0);
}
