/* Host unit tests for lib/cmdline.c: splitting shell lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cmdline.h"

static char *argv[8];
static char buf[64];

static int
split(const char *s)
{
	return cmdline_split(s, strlen(s), argv, 8, buf, sizeof(buf));
}

static void
words(void **state)
{
	(void)state;
	assert_int_equal(split("run hello  a\tb"), 4);
	assert_string_equal(argv[0], "run");
	assert_string_equal(argv[1], "hello");
	assert_string_equal(argv[2], "a");
	assert_string_equal(argv[3], "b");
}

static void
blank_lines(void **state)
{
	(void)state;
	assert_int_equal(split(""), 0);
	assert_int_equal(split("   \t  "), 0);
}

static void
quotes(void **state)
{
	(void)state;
	assert_int_equal(split("echo \"a b\" c\"d e\"f"), 3);
	assert_string_equal(argv[1], "a b");
	assert_string_equal(argv[2], "cd ef");
	assert_int_equal(split("echo \"say \\\"hi\\\" \\\\ \\n\""), 2);
	assert_string_equal(argv[1], "say \"hi\" \\ \\n");
	assert_int_equal(split("echo \"\""), 2);
	assert_string_equal(argv[1], "");
}

static void
refusals(void **state)
{
	(void)state;
	assert_int_equal(split("echo \"open"), CMDLINE_E_QUOTE);
	assert_int_equal(split("a b c d e f g h i"), CMDLINE_E_TOO_MANY);
	assert_int_equal(split("a\x01"), CMDLINE_E_CONTROL);
	assert_int_equal(split("a\x7f"), CMDLINE_E_CONTROL);
	char big[200];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(split(big), CMDLINE_E_TOO_LONG);
	/* 63 bytes and a NUL fit exactly; 64 do not. */
	big[63] = '\0';
	assert_int_equal(split(big), 1);
	big[63] = 'x';
	big[64] = '\0';
	assert_int_equal(split(big), CMDLINE_E_TOO_LONG);
	assert_string_equal(cmdline_strerror(CMDLINE_E_QUOTE),
			    "a quote is left open");
}

static void
embedded_nul_is_a_control(void **state)
{
	(void)state;
	assert_int_equal(cmdline_split("a\0b", 3, argv, 8, buf, sizeof(buf)),
			 CMDLINE_E_CONTROL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(words),
	    cmocka_unit_test(blank_lines),
	    cmocka_unit_test(quotes),
	    cmocka_unit_test(refusals),
	    cmocka_unit_test(embedded_nul_is_a_control),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
