/*
 * unixio: the bytes of AF_UNIX sockets (unix.c has their names and
 * connections).  A stream's go through its pipes as a pipe's do, each
 * buffer in turn; a datagram's or packet's as one message each
 * (pipe_put, pipe_take) whose header is the sender's name, so that a
 * receive gives it.  A datagram goes to the socket its address names
 * (or the one connect named, found again each time), into that socket's
 * own pipe; a message longer than a pipe holds is EMSGSIZE.
 */
#include <fcntl.h>
#include <string.h>

#include "sock.h"
#include "sysdefs.h"

static bool
framed(const struct psock *k)
{
	return k->u.type != LX_SOCK_STREAM;
}

/* A stream's bytes through pipe i, each buffer of v in turn until one
 * moves fewer than it holds (a peek: one buffer's worth): bytes, or
 * what the first move answered (0 at the end, -errno, SYS_NO_REPLY). */
static word_t
stream(struct lproc *p, int i, const struct iov_set *v, bool out, bool peek)
{
	word_t done = 0, r = 0;

	for (word_t b = 0; b < v->n; b++) {
		if (v->v[b].len == 0) {
			continue;
		}
		r = pipe_move(i, p, v->v[b].base, v->v[b].len, out, peek);
		if (r == SYS_NO_REPLY || (long)r <= 0) {
			break;
		}
		done += r;
		if (r < v->v[b].len || peek) {
			break;
		}
	}
	return done > 0 || v->total == 0 ? done : r;
}

/* The pipe a datagram of k's goes into: that of the socket named at va
 * (len bytes; 0: connect's, or the pair's peer), or -errno. */
static int
dgram_to(struct lproc *p, struct psock *k, word_t va, word_t len)
{
	char name[UNIX_PATH];
	uint8_t n = k->u.plen;
	long err;

	if (len != 0) {
		if ((err = unix_addr_in(p, va, len, name, &n)) != 0) {
			return (int)err;
		}
		if (n == 0) {
			return -EINVAL;
		}
	} else if (k->u.tx >= 0) {
		return k->u.tx;
	} else if (n == 0) {
		return -ENOTCONN;
	} else {
		memcpy(name, k->u.peer, n);
	}
	struct psock *t = unix_find(p, name, n, &err);
	if (t == NULL && len == 0) {
		k->u.plen = 0; /* connect's peer is gone: forgotten */
		return -ECONNREFUSED;
	}
	if (t == NULL) {
		return (int)err;
	}
	if (t->u.type != LX_SOCK_DGRAM) {
		return -EPROTOTYPE;
	}
	return t->u.rx >= 0 ? t->u.rx : -ECONNREFUSED;
}

word_t
unix_send(struct lproc *p, struct ofile *f, struct psock *k,
	  const struct iov_set *v, word_t flags, word_t name, word_t namelen)
{
	bool nonblock = (f->flags & O_NONBLOCK) || (flags & LX_MSG_DONTWAIT);
	word_t r;

	if (flags & LX_MSG_OOB) {
		return (word_t)-EOPNOTSUPP;
	}
	if (k->u.type == LX_SOCK_DGRAM) {
		int to = dgram_to(p, k, name, namelen);
		r = to < 0 ? (word_t)(long)to
			   : pipe_put(to, p, k->u.name, k->u.len, v->v, v->n,
				      v->total);
		r = r == (word_t)-EPIPE ? (word_t)-ECONNREFUSED : r;
	} else if (namelen != 0) {
		/* A connection's destination is its peer, as Linux's. */
		r = (word_t)(k->u.tx >= 0 ? -EISCONN : -EOPNOTSUPP);
	} else if (k->u.tx < 0) {
		r = (word_t)-ENOTCONN;
	} else if (k->u.shut & USHUT_WR) {
		r = (word_t)-EPIPE;
	} else if (framed(k)) {
		r = pipe_put(k->u.tx, p, k->u.name, k->u.len, v->v, v->n,
			     v->total);
	} else {
		r = stream(p, k->u.tx, v, true, false);
	}
	if (r == SYS_NO_REPLY) {
		return nonblock ? (word_t)-EAGAIN : SOCK_WAIT;
	}
	if (r == (word_t)-EPIPE && !(flags & LX_MSG_NOSIGNAL)) {
		sock_sigpipe();
	}
	if ((long)r > 0) {
		unix_stirred = true;
	}
	return r;
}

/* A message from k's rx into v: its bytes (MSG_TRUNC: its whole
 * length), the sender's name to name and lenva; 0 at the end, -errno, or
 * SYS_NO_REPLY. */
