/*
 * timer: time for other processes.  Monotonic time comes from the
 * arch's counter (cairn_rdtsc: the TSC, CNTVCT); sleeps and timeouts
 * from the arch's interrupt source (clock.h: the PIT, CNTV), armed for
 * the nearest deadline.  A caller that must wait keeps one of the
 * service's reply objects until its time comes.
 *
 *	NOW			-> nanoseconds since boot
 *	SLEEP ns		returns ns later (never sooner)
 *	ARM id ns period	a timer of the caller's: first after ns, then
 *				every period ns (0: once)
 *	WAIT id			returns at its next expiry (at once if one
 *				passed unseen), with how many passed
 *	CANCEL id
 */
#include <stdbool.h>
#include <string.h>

#include "clock.h"
#include "procrt.h"

#define MAX_TIMERS 32

static cptr_t irq, ep;
static cptr_t wake_init;   /* init's notification, or 0 */
#define INIT_OWNER (~0ull) /* the owner of init's wake-ups */
static uint64_t tsc_hz;

static struct timer {
	word_t owner, id;	   /* owner 0: free */
	uint64_t deadline, period; /* TSC */
	cptr_t waiter;		   /* a kept reply object, or 0 */
	word_t missed;		   /* expiries nobody waited for */
	bool sleep;		   /* a SLEEP: gone once answered */
} timers[MAX_TIMERS];

static cptr_t pool[34]; /* REPLY2 and up to 32 "replies" */
static int npool;

/* Whole seconds and the rest apart: no product overflows 64 bits. */
static uint64_t
ns_to_tsc(word_t ns)
{
	return ns / 1000000000u * tsc_hz +
	       ns % 1000000000u * tsc_hz / 1000000000u;
}

static word_t
tsc_to_ns(uint64_t t)
{
	return t / tsc_hz * 1000000000u + t % tsc_hz * 1000000000u / tsc_hz;
}

static void
answer(cptr_t r, word_t status, word_t w0)
{
	struct cairn_msg m = {0};

	m.w[0] = w0;
	cairn_reply(r, status, 1, &m);
	pool[npool++] = r;
}

/* Answer what is due; arm the clock for what is next. */
static void
run_due(void)
{
	uint64_t now = cairn_rdtsc(), next = ~0ull;

	for (int i = 0; i < MAX_TIMERS; i++) {
		struct timer *t = &timers[i];
		if (t->owner == 0) {
			continue;
		}
		if (t->deadline <= now) {
			if (t->owner == INIT_OWNER) {
				cairn_signal(wake_init);
				t->owner = 0;
				continue;
			}
			if (t->waiter != 0) {
				answer(t->waiter, CAIRN_OK, t->missed + 1);
				t->waiter = 0;
				t->missed = 0;
			} else {
				t->missed++;
			}
			if (t->sleep) {
				t->owner = 0;
				continue;
			}
			if (t->period == 0) {
				t->deadline = ~0ull; /* fired; kept for WAIT */
			} else {
				/* Periodic: the next one after now. */
				uint64_t late = now - t->deadline;
				t->deadline +=
				    (late / t->period + 1) * t->period;
			}
		}
		if (t->deadline < next) {
			next = t->deadline;
		}
	}
	if (next != ~0ull) {
		clock_arm(next - now);
	} else {
		clock_stop();
	}
}

static struct timer *
find(word_t owner, word_t id)
{
	for (int i = 0; i < MAX_TIMERS; i++) {
		if (timers[i].owner == owner && timers[i].id == id &&
		    !timers[i].sleep) {
			return &timers[i];
		}
	}
	return NULL;
}

/*
 * Limits: a deadline or period is at least MIN_NS and at most MAX_NS (no
 * interrupt storm, no overflow); a caller has at most PER_OWNER timers,
 * and RESERVED entries are kept for init's wake-ups.
 */
#define MIN_NS	  100000ull			/* 100 us */
#define MAX_NS	  (1000000000ull * 86400 * 365) /* a year */
#define PER_OWNER 8
#define RESERVED  4

static word_t
clamp(word_t ns)
{
	return ns < MIN_NS ? MIN_NS : ns > MAX_NS ? MAX_NS : ns;
}

static int
owned(word_t owner)
{
	int n = 0;

	for (int i = 0; i < MAX_TIMERS; i++) {
		n += timers[i].owner == owner;
	}
	return n;
}

