/*
 * Host unit tests for Cairn's printf family (lib/libc/vcbprintf.c,
 * snprintf.c, printf.c).  Integer, character, string and pointer
 * conversions are compared with the host C library's vsnprintf over every
 * combination of flags, widths, precisions and length modifiers; the
 * places where Cairn differs on purpose (%n, floating point, unknown
 * conversions, NULL) are checked against literals.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <cmocka.h>

#include "libc/include/cairn_libc.h"
#include "libc/include/errno.h"
#include "libc/include/stdio.h"
#include "libc/include/stdlib.h"
#include "libc/include/string.h"
#include "hooks.h"
#include "host_ref.h"

static int compared;

static int
setup(void **state)
{
	(void)state;
	hook_out_reset();
	return 0;
}

/*
 * Format with Cairn's vsnprintf and the host's into buffers of size
 * bytes; fail, naming the format, if the text or the length differ.
 */
static void
compare_va(size_t size, const char *fmt, va_list ap)
{
	char want[512];
	char got[512];
	va_list ap2;

	assert_true(size <= sizeof(got));
	va_copy(ap2, ap);
	int wn = ref_vsnprintf(want, size, fmt, ap);
	int gn = vsnprintf(got, size, fmt, ap2);
	va_end(ap2);
	if (wn != gn || (size > 0 && strcmp(want, got) != 0)) {
		fail_msg("format \"%s\": host \"%s\" (%d), cairn \"%s\" (%d)",
			 fmt, want, wn, got, gn);
	}
	compared++;
}

/* No format attribute: the formats here are built at run time. */
static void
compare(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	compare_va(512, fmt, ap);
	va_end(ap);
}

static void
compare_cut(size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	compare_va(size, fmt, ap);
	va_end(ap);
}

