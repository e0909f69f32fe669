/*
 * policy: the restart policy's arithmetic (policy.h).
 */
#include "policy.h"

unsigned
policy_backoff_ms(unsigned n)
{
	unsigned shift = n == 0 ? 0 : n - 1;

	return shift < 7 ? 1u << shift : POLICY_MAX_BACKOFF_MS;
}

struct policy_decision
policy_decide(const struct manifest *m, struct crash_log *log, uint64_t now,
	      uint64_t hz, bool commit)
{
	struct policy_decision d = {POLICY_END, 0, 0};
	struct crash_log l = *log;

	if (m->restart == MANIFEST_RESTART_NEVER) {
		return d;
	}
	if (l.n == 0 || now - l.window_start > (uint64_t)m->crash_window * hz) {
		l.window_start = now;
		l.n = 0;
	}
	d.n = ++l.n;
	if (commit) {
		*log = l;
	}
	if (d.n > m->max_crashes) {
		d.verdict = POLICY_GIVE_UP;
		return d;
	}
	d.verdict = POLICY_RESTART;
	d.delay_ms = policy_backoff_ms(d.n);
	return d;
}
