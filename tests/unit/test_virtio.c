/*
 * Host unit tests for lib/virtio.c: the error texts, and register access
 * through mapped windows (here plain memory standing in for a BAR).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "virtio.h"

static void
test_strerror(void **state)
{
	(void)state;
	assert_string_equal(virtio_strerror(VIRTIO_OK), "ok");
	for (int e = VIRTIO_E_ARG; e >= VIRTIO_E_RETRY; e--) {
		assert_string_not_equal(virtio_strerror(e), "unknown error");
		assert_string_not_equal(virtio_strerror(e),
					virtio_strerror(e + 1));
	}
	assert_string_equal(virtio_strerror(VIRTIO_E_RETRY - 1),
			    "unknown error");
	assert_string_equal(virtio_strerror(1), "unknown error");
}

static void
test_mapped_access(void **state)
{
	_Alignas(8) uint8_t common[64] = {0}, isr[4] = {0x03};
	struct virtio_mapped m = {0};
	struct virtio_io io;

	(void)state;
	m.w[VIRTIO_R_COMMON] = (struct virtio_window){common, 56};
	m.w[VIRTIO_R_ISR] = (struct virtio_window){isr, 1};
	virtio_io_mapped(&io, &m);
	assert_int_equal(io.len[VIRTIO_R_COMMON], 56);
	assert_int_equal(io.len[VIRTIO_R_NOTIFY], 0);
	io.write(io.ctx, VIRTIO_R_COMMON, 4, 4, 0x11223344);
	io.write(io.ctx, VIRTIO_R_COMMON, 20, 1, 0x8f);
	io.write(io.ctx, VIRTIO_R_COMMON, 22, 2, 0xbeef);
	assert_int_equal(io.read(io.ctx, VIRTIO_R_COMMON, 4, 4), 0x11223344);
	assert_int_equal(io.read(io.ctx, VIRTIO_R_COMMON, 4, 2), 0x3344);
	assert_int_equal(io.read(io.ctx, VIRTIO_R_COMMON, 20, 1), 0x8f);
	assert_int_equal(io.read(io.ctx, VIRTIO_R_COMMON, 22, 2), 0xbeef);
	assert_int_equal(io.read(io.ctx, VIRTIO_R_ISR, 0, 1), 3);
	/* Past the end, unaligned, an odd width, an unmapped region. */
	assert_int_equal(io.read(io.ctx, VIRTIO_R_COMMON, 56, 4), 0xffffffff);
	assert_int_equal(io.read(io.ctx, VIRTIO_R_COMMON, 54, 4), 0xffffffff);
	assert_int_equal(io.read(io.ctx, VIRTIO_R_COMMON, 0xfffffffe, 4),
			 0xffffffff);
	assert_int_equal(io.read(io.ctx, VIRTIO_R_COMMON, 2, 4), 0xffffffff);
	assert_int_equal(io.read(io.ctx, VIRTIO_R_COMMON, 0, 3), 0xffffffff);
	assert_int_equal(io.read(io.ctx, VIRTIO_R_NOTIFY, 0, 2), 0xffffffff);
	assert_int_equal(io.read(io.ctx, VIRTIO_NREGIONS, 0, 1), 0xffffffff);
	io.write(io.ctx, VIRTIO_R_COMMON, 56, 4, 0xffffffff);
	io.write(io.ctx, VIRTIO_R_COMMON, 1, 2, 0xffff);
	assert_int_equal(common[56], 0);
	assert_int_equal(common[1], 0);
	assert_int_equal(common[2], 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_strerror),
	    cmocka_unit_test(test_mapped_access),
	};

	return cmocka_run_group_tests(tests, 0, 0);
}
