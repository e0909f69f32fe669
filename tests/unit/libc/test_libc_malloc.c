/*
 * Host unit tests for Cairn's allocator (lib/libc/malloc.c).  Each test
 * starts on an empty heap whose memory comes from the test arena
 * (hooks.c), so it can count what libc_morecore gave and when, make it
 * run dry, or make its blocks non-contiguous.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "libc/include/cairn_libc.h"
#include "libc/include/errno.h"
#include "libc/include/stdlib.h"
#include "libc/include/string.h"
#include "hooks.h"
#include "test_rand.h"

/* Bytes of a heap region that blocks cannot use: its header, its end. */
#define REGION_OVERHEAD 32
/* Bytes before each block: its header. */
#define BLOCK_OVERHEAD 16

static int
setup(void **state)
{
	(void)state;
	hook_heap_reset(0);
	hook_out_reset();
	return 0;
}

static int
aligned(const void *p)
{
	return (uintptr_t)p % 16 == 0;
}

/*
 * True if everything given to the heap (one contiguous region) is free
 * and merged: a block of all of it fits without growing the heap.
 */
static int
heap_is_empty(void)
{
	int calls = hook_core_calls;
	void *p = malloc(hook_core_given - REGION_OVERHEAD - BLOCK_OVERHEAD);

	if (p == NULL || hook_core_calls != calls) {
		return 0;
	}
	free(p);
	return 1;
}

static void
test_basic_blocks(void **state)
{
	(void)state;
	unsigned char *a = malloc(10);
	unsigned char *b = malloc(100);
	unsigned char *z = malloc(0);
	unsigned char *z2 = malloc(0);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(z);
	assert_non_null(z2);
	assert_true(aligned(a) && aligned(b) && aligned(z) && aligned(z2));
	assert_ptr_not_equal(z, z2);
	assert_true(a + 10 <= b || b + 100 <= a);
	memset(a, 0xaa, 10);
	memset(b, 0xbb, 100);
	for (int i = 0; i < 10; i++) {
		assert_int_equal(a[i], 0xaa);
	}
	free(a);
	free(b);
	free(z);
	free(z2);
	free(NULL);
	assert_true(heap_is_empty());
}

/* Every size from 0 to 300 is 16-aligned and holds its bytes. */
static void
test_alignment_every_size(void **state)
{
	unsigned char *p[301];

	(void)state;
	for (size_t n = 0; n <= 300; n++) {
		p[n] = malloc(n);
		assert_non_null(p[n]);
		assert_true(aligned(p[n]));
		memset(p[n], (int)n, n);
	}
	for (size_t n = 0; n <= 300; n++) {
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(p[n][i], (unsigned char)n);
		}
		free(p[n]);
	}
	assert_true(heap_is_empty());
}

static void
test_calloc_zeroes(void **state)
{
	(void)state;
	/* Dirty a block, free it, and calloc the same size back. */
	unsigned char *d = malloc(256);
	memset(d, 0xff, 256);
	free(d);
	unsigned char *c = calloc(16, 16);
	assert_non_null(c);
	for (int i = 0; i < 256; i++) {
		assert_int_equal(c[i], 0);
	}
	free(c);
	c = calloc(0, 8);
	assert_non_null(c);
	free(c);
	c = calloc(8, 0);
	assert_non_null(c);
	free(c);
}

static void
test_calloc_overflow(void **state)
{
	(void)state;
	int calls = hook_core_calls;
	errno = 0;
	assert_null(calloc(SIZE_MAX / 2 + 1, 2));
	assert_int_equal(errno, ENOMEM);
	errno = 0;
	assert_null(calloc(2, SIZE_MAX / 2 + 1));
	assert_int_equal(errno, ENOMEM);
	errno = 0;
	assert_null(calloc(SIZE_MAX, SIZE_MAX));
	assert_int_equal(errno, ENOMEM);
	errno = 0;
	assert_null(calloc((SIZE_MAX >> 16) + 2, 1 << 16));
	assert_int_equal(errno, ENOMEM);
	/* None of these got as far as asking for memory. */
	assert_int_equal(hook_core_calls, calls);
}

static void
test_impossible_sizes(void **state)
{
	const size_t sizes[] = {SIZE_MAX,	  SIZE_MAX - 15, SIZE_MAX - 16,
				SIZE_MAX / 2 + 1, PTRDIFF_MAX,	 SIZE_MAX / 4};

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		errno = 0;
		assert_null(malloc(sizes[i]));
		assert_int_equal(errno, ENOMEM);
	}
	void *p = malloc(8);
	errno = 0;
	assert_null(realloc(p, SIZE_MAX - 8));
	assert_int_equal(errno, ENOMEM);
	free(p);
}

