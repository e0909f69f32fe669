/*
 * sock: sockets as open files (sock.h), the calls that make, connect
 * and end them, and the calls held on them.  A call that would wait on a
 * blocking socket is held: its reply kept with its arguments, and made
 * again whenever the net service signals (a socket may have become
 * ready) or the 1 s tick comes, until it answers.  A held call has moved
 * nothing (a send that moved bytes answers how many), so a signal may
 * end it with EINTR or make it again from the start (SA_RESTART).
 */
#include <fcntl.h>
#include <string.h>

#include "sock.h"
#include "sysdefs.h"

struct psock psocks[OPEN_FILES];

/* Held calls, one a process at most: its fn and arguments. */
static struct held {
	struct lproc *p; /* NULL: free */
	cptr_t reply;
	sock_fn fn;
	word_t a[6];
	uint64_t until; /* the socket's timeout ends it then; 0: never */
	word_t late;	/* its answer then */
} helds[POSIX_MAX_PROCS];

static bool sigpipe; /* the call being made met a closed connection */

struct psock *
sock_file(const struct ofile *f)
{
	return &psocks[f->h];
}

struct psock *
sock_of(struct lproc *p, word_t fd, struct ofile **f, long *err)
{
	*f = fd_get(p, fd);
	if (*f == NULL || (*f)->kind != OF_SOCKET) {
		*err = *f == NULL ? -EBADF : -ENOTSOCK;
		return NULL;
	}
	return sock_file(*f);
}

void
sock_sigpipe(void)
{
	sigpipe = true;
}

/* Answer p's held call h with r. */
static void
answer(struct held *h, word_t r)
{
	struct cairn_msg m = {0};
	struct lproc *p = h->p;
	bool pipe = sigpipe;

	m.w[0] = r;
	h->p = NULL;
	sigpipe = false;
	posix_answer(h->reply, 0, 1, &m);
	if (pipe) {
		sig_send(p, LX_SIGPIPE, 0);
	}
}

word_t
sock_run(struct lproc *p, const word_t *a, sock_fn fn, bool out, word_t late)
{
	struct held *h = &helds[p - procs];
	struct ofile *f;
	long err;

	sigpipe = false;
	word_t r = fn(p, a);
	if (sigpipe) {
		sigpipe = false;
		sig_send(p, LX_SIGPIPE, 0); /* at the answer: p is current */
	}
	if (r != SOCK_WAIT) {
		return r;
	}
	if ((h->reply = posix_keep()) == 0) {
		return (word_t)-EAGAIN; /* no reply object left */
	}
	h->p = p;
	h->fn = fn;
	memcpy(h->a, a, sizeof(h->a));
	const struct psock *k = sock_of(p, a[0], &f, &err);
	h->until =
	    k != NULL && k->timeo[out] != 0 ? now_ns() + k->timeo[out] : 0;
	h->late = late;
	if (h->until != 0) {
		sleep_rearm();
	}
	if (k == NULL || k->family == LX_AF_INET) {
		netc_tick_on(); /* to find a service that restarted */
	}
	return SYS_NO_REPLY;
}

uint64_t
sock_deadline(void)
{
	uint64_t next = ~0ull;

	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		if (helds[i].p != NULL && helds[i].until != 0 &&
		    helds[i].until < next) {
			next = helds[i].until;
		}
	}
	return next;
}

void
sock_timeouts(uint64_t now)
{
	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		struct held *h = &helds[i];
		if (h->p != NULL && h->until != 0 && h->until <= now) {
			answer(h, h->late);
		}
	}
}

/* The net service signalled, or the tick came (AF_INET), or an AF_UNIX
 * socket moved: the held calls on that family's sockets made again, and
 * poll's. */
void
sock_wake(int family)
{
	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		struct held *h = &helds[i];
		struct ofile *f;
		long err;
		const struct psock *k =
		    h->p != NULL ? sock_of(h->p, h->a[0], &f, &err) : NULL;
		if (h->p == NULL || (k != NULL && k->family != family)) {
			continue; /* (one whose socket went: its answer) */
		}
		sigpipe = false;
		word_t r = h->fn(h->p, h->a);
		if (r != SOCK_WAIT) {
			answer(h, r);
		}
	}
	sigpipe = false;
	poll_wake();
}

