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

static cptr_t timer;

static word_t
call(word_t label, word_t a, word_t b, word_t c, int *st)
{
	struct cairn_msg m = {0};

	m.w[0] = a;
	m.w[1] = b;
	m.w[2] = c;
	*st = cairn_call(timer, label, 3, &m);
	if (*st == CAIRN_OK) {
		*st = (int)m.label;
	}
	return m.w[0];
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
	timer = g->slot;
	word_t t0 = call(CAIRN_TIMER_NOW, 0, 0, 0, &st);
	call(CAIRN_TIMER_ARM, 1, 100000000, 100000000, &st);
	if (st != CAIRN_OK) {
		printf("ticker: cannot arm a timer (%d)\n", st);
		return 1;
	}
	for (int i = 1; i <= 5; i++) {
		word_t n = call(CAIRN_TIMER_WAIT, 1, 0, 0, &st);
		word_t t = call(CAIRN_TIMER_NOW, 0, 0, 0, &st);
		word_t ms = (t - t0) / 1000000;
		printf("ticker: tick %d (%lu expiries) at %lu ms\n", i, n, ms);
		early |= t - t0 < (word_t)i * 100000000;
	}
	call(CAIRN_TIMER_CANCEL, 1, 0, 0, &st);
	word_t s0 = call(CAIRN_TIMER_NOW, 0, 0, 0, &st);
	call(CAIRN_TIMER_SLEEP, 50000000, 0, 0, &st);
	word_t s1 = call(CAIRN_TIMER_NOW, 0, 0, 0, &st);
	early |= s1 - s0 < 50000000;
	printf("ticker: slept 50 ms in %lu ms\n", (s1 - s0) / 1000000);
	printf("ticker: %s\n", early ? "EARLY" : "none early");
	return early;
}
