/*
 * poll: poll, ppoll, select and pselect6 over pipes, the console,
 * sockets and the disk's files (always ready, as on Linux).  A call that finds
 * nothing ready and has time to wait is held here (its reply kept) with its
 * arguments; poll_wake looks at the held calls again whenever something
 * they could wait for moves (a pipe, console input, the net service's
 * signal, the timer), and
 * answers those now ready or out of time.  ppoll and pselect6 wait with
 * the mask they are given, as rt_sigsuspend does; a signal with a
 * handler ends the wait with EINTR (never made again, as on Linux).
 */
#include "files.h"
#include "sysdefs.h"

#define LX_POLLIN     0x001
#define LX_POLLPRI    0x002
#define LX_POLLOUT    0x004
#define LX_POLLERR    0x008
#define LX_POLLHUP    0x010
#define LX_POLLNVAL   0x020
#define LX_POLLRDNORM 0x040
#define LX_POLLWRNORM 0x100
#define FD_SETSIZE    1024
#define NO_DEADLINE   (~0ull)

/* select's sets, as Linux reads them: what counts as each. */
#define SEL_IN	(LX_POLLIN | LX_POLLHUP | LX_POLLERR)
#define SEL_OUT (LX_POLLOUT | LX_POLLERR)
#define SEL_EX	LX_POLLPRI

struct lx_pollfd {
	int32_t fd;
	int16_t events, revents;
};

/* A held call: who, its reply, what it asked, until when. */
static struct poller {
	struct lproc *p; /* NULL: free */
	cptr_t reply;
	bool select;
	word_t a[3];	   /* poll: fds, n; select: n, sets... below */
	word_t sets[3];	   /* select's read, write, except sets (va) */
	word_t time_va;	   /* select's timeval or pselect's timespec */
	bool timespec;	   /* pselect6: time_va is a timespec */
	uint64_t deadline; /* ns since boot, or NO_DEADLINE */
	bool masked;	   /* waits with its own mask (p->suspend_mask) */
} pollers[POSIX_MAX_PROCS];

/* The events f has now. */
static int
revents(struct ofile *f)
{
	switch (f->kind) {
	case OF_PIPE:
		return pipe_revents(f);
	case OF_CONSOLE:
		return LX_POLLOUT | (tty_readable() ? LX_POLLIN : 0);
	case OF_SOCKET:
		return sock_revents(f, LX_POLLIN | LX_POLLOUT | LX_POLLPRI);
	default:
		return LX_POLLIN | LX_POLLOUT; /* files never wait */
	}
}

/* poll's pass over the array at va (n entries): how many are ready, or
 * -EFAULT; revents written only if write or some are ready. */
static long
poll_pass(struct lproc *p, word_t va, word_t n, bool write)
{
	struct lx_pollfd pf[POSIX_MAX_FDS];
	long ready = 0;

	if (copy_in(p, pf, va, n * sizeof(pf[0])) < 0) {
		return -EFAULT;
	}
	for (word_t i = 0; i < n; i++) {
		struct ofile *f =
		    pf[i].fd < 0 ? NULL : fd_get(p, (word_t)pf[i].fd);
		int ev = pf[i].fd < 0 ? 0
			 : f == NULL  ? LX_POLLNVAL
				      : revents(f);
		int want = pf[i].events | LX_POLLERR | LX_POLLHUP | LX_POLLNVAL;
		if (ev & LX_POLLIN) {
			ev |= LX_POLLRDNORM;
		}
		if (ev & LX_POLLOUT) {
			ev |= LX_POLLWRNORM;
		}
		pf[i].revents = (int16_t)(ev & want);
		ready += pf[i].revents != 0;
	}
	if ((write || ready > 0) &&
	    copy_out(p, va, pf, n * sizeof(pf[0])) < 0) {
		return -EFAULT;
	}
	return ready;
}

/* select's pass over the sets at sets[] (nfds bits each; 0: none): how
 * many bits are set, or -errno; the sets written only if write or some
 * are set. */
