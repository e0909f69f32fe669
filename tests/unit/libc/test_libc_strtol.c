/*
 * Host unit tests for Cairn's string-to-integer functions and abs
 * (lib/libc/strtol.c, abs.c): literal cases for each rule, then many
 * strings in every base compared with the host C library, value, end
 * pointer and ERANGE alike.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <cmocka.h>

#include "libc/include/errno.h"
#include "libc/include/stdio.h"
#include "libc/include/stdlib.h"
#include "libc/include/string.h"
#include "host_ref.h"
#include "test_rand.h"

/* strtol of s in base: check the value, where it stopped and errno. */
static void
check_long(const char *s, int base, long want, size_t used, int want_errno)
{
	char *end = (char *)"sentinel";

	errno = 0;
	long got = strtol(s, &end, base);
	if (got != want || end != s + used || errno != want_errno) {
		fail_msg("strtol(\"%s\", %d): %ld used %td errno %d; want %ld "
			 "used %zu errno %d",
			 s, base, got, end - s, errno, want, used, want_errno);
	}
}

static void
test_decimal(void **state)
{
	(void)state;
	check_long("0", 10, 0, 1, 0);
	check_long("42", 10, 42, 2, 0);
	check_long("-42", 10, -42, 3, 0);
	check_long("+42", 10, 42, 3, 0);
	check_long(" \t\n\v\f\r42x", 10, 42, 8, 0);
	check_long("0042", 10, 42, 4, 0);
	check_long("12abc", 10, 12, 2, 0);
	check_long("9223372036854775807", 10, LONG_MAX, 19, 0);
	check_long("-9223372036854775808", 10, LONG_MIN, 20, 0);
}

static void
test_overflow(void **state)
{
	(void)state;
	check_long("9223372036854775808", 10, LONG_MAX, 19, ERANGE);
	check_long("-9223372036854775809", 10, LONG_MIN, 20, ERANGE);
	/* All the digits are used, even past the overflow. */
	check_long("99999999999999999999999999x", 10, LONG_MAX, 26, ERANGE);
	check_long("-99999999999999999999999999", 10, LONG_MIN, 27, ERANGE);
	check_long("0x8000000000000000", 16, LONG_MAX, 18, ERANGE);
	check_long("-0x8000000000000000", 16, LONG_MIN, 19, 0);

	/* 2^63 in binary: one past LONG_MAX. */
	char two63[65];
	two63[0] = '1';
	memset(two63 + 1, '0', 63);
	two63[64] = '\0';
	check_long(two63, 2, LONG_MAX, 64, ERANGE);
}

static void
test_no_digits(void **state)
{
	(void)state;
	/* No number: 0, and the end pointer is the string itself. */
	check_long("", 10, 0, 0, 0);
	check_long("   ", 10, 0, 0, 0);
	check_long("x1", 10, 0, 0, 0);
	check_long("-", 10, 0, 0, 0);
	check_long("+ 1", 10, 0, 0, 0);
	check_long(" -x", 16, 0, 0, 0);
	check_long("--1", 10, 0, 0, 0);
	check_long("9", 8, 0, 0, 0);
	check_long("z", 35, 0, 0, 0);
	/* NULL end is allowed. */
	assert_int_equal(strtol("17", NULL, 10), 17);
}

static void
test_prefixes(void **state)
{
	(void)state;
	check_long("0x1f", 0, 31, 4, 0);
	check_long("0X1F", 0, 31, 4, 0);
	check_long("0x1f", 16, 31, 4, 0);
	check_long("1f", 16, 31, 2, 0);
	check_long("-0x10", 0, -16, 5, 0);
	check_long("017", 0, 15, 3, 0);
	check_long("018", 0, 1, 2, 0);
	check_long("0", 0, 0, 1, 0);
	check_long("10", 0, 10, 2, 0);
	/* "0x" with no hex digit after it is the number 0, then an 'x'. */
	check_long("0x", 0, 0, 1, 0);
	check_long("0xg", 16, 0, 1, 0);
	check_long("0x", 10, 0, 1, 0);
	check_long("0x1f", 10, 0, 1, 0);
	check_long("0x1f", 34, 0 * 34 * 34 * 34 + 33 * 34 * 34 + 1 * 34 + 15, 4,
		   0);
}

