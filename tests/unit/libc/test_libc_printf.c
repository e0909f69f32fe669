/*
 * Host unit tests for the libc's printf family (lib/libc/snprintf.c,
 * printf.c): the wrappers around the one engine, lib/fmt.c, whose
 * conversions tests/unit/test_fmt.c checks in full.  Here: that each
 * wrapper reaches the engine, cuts, counts and sets errno as C says, and
 * that standard output is buffered and flushed as stdio.h says.
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

/* The wrappers pass the engine's output through unchanged. */
static void
test_engine_reached(void **state)
{
	char buf[8];

	(void)state;
	compare("[%-+8.3lld|%#x|%s|%5c|%p]", -7LL, 0xabu, "str", 'c',
		(void *)buf);
	assert_string_equal(cairn("%y|%f|%d", 3), "%?y|%?f|3");
	assert_string_equal(cairn("%p", (void *)NULL), "0x0");
	/* A NUL character is output and counted. */
	assert_int_equal(snprintf(buf, sizeof(buf), "a%cb", 0), 3);
	assert_memory_equal(buf, "a\0b", 4);
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
	    cmocka_unit_test(test_percent_and_plain_text),
	    cmocka_unit_test(test_engine_reached),
	    cmocka_unit_test(test_truncation),
	    cmocka_unit_test(test_sprintf),
	    cmocka_unit_test(test_vcbprintf),
	    cmocka_unit_test_setup(test_printf_output, setup),
	    cmocka_unit_test_setup(test_putchar_buffering, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
