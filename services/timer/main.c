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
 *	SIGNAL id + ntfn	timer id signals the notification sent along
 *				at each expiry (a server cannot wait)
 */
#include <stdbool.h>
#include <string.h>

#include "clock.h"
#include "procrt.h"
#include "serve.h"

#define MAX_TIMERS 32

static cptr_t irq;
static struct cairn_server srv;
static cptr_t wake_init;   /* init's notification, or 0 */
#define INIT_OWNER (~0ull) /* the owner of init's wake-ups */
static uint64_t tsc_hz;

static struct timer {
	word_t owner, id;	   /* owner 0: free */
	uint64_t deadline, period; /* TSC */
	cptr_t waiter;		   /* a kept reply object, or 0 */
	word_t missed;		   /* expiries nobody waited for */
	bool sleep;		   /* a SLEEP: gone once answered */
	cptr_t ntfn;		   /* SIGNAL's notification (a slot), or 0 */
} timers[MAX_TIMERS];

static cptr_t recv_slot; /* where a SIGNAL's capability lands */
static cptr_t scratch;	 /* a copy of one, for the moment of a signal */
static int signal_ntfn(struct timer *t);

/* Timer t is gone or signals another: its notification's slot freed. */
static void
drop_ntfn(struct timer *t)
{
	if (t->ntfn != 0) {
		cairn_cnode_delete(CAIRN_PROC_CNODE, t->ntfn);
		cairn_slot_free(t->ntfn);
		t->ntfn = 0;
	}
}

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
	cairn_serve_answer(&srv, r, status, 1, &m);
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
			if (t->ntfn != 0) {
				if (signal_ntfn(t) != 0) {
					t->owner = 0; /* its owner is gone */
					continue;
				}
			} else if (t->waiter != 0) {
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
			drop_ntfn(&timers[i]);
			memset(&timers[i], 0, sizeof(timers[i]));
			return &timers[i];
		}
	}
	return NULL;
}

static word_t
op_now(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	(void)s;
	m->w[0] = tsc_to_ns(cairn_rdtsc());
	*len = 1;
	return CAIRN_OK;
}

/* SLEEP ns, or ARM id ns period: a timer of the caller's. */
static word_t
op_arm(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t who = m->badge;
	bool sleep = m->label == CAIRN_TIMER_SLEEP;
	struct timer *t = sleep ? NULL : find(who, m->w[0]);

	*len = 1;
	if (t == NULL && owned(who) < PER_OWNER) {
		t = new_timer(false);
	}
	if (t == NULL || t->waiter != 0) {
		m->w[0] = 0;
		return CAIRN_E_NO_MEMORY;
	}
	t->owner = who;
	t->sleep = sleep;
	t->id = sleep ? 0 : m->w[0];
	t->deadline =
	    cairn_rdtsc() + ns_to_tsc(clamp(sleep ? m->w[0] : m->w[1]));
	t->period = sleep || m->w[2] == 0 ? 0 : ns_to_tsc(clamp(m->w[2]));
	t->missed = 0;
	m->w[0] = 0;
	if (!sleep) {
		return CAIRN_OK;
	}
	t->waiter = cairn_serve_keep(s);
	if (t->waiter == 0) {
		t->owner = 0; /* every reply object kept already */
		return CAIRN_E_NO_MEMORY;
	}
	return CAIRN_SERVE_KEPT;
}

static word_t
op_wait(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	struct timer *t = find(m->badge, m->w[0]);

	*len = 1;
	m->w[0] = 0;
	if (t == NULL) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if (t->missed > 0) {
		m->w[0] = t->missed;
		t->missed = 0;
		return CAIRN_OK;
	}
	if (t->deadline == ~0ull || t->waiter != 0) {
		return CAIRN_E_INVALID_ARGUMENT; /* never again */
	}
	t->waiter = cairn_serve_keep(s);
	return t->waiter != 0 ? CAIRN_SERVE_KEPT : CAIRN_E_NO_MEMORY;
}

static word_t
op_cancel(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	struct timer *t = find(m->badge, m->w[0]);

	(void)s;
	*len = 1;
	m->w[0] = 0;
	if (t == NULL) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if (t->waiter != 0) {
		answer(t->waiter, CAIRN_E_DELETED, 0);
	}
	drop_ntfn(t);
	t->owner = 0;
	return CAIRN_OK;
}

