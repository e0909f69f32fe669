/*
 * sleep: nanosleep and clock_nanosleep, alarm and setitimer.  A sleeper
 * is held (its reply object kept) until its time comes; an alarm sends
 * SIGALRM when it comes (and again each interval).  One timer of the
 * timer service's, armed for the nearest deadline of all (held polls'
 * too), signals the server's notification.
 */
#include "posix.h"
#include "procrt.h"
#include "serve.h"
#include "sysdefs.h"

#define MAX_SLEEPERS POSIX_MAX_PROCS
#define TIMER_ID     1

static struct sleeper {
	struct lproc *p; /* NULL: free */
	cptr_t reply;
	uint64_t until; /* ns since boot */
	word_t rem;	/* where nanosleep wants what is left, or 0 */
} sleepers[MAX_SLEEPERS];

static cptr_t timer;

int
sleep_init(word_t badge)
{
	const struct cairn_grant *t =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "timer");
	const struct cairn_grant *n =
	    cairn_grant_find(CAIRN_GRANT_NOTIFY, NULL);
	cptr_t sig = n != NULL ? cairn_ntfn_badged(n->slot, badge) : 0;
	int st = t == NULL || sig == 0 ? -1 : 0;

	/* A timer must be armed to be given a notification: an hour,
	 * which arm() brings nearer. */
	if (st == 0) {
		st = cairn_timer_arm(t->slot, TIMER_ID, 3600000000000ull, 0);
	}
	if (st == 0) {
		st = cairn_timer_signal(t->slot, TIMER_ID, sig);
	}
	if (st == 0) {
		timer = t->slot;
	}
	if (sig != 0) {
		cairn_cnode_delete(CAIRN_PROC_CNODE,
				   sig); /* the timer has one */
		cairn_slot_free(sig);
	}
	return st;
}

/* Arm the timer for the nearest deadline, if any: a sleeper's, an
 * alarm's, a held poll's or a socket call's timeout. */
static void
arm(void)
{
	uint64_t next = poll_deadline(), now = now_ns();

	if (sock_deadline() < next) {
		next = sock_deadline();
	}
	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		if (procs[i].state == LP_RUNNING && procs[i].alarm_at != 0 &&
		    procs[i].alarm_at < next) {
			next = procs[i].alarm_at;
		}
	}

	for (int i = 0; i < MAX_SLEEPERS; i++) {
		if (sleepers[i].p != NULL && sleepers[i].until < next) {
			next = sleepers[i].until;
		}
	}
	if (next != ~0ull) {
		cairn_timer_arm(timer, TIMER_ID, next > now ? next - now : 1,
				0);
	}
}

void
sleep_tick(struct cairn_server *s)
{
	uint64_t now = now_ns();
	struct cairn_msg m = {0};

	for (int i = 0; i < MAX_SLEEPERS; i++) {
		struct sleeper *z = &sleepers[i];
		if (z->p != NULL && z->until <= now) {
			m.w[0] = 0;
			cairn_serve_answer(s, z->reply, 0, 1, &m);
			z->p = NULL;
		}
	}
	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		struct lproc *p = &procs[i];
		if (p->state == LP_RUNNING && p->alarm_at != 0 &&
		    p->alarm_at <= now) {
			p->alarm_at = p->alarm_every == 0 ? 0
				      : p->alarm_at + p->alarm_every > now
					  ? p->alarm_at + p->alarm_every
					  : now + p->alarm_every;
			sig_send(p, LX_SIGALRM, 0);
		}
	}
	sock_timeouts(now);
	poll_wake(); /* a poll's time may be up */
	arm();
}

void
sleep_rearm(void)
{
	if (timer != 0) {
		arm();
	}
}

cptr_t
sleep_cancel(struct lproc *p)
{
	for (int i = 0; i < MAX_SLEEPERS; i++) {
		struct sleeper *z = &sleepers[i];
		if (z->p == p) {
			/* nanosleep's rem: what was left (Linux's EINTR). */
			uint64_t now = now_ns();
			uint64_t left = z->until > now ? z->until - now : 0;
			if (z->rem != 0) {
				int64_t ts[2] = {
				    (int64_t)(left / 1000000000ull),
				    (int64_t)(left % 1000000000ull)};
				copy_out(p, z->rem, ts, sizeof(ts));
			}
			z->p = NULL;
			return z->reply;
		}
	}
	return 0;
}

void
sleep_forget(struct lproc *p)
{
	for (int i = 0; i < MAX_SLEEPERS; i++) {
		if (sleepers[i].p == p) {
			/* Its thread is stopped: the answer reaches nobody
			 * and gives the reply object back to the pool. */
			struct cairn_msg m = {0};
			posix_answer(sleepers[i].reply, 0, 0, &m);
			sleepers[i].p = NULL;
		}
	}
}

