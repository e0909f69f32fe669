/*
 * Host unit tests for Cairn's ctype.h (lib/libc/ctype.c): every class
 * function, for every int from EOF to 255, against the host C library in
 * its "C" locale; and values outside that range are safely in no class.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <cmocka.h>

#include "libc/include/ctype.h"
#include "libc/include/stdio.h"
#include "host_ref.h"

/* Cairn's function number i, in the order of ref_ctype_names. */
static int
cairn_ctype(int i, int c)
{
	static int (*const fn[])(int) = {
	    isalnum, isalpha, isblank, iscntrl, isdigit,  isgraph, islower,
	    isprint, ispunct, isspace, isupper, isxdigit, tolower, toupper,
	};

	assert_int_equal(sizeof(fn) / sizeof(fn[0]), ref_ctype_count);
	return fn[i](c);
}

static void
test_every_value_against_host(void **state)
{
	(void)state;
	for (int i = 0; i < ref_ctype_count; i++) {
		int is_map = i >= 12; /* tolower and toupper return values */
		for (int c = EOF; c <= UCHAR_MAX; c++) {
			int got = cairn_ctype(i, c);
			int want = ref_ctype(i, c);
			if (!is_map) {
				got = got != 0;
				want = want != 0;
			}
			if (got != want) {
				fail_msg("%s(%d): cairn %d, host %d",
					 ref_ctype_names[i], c, got, want);
			}
		}
	}
}

static void
test_known_classes(void **state)
{
	(void)state;
	assert_true(isspace(' ') && isspace('\t') && isspace('\n') &&
		    isspace('\v') && isspace('\f') && isspace('\r'));
	assert_false(isspace('\b') || isspace(0) || isspace(EOF));
	assert_true(isblank(' ') && isblank('\t'));
	assert_false(isblank('\n'));
	assert_true(iscntrl(0) && iscntrl(0x1f) && iscntrl(0x7f));
	assert_false(iscntrl(' ') || iscntrl(0x80));
	assert_true(isprint(' ') && isprint('~'));
	assert_false(isprint(0x7f) || isgraph(' '));
	assert_true(ispunct('!') && ispunct('/') && ispunct('@') &&
		    ispunct('`') && ispunct('~'));
	assert_false(ispunct('a') || ispunct('0') || ispunct(' '));
	assert_true(isxdigit('f') && isxdigit('F') && isxdigit('9'));
	assert_false(isxdigit('g') || isxdigit('G'));
	assert_int_equal(tolower('Q'), 'q');
	assert_int_equal(tolower('q'), 'q');
	assert_int_equal(tolower('['), '[');
	assert_int_equal(toupper('q'), 'Q');
	assert_int_equal(toupper('{'), '{');
	assert_int_equal(toupper(EOF), EOF);
	assert_int_equal(tolower(0xc9), 0xc9);
}

/* Values outside [EOF, 255] are undefined in C; here they are safe. */
static void
test_out_of_range_values(void **state)
{
	const int odd[] = {INT_MIN, -129, -128, -2, 256, 0x141, INT_MAX};

	(void)state;
	for (size_t k = 0; k < sizeof(odd) / sizeof(odd[0]); k++) {
		int c = odd[k];
		for (int i = 0; i < 12; i++) {
			assert_int_equal(cairn_ctype(i, c), 0);
		}
		assert_int_equal(tolower(c), c);
		assert_int_equal(toupper(c), c);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_value_against_host),
	    cmocka_unit_test(test_known_classes),
	    cmocka_unit_test(test_out_of_range_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
