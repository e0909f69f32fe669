/*
 * Host unit tests for lib/fmt.c, the one printf engine (the kernel's, and
 * the libc's, whose wrappers tests/unit/libc/test_libc_printf.c tests).
 * Integer, character, string and pointer conversions are compared with
 * the host C library's vsnprintf, singly and over every combination of
 * flags, widths, precisions and length modifiers; the places where fmt
 * differs on purpose (%n, floating point, unknown conversions, NULL) are
 * checked against literals.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fmt.h"

/* How many formats check_va has compared. */
static int compared;

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
	compared++;
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

/* check_host_cut without the compiler's format checks. */
static void
check_va_args(size_t size, const char *f, ...)
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

/* The engine into a 512-byte buffer, without format checks. */
static const char *
fmt(const char *f, ...)
{
	static char buf[512];
	va_list ap;

	va_start(ap, f);
	fmt_vsnprintf(buf, sizeof(buf), f, ap);
	va_end(ap);
	return buf;
}

/* Where fmt differs from C on purpose (fmt.h says why). */
static void
test_differs_from_c(void **state)
{
	int n = 77;
	char buf[64];

	(void)state;
	/* %n writes nothing, prints nothing, but uses up its argument. */
	assert_int_equal(raw_snprintf(buf, sizeof(buf), "ab%ncd%d", &n, 5), 5);
	assert_string_equal(buf, "abcd5");
	assert_int_equal(n, 77);
	assert_string_equal(fmt("%hhn%lln|%d", &n, &n, 9), "|9");
	assert_int_equal(n, 77);

	/* Floating point: a marker, and no argument used. */
	assert_string_equal(fmt("x%fy", 1), "x%?fy");
	assert_string_equal(fmt("%f %d", 5), "%?f 5");
	assert_string_equal(fmt("%F%e%E%g%G%a%A"), "%?F%?e%?E%?g%?G%?a%?A");
	assert_string_equal(fmt("[%-8.3Lf]|%d", 4), "[%?f]|4");
	/* Unknown conversions and a lone '%' at the end, not read past. */
	assert_int_equal(raw_snprintf(buf, sizeof(buf), "a%yb"), 5);
	assert_string_equal(buf, "a%?yb");
	assert_string_equal(fmt("%y|%d", 3), "%?y|3");
	assert_string_equal(fmt("end%"), "end%?");
	assert_string_equal(fmt("end%-5"), "end%?");
	/* Wide characters and strings: a marker, argument used. */
	assert_string_equal(fmt("%lc|%ls|%d", 'a', (void *)buf, 6),
			    "%?c|%?s|6");
	/* Flags on "%%" change nothing. */
	assert_string_equal(fmt("[%-5%]"), "[%]");
}

static const int64_t values[] = {
    0,
    1,
    -1,
    7,
    -7,
    42,
    127,
    128,
    -128,
    255,
    256,
    32767,
    -32768,
    65535,
    INT_MAX,
    INT_MIN,
    UINT_MAX,
    (int64_t)UINT_MAX + 1,
    0x123456789abcdefLL,
    INT64_MAX,
    INT64_MIN,
};

/*
 * Compare fmt with the host for f, whose last directive has length
 * modifier len and conversion conv, passing v as the type they name.
 */
static void
check_integer(const char *f, const char *len, char conv, int64_t v)
{
	int sgn = conv == 'd' || conv == 'i';

	if (strcmp(len, "l") == 0) {
		sgn ? check_host_unchecked(f, (long)v)
		    : check_host_unchecked(f, (unsigned long)v);
	} else if (strcmp(len, "ll") == 0) {
		sgn ? check_host_unchecked(f, (long long)v)
		    : check_host_unchecked(f, (unsigned long long)v);
	} else if (strcmp(len, "j") == 0) {
		sgn ? check_host_unchecked(f, (intmax_t)v)
		    : check_host_unchecked(f, (uintmax_t)v);
	} else if (strcmp(len, "z") == 0 || strcmp(len, "t") == 0) {
		sgn ? check_host_unchecked(f, (ptrdiff_t)v)
		    : check_host_unchecked(f, (size_t)v);
	} else {
		/* int, and what hh and h cut down, pass as int. */
		sgn ? check_host_unchecked(f, (int)v)
		    : check_host_unchecked(f, (unsigned)v);
	}
}

/* Build "[%" flags width prec len conv "]" from the flag set's bits. */
static void
integer_format(char *f, size_t size, int flags, const char *width,
	       const char *prec, const char *len, char conv)
{
	char fl[6];
	size_t k = 0;

	for (int b = 0; b < 5; b++) {
		if (flags & (1 << b)) {
			fl[k++] = "-+ #0"[b];
		}
	}
	fl[k] = '\0';
	snprintf(f, size, "[%%%s%s%s%s%c]", fl, width, prec, len, conv);
}

/* Every flag set, width, precision, length and conversion. */
static void
test_integers_against_host(void **state)
{
	static const char *const widths[] = {"", "1", "7", "22"};
	static const char *const precs[] = {"", ".", ".0", ".1", ".4", ".23"};
	static const char *const lens[] = {"",	 "hh", "h", "l",
					   "ll", "j",  "z", "t"};
	static const char convs[] = "diuoxX";
	const size_t nvalues = sizeof(values) / sizeof(values[0]);
	char f[64];

	(void)state;
	compared = 0;
	for (int flags = 0; flags < 32; flags++) {
		for (size_t w = 0; w < 4; w++) {
			for (size_t p = 0; p < 6; p++) {
				for (size_t l = 0; l < 8; l++) {
					for (size_t c = 0; c < 6; c++) {
						integer_format(
						    f, sizeof(f), flags,
						    widths[w], precs[p],
						    lens[l], convs[c]);
						for (size_t v = 0; v < nvalues;
						     v++) {
							check_integer(
							    f, lens[l],
							    convs[c],
							    values[v]);
						}
					}
				}
			}
		}
	}
	assert_true(compared > 700000);
}