/* Hold p until ns from now: SYS_NO_REPLY, or -errno. */
static word_t
hold(struct lproc *p, uint64_t until, word_t rem)
{
	if (timer == 0) {
		return (word_t)-ENOSYS; /* sleep_init found no timer */
	}
	for (int i = 0; i < MAX_SLEEPERS; i++) {
		struct sleeper *z = &sleepers[i];
		if (z->p == NULL) {
			z->reply = posix_keep();
			if (z->reply == 0) {
				return (word_t)-EAGAIN;
			}
			*z = (struct sleeper){p, z->reply, until, rem};
			arm();
			return SYS_NO_REPLY;
		}
	}
	return (word_t)-EAGAIN;
}

/* The struct timespec at va, in ns: 0 or -errno. */
static int
timespec_ns(struct lproc *p, word_t va, uint64_t *ns)
{
	int64_t ts[2];

	if (copy_in(p, ts, va, sizeof(ts)) < 0) {
		return -EFAULT;
	}
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000) {
		return -EINVAL;
	}
	*ns = (uint64_t)ts[0] * 1000000000ull + (uint64_t)ts[1];
	return 0;
}

SYS(nanosleep)
{
	uint64_t ns;
	int r = timespec_ns(p, a[0], &ns);

	return r != 0 ? (word_t)r : hold(p, now_ns() + ns, a[1]);
}

SYS(clock_nanosleep)
{
	uint64_t ns;
	int r = timespec_ns(p, a[2], &ns);

	if (a[0] > LX_CLOCK_BOOTTIME || (a[1] & ~(word_t)LX_TIMER_ABSTIME)) {
		return (word_t)-EINVAL;
	}
	if (r != 0) {
		return (word_t)r;
	}
	/* Every clock counts from boot here (sys.c, now_ns). */
	return hold(p, a[1] & LX_TIMER_ABSTIME ? ns : now_ns() + ns,
		    a[1] & LX_TIMER_ABSTIME ? 0 : a[3]);
}

/* ns as a timeval (us: true) or timespec at t. */
static void
ns_time(uint64_t ns, int64_t *t, bool us)
{
	t[0] = (int64_t)(ns / 1000000000ull);
	t[1] = (int64_t)(ns % 1000000000ull / (us ? 1000 : 1));
}

/* What is left of p's alarm, in ns (0: none). */
static uint64_t
alarm_left(const struct lproc *p)
{
	uint64_t now = now_ns();

	return p->alarm_at == 0 ? 0 : p->alarm_at > now ? p->alarm_at - now : 1;
}

/* Set p's alarm to ns from now (0: none), again every period ns. */
static word_t
alarm_set(struct lproc *p, uint64_t ns, uint64_t period)
{
	if (ns != 0 && timer == 0) {
		return (word_t)-ENOSYS; /* sleep_init found no timer */
	}
	p->alarm_at = ns == 0 ? 0 : now_ns() + ns;
	p->alarm_every = ns == 0 ? 0 : period;
	arm();
	return 0;
}

SYS(alarm)
{
	uint64_t left = alarm_left(p);
	word_t r = alarm_set(p, (uint64_t)(uint32_t)a[0] * 1000000000ull, 0);

	if (r != 0) {
		return r;
	}
	/* Linux's: whole seconds, rounded to nearest, never 0 if armed. */
	word_t sec = (left + 500000000ull) / 1000000000ull;
	return left != 0 && sec == 0 ? 1 : sec;
}

/* struct itimerval: the interval, then the value, each a timeval. */
SYS(getitimer)
{
	int64_t v[4];

	if (a[0] != LX_ITIMER_REAL) {
		return a[0] <= 2 ? (word_t)-ENOSYS : (word_t)-EINVAL;
	}
	ns_time(p->alarm_every, &v[0], true);
	ns_time(alarm_left(p), &v[2], true);
	return copy_out(p, a[1], v, sizeof(v)) < 0 ? (word_t)-EFAULT : 0;
}

SYS(setitimer)
{
	int64_t v[4] = {0}, old[4];

	if (a[0] != LX_ITIMER_REAL) {
		return a[0] <= 2 ? (word_t)-ENOSYS : (word_t)-EINVAL;
	}
	if (a[1] != 0 && copy_in(p, v, a[1], sizeof(v)) < 0) {
		return (word_t)-EFAULT;
	}
	for (int i = 0; i < 4; i++) {
		if (v[i] < 0 || (i % 2 == 1 && v[i] >= 1000000)) {
			return (word_t)-EINVAL;
		}
	}
	ns_time(p->alarm_every, &old[0], true);
	ns_time(alarm_left(p), &old[2], true);
	if (a[2] != 0 && copy_out(p, a[2], old, sizeof(old)) < 0) {
		return (word_t)-EFAULT;
	}
	return alarm_set(
	    p, (uint64_t)v[2] * 1000000000ull + (uint64_t)v[3] * 1000,
	    (uint64_t)v[0] * 1000000000ull + (uint64_t)v[1] * 1000);
}