static long
select_pass(struct lproc *p, word_t nfds, const word_t *sets, bool write)
{
	static const int want[3] = {SEL_IN, SEL_OUT, SEL_EX};
	uint64_t in[3] = {0}, out[3] = {0};
	word_t words = (nfds + 63) / 64, bytes = (nfds + 7) / 8;
	long ready = 0;

	for (int k = 0; k < 3; k++) {
		if (sets[k] != 0 && words > 0) {
			/* Bits past our descriptors must be 0 (EBADF). */
			uint64_t buf[FD_SETSIZE / 64] = {0};
			if (copy_in(p, buf, sets[k], bytes) < 0) {
				return -EFAULT;
			}
			for (word_t w = 1; w < words; w++) {
				if (buf[w] != 0) {
					return -EBADF;
				}
			}
			in[k] = buf[0];
		}
	}
	for (word_t fd = 0; fd < nfds && fd < 64; fd++) {
		uint64_t bit = 1ull << fd;
		if (!((in[0] | in[1] | in[2]) & bit)) {
			continue;
		}
		struct ofile *f = fd_get(p, fd);
		if (f == NULL) {
			return -EBADF;
		}
		int ev = revents(f);
		for (int k = 0; k < 3; k++) {
			if ((in[k] & bit) && (ev & want[k])) {
				out[k] |= bit;
				ready++;
			}
		}
	}
	if (write || ready > 0) {
		for (int k = 0; k < 3; k++) {
			if (sets[k] != 0 && words > 0 &&
			    copy_out(p, sets[k], &out[k],
				     bytes < 8 ? bytes : 8) < 0) {
				return -EFAULT;
			}
		}
	}
	return ready;
}

/* What is left of a deadline, written back to select's timeval or
 * pselect6's timespec, as Linux does. */
static void
time_left(struct lproc *p, const struct poller *w)
{
	uint64_t now = now_ns();
	uint64_t left = w->deadline > now ? w->deadline - now : 0;
	int64_t t[2] = {(int64_t)(left / 1000000000ull),
			(int64_t)(left % 1000000000ull)};

	if (w->time_va == 0 || w->deadline == NO_DEADLINE) {
		return;
	}
	if (!w->timespec) {
		t[1] /= 1000;
	}
	copy_out(p, w->time_va, t, sizeof(t));
}

/* One pass of w's call: its answer, or SYS_NO_REPLY to wait on. */
static word_t
pass(struct poller *w, bool last)
{
	long r = w->select ? select_pass(w->p, w->a[0], w->sets, last)
			   : poll_pass(w->p, w->a[0], w->a[1], last);

	if (r == 0 && !last) {
		return SYS_NO_REPLY;
	}
	if (w->select && r >= 0) {
		time_left(w->p, w);
	}
	return (word_t)r;
}

/* w's call is answered: the mask it waited with goes. */
static void
done(struct poller *w)
{
	if (w->masked && w->p->suspended) {
		w->p->sig_blocked = w->p->suspend_mask;
		w->p->suspended = false;
	}
	w->p = NULL;
}

/* Run w's call for the first time: its answer, or SYS_NO_REPLY (held). */
static word_t
start(struct poller *w)
{
	word_t r = pass(w, w->deadline <= now_ns());

	if (r != SYS_NO_REPLY) {
		done(w);
		return r;
	}
	if (sig_waiting(w->p)) {
		/* One its own mask lets in: its handler runs with the
		 * mask it had back (p->suspended: the frame keeps it). */
		w->p = NULL;
		return (word_t)-EINTR;
	}
	w->reply = posix_keep();
	if (w->reply == 0) {
		done(w);
		return (word_t)-EAGAIN;
	}
	sleep_rearm();
	return SYS_NO_REPLY; /* w->p stays: held */
}

void
poll_wake(void)
{
	uint64_t now = now_ns();

	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		struct poller *w = &pollers[i];
		if (w->p == NULL || w->p == posix_current) {
			continue;
		}
		word_t r = pass(w, w->deadline <= now);
		if (r != SYS_NO_REPLY) {
			struct cairn_msg m = {0};
			m.w[0] = r;
			posix_answer(w->reply, 0, 1, &m);
			done(w);
		}
	}
}

uint64_t
poll_deadline(void)
{
	uint64_t next = NO_DEADLINE;

	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		if (pollers[i].p != NULL && pollers[i].deadline < next) {
			next = pollers[i].deadline;
		}
	}
	return next;
}

cptr_t
poll_cancel(struct lproc *p)
{
	struct poller *w = &pollers[p - procs];

	if (w->p != p) {
		return 0;
	}
	cptr_t r = w->reply;
	w->p = NULL; /* the mask it waited with is the frame's to keep */
	return r;
}

/* A wait of ns from now (NO_DEADLINE: for ever) as a deadline. */
static uint64_t
deadline_in(uint64_t ns)
{
	return ns == NO_DEADLINE ? NO_DEADLINE : now_ns() + ns;
}

/* The timespec (or timeval: us) at va as ns: 0 or -errno; va 0 is for
 * ever. */
