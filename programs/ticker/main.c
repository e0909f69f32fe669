/*
 * ticker: the timer service at work.  A periodic timer of 100 ms waited
 * for five times, then a sleep of 50 ms; each measured by the service's
 * own clock, and none may come early.  Then a timer that signals the
 * thread's notification (SIGNAL, a server's timer) three times, and
 * SIGNAL's refusals.
 */
#include <cairn/manifest.h>
#include <stdio.h>

#include "procrt.h"
#include "proto/timer.h"

CAIRN_MANIFEST("name ticker\n"
	       "description waits on a periodic timer and sleeps\n"
	       "quota 128K\n"
	       "notify\n"
	       "needs serial\n"
	       "needs timer\n");

/* Timer 2 signals our notification every 20 ms: three signals, none
 * early; SIGNAL refused for a timer not armed and without a capability.
 * 0 if all held. */
static int
signalled(cptr_t timer)
{
	const struct cairn_grant *n =
	    cairn_grant_find(CAIRN_GRANT_NOTIFY, NULL);
	word_t t0 = 0, t = 0, bits;
	int bad = 0;

	if (n == NULL) {
		printf("ticker: no notify grant\n");
		return 1;
	}
	int st1 = cairn_timer_signal(timer, 9, n->slot);
	int st2 = cairn_call3(timer, CAIRN_TIMER_SIGNAL, 2, 0, 0, NULL);
	printf("ticker: SIGNAL of a timer not armed: status %d, without a "
	       "capability: status %d\n",
	       st1, st2);
	bad |= st1 != CAIRN_E_INVALID_ARGUMENT || st2 != CAIRN_E_INVALID_CAP;
	cairn_timer_now(timer, &t0);
	if (cairn_timer_arm(timer, 2, 20000000, 20000000) != CAIRN_OK ||
	    cairn_timer_signal(timer, 2, n->slot) != CAIRN_OK) {
		printf("ticker: cannot arm a signalling timer\n");
		return 1;
	}
	for (int i = 1; i <= 3; i++) {
		cairn_wait(n->slot, &bits);
		cairn_timer_now(timer, &t);
		bad |= t - t0 < (word_t)i * 20000000;
	}
	cairn_timer_cancel(timer, 2);
	printf("ticker: 3 signals in %lu ms\n", (t - t0) / 1000000);
	return bad;
}

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
	int bad = signalled(timer);
	printf("ticker: signalling timer %s\n", bad ? "FAILED" : "ok");
	return early | bad;
}
