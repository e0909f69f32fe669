/*
 * poll: Linux's poll, as far as the console needs it.  The console is
 * readable when tty_readable says so; every other file is always ready
 * (a pipe too, for now: a read of an empty one then waits in read).  A
 * poll that finds nothing ready waits, held as a read is, until console
 * input comes or its time is up: ttyin.c calls poll_wake when either
 * may have happened, and arms its timer for poll_deadline.
 */
#include "files.h"
#include "sysdefs.h"
#include "tty.h"

#define LX_POLLIN     0x001
#define LX_POLLPRI    0x002
#define LX_POLLOUT    0x004
#define LX_POLLNVAL   0x020
#define LX_POLLRDNORM 0x040
#define LX_POLLWRNORM 0x100

struct lx_pollfd {
	int32_t fd;
	int16_t events, revents;
};

static struct held_poll {
	struct lproc *p; /* NULL: free */
	cptr_t reply;
	word_t va, n;
	uint64_t until; /* ns since boot; ~0: for ever */
} held[POSIX_MAX_PROCS];

/* What fd is ready for, of what events asks. */
static int16_t
ready(struct lproc *p, int32_t fd, int16_t events)
{
	struct ofile *f = fd >= 0 ? fd_get(p, (word_t)fd) : NULL;
	int16_t in = LX_POLLIN | LX_POLLRDNORM;
	int16_t out = LX_POLLOUT | LX_POLLWRNORM;

	if (fd < 0) {
		return 0;
	}
	if (f == NULL) {
		return LX_POLLNVAL;
	}
	if (f->kind == OF_CONSOLE && !tty_readable()) {
		in = 0;
	}
	return (int16_t)(events & (in | out));
}

/*
 * Look at p's n pollfds at va once, writing their revents back: how
 * many are ready, or -errno.
 */
static long
scan(struct lproc *p, word_t va, word_t n)
{
	static struct lx_pollfd fds[POSIX_MAX_FDS];
	long hits = 0;

	if (copy_in(p, fds, va, n * sizeof(fds[0])) < 0) {
		return -EFAULT;
	}
	for (word_t i = 0; i < n; i++) {
		fds[i].revents = ready(p, fds[i].fd, fds[i].events);
		hits += fds[i].revents != 0;
	}
	return copy_out(p, va, fds, n * sizeof(fds[0])) < 0 ? -EFAULT : hits;
}

SYS(poll)
{
	word_t n = (uint32_t)a[1];
	int32_t ms = (int32_t)a[2];

	if (n > POSIX_MAX_FDS) {
		return (word_t)-EINVAL;
	}
	long r = scan(p, a[0], n);
	if (r != 0 || ms == 0) {
		return (word_t)r;
	}
	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		struct held_poll *h = &held[i];
		if (h->p == NULL) {
			h->reply = posix_keep();
			if (h->reply == 0) {
				return (word_t)-EAGAIN;
			}
			h->p = p;
			h->va = a[0];
			h->n = n;
			h->until =
			    ms < 0 ? ~0ull : now_ns() + (uint64_t)ms * 1000000;
			tty_schedule(); /* its timer, for the deadline */
			return SYS_NO_REPLY;
		}
	}
	return (word_t)-EAGAIN;
}

void
poll_wake(void)
{
	uint64_t now = now_ns();

	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		struct held_poll *h = &held[i];
		if (h->p == NULL) {
			continue;
		}
		long r = scan(h->p, h->va, h->n);
		if (r != 0 || now >= h->until) {
			struct cairn_msg m = {0};
			m.w[0] = (word_t)r;
			posix_answer(h->reply, 0, 1, &m);
			h->p = NULL;
		}
	}
}

uint64_t
poll_deadline(void)
{
	uint64_t next = ~0ull;

	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		if (held[i].p != NULL && held[i].until < next) {
			next = held[i].until;
		}
	}
	return next;
}

cptr_t
poll_cancel(struct lproc *p)
{
	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		if (held[i].p == p) {
			held[i].p = NULL;
			return held[i].reply;
		}
	}
	return 0;
}
