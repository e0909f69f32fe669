/*
 * Host unit tests for lib/fmt.c, the printf engine.  Most cases are checked
 * against the host C library's snprintf; the few places where fmt differs on
 * purpose (%p of NULL, an unknown conversion) are checked against literals.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fmt.h"

/*
 * Format f with both the host's vsnprintf and fmt_vsnprintf into buffers of
 * size bytes (at most 256); fail the current test, naming the format, if
 * the text or the returned length differ.
 */
static void
check_va(size_t size, const char *f, va_list ap)
{
	char want[256];
	char got[256];
	va_list ap2;

	va_copy(ap2, ap);
	int wn = vsnprintf(want, size, f, ap);
	int gn = fmt_vsnprintf(got, size, f, ap2);
	va_end(ap2);
	if (wn != gn || strcmp(want, got) != 0) {
		print_error(
		    "format \"%s\": host \"%s\" (%d), fmt \"%s\" (%d)\n", f,
		    want, wn, got, gn);
		fail();
	}
}

/* Compare fmt with the host for f; the compiler checks the arguments. */
static void check_host(const char *f, ...)
    __attribute__((format(printf, 1, 2)));

static void
check_host(const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	check_va(256, f, ap);
	va_end(ap);
}

/*
 * The same, without the compiler's format checks, for two kinds of case it
 * warns about though C defines them: flags that another flag overrides
 * ("%-05d", "%08.3d", "% +d"), and an int given to "hh" or "h" to show the
 * conversion cutting it to char or short ("%hhd" of 200).  Callers pass
 * exactly the promoted argument types.
 */
static void
check_host_unchecked(const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	check_va(256, f, ap);
	va_end(ap);
}

/* The same, into a buffer of only size bytes, to compare cut output. */
static void
check_host_cut(size_t size, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	check_va(size, f, ap);
	va_end(ap);
}

/*
 * The same as fmt_snprintf, but without the format attribute, so tests can
 * pass formats the compiler would rightly warn about.
 */
static int
raw_snprintf(char *buf, size_t size, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	int n = fmt_vsnprintf(buf, size, f, ap);
	va_end(ap);
	return n;
}

static void
test_signed_decimal(void **state)
{
	(void)state;
	check_host("%d", 0);
	check_host("%d", 42);
	check_host("%d", -42);
	check_host("%i", 12345);
	check_host("%i", -7);
	check_host("%d", INT32_MAX);
	check_host("%d", INT32_MIN);
	check_host("%+d", 5);
	check_host("%+d", -5);
	check_host("% d", 5);
	check_host_unchecked("% +d", 5);
	check_host("%lld", (long long)INT64_MAX);
	check_host("%lld", (long long)INT64_MIN);
	check_host("%ld", (long)INT64_MIN);
	check_host("%20lld", (long long)INT64_MIN);
	check_host("%-24lld|", (long long)INT64_MIN);
	check_host("%025lld", (long long)INT64_MIN);
}

static void
test_unsigned_conversions(void **state)
{
	(void)state;
	check_host("%u", 0u);
	check_host("%u", 4000000000u);
	check_host("%x", 0xdeadbeefu);
	check_host("%X", 0xdeadbeefu);
	check_host("%o", 8u);
	check_host("%o", 0u);
	check_host("%llu", (unsigned long long)UINT64_MAX);
	check_host("%llx", (unsigned long long)UINT64_MAX);
	check_host("%llo", (unsigned long long)UINT64_MAX);
	check_host("%lX", 0xabcdef0123456789ul);
	check_host_unchecked("%+u", 7u);
	check_host_unchecked("% u", 7u);
}

static void
test_width_and_flags(void **state)
{
	(void)state;
	check_host("[%5d]", 42);
	check_host("[%-5d]", 42);
	check_host("[%05d]", 42);
	check_host("[%05d]", -42);
	check_host_unchecked("[%-05d]", -42);
	check_host("[%+05d]", 42);
	check_host("[%1d]", 12345);
	check_host("[%08x]", 0xbeefu);
	check_host("[%-8x]", 0xbeefu);
	check_host("[%8X]", 0xbeefu);
	check_host("[%6o]", 64u);
	check_host("[%06u]", 17u);
	check_host("[%10s]", "abc");
	check_host("[%-10s]", "abc");
	check_host("[%2s]", "abcdef");
	check_host("[%5c]", 'z');
	check_host("[%-5c]", 'z');
}

