/*
 * Host unit tests for lib/ksym.c, the lookup in the kernel's own symbol
 * table.  The tables are written by hand in the layout tools/gensyms.py
 * emits: sorted addresses, an end-of-text sentinel, offsets into names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "ksym.h"

static const char names[] = "alpha\0beta\0gamma\0delta";
static const uint32_t name_off[] = {0, 6, 11, 17};
static const uint64_t addrs[] = {
    0xffffffff80100000ull, /* alpha */
    0xffffffff80100040ull, /* beta */
    0xffffffff80100100ull, /* gamma */
    0xffffffff80100108ull, /* delta */
    0xffffffff80100200ull, /* end of text */
};
static const struct ksym_table table = {4, addrs, name_off, names};

/* Look addr up; return the name and check the offset when found. */
static const char *
lookup(const struct ksym_table *t, uint64_t addr, uint64_t want_off)
{
	uint64_t off = 0xdeadbeef;
	const char *name = ksym_lookup(t, addr, &off);

	if (name != NULL) {
		assert_int_equal(off, want_off);
	}
	return name;
}

static void
test_first_symbol(void **state)
{
	(void)state;
	assert_string_equal(lookup(&table, addrs[0], 0), "alpha");
	assert_string_equal(lookup(&table, addrs[0] + 1, 1), "alpha");
}

static void
test_inside_symbols(void **state)
{
	(void)state;
	assert_string_equal(lookup(&table, addrs[1] + 0x20, 0x20), "beta");
	assert_string_equal(lookup(&table, addrs[2] + 4, 4), "gamma");
	assert_string_equal(lookup(&table, addrs[3] + 0x80, 0x80), "delta");
}

static void
test_exact_boundaries(void **state)
{
	(void)state;
	for (int i = 0; i < 4; i++) {
		const char *want = names + name_off[i];
		/* The first byte of each symbol is that symbol... */
		assert_string_equal(lookup(&table, addrs[i], 0), want);
		/* ...and the byte before it belongs to the one before. */
		if (i > 0) {
			assert_string_equal(lookup(&table, addrs[i] - 1,
						   addrs[i] - 1 - addrs[i - 1]),
					    names + name_off[i - 1]);
		}
	}
	/* The last byte of the text. */
	assert_string_equal(lookup(&table, addrs[4] - 1, 0xf7), "delta");
}

static void
test_before_first(void **state)
{
	uint64_t off = 77;

	(void)state;
	assert_null(ksym_lookup(&table, addrs[0] - 1, &off));
	assert_null(ksym_lookup(&table, 0, &off));
	assert_int_equal(off, 77);
}

static void
test_at_and_after_end(void **state)
{
	uint64_t off = 77;

	(void)state;
	assert_null(ksym_lookup(&table, addrs[4], &off));
	assert_null(ksym_lookup(&table, addrs[4] + 1, &off));
	assert_null(ksym_lookup(&table, ~0ull, &off));
	assert_int_equal(off, 77);
}

static void
test_single_symbol(void **state)
{
	const uint64_t a[] = {0x1000, 0x1010};
	const uint32_t n[] = {0};
	const struct ksym_table t = {1, a, n, "only"};
	uint64_t off = 0;

	(void)state;
	assert_string_equal(lookup(&t, 0x1000, 0), "only");
	assert_string_equal(lookup(&t, 0x100f, 0xf), "only");
	assert_null(ksym_lookup(&t, 0x1010, &off));
	assert_null(ksym_lookup(&t, 0xfff, &off));
}

static void
test_empty_table(void **state)
{
	const uint64_t a[] = {0x1000};
	const uint32_t n[] = {0};
	const struct ksym_table t = {0, a, n, ""};
	uint64_t off = 5;

	(void)state;
	assert_null(ksym_lookup(&t, 0x1000, &off));
	assert_null(ksym_lookup(&t, 0, &off));
	assert_null(ksym_lookup(&t, ~0ull, &off));
	assert_int_equal(off, 5);
}

static void
test_many_symbols(void **state)
{
	uint64_t a[1001];
	uint32_t n[1000];
	char s[1000 * 2];

	(void)state;
	/* 1000 symbols of varying sizes; names are single letters. */
	uint64_t addr = 0x10000;
	for (int i = 0; i < 1000; i++) {
		a[i] = addr;
		addr += 1 + (uint64_t)(i % 7) * 16;
		n[i] = 2 * i;
		s[2 * i] = (char)('a' + i % 26);
		s[2 * i + 1] = '\0';
	}
	a[1000] = addr;
	const struct ksym_table t = {1000, a, n, s};
	for (int i = 0; i < 1000; i++) {
		uint64_t last = a[i + 1] - 1;
		assert_ptr_equal(lookup(&t, a[i], 0), s + 2 * i);
		assert_ptr_equal(lookup(&t, last, last - a[i]), s + 2 * i);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_first_symbol),
	    cmocka_unit_test(test_inside_symbols),
	    cmocka_unit_test(test_exact_boundaries),
	    cmocka_unit_test(test_before_first),
	    cmocka_unit_test(test_at_and_after_end),
	    cmocka_unit_test(test_single_symbol),
	    cmocka_unit_test(test_empty_table),
	    cmocka_unit_test(test_many_symbols),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
