/*
 * Host unit tests for lib/pmem.c, the boot-time account of free physical
 * memory.  Each test builds its own account from scratch.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "pmem.h"

#define PG   PMEM_PAGE
#define MIB  0x100000ull
#define HIGH (~0ull)

/* Check that range i of pm is exactly [base, end). */
static void
assert_range(const struct pmem *pm, int i, uint64_t base, uint64_t end)
{
	assert_true(i < pm->n);
	assert_int_equal(pm->r[i].base, base);
	assert_int_equal(pm->r[i].end, end);
}

/* Check the invariants: sorted, disjoint, not touching, page-aligned. */
static void
assert_well_formed(const struct pmem *pm)
{
	for (int i = 0; i < pm->n; i++) {
		assert_int_equal(pm->r[i].base % PG, 0);
		assert_int_equal(pm->r[i].end % PG, 0);
		assert_true(pm->r[i].base < pm->r[i].end);
		if (i > 0) {
			assert_true(pm->r[i - 1].end < pm->r[i].base);
		}
	}
}

static void
test_init_empty(void **state)
{
	struct pmem pm;

	(void)state;
	pm.n = 99;
	pm.overflow = 1;
	pmem_init(&pm);
	assert_int_equal(pm.n, 0);
	assert_int_equal(pm.overflow, 0);
	assert_int_equal(pmem_free_bytes(&pm), 0);
	assert_int_equal(pmem_alloc_page(&pm, HIGH), 0);
}

static void
test_add_keeps_sorted(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	pmem_add(&pm, 8 * MIB, MIB);
	pmem_add(&pm, 2 * MIB, MIB);
	pmem_add(&pm, 5 * MIB, MIB);
	assert_int_equal(pm.n, 3);
	assert_range(&pm, 0, 2 * MIB, 3 * MIB);
	assert_range(&pm, 1, 5 * MIB, 6 * MIB);
	assert_range(&pm, 2, 8 * MIB, 9 * MIB);
	assert_int_equal(pmem_free_bytes(&pm), 3 * MIB);
	assert_well_formed(&pm);
}

static void
test_add_merges_overlapping(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	pmem_add(&pm, 2 * MIB, 2 * MIB);
	pmem_add(&pm, 3 * MIB, 2 * MIB);
	assert_int_equal(pm.n, 1);
	assert_range(&pm, 0, 2 * MIB, 5 * MIB);
	/* Wholly inside: no change. */
	pmem_add(&pm, 3 * MIB, PG);
	assert_int_equal(pm.n, 1);
	assert_range(&pm, 0, 2 * MIB, 5 * MIB);
	/* Covering it on both sides. */
	pmem_add(&pm, MIB, 5 * MIB);
	assert_int_equal(pm.n, 1);
	assert_range(&pm, 0, MIB, 6 * MIB);
	assert_int_equal(pmem_free_bytes(&pm), 5 * MIB);
}

static void
test_add_merges_adjacent(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	pmem_add(&pm, 2 * MIB, MIB);
	pmem_add(&pm, 3 * MIB, MIB); /* touches the end */
	pmem_add(&pm, MIB, MIB);     /* touches the start */
	assert_int_equal(pm.n, 1);
	assert_range(&pm, 0, MIB, 4 * MIB);
}

static void
test_add_bridges_several(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	pmem_add(&pm, 1 * MIB, MIB);
	pmem_add(&pm, 3 * MIB, MIB);
	pmem_add(&pm, 5 * MIB, MIB);
	pmem_add(&pm, 7 * MIB, MIB);
	/* One range that fills the gaps between the middle three. */
	pmem_add(&pm, 2 * MIB, 4 * MIB);
	assert_int_equal(pm.n, 2);
	assert_range(&pm, 0, 1 * MIB, 6 * MIB);
	assert_range(&pm, 1, 7 * MIB, 8 * MIB);
	assert_well_formed(&pm);
}

static void
test_add_unaligned_shrinks_inward(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	pmem_add(&pm, 0x1001, 0x3000); /* [0x1001, 0x4001) */
	assert_int_equal(pm.n, 1);
	assert_range(&pm, 0, 0x2000, 0x4000);
	/* Less than a whole page once shrunk: nothing is added. */
	pmem_add(&pm, 0x10800, 0x1000);
	pmem_add(&pm, 0x20001, 0x1ffe);
	pmem_add(&pm, 0x30000, 0xfff);
	pmem_add(&pm, 0x40000, 0);
	assert_int_equal(pm.n, 1);
	assert_int_equal(pmem_free_bytes(&pm), 0x2000);
}

