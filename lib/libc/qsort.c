/*
 * qsort: introsort.  Quicksort with a median-of-three pivot, recursing
 * into the smaller side so the stack stays O(log n); ranges of a few
 * elements go to insertion sort, and a range that has been split more
 * than 2 log2 n times (an input that defeats the pivot choice) goes to
 * heapsort, so the worst case stays O(n log n).
 */
#include <stdlib.h>

#define SMALL 8

struct sort {
	char *base;
	size_t size;
	int (*cmp)(const void *, const void *);
};

static char *
at(const struct sort *s, size_t i)
{
	return s->base + i * s->size;
}

static int
less(const struct sort *s, size_t i, size_t j)
{
	return s->cmp(at(s, i), at(s, j)) < 0;
}

static void
swap(const struct sort *s, size_t i, size_t j)
{
	char *a = at(s, i);
	char *b = at(s, j);

	for (size_t k = 0; k < s->size; k++) {
		char t = a[k];
		a[k] = b[k];
		b[k] = t;
	}
}

static void
insertion_sort(const struct sort *s, size_t lo, size_t hi)
{
	for (size_t i = lo + 1; i < hi; i++) {
		for (size_t j = i; j > lo && less(s, j, j - 1); j--) {
			swap(s, j, j - 1);
		}
	}
}

/* Move element i of the heap at lo (n elements) down to its place. */
static void
sift_down(const struct sort *s, size_t lo, size_t i, size_t n)
{
	for (;;) {
		size_t big = i;
		size_t l = 2 * i + 1;
		if (l < n && less(s, lo + big, lo + l)) {
			big = l;
		}
		if (l + 1 < n && less(s, lo + big, lo + l + 1)) {
			big = l + 1;
		}
		if (big == i) {
			return;
		}
		swap(s, lo + i, lo + big);
		i = big;
	}
}

static void
heap_sort(const struct sort *s, size_t lo, size_t hi)
{
	size_t n = hi - lo;

	for (size_t i = n / 2; i > 0; i--) {
		sift_down(s, lo, i - 1, n);
	}
	for (size_t end = n - 1; end > 0; end--) {
		swap(s, lo, lo + end);
		sift_down(s, lo, 0, end);
	}
}

/*
 * Partition [lo, hi) around the median of its first, middle and last
 * elements; return the pivot's final index.  Everything before it is
 * not greater, everything after it not less.
 */
static size_t
partition(const struct sort *s, size_t lo, size_t hi)
{
	size_t mid = lo + (hi - lo) / 2;
	size_t last = hi - 1;

	/* Order lo, mid, last; the median is then at mid. */
	if (less(s, mid, lo)) {
		swap(s, mid, lo);
	}
	if (less(s, last, mid)) {
		swap(s, last, mid);
		if (less(s, mid, lo)) {
			swap(s, mid, lo);
		}
	}
	/* Park the pivot at last - 1; lo and last are already in place. */
	swap(s, mid, last - 1);
	size_t p = last - 1;
	size_t i = lo;
	size_t j = p;
	for (;;) {
		while (less(s, ++i, p)) {
		}
		while (less(s, p, --j)) {
		}
		if (i >= j) {
			break;
		}
		swap(s, i, j);
	}
	swap(s, i, p);
	return i;
}

/*
 * Sort [lo, hi): the loop takes the larger part, the recursion only the
 * smaller, so the stack holds at most log2(n) frames.
 * NOLINTBEGIN(misc-no-recursion): bounded as above.
 */
static void
intro_sort(const struct sort *s, size_t lo, size_t hi, int depth)
{
	while (hi - lo > SMALL) {
		if (depth-- == 0) {
			heap_sort(s, lo, hi);
			return;
		}
		size_t p = partition(s, lo, hi);
		if (p - lo < hi - p - 1) {
			intro_sort(s, lo, p, depth);
			lo = p + 1;
		} else {
			intro_sort(s, p + 1, hi, depth);
			hi = p;
		}
	}
	insertion_sort(s, lo, hi);
}
/* NOLINTEND(misc-no-recursion) */

void
qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	struct sort s = {base, size, cmp};
	int depth = 0;

	if (n < 2 || size == 0) {
		return;
	}
	for (size_t m = n; m > 1; m >>= 1) {
		depth += 2;
	}
	intro_sort(&s, 0, n, depth);
}

void *
bsearch(const void *key, const void *base, size_t n, size_t size,
	int (*cmp)(const void *, const void *))
{
	const char *b = base;
	size_t lo = 0;
	size_t hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp(key, b + mid * size);
		if (c == 0) {
			return (void *)(b + mid * size);
		}
		if (c < 0) {
			hi = mid;
		} else {
			lo = mid + 1;
		}
	}
	return NULL;
}