/*
 * Signal t's notification: 0, or -1 if it is gone (its process ended and
 * the capability with it).  A send on an empty slot would be a fault,
 * and a blocking send to an endpoint passed off as a notification would
 * stop the service: the capability is copied first (the copy fails if it
 * is gone), and the copy gets a send that cannot block.
 */
static int
signal_ntfn(struct timer *t)
{
	struct cairn_msg m = {0};

	if (cairn_cnode_copy(CAIRN_PROC_CNODE, scratch, CAIRN_PROC_CNODE,
			     t->ntfn, CAIRN_RIGHT_WRITE, NULL) != CAIRN_OK) {
		return -1;
	}
	cairn_nbsend(scratch, 0, 0, &m);
	cairn_cnode_delete(CAIRN_PROC_CNODE, scratch);
	return 0;
}

/* SIGNAL id, a notification sent along. */
static word_t
op_signal(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	struct timer *t = find(m->badge, m->w[0]);
	bool cap = m->caps >= 1 && (m->unwrapped & 1) == 0;

	(void)s;
	*len = 1;
	m->w[0] = 0;
	if (!cap) {
		cairn_cnode_delete(CAIRN_PROC_CNODE, recv_slot);
		return CAIRN_E_INVALID_CAP;
	}
	cptr_t next = cairn_slot_alloc();
	if (t == NULL || t->waiter != 0 || next == 0) {
		cairn_cnode_delete(CAIRN_PROC_CNODE, recv_slot);
		if (next != 0) {
			cairn_slot_free(next);
		}
		return t == NULL || t->waiter != 0 ? CAIRN_E_INVALID_ARGUMENT
						   : CAIRN_E_NO_MEMORY;
	}
	drop_ntfn(t);
	t->ntfn = recv_slot;
	recv_slot = next;
	cairn_recv_slot(recv_slot);
	return CAIRN_OK;
}

/* init's wake-up, by a send: nobody to answer. */
static word_t
op_wake_init(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	struct timer *t;

	(void)s;
	if (m->badge != 0) {
		*len = 1;
		m->w[0] = 0;
		return CAIRN_E_ILLEGAL_OPERATION; /* not init */
	}
	if (wake_init != 0 && (t = new_timer(true)) != NULL) {
		t->owner = INIT_OWNER;
		t->deadline = cairn_rdtsc() + ns_to_tsc(clamp(m->w[0]));
	}
	return CAIRN_SERVE_NONE;
}

/*
 * Unmask first: the kernel masks the line until the ack, and the PIT's
 * edge is lost if a short count armed by run_due ends while the line is
 * masked (CNTV's level would only come again at once).  run_due follows,
 * after every message.
 */
static void
on_irq(struct cairn_server *s, word_t badge)
{
	(void)s;
	(void)badge;
	cairn_irq_ack(irq);
}

/* A capability that came with any other call is dropped, so that the
 * receive slot is empty for the next SIGNAL's. */
static void
after(struct cairn_server *s)
{
	(void)s;
	cairn_cnode_delete(CAIRN_PROC_CNODE, recv_slot);
	run_due();
}

static const struct cairn_op ops[] = {
    {CAIRN_TIMER_NOW, 0, op_now},
    {CAIRN_TIMER_SLEEP, 1, op_arm},
    {CAIRN_TIMER_ARM, 3, op_arm},
    {CAIRN_TIMER_WAIT, 1, op_wait},
    {CAIRN_TIMER_CANCEL, 1, op_cancel},
    {CAIRN_TIMER_WAKE_INIT, 1, op_wake_init},
    {CAIRN_TIMER_SIGNAL, 1, op_signal},
};

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
	tsc_hz = cairn_procinfo->tsc_hz ? cairn_procinfo->tsc_hz : 1000000000;
	if (clock_init(tsc_hz) != 0) {
		return 1;
	}
	recv_slot = cairn_slot_alloc();
	scratch = cairn_slot_alloc();
	if (recv_slot == 0 || scratch == 0) {
		return 1;
	}
	cairn_recv_slot(recv_slot);
	cairn_irq_ack(irq);
	cairn_serve_init(&srv, ge->slot, ops, sizeof(ops) / sizeof(ops[0]));
	srv.irq_badges = CAIRN_IRQ_BADGE(0);
	srv.irq = on_irq;
	srv.after = after;
	cairn_serve(&srv);
}