static void
test_add_at_top_of_space(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	/* Runs past 2^64: saturated, then shrunk to whole pages. */
	pmem_add(&pm, 0xffffffffffff0000ull, 0x20000);
	assert_int_equal(pm.n, 1);
	assert_range(&pm, 0, 0xffffffffffff0000ull, 0xfffffffffffff000ull);
	/* Starting inside the last page: no whole page left. */
	pmem_add(&pm, 0xfffffffffffff001ull, 0x100);
	assert_int_equal(pm.n, 1);
	assert_well_formed(&pm);
}

static void
test_reserve_grows_outward(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	pmem_add(&pm, MIB, MIB);
	/* One byte in the first page takes the whole page. */
	pmem_reserve(&pm, MIB + 5, 1);
	assert_range(&pm, 0, MIB + PG, 2 * MIB);
	/* A range crossing a page boundary takes both pages. */
	pmem_reserve(&pm, 2 * MIB - PG - 1, 2);
	assert_range(&pm, 0, MIB + PG, 2 * MIB - 2 * PG);
	assert_int_equal(pmem_free_bytes(&pm), MIB - 3 * PG);
}

static void
test_reserve_zero_length(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	pmem_add(&pm, MIB, MIB);
	pmem_reserve(&pm, MIB + PG, 0);
	pmem_reserve(&pm, MIB + 5, 0);
	assert_int_equal(pm.n, 1);
	assert_range(&pm, 0, MIB, 2 * MIB);
}

static void
test_reserve_splits_range(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	pmem_add(&pm, MIB, 3 * MIB);
	pmem_reserve(&pm, 2 * MIB, MIB);
	assert_int_equal(pm.n, 2);
	assert_range(&pm, 0, MIB, 2 * MIB);
	assert_range(&pm, 1, 3 * MIB, 4 * MIB);
	assert_int_equal(pmem_free_bytes(&pm), 2 * MIB);
	assert_well_formed(&pm);
}

static void
test_reserve_across_ranges(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	pmem_add(&pm, 1 * MIB, MIB);
	pmem_add(&pm, 3 * MIB, MIB);
	pmem_add(&pm, 5 * MIB, MIB);
	pmem_add(&pm, 7 * MIB, MIB);
	/* Cut the tail of the first, all of the middle two, the head of
	 * the last. */
	pmem_reserve(&pm, 1 * MIB + 0x80000, 6 * MIB);
	assert_int_equal(pm.n, 2);
	assert_range(&pm, 0, 1 * MIB, 1 * MIB + 0x80000);
	assert_range(&pm, 1, 7 * MIB + 0x80000, 8 * MIB);
	assert_int_equal(pmem_free_bytes(&pm), MIB);
}

static void
test_reserve_exact_and_outside(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	pmem_add(&pm, 1 * MIB, MIB);
	pmem_add(&pm, 3 * MIB, MIB);
	/* Outside every range, and touching one without overlapping. */
	pmem_reserve(&pm, 0, MIB);
	pmem_reserve(&pm, 2 * MIB, MIB);
	pmem_reserve(&pm, 10 * MIB, MIB);
	assert_int_equal(pm.n, 2);
	assert_int_equal(pmem_free_bytes(&pm), 2 * MIB);
	/* Exactly one range. */
	pmem_reserve(&pm, 1 * MIB, MIB);
	assert_int_equal(pm.n, 1);
	assert_range(&pm, 0, 3 * MIB, 4 * MIB);
}

static void
test_reserve_to_top_of_space(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	pmem_add(&pm, MIB, MIB);
	pmem_add(&pm, 0x100000000ull, 0x100000000ull);
	/* A length that runs past 2^64 takes everything from base up. */
	pmem_reserve(&pm, MIB + 0x80000, ~0ull);
	assert_int_equal(pm.n, 1);
	assert_range(&pm, 0, MIB, MIB + 0x80000);
}

static void
test_free_bytes(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	pmem_add(&pm, 0x100000, 0x7ff00000);	       /* 2 GiB - 1 MiB */
	pmem_add(&pm, 0x100000000ull, 0x100000000ull); /* 4 GiB */
	assert_int_equal(pmem_free_bytes(&pm), 0x17ff00000ull);
	pmem_reserve(&pm, 0x100000, 0x100000);
	assert_int_equal(pmem_free_bytes(&pm), 0x17fe00000ull);
}

