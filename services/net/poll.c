/*
 * poll: NET_POLL, the one call that waits (proto/sock.h).  A POLL that
 * finds a socket ready, or has no time to wait, writes the revents into
 * the caller's region and is answered at once.  Otherwise its caller is
 * held here, with a copy of what it asked, until one of its sockets is
 * ready (answered with how many, nothing written: the caller asks again
 * with no timeout) or its time runs out (answered 0).  poll_wake also
 * signals the notifications of the clients that gave one (NOTIFY).
 */
#include <errno.h>
#include <string.h>

#include "net.h"
#include "sock.h"

#define NWAIT CAIRN_SERVE_POOL

static struct waiter {
	uint64_t owner; /* 0: free */
	cptr_t reply;
	uint64_t deadline_ms; /* ~0: none */
	int n;
	struct cairn_pollsock fds[SOCK_MAX];
} waiters[NWAIT];

struct cairn_server *poll_server;

/* How many of fds are ready; their revents set. */
static int
scan(uint64_t owner, struct cairn_pollsock *fds, int n)
{
	int ready = 0;

	for (int i = 0; i < n; i++) {
		const struct sock *k =
		    fds[i].sock < 0 ? NULL
				    : sock_get(owner, (word_t)fds[i].sock);
		int ev = k == NULL ? NET_POLLNVAL : sock_events(k);
		fds[i].revents = (int16_t)(ev & (fds[i].events | NET_POLLERR |
						 NET_POLLHUP | NET_POLLNVAL));
		ready += fds[i].revents != 0;
	}
	return ready;
}

static void
answer(struct cairn_server *s, struct waiter *w, word_t ready)
{
	struct cairn_msg m = {0};

	m.w[0] = ready;
	m.w[1] = 0; /* nothing written: the caller asks again */
	w->owner = 0;
	cairn_serve_answer(s, w->reply, CAIRN_OK, 2, &m);
}

word_t
poll_call(struct cairn_server *s, struct cairn_msg *m)
{
	word_t at = m->w[0], n = m->w[1], timeout = m->w[2];
	struct cairn_pollsock *fds;
	struct waiter *w = NULL;

	if (!client_attached(m->badge)) {
		return CAIRN_E_INVALID_CAP;
	}
	m->w[0] = (word_t)-EINVAL;
	if (n == 0 || n > SOCK_MAX) {
		return CAIRN_OK;
	}
	fds = client_ptr(m->badge, at, n * sizeof(*fds));
	m->w[0] = (word_t)-EFAULT;
	if (fds == NULL || (word_t)fds % 8 != 0) {
		return CAIRN_OK;
	}
	for (int i = 0; i < NWAIT && w == NULL; i++) {
		w = waiters[i].owner == 0 ? &waiters[i] : NULL;
	}
	/* The caller's array read once, into our copy (it may change). */
	static struct waiter now; /* big for the stack */
	now.n = (int)n;
	memcpy(now.fds, fds, n * sizeof(*fds));
	int ready = scan(m->badge, now.fds, now.n);
	if (ready > 0 || timeout == 0 || w == NULL) {
		for (word_t i = 0; i < n; i++) {
			fds[i].revents = now.fds[i].revents;
		}
		m->w[0] =
		    ready > 0 || timeout == 0 ? (word_t)ready : (word_t)-EAGAIN;
		m->w[1] = 1; /* the revents are written */
		return CAIRN_OK;
	}
	cptr_t reply = cairn_serve_keep(s);
	if (reply == 0) {
		m->w[0] = (word_t)-EAGAIN; /* no reply object left */
		return CAIRN_OK;
	}
	*w = now;
	w->owner = m->badge;
	w->reply = reply;
	w->deadline_ms = timeout == ~(word_t)0
			     ? ~0ull
			     : net_now_us() / 1000 + (uint64_t)timeout;
	return CAIRN_SERVE_KEPT;
}

void
poll_wake(void)
{
	if (!sock_changed) {
		return;
	}
	sock_changed = false;
	client_signal();
	for (int i = 0; i < NWAIT; i++) {
		struct waiter *w = &waiters[i];
		int ready = w->owner != 0 ? scan(w->owner, w->fds, w->n) : 0;
		if (ready > 0) {
			answer(poll_server, w, (word_t)ready);
		}
	}
}

void
poll_expire(uint64_t now_ms)
{
	for (int i = 0; i < NWAIT; i++) {
		struct waiter *w = &waiters[i];
		if (w->owner != 0 && now_ms >= w->deadline_ms) {
			answer(poll_server, w, 0);
		}
	}
}

void
poll_forget(uint64_t owner)
{
	for (int i = 0; i < NWAIT; i++) {
		if (waiters[i].owner == owner) {
			answer(poll_server, &waiters[i], (word_t)-EBADF);
		}
	}
}