static word_t
message(struct lproc *p, struct psock *k, const struct iov_set *v, word_t flags,
	word_t name, word_t lenva, int *mflags)
{
	char from[UNIX_PATH];
	uint32_t flen = 0;
	word_t whole;
	struct pipe_state in;

	pipe_state(k->u.rx, &in);
	if (in.len == 0 && k->u.type == LX_SOCK_DGRAM) {
		return SYS_NO_REPLY; /* datagrams have no end */
	}
	word_t r = pipe_take(k->u.rx, p, from, &flen, v->v, v->n,
			     flags & LX_MSG_PEEK, &whole);
	if (r == SYS_NO_REPLY || (long)r < 0) {
		return r;
	}
	if (whole > r) {
		*mflags |= LX_MSG_TRUNC;
	}
	if (lenva != 0 && flen > 0 &&
	    unix_addr_out(p, from, (uint8_t)flen, name, lenva) != 0) {
		return (word_t)-EFAULT;
	}
	if (lenva != 0 && flen == 0) {
		uint32_t none = 0; /* an unnamed sender */
		if (copy_out(p, lenva, &none, sizeof(none)) < 0) {
			return (word_t)-EFAULT;
		}
	}
	return flags & LX_MSG_TRUNC ? whole : r;
}

word_t
unix_recv(struct lproc *p, struct ofile *f, struct psock *k,
	  const struct iov_set *v, word_t flags, word_t name, word_t lenva,
	  int *mflags)
{
	bool nonblock = (f->flags & O_NONBLOCK) || (flags & LX_MSG_DONTWAIT);
	bool peek = flags & LX_MSG_PEEK;
	word_t r;

	if (flags & LX_MSG_OOB) {
		return (word_t)-EOPNOTSUPP;
	}
	if (k->u.type == LX_SOCK_DGRAM && unix_own_rx(k) != 0) {
		return (word_t)-ENFILE; /* unbound: nobody can send to it */
	}
	if (k->u.rx < 0) {
		return (word_t)-EINVAL; /* not connected */
	}
	if (framed(k)) {
		r = message(p, k, v, flags, name, lenva, mflags);
	} else {
		r = stream(p, k->u.rx, v, false, peek);
		uint32_t none = 0; /* a stream's sender has no name */
		if ((long)r >= 0 && lenva != 0 &&
		    copy_out(p, lenva, &none, sizeof(none)) < 0) {
			return (word_t)-EFAULT;
		}
	}
	if ((r == 0 || r == SYS_NO_REPLY) && k->u.err != 0) {
		r = (word_t)-k->u.err; /* once, then the end */
		k->u.err = 0;
		return r;
	}
	if (r == SYS_NO_REPLY && (k->u.shut & USHUT_RD)) {
		return 0;
	}
	if (r == SYS_NO_REPLY) {
		return nonblock ? (word_t)-EAGAIN : SOCK_WAIT;
	}
	if ((long)r > 0 && !peek) {
		unix_stirred = true;
	}
	return r;
}

int
unix_revents(const struct psock *k)
{
	struct pipe_state in, out;

	if (k->listening) {
		return unix_queued(k) > 0 ? NET_POLLIN : 0;
	}
	if (k->u.type == LX_SOCK_DGRAM) {
		if (k->u.rx >= 0) {
			pipe_state(k->u.rx, &in);
		}
		if (k->u.tx >= 0) {
			pipe_state(k->u.tx, &out);
		}
		return (k->u.rx >= 0 && in.len > 0 ? NET_POLLIN : 0) |
		       (k->u.tx < 0 || out.writable || out.readers == 0
			    ? NET_POLLOUT
			    : 0);
	}
	if (k->u.rx < 0) {
		return NET_POLLOUT | NET_POLLHUP; /* not connected */
	}
	pipe_state(k->u.rx, &in);
	pipe_state(k->u.tx, &out);
	bool rd_end = in.writers == 0 || (k->u.shut & USHUT_RD);
	bool wr_end = out.readers == 0 || (k->u.shut & USHUT_WR);
	return (in.len > 0 || rd_end ? NET_POLLIN : 0) |
	       (out.writable || wr_end ? NET_POLLOUT : 0) |
	       (rd_end && wr_end ? NET_POLLHUP : 0);
}

long
unix_unread(const struct psock *k)
{
	struct pipe_state in;

	if (k->listening) {
		return -EINVAL;
	}
	if (k->u.rx < 0) {
		return 0;
	}
	if (framed(k)) {
		/* A datagram socket's next one; a packet socket's all. */
		return pipe_msg_bytes(k->u.rx, k->u.type != LX_SOCK_DGRAM);
	}
	pipe_state(k->u.rx, &in);
	return (long)in.len;
}