/* Every pairing of '*' width and precision, negative ones included. */
static void
test_star_combinations(void **state)
{
	static const int stars[] = {-30, -5, -1, 0, 1, 5, 30};

	(void)state;
	for (size_t i = 0; i < 7; i++) {
		for (size_t j = 0; j < 7; j++) {
			int w = stars[i];
			int p = stars[j];
			check_host("[%*d]", w, -42);
			check_host("[%*.*d]", w, p, -42);
			check_host("[%-*.*x]", w, p, 0xbeefu);
			check_host_unchecked("[%0*.*u]", w, p, 7u);
			check_host("[%0*d]", w, -42);
			check_host("[%.*d]", p, 0);
			check_host("[%#.*o]", p, 0u);
			check_host("[%*.*s]", w, p, "abcdef");
			check_host("[%*c]", w, 'q');
			check_host("[%+*.*lld]", w, p, (long long)INT64_MIN);
		}
	}
	/* Digits after a '*' width are not part of it. */
	assert_string_equal(fmt("[%*.3d]", 6, 5), "[   005]");
}

static void
test_string_combinations(void **state)
{
	static const char *const strs[] = {"", "a", "cairn", "a longer one!"};
	static const char *const specs[] = {
	    "%s",    "%-s",   "%10s",	 "%-10s", "%.0s", "%.3s",
	    "%.20s", "%8.2s", "%-8.2s",	 "%2s",	  "%-1s", "%20.10s",
	    "%.s",   "%1.1s", "%-20.3s", "%13s|", "|%s%%"};
	static const char *const cspecs[] = {"%c", "%5c", "%-5c", "%1c",
					     "%-1c"};

	(void)state;
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		for (size_t j = 0; j < sizeof(specs) / sizeof(specs[0]); j++) {
			check_host_unchecked(specs[j], strs[i]);
		}
	}
	for (size_t j = 0; j < sizeof(cspecs) / sizeof(cspecs[0]); j++) {
		check_host_unchecked(cspecs[j], 'x');
		check_host_unchecked(cspecs[j], 0xe9);
		check_host_unchecked(cspecs[j], 0x141);
	}
}

/* Cut at every length, the return value always the full length. */
static void
test_cut_everywhere(void **state)
{
	static const char *const fmts[] = {"%d-%s-%x", "%-12d|", "%+.5d"};

	(void)state;
	for (size_t f = 0; f < 3; f++) {
		for (size_t n = 1; n <= 26; n++) {
			check_va_args(n, fmts[f], -12345, "cairn", 0xbeefu);
		}
	}
}

struct pieces {
	char text[256];
	size_t len;
	int calls;
};

static void
collect_pieces(void *ctx, const char *s, size_t n)
{
	struct pieces *p = ctx;

	assert_true(n > 0);
	assert_true(p->len + n < sizeof(p->text));
	memcpy(p->text + p->len, s, n);
	p->len += n;
	p->text[p->len] = '\0';
	p->calls++;
}

static size_t
print_pieces(struct pieces *p, const char *f, ...)
{
	va_list ap;

	memset(p, 0, sizeof(*p));
	va_start(ap, f);
	size_t n = fmt_vprint(collect_pieces, p, f, ap);
	va_end(ap);
	return n;
}

static void
count_only(void *ctx, const char *s, size_t n)
{
	(void)s;
	*(size_t *)ctx += n;
}

static size_t
print_count(size_t *total, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	size_t n = fmt_vprint(count_only, total, f, ap);
	va_end(ap);
	return n;
}

static void
test_vprint_pieces(void **state)
{
	struct pieces p;
	size_t total = 0;
	char buf[4];

	(void)state;
	assert_int_equal(print_pieces(&p, "%s, %d%c", "hi", 42, '!'), 7);
	assert_string_equal(p.text, "hi, 42!");
	/* Literal text goes out in runs, not a character at a time. */
	assert_int_equal(print_pieces(&p, "a long literal run"), 18);
	assert_int_equal(p.calls, 1);
	assert_int_equal(print_pieces(&p, ""), 0);
	assert_int_equal(p.calls, 0);
	assert_int_equal(print_pieces(&p, "%100d", 1), 100);
	assert_true(p.calls < 20);

	/* More than INT_MAX characters: counted in full... */
	assert_true(print_count(&total, "%*d%*d", INT_MAX, 1, 2, 2) ==
		    (size_t)INT_MAX + 2);
	assert_true(total == (size_t)INT_MAX + 2);
	/* ...and -1 from the functions that return an int. */
	assert_int_equal(
	    raw_snprintf(buf, sizeof(buf), "%*d%*d", INT_MAX, 1, 2, 2), -1);
	assert_string_equal(buf, "   ");
	/* A width too large to parse saturates rather than wraps. */
	total = 0;
	assert_true(print_count(&total, "%99999999999d", 1) == INT_MAX);
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
	    cmocka_unit_test(test_differs_from_c),
	    cmocka_unit_test(test_integers_against_host),
	    cmocka_unit_test(test_star_combinations),
	    cmocka_unit_test(test_string_combinations),
	    cmocka_unit_test(test_cut_everywhere),
	    cmocka_unit_test(test_vprint_pieces),
	    cmocka_unit_test(test_truncation),
	    cmocka_unit_test(test_size_zero_writes_nothing),
	    cmocka_unit_test(test_return_matches_host_when_cut),
	    cmocka_unit_test(test_vformat_sink),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