cptr_t
sock_cancel(struct lproc *p)
{
	struct held *h = &helds[p - procs];

	if (h->p != p) {
		return 0;
	}
	h->p = NULL;
	return h->reply;
}

void
sock_forget(struct lproc *p)
{
	cptr_t reply = sock_cancel(p);

	if (reply != 0) {
		/* It is stopped: the answer reaches nobody and gives the
		 * reply object back to the pool. */
		struct cairn_msg m = {0};
		posix_answer(reply, 0, 0, &m);
	}
}

struct psock *
psock_new(void)
{
	for (int i = 0; i < OPEN_FILES; i++) {
		if (!psocks[i].used) {
			psocks[i] = (struct psock){.used = true,
						   .family = LX_AF_INET,
						   .rcvbuf = 131072,
						   .sndbuf = 16384,
						   .u = {.rx = -1,
							 .tx = -1,
							 .listener = -1,
							 .cred = {0, -1, -1}}};
			return &psocks[i];
		}
	}
	return NULL;
}

/* Let socket k go: the service's, or its connection (AF_UNIX). */
static void
psock_end(struct psock *k)
{
	if (k->family == LX_AF_UNIX) {
		unix_close(k);
	} else if (k->gen == netc_gen()) {
		word_t w[3] = {0, 0, 0};
		netc_call(NET_CLOSE, 1, w, k);
	}
	k->used = false;
}

long
psock_install(struct lproc *p, struct psock *k, word_t flags)
{
	struct ofile *f =
	    ofile_new(OF_SOCKET, (int)(k - psocks),
		      O_RDWR | (flags & LX_SOCK_NONBLOCK ? O_NONBLOCK : 0));

	if (f == NULL) {
		psock_end(k);
		return -ENFILE;
	}
	long fd = fd_install(p, f, 0, flags & LX_SOCK_CLOEXEC);
	if (fd < 0) {
		ofile_put(f); /* closes it */
	}
	return fd;
}

/* Is one of p's descriptors free? */
static bool
fd_free(const struct lproc *p)
{
	for (int i = 0; i < POSIX_MAX_FDS; i++) {
		if (p->fd[i] == NULL) {
			return true;
		}
	}
	return false;
}

/*
 * A descriptor of p's for the service's socket sid (of type, from the
 * service's life gen), with flags (SOCK_NONBLOCK, SOCK_CLOEXEC): it, or
 * -errno with the service's socket closed.  like: a socket whose options
 * it takes (accept's listener), or NULL.
 */
static long
sock_install(struct lproc *p, long sid, int type, unsigned gen, word_t flags,
	     const struct psock *like)
{
	struct psock *k = psock_new();

	if (k == NULL) {
		word_t w[3] = {(word_t)sid, 0, 0};
		netc_call(NET_CLOSE, 1, w, NULL);
		return -ENFILE;
	}
	if (like != NULL) {
		*k = *like;
	}
	k->sid = (int)sid;
	k->gen = gen;
	k->type = type;
	k->connected = like != NULL;
	k->connecting = false;
	k->listening = false;
	return psock_install(p, k, flags);
}

#define UNIX_TYPE 0x100 /* net_type's: AF_UNIX's, plus its SOCK_ type */

/* Linux's socket(2) checks, in its order: the service's type, UNIX_TYPE,
 * or -errno. */
static int
net_type(word_t family, word_t type, word_t protocol)
{
	word_t base = type & LX_SOCK_TYPE_MASK;

	if (family >= LX_AF_MAX) {
		return -EAFNOSUPPORT;
	}
	if (base >= LX_SOCK_TYPE_MAX ||
	    (type & ~(word_t)LX_SOCK_TYPE_MASK &
	     ~(word_t)(LX_SOCK_NONBLOCK | LX_SOCK_CLOEXEC)) != 0) {
		return -EINVAL;
	}
	if (family == LX_AF_UNIX) {
		if (protocol != 0 && protocol != LX_AF_UNIX) {
			return -EPROTONOSUPPORT;
		}
		if (base == LX_SOCK_RAW) {
			return UNIX_TYPE +
			       LX_SOCK_DGRAM; /* as Linux takes it */
		}
		return base == LX_SOCK_STREAM || base == LX_SOCK_DGRAM ||
			       base == LX_SOCK_SEQPACKET
			   ? UNIX_TYPE + (int)base
			   : -LX_ESOCKTNOSUPPORT;
	}
	if (family != LX_AF_INET) {
		return -EAFNOSUPPORT; /* AF_INET6...: none here */
	}
	if (base == LX_SOCK_STREAM &&
	    (protocol == LX_IPPROTO_IP || protocol == LX_IPPROTO_TCP)) {
		return NET_TCP;
	}
	if (base == LX_SOCK_DGRAM &&
	    (protocol == LX_IPPROTO_IP || protocol == LX_IPPROTO_UDP)) {
		return NET_UDP;
	}
	return base == LX_SOCK_STREAM || base == LX_SOCK_DGRAM ||
		       base == LX_SOCK_RAW
		   ? -EPROTONOSUPPORT
		   : -LX_ESOCKTNOSUPPORT;
}