static void
test_precision(void **state)
{
	(void)state;
	check_host("[%.3d]", 7);
	check_host("[%.3d]", -7);
	check_host("[%+.3d]", 7);
	check_host("[%8.3d]", -7);
	check_host("[%-8.3d]", 7);
	check_host_unchecked("[%08.3d]", 7);
	check_host("[%.0d]", 0);
	check_host("[%5.0d]", 0);
	check_host("[%+.0d]", 0);
	check_host("[%.0x]", 0u);
	check_host("[%.0u]", 0u);
	check_host("[%.1d]", 0);
	check_host("[%.8x]", 0x1fu);
	check_host("[%.20llu]", 123ull);
	check_host("[%.3s]", "abcdef");
	check_host("[%.10s]", "abc");
	check_host("[%.0s]", "abc");
	check_host("[%8.2s]", "abcdef");
	check_host("[%-8.2s]", "abcdef");
	check_host("[%.d]", 0);
	check_host("[%.d]", 3);
}

static void
test_star_width_and_precision(void **state)
{
	(void)state;
	check_host("[%*d]", 6, 42);
	check_host("[%*d]", -6, 42);
	check_host("[%-*d]", 6, 42);
	check_host("[%0*d]", 6, -42);
	check_host("[%.*d]", 4, 42);
	check_host("[%.*d]", -1, 42);
	check_host("[%.*d]", 0, 0);
	check_host("[%*.*d]", 8, 4, -42);
	check_host("[%*.*s]", 7, 2, "abcdef");
	check_host("[%.*s]", -3, "abcdef");
	check_host("[%*s]", -7, "ab");
	check_host("[%*c]", 3, 'q');
}

static void
test_length_modifiers(void **state)
{
	(void)state;
	check_host("%hhd", (signed char)-56);
	check_host_unchecked("%hhd", 200);
	check_host_unchecked("%hhu", 261);
	check_host_unchecked("%hhx", -1);
	check_host_unchecked("%hhi", 127);
	check_host_unchecked("%hd", 40000);
	check_host("%hd", (short)-2);
	check_host_unchecked("%hu", 70000);
	check_host_unchecked("%hx", 0x12345678);
	check_host("%ld", -1234567890123L);
	check_host("%lu", 18446744073709551615ul);
	check_host("%lx", 0x123456789abul);
	check_host("%lld", -1LL);
	check_host("%llu", 1ull << 63);
	check_host("%zu", (size_t)-1);
	check_host("%zx", (size_t)0xfeedfacecafe);
	check_host("%zd", (ptrdiff_t)-3);
	check_host("%td", (ptrdiff_t)-123456789012);
	check_host("%jd", (intmax_t)INT64_MIN);
	check_host("%ju", (uintmax_t)UINT64_MAX);
}

static void
test_alternate_form(void **state)
{
	(void)state;
	check_host("%#x", 0x1fu);
	check_host("%#X", 0x1fu);
	check_host("%#x", 0u);
	check_host("%#X", 0u);
	check_host("[%#10x]", 0xabu);
	check_host("[%#-10x]", 0xabu);
	check_host("[%#010x]", 0xabu);
	check_host("[%#.5x]", 0xabu);
	check_host("[%#.0x]", 0u);
	check_host("%#llx", 0xffffffffffffffffull);
	check_host("%#o", 8u);
	check_host("[%#6o]", 8u);
	check_host("[%#.0o]", 0u);
}

/*
 * Regression test for a bug, now fixed (lib/fmt.c, convert(), case 'o', lines
 * 233-235): the '#' flag always prepends "0", even when the first digit is
 * already a zero.  C says '#' raises the precision just enough to make the
 * first digit 0, so
 * "%#o" of 0 is "0" (fmt gives "00") and "%#.3o" of 8 is "010" (fmt gives
 * "0010").
 */
static void
test_regression_alt_octal_double_zero(void **state)
{
	(void)state;
	check_host("%#o", 0u);
	check_host("[%#.3o]", 8u);
	check_host("[%#5.4o]", 8u);
}

static void
test_strings_and_chars(void **state)
{
	(void)state;
	check_host("%s", "");
	check_host("%s", "hello, world");
	check_host("%s=%s", "key", "value");
	check_host("%c", 'A');
	check_host("%c%c%c", 'a', 'b', 'c');
	check_host("100%%");
	check_host("%%d");
	check_host("no directives at all");
	check_host("%d%s%x%c%%", 1, "two", 3u, '4');
}

static void
test_null_string(void **state)
{
	char buf[32];
	const char *null = NULL;

	(void)state;
	assert_int_equal(raw_snprintf(buf, sizeof(buf), "%s", null), 6);
	assert_string_equal(buf, "(null)");
	raw_snprintf(buf, sizeof(buf), "[%8s]", null);
	assert_string_equal(buf, "[  (null)]");
	raw_snprintf(buf, sizeof(buf), "[%.3s]", null);
	assert_string_equal(buf, "[(nu]");
}

