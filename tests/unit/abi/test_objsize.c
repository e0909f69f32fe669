/*
 * Host unit tests for cairn_object_bits (include/cairn/object.h), the one
 * table of object sizes that the kernel's retype and user space share.
 * Built with the kernel's headers, so the sizes are checked against the
 * kernel's real structures (the same layout on the host: both LP64).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kobject.h"

/* Does an object of 2^bits bytes hold size bytes, with less than half
 * of it left over (the table is not larger than it needs to be)? */
static void
assert_fits(int bits, size_t size)
{
	assert_true(bits > 0);
	assert_true(size <= 1ull << bits);
	assert_true(size > 1ull << (bits - 1));
}

static void
test_fixed_sizes_hold_the_kernel_structures(void **state)
{
	(void)state;
	assert_fits(cairn_object_bits(CAIRN_OBJ_TCB, 0), sizeof(struct tcb));
	assert_true(sizeof(struct endpoint) <=
		    1ull << cairn_object_bits(CAIRN_OBJ_ENDPOINT, 0));
	assert_true(sizeof(struct notification) <=
		    1ull << cairn_object_bits(CAIRN_OBJ_NOTIFICATION, 0));
	assert_true(sizeof(struct reply) <=
		    1ull << cairn_object_bits(CAIRN_OBJ_REPLY, 0));
}

static void
test_cnode_is_its_slots(void **state)
{
	(void)state;
	for (word_t r = 1; r <= CAIRN_CNODE_MAX_RADIX; r++) {
		assert_int_equal(1ull << cairn_object_bits(CAIRN_OBJ_CNODE, r),
				 sizeof(struct cte) << r);
	}
	assert_int_equal(cairn_object_bits(CAIRN_OBJ_CNODE, 0), -1);
	assert_int_equal(
	    cairn_object_bits(CAIRN_OBJ_CNODE, CAIRN_CNODE_MAX_RADIX + 1), -1);
}

static void
test_tables_are_a_page_of_entries(void **state)
{
	(void)state;
	static const word_t t[] = {CAIRN_OBJ_PAGE_TABLE, CAIRN_OBJ_PAGE_DIR,
				   CAIRN_OBJ_PDPT, CAIRN_OBJ_VSPACE};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(1ull << cairn_object_bits(t[i], 0), PAGE_SIZE);
	}
	assert_int_equal(PAGE_SIZE, 512 * sizeof(uint64_t));
}

static void
test_untyped_and_frame_sizes(void **state)
{
	(void)state;
	for (word_t b = 0; b < 64; b++) {
		int u = cairn_object_bits(CAIRN_OBJ_UNTYPED, b);
		int f = cairn_object_bits(CAIRN_OBJ_FRAME, b);
		bool u_ok =
		    b >= CAIRN_UNTYPED_MIN_BITS && b <= CAIRN_UNTYPED_MAX_BITS;
		assert_int_equal(u, u_ok ? (int)b : -1);
		assert_int_equal(f, b == 12 || b == 21 ? (int)b : -1);
	}
	assert_int_equal(1ull << CAIRN_PAGE_BITS, PAGE_SIZE);
}

static void
test_other_types_are_no_object(void **state)
{
	(void)state;
	static const word_t t[] = {
	    CAIRN_OBJ_NULL,	     CAIRN_CAP_IRQ_CONTROL,
	    CAIRN_CAP_IRQ_HANDLER,   CAIRN_CAP_IOPORT,
	    CAIRN_CAP_DEBUG,	     CAP_ZOMBIE,
	    CAIRN_OBJ_RETYPE_MAX + 1};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(cairn_object_bits(t[i], 12), -1);
	}
	for (word_t type = CAIRN_OBJ_UNTYPED; type <= CAIRN_OBJ_RETYPE_MAX;
	     type++) {
		word_t size =
		    type == CAIRN_OBJ_UNTYPED || type == CAIRN_OBJ_FRAME ? 12
									 : 1;
		assert_true(cairn_object_bits(type, size) > 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fixed_sizes_hold_the_kernel_structures),
	    cmocka_unit_test(test_cnode_is_its_slots),
	    cmocka_unit_test(test_tables_are_a_page_of_entries),
	    cmocka_unit_test(test_untyped_and_frame_sizes),
	    cmocka_unit_test(test_other_types_are_no_object),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
