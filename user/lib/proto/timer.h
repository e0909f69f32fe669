/*
 * The timer service's protocol (the endpoint named "timer";
 * services/timer is its server) and its client stubs (timer.c).
 * Timers belong to the caller, by its badge.
 */
#ifndef CAIRN_PROTO_TIMER_H
#define CAIRN_PROTO_TIMER_H

#include "cairn.h"

enum cairn_timer_call {
	CAIRN_TIMER_NOW = 1,	/* -> MR0 nanoseconds since boot */
	CAIRN_TIMER_SLEEP = 2,	/* MR0 nanoseconds */
	CAIRN_TIMER_ARM = 3,	/* MR0 id, MR1 ns, MR2 period ns (0: once) */
	CAIRN_TIMER_WAIT = 4,	/* MR0 id -> MR0 expiries since last waited */
	CAIRN_TIMER_CANCEL = 5, /* MR0 id */
	CAIRN_TIMER_WAKE_INIT = 6, /* init only (badge 0), a send: MR0 ns,
				      then init's notification is signalled */
	CAIRN_TIMER_SIGNAL = 7,	   /* MR0 id, a notification capability sent
				      along: timer id (ARMed) signals it at
				      every expiry from now on, instead of
				      answering WAIT (a server's timer) */
};

/* The client stubs: 0 or a CAIRN_E_* status. */
int cairn_timer_now(cptr_t ep, word_t *ns);
int cairn_timer_sleep(cptr_t ep, word_t ns);
int cairn_timer_arm(cptr_t ep, word_t id, word_t ns, word_t period);
/* Wait for timer id's next expiry: *n how many passed since last time. */
int cairn_timer_wait(cptr_t ep, word_t id, word_t *n);
int cairn_timer_cancel(cptr_t ep, word_t id);
/* Timer id signals ntfn (a capability of the caller's; the service keeps
 * a copy) at each expiry, until cancelled. */
int cairn_timer_signal(cptr_t ep, word_t id, cptr_t ntfn);
/* init's: a send that never blocks (CAIRN_E_WOULD_BLOCK if the service is
 * not receiving); init's wake notification is signalled after ns. */
int cairn_timer_wake_init(cptr_t ep, word_t ns);

#endif