/* The hook runs dry: NULL and ENOMEM, and the heap still works after. */
static void
test_morecore_runs_dry(void **state)
{
	void *p[200];
	int n = 0;

	(void)state;
	hook_heap_reset(128 * 1024);
	errno = 0;
	for (; n < 200; n++) {
		p[n] = malloc(1000);
		if (p[n] == NULL) {
			break;
		}
		memset(p[n], n, 1000);
	}
	assert_true(n > 100 && n < 200);
	assert_int_equal(errno, ENOMEM);
	assert_true(hook_core_given <= 128 * 1024);
	/* A smaller block may still fit in what is left. */
	void *small = malloc(16);
	free(small);
	for (int i = 0; i < n; i += 2) {
		free(p[i]);
	}
	int calls = hook_core_calls;
	for (int i = 0; i < n; i += 2) {
		p[i] = malloc(1000);
		assert_non_null(p[i]);
	}
	assert_int_equal(hook_core_calls, calls);
	for (int i = 0; i < n; i++) {
		free(p[i]);
	}
	assert_true(heap_is_empty());
}

static void
test_morecore_fails_at_once(void **state)
{
	(void)state;
	hook_heap_reset(LIBC_MORECORE_UNIT);
	errno = 0;
	assert_null(malloc(1));
	assert_int_equal(errno, ENOMEM);
	errno = 0;
	assert_null(calloc(1, 1));
	assert_int_equal(errno, ENOMEM);
	errno = 0;
	assert_null(realloc(NULL, 1));
	assert_int_equal(errno, ENOMEM);
}

/* Freed neighbours merge, in any order, into one block again. */
static void
test_coalescing(void **state)
{
	unsigned char *p[60];
	uint64_t seed = 7;

	(void)state;
	for (int i = 0; i < 60; i++) {
		p[i] = malloc(1000);
	}
	assert_int_equal(hook_core_calls, 1);
	for (int i = 59; i > 0; i--) {
		int j = (int)test_below(&seed, (uint64_t)i + 1);
		unsigned char *t = p[i];
		p[i] = p[j];
		p[j] = t;
	}
	for (int i = 0; i < 60; i++) {
		free(p[i]);
	}
	assert_true(heap_is_empty());
}

/* Memory from morecore that continues the heap merges with its top. */
static void
test_contiguous_growth(void **state)
{
	(void)state;
	void *a = malloc(50 * 1000);
	void *b = malloc(50 * 1000);
	void *c = malloc(300 * 1000);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_true(hook_core_calls >= 2);
	free(b);
	free(a);
	free(c);
	assert_true(heap_is_empty());
}

/* Gaps between morecore blocks: separate regions, all usable. */
static void
test_non_contiguous_growth(void **state)
{
	void *p[8];

	(void)state;
	hook_core_gap = LIBC_MORECORE_UNIT;
	for (int i = 0; i < 8; i++) {
		p[i] = malloc(60 * 1000);
		assert_non_null(p[i]);
		memset(p[i], i, 60 * 1000);
	}
	assert_true(hook_core_calls >= 8);
	for (int i = 0; i < 8; i++) {
		unsigned char *b = p[i];
		assert_int_equal(b[0], i);
		assert_int_equal(b[60 * 1000 - 1], i);
	}
	for (int i = 0; i < 8; i++) {
		free(p[i]);
	}
	/* The freed regions are used again, without growing. */
	int calls = hook_core_calls;
	for (int i = 0; i < 8; i++) {
		p[i] = malloc(60 * 1000);
		assert_non_null(p[i]);
	}
	assert_int_equal(hook_core_calls, calls);
	for (int i = 0; i < 8; i++) {
		free(p[i]);
	}
}

static void
fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++) {
		p[i] = (unsigned char)(seed + i * 31);
	}
}

static void
check_fill(const unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(p[i], (unsigned char)(seed + i * 31));
	}
}

static void
test_realloc_basics(void **state)
{
	(void)state;
	unsigned char *p = realloc(NULL, 40);
	assert_non_null(p);
	fill(p, 40, 1);
	/* Growing keeps the contents, in place or not. */
	p = realloc(p, 5000);
	assert_non_null(p);
	check_fill(p, 40, 1);
	fill(p, 5000, 2);
	/* Shrinking stays in place and keeps the prefix. */
	unsigned char *q = realloc(p, 100);
	assert_ptr_equal(q, p);
	check_fill(q, 100, 2);
	/* Size 0 keeps a (minimum) block. */
	q = realloc(q, 0);
	assert_non_null(q);
	free(q);
	assert_true(heap_is_empty());
}

