/*
 * Host unit tests for Cairn's qsort and bsearch (lib/libc/qsort.c):
 * random arrays of several element sizes against a reference insertion
 * sort, inputs that defeat simple quicksorts, and the comparison count
 * that shows the O(n log n) bound holds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "libc/include/stdlib.h"
#include "libc/include/string.h"
#include "test_rand.h"

#define MAXN 2000

static long comparisons;

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a;
	int y = *(const int *)b;

	comparisons++;
	return (x > y) - (x < y);
}

/* An element of an odd size: a key and a payload that rides along. */
struct rec {
	uint16_t key;
	unsigned char payload[10];
};

/* Records order by key, then payload: a total order, so one result. */
static int
cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a;
	const struct rec *y = b;

	comparisons++;
	if (x->key != y->key) {
		return x->key < y->key ? -1 : 1;
	}
	return memcmp(x->payload, y->payload, sizeof(x->payload));
}

static int
cmp_byte(const void *a, const void *b)
{
	comparisons++;
	return *(const unsigned char *)a - *(const unsigned char *)b;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a;
	uint64_t y = *(const uint64_t *)b;

	comparisons++;
	return (x > y) - (x < y);
}

/* The reference: a plain insertion sort, slow and obviously right. */
static void
reference_sort(void *base, size_t n, size_t size,
	       int (*cmp)(const void *, const void *))
{
	unsigned char *b = base;
	unsigned char tmp[64];

	assert_true(size <= sizeof(tmp));
	for (size_t i = 1; i < n; i++) {
		size_t j = i;
		memcpy(tmp, b + i * size, size);
		while (j > 0 && cmp(b + (j - 1) * size, tmp) > 0) {
			memcpy(b + j * size, b + (j - 1) * size, size);
			j--;
		}
		memcpy(b + j * size, tmp, size);
	}
}

static unsigned char data[MAXN * sizeof(struct rec)];
static unsigned char want[MAXN * sizeof(struct rec)];

/* Sort the first n elements of data with qsort; compare with want. */
static void
check_sort(size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	memcpy(want, data, n * size);
	reference_sort(want, n, size, cmp);
	qsort(data, n, size, cmp);
	assert_memory_equal(data, want, n * size + (n == 0));
}

static void
test_random_arrays(void **state)
{
	static const size_t sizes[] = {0, 1, 2, 3, 7, 8, 9, 10, 17, 100, 1000};
	uint64_t seed = 31337;

	(void)state;
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		size_t n = sizes[s];
		for (int round = 0; round < 5; round++) {
			/* Small key ranges make many duplicates. */
			uint64_t range = round < 2 ? 4 : 1000000;
			int *iv = (int *)(void *)data;
			for (size_t i = 0; i < n; i++) {
				iv[i] = (int)test_below(&seed, range) - 500;
			}
			check_sort(n, sizeof(int), cmp_int);
			struct rec *rv = (struct rec *)(void *)data;
			for (size_t i = 0; i < n; i++) {
				rv[i].key = (uint16_t)test_below(&seed, range);
				for (int k = 0; k < 10; k++) {
					rv[i].payload[k] =
					    (unsigned char)test_rand(&seed);
				}
			}
			check_sort(n, sizeof(struct rec), cmp_rec);
			for (size_t i = 0; i < n; i++) {
				data[i] = (unsigned char)test_rand(&seed);
			}
			check_sort(n, 1, cmp_byte);
			uint64_t *uv = (uint64_t *)(void *)data;
			for (size_t i = 0; i < n; i++) {
				uv[i] = test_rand(&seed);
			}
			check_sort(n, sizeof(uint64_t), cmp_u64);
		}
	}
}

/* n log2 n, roughly, for the comparison bound. */
static long
n_log_n(size_t n)
{
	long lg = 0;

	for (size_t m = n; m > 1; m >>= 1) {
		lg++;
	}
	return (long)n * (lg + 1);
}

enum shape { SORTED, REVERSED, EQUAL, ORGAN_PIPE, SAWTOOTH, MEDIAN_KILLER };

static void
make_shape(int *v, size_t n, enum shape s)
{
	for (size_t i = 0; i < n; i++) {
		switch (s) {
		case SORTED:
			v[i] = (int)i;
			break;
		case REVERSED:
			v[i] = (int)(n - i);
			break;
		case EQUAL:
			v[i] = 5;
			break;
		case ORGAN_PIPE:
			v[i] = (int)(i < n / 2 ? i : n - i);
			break;
		case SAWTOOTH:
			v[i] = (int)(i % 16);
			break;
		case MEDIAN_KILLER:
			/* Odd positions rising, even positions rising after. */
			v[i] = (int)(i % 2 ? i : n + i);
			break;
		}
	}
}

/* Hard shapes are sorted in O(n log n) comparisons. */
static void
test_hard_inputs(void **state)
{
	(void)state;
	for (int s = SORTED; s <= MEDIAN_KILLER; s++) {
		size_t n = MAXN;
		int *v = (int *)(void *)data;
		make_shape(v, n, (enum shape)s);
		memcpy(want, data, n * sizeof(int));
		reference_sort(want, n, sizeof(int), cmp_int);
		comparisons = 0;
		qsort(v, n, sizeof(int), cmp_int);
		assert_memory_equal(data, want, n * sizeof(int));
		if (comparisons > 4 * n_log_n(n)) {
			fail_msg("shape %d: %ld comparisons for %zu elements",
				 s, comparisons, n);
		}
	}
}

static void
test_bsearch(void **state)
{
	int v[100];

	(void)state;
	for (int i = 0; i < 100; i++) {
		v[i] = 2 * i;
	}
	for (int key = -1; key <= 200; key++) {
		int *hit = bsearch(&key, v, 100, sizeof(int), cmp_int);
		if (key >= 0 && key % 2 == 0 && key < 200) {
			assert_ptr_equal(hit, &v[key / 2]);
		} else {
			assert_null(hit);
		}
	}
	int key = 4;
	assert_null(bsearch(&key, v, 0, sizeof(int), cmp_int));
	assert_null(bsearch(&key, NULL, 0, sizeof(int), cmp_int));
	key = 0;
	assert_ptr_equal(bsearch(&key, v, 1, sizeof(int), cmp_int), v);
	/* Every length from 1 to 100, first and last elements. */
	for (size_t n = 1; n <= 100; n++) {
		key = 0;
		assert_ptr_equal(bsearch(&key, v, n, sizeof(int), cmp_int), v);
		key = v[n - 1];
		assert_ptr_equal(bsearch(&key, v, n, sizeof(int), cmp_int),
				 &v[n - 1]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_random_arrays),
	    cmocka_unit_test(test_hard_inputs),
	    cmocka_unit_test(test_bsearch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