static struct timer *
new_timer(bool for_init)
{
	int free = 0;

	for (int i = 0; i < MAX_TIMERS; i++) {
		free += timers[i].owner == 0;
	}
	if (!for_init && free <= RESERVED) {
		return NULL;
	}
	for (int i = 0; i < MAX_TIMERS; i++) {
		if (timers[i].owner == 0) {
			memset(&timers[i], 0, sizeof(timers[i]));
			return &timers[i];
		}
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	const struct cairn_grant *gi = cairn_grant_find(CAIRN_GRANT_IRQ, NULL);
	const struct cairn_grant *ge =
	    cairn_grant_find(CAIRN_GRANT_PROVIDES, "timer");
	const struct cairn_grant *gr =
	    cairn_grant_find(CAIRN_GRANT_REPLIES, NULL);

	(void)argc;
	(void)argv;
	if (gi == NULL || ge == NULL || gr == NULL) {
		return 1;
	}
	const struct cairn_grant *gw = cairn_grant_find(CAIRN_GRANT_WAKE, NULL);
	wake_init = gw != NULL ? gw->slot : 0;
	irq = gi->slot;
	ep = ge->slot;
	tsc_hz = cairn_procinfo->tsc_hz ? cairn_procinfo->tsc_hz : 1000000000;
	pool[npool++] = CAIRN_PROC_REPLY2;
	for (word_t i = 0; i < gr->a; i++) {
		pool[npool++] = gr->slot + i;
	}
	if (clock_init(tsc_hz) != 0) {
		return 1;
	}
	cairn_irq_ack(irq);

	cptr_t cur = CAIRN_PROC_REPLY;
	for (;;) {
		struct cairn_msg m = {0};
		int rst = cairn_recv(ep, cur, &m);
		if (rst == CAIRN_E_IN_USE) {
			/* cur still has a caller nobody answered: answer it. */
			cairn_reply(cur, CAIRN_E_ILLEGAL_OPERATION, 0, &m);
			continue;
		}
		if (rst != CAIRN_OK) {
			continue;
		}
		if (m.label == CAIRN_LABEL_NOTIFICATION &&
		    CAIRN_IS_IRQ_BADGE(m.badge)) {
			/*
			 * Unmask first: the kernel masks the line until the
			 * ack, and the PIT's edge is lost if a short count
			 * armed by run_due ends while the line is masked
			 * (CNTV's level would only come again at once).
			 */
			cairn_irq_ack(irq);
			run_due();
			continue;
		}
		word_t who = m.badge, status = CAIRN_OK, w0 = 0;
		bool keep = false;
		struct timer *t = NULL;
		switch (m.label) {
		case CAIRN_TIMER_NOW:
			w0 = tsc_to_ns(cairn_rdtsc());
			break;
		case CAIRN_TIMER_SLEEP:
		case CAIRN_TIMER_ARM:
			t = m.label == CAIRN_TIMER_ARM ? find(who, m.w[0])
						       : NULL;
			if (t == NULL && owned(who) < PER_OWNER) {
				t = new_timer(false);
			}
			if (t == NULL || (t->waiter != 0)) {
				status = CAIRN_E_NO_MEMORY;
				break;
			}
			t->owner = who;
			t->sleep = m.label == CAIRN_TIMER_SLEEP;
			t->id = t->sleep ? 0 : m.w[0];
			t->deadline =
			    cairn_rdtsc() +
			    ns_to_tsc(clamp(t->sleep ? m.w[0] : m.w[1]));
			t->period = t->sleep || m.w[2] == 0
					? 0
					: ns_to_tsc(clamp(m.w[2]));
			t->missed = 0;
			if (t->sleep) {
				keep = true;
			}
			break;
		case CAIRN_TIMER_WAIT:
			t = find(who, m.w[0]);
			if (t == NULL) {
				status = CAIRN_E_INVALID_ARGUMENT;
			} else if (t->missed > 0) {
				w0 = t->missed;
				t->missed = 0;
			} else if (t->deadline == ~0ull || t->waiter != 0) {
				status =
				    CAIRN_E_INVALID_ARGUMENT; /* never again */
			} else {
				keep = true;
			}
			break;
		case CAIRN_TIMER_WAKE_INIT:
			if (who != 0) {
				status =
				    CAIRN_E_ILLEGAL_OPERATION; /* not init */
				break;
			}
			/* init's, by a send: nobody to answer. */
			if (wake_init != 0 && (t = new_timer(true)) != NULL) {
				t->owner = INIT_OWNER;
				t->deadline =
				    cairn_rdtsc() + ns_to_tsc(clamp(m.w[0]));
			}
			run_due();
			continue;
		case CAIRN_TIMER_CANCEL:
			t = find(who, m.w[0]);
			if (t == NULL) {
				status = CAIRN_E_INVALID_ARGUMENT;
			} else {
				if (t->waiter != 0) {
					answer(t->waiter, CAIRN_E_DELETED, 0);
				}
				t->owner = 0;
			}
			break;
		default:
			status = CAIRN_E_ILLEGAL_OPERATION;
		}
		if (keep && npool > 0) {
			t->waiter = cur;
			cur = pool[--npool];
		} else if (keep) {
			t->owner = t->sleep ? 0 : t->owner;
			m.w[0] = 0;
			cairn_reply(cur, CAIRN_E_NO_MEMORY, 1, &m);
		} else {
			m.w[0] = w0;
			cairn_reply(cur, status, 1, &m);
		}
		run_due();
	}
}