SYS(socket)
{
	word_t flags = (uint32_t)a[1] & (LX_SOCK_NONBLOCK | LX_SOCK_CLOEXEC);
	int type = net_type((uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2]);

	if (type < 0) {
		return (word_t)(long)type;
	}
	if (!fd_free(p)) {
		return (word_t)-EMFILE;
	}
	if (type >= UNIX_TYPE) {
		return unix_socket(p, (word_t)(type - UNIX_TYPE), flags);
	}
	word_t w[3] = {(word_t)type, 0, 0};
	long sid = netc_call(NET_SOCKET, 1, w, NULL);
	if (sid < 0) {
		return (word_t)sid;
	}
	return (word_t)sock_install(p, sid, type, netc_gen(), flags, NULL);
}

SYS(socketpair)
{
	word_t flags = (uint32_t)a[1] & (LX_SOCK_NONBLOCK | LX_SOCK_CLOEXEC);
	int type = net_type((uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2]);

	if (type >= UNIX_TYPE) {
		return unix_socketpair(p, (word_t)(type - UNIX_TYPE), flags,
				       a[3]);
	}
	/* AF_INET has no pairs. */
	return type < 0 ? (word_t)(long)type : (word_t)-EOPNOTSUPP;
}

SYS(bind)
{
	struct ofile *f;
	long err;
	uint32_t addr;
	uint16_t port;
	struct psock *k = sock_of(p, a[0], &f, &err);

	if (k == NULL) {
		return (word_t)err;
	}
	if (k->family == LX_AF_UNIX) {
		return unix_bind(p, k, a[1], (uint32_t)a[2]);
	}
	if ((err = sockaddr_get(p, a[1], (uint32_t)a[2], &addr, &port)) != 0) {
		return (word_t)err;
	}
	word_t w[3] = {0, addr, port};
	return (word_t)netc_call(NET_BIND, 3, w, k);
}

SYS(listen)
{
	struct ofile *f;
	long err;
	struct psock *k = sock_of(p, a[0], &f, &err);
	int backlog = (int)a[1];

	if (k == NULL) {
		return (word_t)err;
	}
	if (k->family == LX_AF_UNIX) {
		return unix_listen(p, k, backlog);
	}
	word_t w[3] = {0, (word_t)(backlog < 1 ? 1 : backlog), 0};
	long r = netc_call(NET_LISTEN, 2, w, k);
	k->listening |= r == 0;
	return (word_t)r;
}

/* accept4(fd, addr, addrlen, flags): waits for a connection. */
static word_t
accept_fn(struct lproc *p, const word_t *a)
{
	struct ofile *f;
	long err;
	struct psock *k = sock_of(p, a[0], &f, &err);
	word_t flags = (uint32_t)a[3];

	if (flags & ~(word_t)(LX_SOCK_NONBLOCK | LX_SOCK_CLOEXEC)) {
		return (word_t)-EINVAL;
	}
	if (k == NULL) {
		return (word_t)err;
	}
	/* Checked first: a connection taken is not given back. */
	int r = sockaddr_can(p, a[1], a[2]);
	if (r != 0) {
		return (word_t)(long)r;
	}
	if (!fd_free(p)) {
		return (word_t)-EMFILE;
	}
	if (k->family == LX_AF_UNIX) {
		return unix_accept(p, f, k, a);
	}
	word_t w[3] = {0, 0, 0};
	long sid = netc_call(NET_ACCEPT, 1, w, k);
	if (sid == -EAGAIN) {
		return f->flags & O_NONBLOCK ? (word_t)-EAGAIN : SOCK_WAIT;
	}
	if (sid < 0) {
		return (word_t)sid;
	}
	long fd = sock_install(p, sid, NET_TCP, netc_gen(), flags, k);
	if (fd >= 0 && a[1] != 0 &&
	    sockaddr_put(p, a[1], a[2], (uint32_t)w[1], (uint16_t)w[2]) != 0) {
		fd = -EFAULT; /* out of memory for a copy: the fd stays */
	}
	return (word_t)fd;
}