static void
test_alloc_highest_below_limit(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	pmem_add(&pm, 1 * MIB, MIB);
	pmem_add(&pm, 3 * MIB, MIB);
	pmem_add(&pm, 16 * MIB, MIB);
	/* No limit: the top page of the highest range. */
	assert_int_equal(pmem_alloc_page(&pm, HIGH), 17 * MIB - PG);
	assert_int_equal(pmem_alloc_page(&pm, HIGH), 17 * MIB - 2 * PG);
	/* A limit inside a range. */
	assert_int_equal(pmem_alloc_page(&pm, 3 * MIB + 5 * PG),
			 3 * MIB + 4 * PG);
	/* An unaligned limit: the page must lie wholly below it. */
	assert_int_equal(pmem_alloc_page(&pm, 3 * MIB + 2 * PG + 1),
			 3 * MIB + PG);
	/* A limit in a gap: the top page of the range below it. */
	assert_int_equal(pmem_alloc_page(&pm, 10 * MIB), 4 * MIB - PG);
	/* A limit exactly at a range's start skips that range. */
	assert_int_equal(pmem_alloc_page(&pm, 3 * MIB), 2 * MIB - PG);
	assert_int_equal(pmem_free_bytes(&pm), 3 * MIB - 6 * PG);
	assert_well_formed(&pm);
}

static void
test_alloc_takes_page_out(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	pmem_add(&pm, MIB, 3 * PG);
	assert_int_equal(pmem_alloc_page(&pm, MIB + 2 * PG), MIB + PG);
	/* The page is gone; the range is split around it. */
	assert_int_equal(pm.n, 2);
	assert_range(&pm, 0, MIB, MIB + PG);
	assert_range(&pm, 1, MIB + 2 * PG, MIB + 3 * PG);
	/* Reserving it again changes nothing. */
	pmem_reserve(&pm, MIB + PG, PG);
	assert_int_equal(pmem_free_bytes(&pm), 2 * PG);
}

static void
test_alloc_exhausted(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	pmem_add(&pm, MIB, 2 * PG);
	assert_int_equal(pmem_alloc_page(&pm, HIGH), MIB + PG);
	assert_int_equal(pmem_alloc_page(&pm, HIGH), MIB);
	assert_int_equal(pmem_alloc_page(&pm, HIGH), 0);
	assert_int_equal(pm.n, 0);
	/* Nothing below the limit, though memory remains above it. */
	pmem_add(&pm, 4 * MIB, PG);
	assert_int_equal(pmem_alloc_page(&pm, 4 * MIB), 0);
	assert_int_equal(pmem_alloc_page(&pm, 4 * MIB + PG - 1), 0);
	assert_int_equal(pmem_alloc_page(&pm, 0), 0);
	assert_int_equal(pmem_free_bytes(&pm), PG);
}

static void
test_alloc_never_page_zero(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	pmem_add(&pm, 0, 2 * PG);
	assert_int_equal(pmem_alloc_page(&pm, HIGH), PG);
	assert_int_equal(pmem_alloc_page(&pm, HIGH), 0);
	/* Page 0 was not taken out of the account. */
	assert_int_equal(pm.n, 1);
	assert_range(&pm, 0, 0, PG);
	assert_int_equal(pmem_alloc_page(&pm, PG), 0);
}

static void
test_overflow_on_add(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	for (int i = 0; i < PMEM_MAX_RANGES; i++) {
		pmem_add(&pm, (2ull * i + 1) * MIB, PG);
	}
	assert_int_equal(pm.n, PMEM_MAX_RANGES);
	assert_int_equal(pm.overflow, 0);
	/* One more disjoint range does not fit. */
	pmem_add(&pm, 1000 * MIB, PG);
	assert_int_equal(pm.n, PMEM_MAX_RANGES);
	assert_int_equal(pm.overflow, 1);
	assert_int_equal(pmem_free_bytes(&pm), PMEM_MAX_RANGES * PG);
	assert_well_formed(&pm);
}