static void
test_realloc_in_place(void **state)
{
	(void)state;
	unsigned char *a = malloc(100);
	unsigned char *b = malloc(1000);
	unsigned char *c = malloc(100);
	fill(a, 100, 3);
	/* a grows into b's space once b is free. */
	free(b);
	unsigned char *a2 = realloc(a, 900);
	assert_ptr_equal(a2, a);
	check_fill(a2, 100, 3);
	/* The rest of b's space is still free for others. */
	unsigned char *d = malloc(50);
	assert_true(d > a2 && d < c);
	/* Shrinking frees the tail for the next malloc. */
	free(d);
	a2 = realloc(a2, 32);
	assert_ptr_equal(a2, a);
	unsigned char *e = malloc(800);
	assert_true(e > a2 && e < c);
	free(e);
	free(a2);
	free(c);
	assert_true(heap_is_empty());
}

/* A block at the top of the heap grows into new memory in place. */
static void
test_realloc_at_top(void **state)
{
	(void)state;
	unsigned char *p = malloc(1000);
	fill(p, 1000, 4);
	unsigned char *q = realloc(p, 200 * 1000);
	assert_ptr_equal(q, p);
	check_fill(q, 1000, 4);
	assert_true(hook_core_calls >= 2);
	free(q);
	assert_true(heap_is_empty());
}

/* The heap cannot grow contiguously: realloc moves and copies. */
static void
test_realloc_moves(void **state)
{
	(void)state;
	hook_core_gap = LIBC_MORECORE_UNIT;
	unsigned char *p = malloc(1000);
	unsigned char *blocker = malloc(60 * 1000);
	fill(p, 1000, 5);
	unsigned char *q = realloc(p, 100 * 1000);
	assert_non_null(q);
	assert_ptr_not_equal(q, p);
	check_fill(q, 1000, 5);
	free(q);
	free(blocker);
}

/* realloc that fails leaves the old block as it was. */
static void
test_realloc_failure_keeps_block(void **state)
{
	(void)state;
	hook_heap_reset(64 * 1024);
	unsigned char *p = malloc(1000);
	fill(p, 1000, 6);
	errno = 0;
	assert_null(realloc(p, 100 * 1000));
	assert_int_equal(errno, ENOMEM);
	check_fill(p, 1000, 6);
	p = realloc(p, 2000);
	assert_non_null(p);
	check_fill(p, 1000, 6);
	free(p);
	assert_true(heap_is_empty());
}

/* A size for the random test: mostly small, sometimes a few KiB. */
static size_t
random_size(uint64_t *seed)
{
	uint64_t r = test_below(seed, 100);

	if (r < 70) {
		return test_below(seed, 129);
	}
	if (r < 95) {
		return 129 + test_below(seed, 2048 - 129);
	}
	return 2048 + test_below(seed, 8192 - 2048 + 1);
}

#define SLOTS 256
#define MAXSZ 8192

struct slot {
	unsigned char *p;
	size_t n;
};

static struct slot slots[SLOTS];
static unsigned char shadow[SLOTS][MAXSZ];

static void
check_slot(int i)
{
	if (slots[i].n > 0) {
		assert_memory_equal(slots[i].p, shadow[i], slots[i].n);
	}
}

/* A new block for slot i must not overlap any other live block. */
static void
check_placement(int i)
{
	uintptr_t a = (uintptr_t)slots[i].p;

	assert_true(aligned(slots[i].p));
	for (int j = 0; j < SLOTS; j++) {
		if (j == i || slots[j].p == NULL) {
			continue;
		}
		uintptr_t b = (uintptr_t)slots[j].p;
		assert_true(a + slots[i].n <= b || b + slots[j].n <= a);
		assert_true(a != b);
	}
}

static void
randomize(int i, size_t from, uint64_t *seed)
{
	for (size_t k = from; k < slots[i].n; k++) {
		shadow[i][k] = slots[i].p[k] = (unsigned char)test_rand(seed);
	}
}