static void
test_bases(void **state)
{
	(void)state;
	check_long("101", 2, 5, 3, 0);
	check_long("1012", 2, 5, 3, 0);
	check_long("777", 8, 511, 3, 0);
	check_long("zz", 36, 35 * 36 + 35, 2, 0);
	check_long("ZZ", 36, 35 * 36 + 35, 2, 0);
	check_long("Yz", 35, 34, 1, 0);
	char ones[64];
	memset(ones, '1', 63);
	ones[63] = '\0';
	check_long(ones, 2, LONG_MAX, 63, 0);
}

static void
test_bad_base(void **state)
{
	const int bad[] = {1, 37, -1, 100, INT_MIN};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *s = "11";
		char *end = NULL;
		errno = 0;
		assert_int_equal(strtol(s, &end, bad[i]), 0);
		assert_int_equal(errno, EINVAL);
		assert_ptr_equal(end, s);
		errno = 0;
		assert_int_equal(strtoull(s, &end, bad[i]), 0);
		assert_int_equal(errno, EINVAL);
		errno = 0;
		assert_int_equal(strtoul(s, NULL, bad[i]), 0);
		assert_int_equal(errno, EINVAL);
		errno = 0;
		assert_int_equal(strtoll(s, NULL, bad[i]), 0);
		assert_int_equal(errno, EINVAL);
	}
}

static void
test_unsigned(void **state)
{
	char *end;

	(void)state;
	errno = 0;
	assert_true(strtoul("18446744073709551615", &end, 10) == ULONG_MAX);
	assert_int_equal(errno, 0);
	assert_true(strtoul("18446744073709551616", &end, 10) == ULONG_MAX);
	assert_int_equal(errno, ERANGE);
	assert_int_equal(*end, '\0');
	/* A minus sign negates in the unsigned type. */
	errno = 0;
	assert_true(strtoul("-1", &end, 10) == ULONG_MAX);
	assert_true(strtoull("-2", &end, 10) == ULLONG_MAX - 1);
	assert_int_equal(errno, 0);
	/* Too big for any sign: the largest value. */
	assert_true(strtoull("-18446744073709551616", &end, 10) == ULLONG_MAX);
	assert_int_equal(errno, ERANGE);
	errno = 0;
	assert_true(strtoull("0xffffffffffffffff", &end, 0) == ULLONG_MAX);
	assert_int_equal(errno, 0);
	assert_true(strtoll("-9223372036854775808", &end, 10) == LLONG_MIN);
	assert_true(strtoll("9223372036854775808", &end, 10) == LLONG_MAX);
	assert_int_equal(errno, ERANGE);
}

static void
test_atoi_and_abs(void **state)
{
	(void)state;
	assert_int_equal(atoi("  -123xyz"), -123);
	assert_int_equal(atoi("x"), 0);
	assert_int_equal(atoi("2147483647"), INT_MAX);
	assert_true(atol("-9223372036854775807") == -LONG_MAX);
	assert_int_equal(abs(-5), 5);
	assert_int_equal(abs(5), 5);
	assert_int_equal(abs(0), 0);
	assert_int_equal(abs(-INT_MAX), INT_MAX);
	assert_true(labs(LONG_MIN + 1) == LONG_MAX);
	assert_true(llabs(-7LL) == 7);
	assert_true(llabs(LLONG_MIN + 1) == LLONG_MAX);
}