static void
test_pointer(void **state)
{
	char buf[64];
	char want[64];
	int x;
	void *p = &x;

	(void)state;
	check_host("%p", p);
	check_host("[%24p]", p);
	check_host("[%-24p]", p);
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "%p", (void *)0x1000),
			 6);
	assert_string_equal(buf, "0x1000");
	fmt_snprintf(buf, sizeof(buf), "%p", (void *)~(uintptr_t)0);
	assert_string_equal(buf, "0xffffffffffffffff");
	/* fmt writes NULL as a number, where glibc writes "(nil)". */
	fmt_snprintf(buf, sizeof(buf), "%p", (void *)NULL);
	assert_string_equal(buf, "0x0");
	snprintf(want, sizeof(want), "%#lx", (unsigned long)(uintptr_t)p);
	fmt_snprintf(buf, sizeof(buf), "%p", p);
	assert_string_equal(buf, want);
}

static void
test_unknown_conversion(void **state)
{
	char buf[32];

	(void)state;
	/* An unknown conversion is printed as written, so it shows. */
	assert_int_equal(raw_snprintf(buf, sizeof(buf), "a%yb"), 4);
	assert_string_equal(buf, "a%yb");
	/* A lone '%' at the end of the format is printed, not read past. */
	assert_int_equal(raw_snprintf(buf, sizeof(buf), "50%"), 3);
	assert_string_equal(buf, "50%");
	/* The directive after an unknown one still gets its argument. */
	assert_int_equal(raw_snprintf(buf, sizeof(buf), "%q %d", 9), 4);
	assert_string_equal(buf, "%q 9");
}

static void
test_truncation(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "%s", "0123456789"),
			 10);
	assert_memory_equal(buf, "0123456\0", 8);

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(fmt_snprintf(buf, 4, "%d", -123456), 7);
	assert_memory_equal(buf, "-12\0XXXX", 8);

	/* Exactly fitting: size - 1 characters and the NUL. */
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(fmt_snprintf(buf, 8, "%07d", 1), 7);
	assert_string_equal(buf, "0000001");

	/* One byte holds only the NUL. */
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(fmt_snprintf(buf, 1, "%x", 0xabcu), 3);
	assert_memory_equal(buf, "\0XXXXXXX", 8);
}

static void
test_size_zero_writes_nothing(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(fmt_snprintf(buf, 0, "%s %d", "abc", 12345), 9);
	assert_memory_equal(buf, "XXXXXXXX", 8);
	/* With size 0 the buffer is never touched, so NULL is allowed. */
	assert_int_equal(fmt_snprintf(NULL, 0, "%20d", 1), 20);
}

static void
test_return_matches_host_when_cut(void **state)
{
	(void)state;
	check_host_cut(6, "[%-12s|%+08.3d]", "cut", -9);
	check_host_cut(1, "%lld", (long long)INT64_MIN);
	check_host_cut(3, "%#x", 0xabcu);
	check_host_cut(5, "%-*s|", 9, "left");
}

/* A sink that collects into a fixed buffer, for fmt_vformat. */
struct collect {
	char buf[64];
	int n;
};

static void
collect_sink(void *ctx, char c)
{
	struct collect *col = ctx;

	if (col->n < (int)sizeof(col->buf)) {
		col->buf[col->n] = c;
	}
	col->n++;
}

static int
format_to(struct collect *col, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	int n = fmt_vformat(collect_sink, col, f, ap);
	va_end(ap);
	return n;
}

static void
test_vformat_sink(void **state)
{
	struct collect col = {{0}, 0};

	(void)state;
	/* The count covers every character, embedded NULs included. */
	int n = format_to(&col, "a%cb%5d", '\0', -3);
	assert_int_equal(n, 8);
	assert_int_equal(col.n, 8);
	assert_memory_equal(col.buf, "a\0b   -3", 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_signed_decimal),
	    cmocka_unit_test(test_unsigned_conversions),
	    cmocka_unit_test(test_width_and_flags),
	    cmocka_unit_test(test_precision),
	    cmocka_unit_test(test_star_width_and_precision),
	    cmocka_unit_test(test_length_modifiers),
	    cmocka_unit_test(test_alternate_form),
	    cmocka_unit_test(test_regression_alt_octal_double_zero),
	    cmocka_unit_test(test_strings_and_chars),
	    cmocka_unit_test(test_null_string),
	    cmocka_unit_test(test_pointer),
	    cmocka_unit_test(test_unknown_conversion),
	    cmocka_unit_test(test_truncation),
	    cmocka_unit_test(test_size_zero_writes_nothing),
	    cmocka_unit_test(test_return_matches_host_when_cut),
	    cmocka_unit_test(test_vformat_sink),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