static void
test_merge_when_full(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	for (int i = 0; i < PMEM_MAX_RANGES; i++) {
		pmem_add(&pm, (2ull * i + 1) * MIB, PG);
	}
	/* A range that merges with an existing one needs no new slot. */
	pmem_add(&pm, MIB + PG, PG);
	assert_int_equal(pm.overflow, 0);
	assert_range(&pm, 0, MIB, MIB + 2 * PG);
	/* Nor does one that joins two neighbours. */
	pmem_add(&pm, MIB + 2 * PG, 2 * MIB);
	assert_int_equal(pm.n, PMEM_MAX_RANGES - 1);
	assert_int_equal(pm.overflow, 0);
}

static void
test_overflow_on_split(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	for (int i = 0; i < PMEM_MAX_RANGES; i++) {
		pmem_add(&pm, (2ull * i + 1) * MIB, MIB);
	}
	/* Splitting a range needs a slot that is not there. */
	pmem_reserve(&pm, MIB + 0x80000, PG);
	assert_int_equal(pm.overflow, 1);
	assert_int_equal(pm.n, PMEM_MAX_RANGES);
	assert_range(&pm, 0, MIB, MIB + 0x80000);
	/* What was kept is still well formed and never double counted. */
	assert_well_formed(&pm);
	assert_true(pmem_free_bytes(&pm) < PMEM_MAX_RANGES * MIB);
}

/* A block comes out naturally aligned, the highest that fits. */
static void
test_alloc_block_aligned_highest(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	pmem_add(&pm, MIB, 7 * MIB + 3 * PG);
	uint64_t b = pmem_alloc_block(&pm, 21, HIGH); /* 2 MiB */
	assert_int_equal(b, 6 * MIB);
	assert_int_equal(b % (2 * MIB), 0);
	assert_int_equal(pmem_free_bytes(&pm), 5 * MIB + 3 * PG);
	assert_well_formed(&pm);
}

/* A block that fits nowhere, or only above the limit, is refused. */
static void
test_alloc_block_refused(void **state)
{
	struct pmem pm;

	(void)state;
	pmem_init(&pm);
	pmem_add(&pm, MIB, MIB + PG); /* 1 MiB + 4 KiB, unaligned for 2 MiB */
	assert_int_equal(pmem_alloc_block(&pm, 21, HIGH), 0);
	assert_int_equal(pmem_alloc_block(&pm, 12, MIB), 0);
	assert_int_equal(pmem_alloc_block(&pm, 12, HIGH), 2 * MIB);
	assert_int_equal(pmem_free_bytes(&pm), MIB);
}

/* Carving: the largest aligned block at a base, within the end. */
static void
test_block_bits(void **state)
{
	(void)state;
	assert_int_equal(pmem_block_bits(0, 1ull << 30, 47), 30);
	assert_int_equal(pmem_block_bits(MIB, 64 * MIB, 47), 20);
	assert_int_equal(pmem_block_bits(2 * MIB, 64 * MIB, 47), 21);
	assert_int_equal(pmem_block_bits(PG, 64 * MIB, 47), 12);
	assert_int_equal(pmem_block_bits(0, 3 * PG, 47), 13);
	assert_int_equal(pmem_block_bits(0, 1ull << 40, 30), 30);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init_empty),
	    cmocka_unit_test(test_add_keeps_sorted),
	    cmocka_unit_test(test_add_merges_overlapping),
	    cmocka_unit_test(test_add_merges_adjacent),
	    cmocka_unit_test(test_add_bridges_several),
	    cmocka_unit_test(test_add_unaligned_shrinks_inward),
	    cmocka_unit_test(test_add_at_top_of_space),
	    cmocka_unit_test(test_reserve_grows_outward),
	    cmocka_unit_test(test_reserve_zero_length),
	    cmocka_unit_test(test_reserve_splits_range),
	    cmocka_unit_test(test_reserve_across_ranges),
	    cmocka_unit_test(test_reserve_exact_and_outside),
	    cmocka_unit_test(test_reserve_to_top_of_space),
	    cmocka_unit_test(test_free_bytes),
	    cmocka_unit_test(test_alloc_highest_below_limit),
	    cmocka_unit_test(test_alloc_takes_page_out),
	    cmocka_unit_test(test_alloc_exhausted),
	    cmocka_unit_test(test_alloc_never_page_zero),
	    cmocka_unit_test(test_overflow_on_add),
	    cmocka_unit_test(test_merge_when_full),
	    cmocka_unit_test(test_overflow_on_split),
	    cmocka_unit_test(test_alloc_block_aligned_highest),
	    cmocka_unit_test(test_alloc_block_refused),
	    cmocka_unit_test(test_block_bits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
