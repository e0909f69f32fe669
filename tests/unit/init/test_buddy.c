/* Host unit tests for services/init/buddy.c: the memory manager's buddy
 * allocator, its kernel hooks faked here. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "buddy.h"
#include "slots.h"

#define NSLOTS (1u << INIT_RADIX)
#define KIB    1024ull
#define MIB    (1024 * KIB)

/* The fake kernel: what was split and revoked, and a way to fail. */
static int nsplits, nrevokes;
static cptr_t last_revoked;
static int fail_split_after = -1; /* splits allowed before one fails */

int
buddy_split(cptr_t ut, unsigned half, cptr_t first)
{
	(void)ut;
	(void)half;
	(void)first;
	if (fail_split_after == 0) {
		return 10; /* CAIRN_E_NO_MEMORY */
	}
	if (fail_split_after > 0) {
		fail_split_after--;
	}
	nsplits++;
	return 0;
}

void
buddy_revoke(cptr_t ut)
{
	nrevokes++;
	last_revoked = ut;
}

static int
setup(void **state)
{
	(void)state;
	slots_free_range(1, NSLOTS - 1);
	slots_init(100);
	buddy_reset();
	nsplits = nrevokes = 0;
	fail_split_after = -1;
	assert_int_equal(buddy_add(50, 0x100000, 20), 0); /* 1 MiB */
	return 0;
}

static void
split_down_and_merge_back(void **state)
{
	(void)state;
	assert_int_equal(buddy_total(), MIB);
	cptr_t b = buddy_alloc(16);
	assert_int_not_equal(b, 0);
	assert_int_equal(nsplits, 4); /* 1 MiB -> 512 -> 256 -> 128 -> 64 */
	assert_int_equal(buddy_phys(b), 0x100000);
	assert_int_equal(buddy_free_bytes(), MIB - 64 * KIB);
	word_t slots = slots_in_use();
	buddy_free(b);
	assert_int_equal(buddy_free_bytes(), MIB);
	/* b itself, then the four parents as the halves merged. */
	assert_int_equal(nrevokes, 5);
	assert_int_equal(last_revoked, 50);
	assert_int_equal(slots_in_use(), slots - 8); /* the halves' slots */
	/* Whole again: the next 1 MiB comes without a split. */
	assert_int_equal(buddy_alloc(20), 50);
	assert_int_equal(nsplits, 4);
}

static void
blocks_do_not_overlap(void **state)
{
	cptr_t got[16];
	word_t seen = 0;

	(void)state;
	for (int i = 0; i < 16; i++) {
		got[i] = buddy_alloc(16);
		assert_int_not_equal(got[i], 0);
		word_t off = (buddy_phys(got[i]) - 0x100000) / (64 * KIB);
		assert_true(off < 16);
		assert_false(seen >> off & 1);
		seen |= 1ull << off;
	}
	assert_int_equal(buddy_alloc(16), 0); /* all of it handed out */
	assert_int_equal(buddy_free_bytes(), 0);
	for (int i = 0; i < 16; i++) {
		buddy_free(got[i]);
	}
	assert_int_equal(buddy_free_bytes(), MIB);
	assert_int_equal(buddy_alloc(20), 50);
}

static void
sizes_rounded_and_refused(void **state)
{
	(void)state;
	cptr_t small = buddy_alloc(3); /* below the least: 64 KiB */
	assert_int_not_equal(small, 0);
	assert_int_equal(buddy_free_bytes(), MIB - 64 * KIB);
	assert_int_equal(buddy_alloc(21), 0); /* larger than any */
	assert_int_equal(buddy_alloc(BUDDY_MAX_BITS + 1), 0);
	assert_int_equal(buddy_alloc(~0u), 0);
	assert_int_equal(buddy_add(60, 0, BUDDY_MIN_BITS - 1), -1);
	assert_int_equal(buddy_add(60, 0, BUDDY_MAX_BITS + 1), -1);
}

static void
freeing_what_is_not_a_block_in_use(void **state)
{
	(void)state;
	buddy_free(12345); /* unknown */
	buddy_free(50);	   /* free already */
	assert_int_equal(nrevokes, 0);
	cptr_t b = buddy_alloc(19);
	buddy_free(b);
	int n = nrevokes;
	buddy_free(b); /* twice */
	assert_int_equal(nrevokes, n);
	assert_int_equal(buddy_free_bytes(), MIB);
}

/* The kernel refuses a split half way down: nothing is lost. */
static void
failed_split_gives_back(void **state)
{
	(void)state;
	word_t slots = slots_in_use();
	fail_split_after = 2;
	assert_int_equal(buddy_alloc(16), 0);
	/* Two splits done: the blocks they made stay free, as halves. */
	assert_int_equal(buddy_free_bytes(), MIB);
	assert_int_equal(slots_in_use(), slots + 4);
	fail_split_after = -1;
	cptr_t b = buddy_alloc(16);
	assert_int_not_equal(b, 0);
	buddy_free(b);
	assert_int_equal(buddy_free_bytes(), MIB);
	assert_int_equal(slots_in_use(), slots);
}

/* Out of slots for the halves: refused, nothing lost. */
static void
no_slots_for_halves(void **state)
{
	(void)state;
	while (slot_alloc() != 0) {
	}
	assert_int_equal(buddy_alloc(16), 0);
	assert_int_equal(nsplits, 0);
	assert_int_equal(buddy_free_bytes(), MIB);
	assert_int_equal(buddy_alloc(20), 50);
}

/* Two regions: the smallest block that fits is the one split. */
static void
smallest_fit_first(void **state)
{
	(void)state;
	assert_int_equal(buddy_add(51, 0x1000000, 17), 0); /* 128 KiB */
	assert_int_equal(buddy_total(), MIB + 128 * KIB);
	cptr_t b = buddy_alloc(16);
	assert_int_equal(buddy_phys(b), 0x1000000);
	assert_int_equal(nsplits, 1);
	/* 128 KiB more: the small region's other half is too small now. */
	cptr_t c = buddy_alloc(17);
	assert_int_not_equal(c, 0);
	assert_true(buddy_phys(c) < 0x100000 + MIB);
	assert_int_equal(nsplits, 1 + 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(split_down_and_merge_back, setup),
	    cmocka_unit_test_setup(blocks_do_not_overlap, setup),
	    cmocka_unit_test_setup(sizes_rounded_and_refused, setup),
	    cmocka_unit_test_setup(freeing_what_is_not_a_block_in_use, setup),
	    cmocka_unit_test_setup(failed_split_gives_back, setup),
	    cmocka_unit_test_setup(no_slots_for_halves, setup),
	    cmocka_unit_test_setup(smallest_fit_first, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
