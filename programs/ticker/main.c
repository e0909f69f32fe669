/*
 * ticker: the timer service at work.  A periodic timer of 100 ms waited
 * for five times, then a sleep of 50 ms; each measured by the service's
 * own clock, and none may come early.
 */
#include <cairn/manifest.h>
#include <stdio.h>

#include "procrt.h"

CAIRN_MANIFEST("name ticker\n"
	       "description waits on a periodic timer and sleeps\n"
	       "quota 128K\n"
	       "needs serial\n"
	       "needs timer\n");

int
main(int argc, char **argv)
{
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "timer");
	int st, early = 0;

	(void)argc;
	(void)argv;
	if (g == NULL) {
		return 1;
	}
	cptr_t timer = g->slot;
	word_t t0 = 0, t = 0, n = 0, s0 = 0, s1 = 0;
	cairn_timer_now(timer, &t0);
	st = cairn_timer_arm(timer, 1, 100000000, 100000000);
	if (st != CAIRN_OK) {
		printf("ticker: cannot arm a timer (%d)\n", st);
		return 1;
	}
	for (int i = 1; i <= 5; i++) {
		cairn_timer_wait(timer, 1, &n);
		cairn_timer_now(timer, &t);
		word_t ms = (t - t0) / 1000000;
		printf("ticker: tick %d (%lu expiries) at %lu ms\n", i, n, ms);
		early |= t - t0 < (word_t)i * 100000000;
	}
	cairn_timer_cancel(timer, 1);
	cairn_timer_now(timer, &s0);
	cairn_timer_sleep(timer, 50000000);
	cairn_timer_now(timer, &s1);
	early |= s1 - s0 < 50000000;
	printf("ticker: slept 50 ms in %lu ms\n", (s1 - s0) / 1000000);
	printf("ticker: %s\n", early ? "EARLY" : "none early");
	return early;
}