SYS(accept4)
{
	return sock_run(p, a, accept_fn, false, (word_t)-EAGAIN);
}

SYS(accept)
{
	const word_t b[6] = {a[0], a[1], a[2], 0, 0, 0};

	return sock_run(p, b, accept_fn, false, (word_t)-EAGAIN);
}

/*
 * connect(fd, addr, len).  TCP: the service answers EINPROGRESS, and
 * then EALREADY until the connection is made (EISCONN) or has failed
 * (its error).  A blocking connect waits for that; a nonblocking one
 * answers EINPROGRESS, and its next connect 0 once made, as Linux's.
 */
static word_t
connect_fn(struct lproc *p, const word_t *a)
{
	struct ofile *f;
	long err;
	uint32_t addr;
	uint16_t port;
	struct psock *k = sock_of(p, a[0], &f, &err);

	if (k == NULL) {
		return (word_t)err;
	}
	if (k->family == LX_AF_UNIX) {
		return unix_connect(p, f, k, a[1], (uint32_t)a[2]);
	}
	if ((err = sockaddr_get(p, a[1], (uint32_t)a[2], &addr, &port)) != 0) {
		return (word_t)err;
	}
	if (k->type == NET_TCP && port == 0) {
		return (word_t)-ECONNREFUSED; /* nobody listens on port 0 */
	}
	word_t w[3] = {0, sock_dest(addr), port};
	long r = netc_call(NET_CONNECT, 3, w, k);
	bool nonblock = f->flags & O_NONBLOCK;
	if (r == -EINPROGRESS || (r == -EALREADY && k->connecting)) {
		bool first = r == -EINPROGRESS;
		k->connecting = true;
		if (!nonblock) {
			return SOCK_WAIT;
		}
		return (word_t)(first ? -EINPROGRESS : -EALREADY);
	}
	if (k->connecting) {
		k->connecting = false;
		r = r == -EISCONN ? 0 : r; /* the first to see it made */
	}
	k->connected |= r == 0;
	return (word_t)r;
}

SYS(connect)
{
	return sock_run(p, a, connect_fn, true, (word_t)-EINPROGRESS);
}

SYS(shutdown)
{
	struct ofile *f;
	long err;
	struct psock *k = sock_of(p, a[0], &f, &err);

	if (k == NULL) {
		return (word_t)err;
	}
	if (k->family == LX_AF_UNIX) {
		return unix_shutdown(k, (uint32_t)a[1]);
	}
	word_t w[3] = {0, (uint32_t)a[1], 0};
	return (word_t)netc_call(NET_SHUTDOWN, 2, w, k);
}

void
sock_close(struct ofile *f)
{
	psock_end(sock_file(f));
}

int
sock_revents(struct ofile *f, int events)
{
	struct psock *k = sock_file(f);
	const int always = NET_POLLERR | NET_POLLHUP;

	if (k->family == LX_AF_UNIX) {
		return unix_revents(k) & (events | always);
	}
	if (k->gen != netc_gen()) {
		/* Gone with the service: the next call says why. */
		return always | (events & (NET_POLLIN | NET_POLLOUT));
	}
	struct cairn_pollsock *e = netc_pollent();
	*e = (struct cairn_pollsock){k->sid, (int16_t)events, 0};
	word_t w[3] = {(word_t)e, 1, 0};
	long r = netc_call(NET_POLL, 3, w, NULL);
	if (r < 0 || k->gen != netc_gen()) {
		return always | (events & (NET_POLLIN | NET_POLLOUT));
	}
	return e->revents & (events | always);
}