static int
timeout_at(struct lproc *p, word_t va, bool us, uint64_t *ns)
{
	int64_t t[2];

	*ns = NO_DEADLINE;
	if (va == 0) {
		return 0;
	}
	if (copy_in(p, t, va, sizeof(t)) < 0) {
		return -EFAULT;
	}
	if (t[0] < 0 || t[1] < 0 || (!us && t[1] >= 1000000000)) {
		return -EINVAL;
	}
	uint64_t sec = (uint64_t)t[0], frac = (uint64_t)t[1];
	if (us) { /* Linux carries whole seconds of a timeval's us */
		sec += frac / 1000000;
		frac = frac % 1000000 * 1000;
	}
	/* Past some 30 years is for ever. */
	*ns = sec > 1000000000ull ? NO_DEADLINE : sec * 1000000000ull + frac;
	return 0;
}

/* ppoll's and pselect6's mask, at mask_va (sigsetsize size): wait with
 * it (as rt_sigsuspend does); 0 or -errno. */
static int
wait_mask(struct lproc *p, struct poller *w, word_t mask_va, word_t size)
{
	uint64_t set;

	if (mask_va == 0) {
		return 0;
	}
	if (size != 8) {
		return -EINVAL;
	}
	if (copy_in(p, &set, mask_va, sizeof(set)) < 0) {
		return -EFAULT;
	}
	p->suspend_mask = p->sig_blocked;
	p->suspended = true;
	p->sig_blocked =
	    set & ~((1ull << (LX_SIGKILL - 1)) | (1ull << (LX_SIGSTOP - 1)));
	w->masked = true;
	return 0;
}

/* Start poll's call: the array at a0, n a1, deadline. */
static word_t
poll_start(struct lproc *p, struct poller *w, word_t va, word_t n)
{
	if (n > POSIX_MAX_FDS ||
	    !mem_can(p, va, n * sizeof(struct lx_pollfd), true)) {
		done(w);
		return (word_t)(n > POSIX_MAX_FDS ? -EINVAL /* RLIMIT_NOFILE */
						  : -EFAULT);
	}
	w->select = false;
	w->a[0] = va;
	w->a[1] = n;
	return start(w);
}

SYS(poll)
{
	struct poller *w = &pollers[p - procs];
	int32_t ms = (int32_t)a[2];

	*w = (struct poller){.p = p};
	w->deadline =
	    deadline_in(ms < 0 ? NO_DEADLINE : (uint64_t)ms * 1000000ull);
	return poll_start(p, w, a[0], a[1]);
}

SYS(ppoll)
{
	struct poller *w = &pollers[p - procs];
	uint64_t ns;
	int err = timeout_at(p, a[2], false, &ns);

	*w = (struct poller){.p = p};
	if (err == 0) {
		w->deadline = deadline_in(ns);
		err = wait_mask(p, w, a[3], a[4]);
	}
	if (err != 0) {
		done(w);
		return (word_t)err;
	}
	return poll_start(p, w, a[0], a[1]);
}

/* select and pselect6: n, the three sets, and the time at time_va. */
static word_t
select_start(struct poller *w, const word_t *a)
{
	if ((int32_t)a[0] < 0) {
		done(w);
		return (word_t)-EINVAL;
	}
	w->select = true;
	w->a[0] = (uint32_t)a[0] > FD_SETSIZE ? FD_SETSIZE : (uint32_t)a[0];
	w->sets[0] = a[1];
	w->sets[1] = a[2];
	w->sets[2] = a[3];
	return start(w);
}

SYS(select)
{
	struct poller *w = &pollers[p - procs];
	uint64_t ns;
	int err = timeout_at(p, a[4], true, &ns);

	if (err != 0) {
		return (word_t)err;
	}
	*w = (struct poller){.p = p, .time_va = a[4]};
	w->deadline = deadline_in(ns);
	return select_start(w, a);
}

SYS(pselect6)
{
	struct poller *w = &pollers[p - procs];
	uint64_t ns;
	word_t sig[2] = {0, 0}; /* the mask's address and size */
	int err = timeout_at(p, a[4], false, &ns);

	if (err == 0 && a[5] != 0 && copy_in(p, sig, a[5], sizeof(sig)) < 0) {
		err = -EFAULT;
	}
	*w = (struct poller){.p = p, .time_va = a[4], .timespec = true};
	if (err == 0) {
		w->deadline = deadline_in(ns);
		err = wait_mask(p, w, sig[0], sig[1]);
	}
	if (err != 0) {
		done(w);
		return (word_t)err;
	}
	return select_start(w, a);
}
