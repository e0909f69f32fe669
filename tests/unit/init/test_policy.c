/* Host unit tests for services/init/policy.c: the supervisor's restart
 * policy (window, backoff, giving up). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "policy.h"

#define HZ 1000u /* a clock of 1 kHz: ticks are ms */

static struct manifest
policy(int kind, uint32_t max, uint32_t window)
{
	struct manifest m;

	memset(&m, 0, sizeof(m));
	m.restart = kind;
	m.max_crashes = max;
	m.crash_window = window;
	return m;
}

static void
backoff_doubles_to_128_ms(void **state)
{
	(void)state;
	assert_int_equal(policy_backoff_ms(1), 1);
	assert_int_equal(policy_backoff_ms(2), 2);
	assert_int_equal(policy_backoff_ms(5), 16);
	assert_int_equal(policy_backoff_ms(8), 128);
	assert_int_equal(policy_backoff_ms(9), 128);
	assert_int_equal(policy_backoff_ms(100000), 128);
	assert_int_equal(policy_backoff_ms(0), 1);
}

static void
never_ends_it(void **state)
{
	struct manifest m = policy(MANIFEST_RESTART_NEVER, 5, 10);
	struct crash_log log = {0, 0};

	(void)state;
	struct policy_decision d = policy_decide(&m, &log, 5, HZ, true);
	assert_int_equal(d.verdict, POLICY_END);
	assert_int_equal(log.n, 0);
}

static void
restarts_with_backoff_then_gives_up(void **state)
{
	struct manifest m = policy(MANIFEST_RESTART_ALWAYS, 3, 10);
	struct crash_log log = {0, 0};
	struct policy_decision d;

	(void)state;
	for (unsigned n = 1; n <= 3; n++) {
		d = policy_decide(&m, &log, 100 * n, HZ, true);
		assert_int_equal(d.verdict, POLICY_RESTART);
		assert_int_equal(d.n, n);
		assert_int_equal(d.delay_ms, 1u << (n - 1));
	}
	d = policy_decide(&m, &log, 400, HZ, true);
	assert_int_equal(d.verdict, POLICY_GIVE_UP);
	assert_int_equal(d.n, 4);
}

static void
on_failure_restarts_too(void **state)
{
	struct manifest m = policy(MANIFEST_RESTART_ON_FAILURE, 1, 10);
	struct crash_log log = {0, 0};

	(void)state;
	assert_int_equal(policy_decide(&m, &log, 1, HZ, true).verdict,
			 POLICY_RESTART);
	assert_int_equal(policy_decide(&m, &log, 2, HZ, true).verdict,
			 POLICY_GIVE_UP);
}

/* A crash after the window has passed begins a new one: counting starts
 * again at 1, and so does the backoff. */
static void
window_expires(void **state)
{
	struct manifest m = policy(MANIFEST_RESTART_ALWAYS, 2, 10);
	struct crash_log log = {0, 0};
	struct policy_decision d;

	(void)state;
	policy_decide(&m, &log, 1000, HZ, true);
	d = policy_decide(&m, &log, 2000, HZ, true);
	assert_int_equal(d.n, 2);
	/* 10 s after the window began is still in it ... */
	d = policy_decide(&m, &log, 1000 + 10 * HZ, HZ, false);
	assert_int_equal(d.verdict, POLICY_GIVE_UP);
	/* ... one tick later is not. */
	d = policy_decide(&m, &log, 1001 + 10 * HZ, HZ, true);
	assert_int_equal(d.verdict, POLICY_RESTART);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.delay_ms, 1);
	assert_int_equal(log.window_start, 1001 + 10 * HZ);
}

/* Without commit, the log is left alone: what a kill would cause. */
static void
dry_run_changes_nothing(void **state)
{
	struct manifest m = policy(MANIFEST_RESTART_ALWAYS, 1, 10);
	struct crash_log log = {0, 0};

	(void)state;
	for (int i = 0; i < 5; i++) {
		struct policy_decision d =
		    policy_decide(&m, &log, 7, HZ, false);
		assert_int_equal(d.verdict, POLICY_RESTART);
		assert_int_equal(d.n, 1);
	}
	assert_int_equal(log.n, 0);
	policy_decide(&m, &log, 7, HZ, true);
	assert_int_equal(policy_decide(&m, &log, 8, HZ, false).verdict,
			 POLICY_GIVE_UP);
	assert_int_equal(log.n, 1);
}

/* The serial driver's policy, 100 in 10 s: the 101st gives up. */
static void
the_services_policy(void **state)
{
	struct manifest m = policy(MANIFEST_RESTART_ALWAYS, 100, 10);
	struct crash_log log = {0, 0};
	struct policy_decision d;

	(void)state;
	for (unsigned n = 1; n <= 100; n++) {
		d = policy_decide(&m, &log, n * 10, HZ, true);
		assert_int_equal(d.verdict, POLICY_RESTART);
	}
	assert_int_equal(d.delay_ms, 128);
	d = policy_decide(&m, &log, 1010, HZ, true);
	assert_int_equal(d.verdict, POLICY_GIVE_UP);
	assert_int_equal(d.n, 101);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(backoff_doubles_to_128_ms),
	    cmocka_unit_test(never_ends_it),
	    cmocka_unit_test(restarts_with_backoff_then_gives_up),
	    cmocka_unit_test(on_failure_restarts_too),
	    cmocka_unit_test(window_expires),
	    cmocka_unit_test(dry_run_changes_nothing),
	    cmocka_unit_test(the_services_policy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
