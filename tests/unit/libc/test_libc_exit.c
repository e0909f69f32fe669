/*
 * Host unit tests for how Cairn's libc ends a program (lib/libc/exit.c):
 * exit, abort and a failed assert, each through the libc_exit hook with
 * the right status and message; and assert under NDEBUG.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "libc/include/assert.h"
#include "libc/include/cairn_libc.h"
#include "libc/include/errno.h"
#include "libc/include/stdio.h"
#include "libc/include/stdlib.h"
#include "libc/include/string.h"
#include "hooks.h"

static jmp_buf env;

static int
setup(void **state)
{
	(void)state;
	hook_out_reset();
	hook_exit_status = -1;
	return 0;
}

static void
test_exit_status(void **state)
{
	(void)state;
	hook_exit_jmp = &env;
	if (setjmp(env) == 0) {
		exit(EXIT_FAILURE);
	}
	hook_exit_jmp = NULL;
	assert_int_equal(hook_exit_status, 1);
	assert_int_equal(hook_out_len, 0);
	hook_exit_jmp = &env;
	if (setjmp(env) == 0) {
		exit(EXIT_SUCCESS);
	}
	hook_exit_jmp = NULL;
	assert_int_equal(hook_exit_status, 0);
}

static void
test_abort(void **state)
{
	(void)state;
	putchar('x'); /* pending output comes out first */
	hook_exit_jmp = &env;
	if (setjmp(env) == 0) {
		abort();
	}
	hook_exit_jmp = NULL;
	assert_int_equal(hook_exit_status, 134);
	assert_string_equal(hook_out, "xabort\n");
}

static int
checked_half(int v)
{
	assert(v % 2 == 0);
	return v / 2;
}

static void
test_assert_passes(void **state)
{
	(void)state;
	assert_int_equal(checked_half(8), 4);
	assert_int_equal(hook_out_len, 0);
}

static void
test_assert_fails(void **state)
{
	char want[256];
	int line = 0;

	(void)state;
	hook_exit_jmp = &env;
	if (setjmp(env) == 0) {
		/* The assert in checked_half, a few lines up. */
		checked_half(3);
	}
	hook_exit_jmp = NULL;
	assert_int_equal(hook_exit_status, 134);
	/* Find the line number in the message; check the rest. */
	const char *colon = strrchr(hook_out, ':');
	assert_non_null(colon);
	line = atoi(colon + 1);
	assert_true(line > 0);
	snprintf(want, sizeof(want),
		 "assertion failed: v %% 2 == 0 (%s:%d, checked_half)\n"
		 "abort\n",
		 __FILE__, line);
	assert_string_equal(hook_out, want);
}

/*
 * static_assert is checked by the compiler: it holds, or this file does
 * not build.  No test to count for it.
 */
static_assert(sizeof(int) >= 2, "int is at least 16 bits");

/* From here on, assert is off. */
#define NDEBUG
#include "libc/include/assert.h"

static int evaluated;

static int
touch(void)
{
	evaluated++;
	return 0;
}

static void
test_ndebug(void **state)
{
	(void)state;
	(void)touch; /* only named inside the assert, which is gone */
	assert(touch());
	assert(0);
	assert_int_equal(evaluated, 0);
	assert_int_equal(hook_out_len, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_exit_status, setup),
	    cmocka_unit_test_setup(test_abort, setup),
	    cmocka_unit_test_setup(test_assert_passes, setup),
	    cmocka_unit_test_setup(test_assert_fails, setup),
	    cmocka_unit_test_setup(test_ndebug, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