/* Cairn's vsnprintf into a 512-byte buffer, without format checks. */
static const char *
cairn(const char *fmt, ...)
{
	static char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return buf;
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
 * Format v with fmt, whose last directive has length modifier len and
 * conversion conv, passing v as the type they name.
 */
static void
compare_integer(const char *fmt, const char *len, char conv, int64_t v)
{
	int sgn = conv == 'd' || conv == 'i';

	if (strcmp(len, "l") == 0) {
		sgn ? compare(fmt, (long)v) : compare(fmt, (unsigned long)v);
	} else if (strcmp(len, "ll") == 0) {
		sgn ? compare(fmt, (long long)v)
		    : compare(fmt, (unsigned long long)v);
	} else if (strcmp(len, "j") == 0) {
		sgn ? compare(fmt, (intmax_t)v) : compare(fmt, (uintmax_t)v);
	} else if (strcmp(len, "z") == 0 || strcmp(len, "t") == 0) {
		sgn ? compare(fmt, (ptrdiff_t)v) : compare(fmt, (size_t)v);
	} else {
		/* int, and what hh and h cut down, pass as int. */
		sgn ? compare(fmt, (int)v) : compare(fmt, (unsigned)v);
	}
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
	char fmt[64];

	(void)state;
	compared = 0;
	for (int flags = 0; flags < 32; flags++) {
		char fl[6];
		size_t k = 0;
		for (int b = 0; b < 5; b++) {
			if (flags & (1 << b)) {
				fl[k++] = "-+ #0"[b];
			}
		}
		fl[k] = '\0';
		for (size_t w = 0; w < 4; w++) {
			for (size_t p = 0; p < 6; p++) {
				for (size_t l = 0; l < 8; l++) {
					for (size_t c = 0; c < 6; c++) {
						snprintf(fmt, sizeof(fmt),
							 "[%%%s%s%s%s%c]", fl,
							 widths[w], precs[p],
							 lens[l], convs[c]);
						for (size_t v = 0;
						     v < sizeof(values) /
							     sizeof(values[0]);
						     v++) {
							compare_integer(
							    fmt, lens[l],
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

static void
test_star_width_and_precision(void **state)
{
	static const int stars[] = {-30, -5, -1, 0, 1, 5, 30};

	(void)state;
	for (size_t i = 0; i < 7; i++) {
		for (size_t j = 0; j < 7; j++) {
			int w = stars[i];
			int p = stars[j];
			compare("[%*d]", w, -42);
			compare("[%*.*d]", w, p, -42);
			compare("[%-*.*x]", w, p, 0xbeefu);
			compare("[%0*.*u]", w, p, 7u);
			compare("[%0*d]", w, -42);
			compare("[%.*d]", p, 0);
			compare("[%#.*o]", p, 0u);
			compare("[%*.*s]", w, p, "abcdef");
			compare("[%*c]", w, 'q');
			compare("[%+*.*lld]", w, p, (long long)INT64_MIN);
		}
	}
	/* Digits after a '*' width are not part of it. */
	assert_string_equal(cairn("[%*.3d]", 6, 5), "[   005]");
}

static void
test_strings_and_chars(void **state)
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
			compare(specs[j], strs[i]);
		}
	}
	for (size_t j = 0; j < sizeof(cspecs) / sizeof(cspecs[0]); j++) {
		compare(cspecs[j], 'x');
		compare(cspecs[j], 0xe9);
		compare(cspecs[j], 0x141);
	}
	/* A NUL character is output and counted. */
	char buf[8];
	assert_int_equal(snprintf(buf, sizeof(buf), "a%cb", 0), 3);
	assert_memory_equal(buf, "a\0b", 4);
	compare("%s and %s, %c%c%c", "this", "that", 'x', 'y', 'z');
}

static void
test_pointers(void **state)
{
	int x;
	void *ptrs[] = {&x, (void *)1, (void *)0xffffffffffffffffull,
			(void *)0xdeadbeef};

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		compare("%p", ptrs[i]);
		compare("[%20p]", ptrs[i]);
		compare("[%-20p]", ptrs[i]);
		compare("[%2p]", ptrs[i]);
	}
	/* The host prints "(nil)"; Cairn keeps the number. */
	assert_string_equal(cairn("%p", (void *)NULL), "0x0");
	assert_string_equal(cairn("[%5p]", (void *)NULL), "[  0x0]");
	assert_string_equal(cairn("%p", (void *)0xab), "0xab");
}

static void
test_percent_and_plain_text(void **state)
{
	(void)state;
	compare("");
	compare("plain text, no directives");
	compare("%%");
	compare("100%% sure %d%%", 5);
	compare("%d%d%d", 1, 2, 3);
	compare("%5d|%-5d|%05d", 1, 2, 3);
	compare("a\tb\nc");
}

/* Where Cairn differs from C on purpose (stdio.h says why). */
static void
test_cairn_specific(void **state)
{
	int n = 77;
	char buf[64];

	(void)state;
	/* %n writes nothing, prints nothing, but uses up its argument. */
	assert_int_equal(snprintf(buf, sizeof(buf), "ab%ncd%d", &n, 5), 5);
	assert_string_equal(buf, "abcd5");
	assert_int_equal(n, 77);
	assert_string_equal(cairn("%hhn%lln|%d", &n, &n, 9), "|9");
	assert_int_equal(n, 77);

	/* Floating point: a marker, and no argument used. */
	assert_string_equal(cairn("x%fy", 1), "x%?fy");
	assert_string_equal(cairn("%f %d", 5), "%?f 5");
	assert_string_equal(cairn("%F%e%E%g%G%a%A"), "%?F%?e%?E%?g%?G%?a%?A");
	assert_string_equal(cairn("[%-8.3Lf]|%d", 4), "[%?f]|4");
	/* Unknown conversions and a lone '%' at the end. */
	assert_string_equal(cairn("%y|%d", 3), "%?y|3");
	assert_string_equal(cairn("end%"), "end%?");
	assert_string_equal(cairn("end%-5"), "end%?");
	/* Wide characters and strings: a marker, argument used. */
	assert_string_equal(cairn("%lc|%ls|%d", 'a', (void *)buf, 6),
			    "%?c|%?s|6");
	/* NULL strings. */
	assert_string_equal(cairn("%s", (char *)NULL), "(null)");
	assert_string_equal(cairn("[%8s]", (char *)NULL), "[  (null)]");
	assert_string_equal(cairn("[%.3s]", (char *)NULL), "[(nu]");
}

static void
test_truncation(void **state)
{
	static const char *const fmts[] = {"%d-%s-%x", "%-12d|", "%+.5d"};
	char buf[32];

	(void)state;
	for (size_t f = 0; f < 3; f++) {
		for (size_t n = 0; n <= 26; n++) {
			compare_cut(n, fmts[f], -12345, "cairn", 0xbeefu);
		}
	}
	/* Bytes past n are left alone; n = 0 writes nothing at all. */
	memset(buf, '~', sizeof(buf));
	assert_int_equal(snprintf(buf, 4, "%s", "abcdef"), 6);
	assert_memory_equal(buf, "abc\0~~~", 7);
	memset(buf, '~', sizeof(buf));
	assert_int_equal(snprintf(buf, 0, "%s", "abcdef"), 6);
	assert_int_equal(buf[0], '~');
	assert_int_equal(snprintf(NULL, 0, "%d", 123456), 6);
	assert_int_equal(snprintf(buf, 1, "%d", 1), 1);
	assert_int_equal(buf[0], '\0');
}

static void
test_sprintf(void **state)
{
	char buf[64];

	(void)state;
	memset(buf, '~', sizeof(buf));
	assert_int_equal(sprintf(buf, "%s=%05d", "x", -42), 7);
	assert_string_equal(buf, "x=-0042");
	assert_int_equal(buf[8], '~');
	assert_int_equal(sprintf(buf, "%s", ""), 0);
	assert_string_equal(buf, "");
}

struct pieces {
	char text[256];
	size_t len;
	int calls;
};

static void
collect(void *arg, const char *s, size_t n)
{
	struct pieces *p = arg;

	assert_true(n > 0);
	assert_true(p->len + n < sizeof(p->text));
	memcpy(p->text + p->len, s, n);
	p->len += n;
	p->text[p->len] = '\0';
	p->calls++;
}

static int
cb(struct pieces *p, const char *fmt, ...)
{
	va_list ap;

	memset(p, 0, sizeof(*p));
	va_start(ap, fmt);
	int n = vcbprintf(collect, p, fmt, ap);
	va_end(ap);
	return n;
}

static void
count_only(void *arg, const char *s, size_t n)
{
	(void)s;
	*(size_t *)arg += n;
}

static int
cb_count(size_t *total, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vcbprintf(count_only, total, fmt, ap);
	va_end(ap);
	return n;
}

static void
test_vcbprintf(void **state)
{
	struct pieces p;

	(void)state;
	assert_int_equal(cb(&p, "%s, %d%c", "hi", 42, '!'), 7);
	assert_string_equal(p.text, "hi, 42!");
	/* Literal text goes out in runs, not a character at a time. */
	assert_int_equal(cb(&p, "a long literal run"), 18);
	assert_int_equal(p.calls, 1);
	assert_int_equal(cb(&p, ""), 0);
	assert_int_equal(p.calls, 0);
	assert_int_equal(cb(&p, "%100d", 1), 100);
	assert_true(p.calls < 20);

	/* More than INT_MAX characters: -1 and ERANGE. */
	size_t total = 0;
	errno = 0;
	assert_int_equal(cb_count(&total, "%*d%*d", INT_MAX, 1, 2, 2), -1);
	assert_int_equal(errno, ERANGE);
	assert_true(total == (size_t)INT_MAX + 2);
	/* A width too large to parse saturates rather than wraps. */
	total = 0;
	assert_int_equal(cb_count(&total, "%99999999999d", 1), INT_MAX);
}

static void
test_printf_output(void **state)
{
	(void)state;
	assert_int_equal(printf("hello %s %d\n", "cairn", 5), 14);
	assert_string_equal(hook_out, "hello cairn 5\n");
	/* No newline: still written by the end of the call. */
	hook_out_reset();
	assert_int_equal(printf("%s", "partial"), 7);
	assert_string_equal(hook_out, "partial");
	/* Longer than the buffer. */
	hook_out_reset();
	assert_int_equal(printf("%600d|", 7), 601);
	assert_int_equal(hook_out_len, 601);
	assert_string_equal(hook_out + 595, "    7|");
	hook_out_reset();
	assert_int_equal(puts("line"), 0);
	assert_string_equal(hook_out, "line\n");
}

static int
call_vprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

/* putchar buffers until a newline; printf, puts and exit flush. */
static void
test_putchar_buffering(void **state)
{
	jmp_buf env;

	(void)state;
	assert_int_equal(putchar('a'), 'a');
	assert_int_equal(putchar(0x1e9), 0xe9);
	assert_int_equal(hook_out_len, 0);
	putchar('\n');
	assert_string_equal(hook_out, "a\xe9\n");
	hook_out_reset();
	putchar('b');
	assert_int_equal(call_vprintf("%d", 1), 1);
	assert_string_equal(hook_out, "b1");
	hook_out_reset();
	putchar('c');
	hook_exit_jmp = &env;
	if (setjmp(env) == 0) {
		exit(3);
	}
	hook_exit_jmp = NULL;
	assert_int_equal(hook_exit_status, 3);
	assert_string_equal(hook_out, "c");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_integers_against_host),
	    cmocka_unit_test(test_star_width_and_precision),
	    cmocka_unit_test(test_strings_and_chars),
	    cmocka_unit_test(test_pointers),
	    cmocka_unit_test(test_percent_and_plain_text),
	    cmocka_unit_test(test_cairn_specific),
	    cmocka_unit_test(test_truncation),
	    cmocka_unit_test(test_sprintf),
	    cmocka_unit_test(test_vcbprintf),
	    cmocka_unit_test_setup(test_printf_output, setup),
	    cmocka_unit_test_setup(test_putchar_buffering, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