/* A random string that looks more or less like a number. */
static void
random_number(uint64_t *seed, char *s, size_t size)
{
	static const char pieces[] = " \t+-0xX0123456789abcdefzZ";
	size_t n = 0;

	if (test_below(seed, 4) == 0) {
		s[n++] = ' ';
	}
	if (test_below(seed, 3) == 0) {
		s[n++] = "+-"[test_below(seed, 2)];
	}
	if (test_below(seed, 3) == 0) {
		s[n++] = '0';
		s[n++] = "xX"[test_below(seed, 2)];
	}
	size_t len = test_below(seed, size - n - 1);
	while (len-- > 0) {
		/* Mostly digits, sometimes anything from pieces. */
		if (test_below(seed, 8) == 0) {
			s[n++] = pieces[test_below(seed, sizeof(pieces) - 1)];
		} else {
			s[n++] =
			    "0123456789abcdefghijklmnopqrstuvwxyz"[test_below(
				seed, 36)];
		}
	}
	s[n] = '\0';
}

static void
test_against_host(void **state)
{
	uint64_t seed = 2024;
	char s[48];

	(void)state;
	for (int round = 0; round < 40000; round++) {
		random_number(&seed, s, sizeof(s));
		int base = (int)test_below(&seed, 37);
		base = base == 1 ? 0 : base;
		char *end, *rend;
		int erange;

		errno = 0;
		long l = strtol(s, &end, base);
		long rl = ref_strtol(s, &rend, base, &erange);
		if (l != rl || end != rend || (errno == ERANGE) != erange) {
			fail_msg("strtol(\"%s\", %d): %ld/%td vs host %ld/%td",
				 s, base, l, end - s, rl, rend - s);
		}
		errno = 0;
		unsigned long ul = strtoul(s, &end, base);
		unsigned long rul = ref_strtoul(s, &rend, base, &erange);
		if (ul != rul || end != rend || (errno == ERANGE) != erange) {
			fail_msg("strtoul(\"%s\", %d): %lu vs host %lu", s,
				 base, ul, rul);
		}
		errno = 0;
		long long ll = strtoll(s, &end, base);
		long long rll = ref_strtoll(s, &rend, base, &erange);
		if (ll != rll || end != rend || (errno == ERANGE) != erange) {
			fail_msg("strtoll(\"%s\", %d): %lld vs host %lld", s,
				 base, ll, rll);
		}
		errno = 0;
		unsigned long long ull = strtoull(s, &end, base);
		unsigned long long rull = ref_strtoull(s, &rend, base, &erange);
		if (ull != rull || end != rend || (errno == ERANGE) != erange) {
			fail_msg("strtoull(\"%s\", %d): %llu vs host %llu", s,
				 base, ull, rull);
		}
	}
}

/*
 * LONG_MAX in every base, with a minus sign, with a digit more, and both,
 * against the host.
 */
static void
test_limits_in_every_base(void **state)
{
	(void)state;
	for (int base = 2; base <= 36; base++) {
		char s[72];
		char *end, *rend;
		int erange;
		/* LONG_MAX written in base, by repeated division. */
		char digits[70];
		unsigned long v = LONG_MAX;
		size_t n = 0;
		for (; v != 0; v /= (unsigned)base) {
			digits[n++] =
			    "0123456789abcdefghijklmnopqrstuvwxyz"[v % base];
		}
		for (int variant = 0; variant < 4; variant++) {
			size_t k = 0;
			if (variant & 1) {
				s[k++] = '-';
			}
			for (size_t i = n; i > 0; i--) {
				s[k++] = digits[i - 1];
			}
			if (variant & 2) {
				s[k++] = '7';
			}
			s[k] = '\0';
			errno = 0;
			long got = strtol(s, &end, base);
			long want = ref_strtol(s, &rend, base, &erange);
			assert_true(got == want);
			assert_ptr_equal(end, rend);
			assert_int_equal(errno == ERANGE, erange);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decimal),
	    cmocka_unit_test(test_overflow),
	    cmocka_unit_test(test_no_digits),
	    cmocka_unit_test(test_prefixes),
	    cmocka_unit_test(test_bases),
	    cmocka_unit_test(test_bad_base),
	    cmocka_unit_test(test_unsigned),
	    cmocka_unit_test(test_atoi_and_abs),
	    cmocka_unit_test(test_against_host),
	    cmocka_unit_test(test_limits_in_every_base),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