static void
random_step(uint64_t *seed)
{
	int i = (int)test_below(seed, SLOTS);
	size_t n = random_size(seed);

	if (slots[i].p == NULL) {
		int zeroed = test_below(seed, 5) == 0;
		slots[i].p = zeroed ? calloc(1, n) : malloc(n);
		assert_non_null(slots[i].p);
		slots[i].n = n;
		check_placement(i);
		for (size_t k = 0; zeroed && k < n; k++) {
			assert_int_equal(slots[i].p[k], 0);
		}
		randomize(i, 0, seed);
	} else if (test_below(seed, 2) == 0) {
		check_slot(i);
		free(slots[i].p);
		slots[i].p = NULL;
		slots[i].n = 0;
	} else {
		size_t keep = n < slots[i].n ? n : slots[i].n;
		slots[i].p = realloc(slots[i].p, n);
		assert_non_null(slots[i].p);
		slots[i].n = n;
		assert_memory_equal(slots[i].p, shadow[i], keep);
		check_placement(i);
		randomize(i, keep, seed);
	}
}

/* 10,000 random malloc, calloc, realloc and free, checked throughout. */
static void
test_random_operations(void **state)
{
	uint64_t seed = 0xcafe;

	(void)state;
	memset(slots, 0, sizeof(slots));
	for (int step = 1; step <= 10000; step++) {
		random_step(&seed);
		if (step % 500 == 0) {
			for (int i = 0; i < SLOTS; i++) {
				check_slot(i);
			}
		}
	}
	for (int i = 0; i < SLOTS; i++) {
		check_slot(i);
		free(slots[i].p);
		slots[i].p = NULL;
	}
	assert_true(heap_is_empty());
}

/*
 * Run bad(p) on a live block p, on a fresh heap; it must abort with the
 * message want (then "abort") and exit status 134.
 */
static void
expect_abort(void (*bad)(unsigned char *), const char *want)
{
	jmp_buf env;
	char line[128];

	hook_heap_reset(0);
	unsigned char *p = malloc(64);
	assert_non_null(malloc(64)); /* a neighbour above p */
	hook_out_reset();
	hook_exit_jmp = &env;
	if (setjmp(env) == 0) {
		bad(p);
		hook_exit_jmp = NULL;
		fail_msg("no abort for \"%s\"", want);
	}
	hook_exit_jmp = NULL;
	assert_int_equal(hook_exit_status, 134);
	strcpy(line, want);
	strcat(line, "\nabort\n");
	assert_string_equal(hook_out, line);
}

static void
double_free(unsigned char *p)
{
	free(p);
	free(p);
}

static void
free_inside(unsigned char *p)
{
	free(p + 16);
}

static void
free_misaligned(unsigned char *p)
{
	free(p + 1);
}

static void
free_not_heap(unsigned char *p)
{
	static unsigned char outside[64];

	(void)p;
	free(outside + 16);
}

static void
smash_own_header(unsigned char *p)
{
	memset(p - 8, 0x41, 8);
	free(p);
}

/* Write past the end of p over the header of the block above it. */
static void
overflow_into_next(unsigned char *p)
{
	memset(p, 0x42, 64 + 24);
	free(p + 64 + 16);
}

static void
realloc_after_free(unsigned char *p)
{
	free(p);
	realloc(p, 10);
}

static void
test_detects_bad_frees(void **state)
{
	(void)state;
	expect_abort(double_free, "free: double free or invalid pointer");
	expect_abort(free_misaligned, "free: invalid pointer");
	expect_abort(free_not_heap, "free: invalid pointer");
	expect_abort(smash_own_header, "free: corrupt block header");
	expect_abort(overflow_into_next, "free: corrupt block header");
	expect_abort(realloc_after_free,
		     "realloc: double free or invalid pointer");
	/* Inside a block: what free finds there is not a header. */
	expect_abort(free_inside, "free: double free or invalid pointer");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_basic_blocks, setup),
	    cmocka_unit_test_setup(test_alignment_every_size, setup),
	    cmocka_unit_test_setup(test_calloc_zeroes, setup),
	    cmocka_unit_test_setup(test_calloc_overflow, setup),
	    cmocka_unit_test_setup(test_impossible_sizes, setup),
	    cmocka_unit_test_setup(test_morecore_runs_dry, setup),
	    cmocka_unit_test_setup(test_morecore_fails_at_once, setup),
	    cmocka_unit_test_setup(test_coalescing, setup),
	    cmocka_unit_test_setup(test_contiguous_growth, setup),
	    cmocka_unit_test_setup(test_non_contiguous_growth, setup),
	    cmocka_unit_test_setup(test_realloc_basics, setup),
	    cmocka_unit_test_setup(test_realloc_in_place, setup),
	    cmocka_unit_test_setup(test_realloc_at_top, setup),
	    cmocka_unit_test_setup(test_realloc_moves, setup),
	    cmocka_unit_test_setup(test_realloc_failure_keeps_block, setup),
	    cmocka_unit_test_setup(test_random_operations, setup),
	    cmocka_unit_test_setup(test_detects_bad_frees, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
