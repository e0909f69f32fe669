/*
 * policy: the supervisor's restart policy as pure logic (no IPC, no
 * capabilities), so that host unit tests reach it
 * (tests/unit/test_policy.c).  super.c applies its verdicts.
 */
#ifndef CAIRN_INIT_POLICY_H
#define CAIRN_INIT_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "manifest_parse.h"

/* A process's crashes (and kills) in its current window. */
struct crash_log {
	uint64_t window_start; /* ticks: when the window began */
	unsigned n;	       /* crashes in it */
};

enum policy_verdict {
	POLICY_END,	/* no restart policy: it ends */
	POLICY_RESTART, /* start it again after delay_ms */
	POLICY_GIVE_UP, /* too many crashes in the window: it ends */
};

struct policy_decision {
	enum policy_verdict verdict;
	unsigned n;	   /* this crash's number in its window */
	unsigned delay_ms; /* POLICY_RESTART: the backoff */
};

/* The most a backoff waits, in ms. */
#define POLICY_MAX_BACKOFF_MS 128

/*
 * What m's policy says of a crash at now (a clock of hz ticks a second):
 * with a policy, the n-th crash within crash_window seconds restarts
 * after policy_backoff_ms(n), up to max_crashes; the one after gives
 * up.  A window begins at the first crash after the last one expired.
 * commit: count the crash in log (else log is left as it was: what
 * would happen).
 */
struct policy_decision policy_decide(const struct manifest *m,
				     struct crash_log *log, uint64_t now,
				     uint64_t hz, bool commit);

/* The backoff before the n-th restart in a window (n >= 1): 2^(n-1) ms,
 * at most POLICY_MAX_BACKOFF_MS. */
unsigned policy_backoff_ms(unsigned n);

#endif
