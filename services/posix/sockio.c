/*
 * sockio: bytes through sockets (sock.h): read, write, readv, writev
 * on a socket's descriptor (files.c hands them here), sendto, recvfrom,
 * sendmsg and recvmsg.  A call's bytes go between the process's memory
 * and the region the server shares with the net service (copy_in,
 * copy_out), NETC_DATA at a time.  A send on a blocking socket that
 * finds no room waits (held, sock.c) until it moves a byte, then answers
 * how many it moved; a receive waits until it has some.
 */
#include <fcntl.h>
#include <string.h>

#include "sock.h"
#include "sysdefs.h"

#define MAX_RW 0x7ffff000ul /* Linux's MAX_RW_COUNT */

static struct iov_set vec; /* the call's buffers */
static int msg_flags;	   /* the receive's: MSG_TRUNC if it cut one */

/* Linux's struct msghdr, as x86_64 lays it out. */
struct lx_msghdr {
	word_t name;
	uint32_t namelen, pad0;
	word_t iov, iovlen, control, controllen;
	int32_t flags, pad1;
};
_Static_assert(sizeof(struct lx_msghdr) == 56, "Linux's msghdr");
#define MSGHDR_NAMELEN	  8  /* offsetof namelen */
#define MSGHDR_CONTROLLEN 40 /* offsetof controllen */

/* One buffer of n bytes at va, as read and write check it: 0 or -errno. */
static int
vec_one(word_t va, word_t n)
{
	if ((long)n < 0) {
		return -EINVAL;
	}
	n = n > MAX_RW ? MAX_RW : n;
	if (!user_range(va, n)) {
		return -EFAULT;
	}
	vec.n = 1;
	vec.total = n;
	vec.v[0].base = va;
	vec.v[0].len = n;
	return 0;
}

/* n iovecs at va in p, as Linux checks them (too many: toomany): 0 or
 * -errno. */
static int
vec_many(struct lproc *p, word_t va, word_t n, int toomany)
{
	if (n > LX_IOV_MAX) {
		return toomany;
	}
	if (copy_in(p, vec.v, va, n * sizeof(vec.v[0])) < 0) {
		return -EFAULT;
	}
	vec.n = n;
	vec.total = 0;
	for (word_t i = 0; i < n; i++) {
		if ((long)vec.v[i].len < 0) {
			return -EINVAL;
		}
		if (!user_range(vec.v[i].base, vec.v[i].len)) {
			return -EFAULT;
		}
		word_t room = MAX_RW - vec.total;
		vec.v[i].len = vec.v[i].len < room ? vec.v[i].len : room;
		vec.total += vec.v[i].len;
	}
	return 0;
}

/* Move n bytes between the region at buf and the buffers from byte off
 * on (out: to the buffers): 0 or -EFAULT.  check: only see that each
 * page may be written, moving nothing. */
static int
vec_move(struct lproc *p, word_t off, char *buf, word_t n, bool out, bool check)
{
	for (word_t i = 0; i < vec.n && n > 0; i++) {
		if (off >= vec.v[i].len) {
			off -= vec.v[i].len;
			continue;
		}
		word_t va = vec.v[i].base + off;
		word_t k = vec.v[i].len - off < n ? vec.v[i].len - off : n;
		long r = check ? (mem_can(p, va, k, true) ? 0 : -EFAULT)
			 : out ? copy_out(p, va, buf, k)
			       : copy_in(p, buf, va, k);
		if (r < 0) {
			return -EFAULT;
		}
		buf += k;
		n -= k;
		off = 0;
	}
	return 0;
}

/* Send vec's bytes through k: UDP's to addr:port (0, 0: its peer); a
 * stream's in parts, until the service takes fewer than offered.  Bytes,
 * -errno, or SOCK_WAIT. */
static word_t
send_vec(struct lproc *p, struct ofile *f, struct psock *k, word_t flags,
	 uint32_t addr, uint16_t port)
{
	bool nonblock = (f->flags & O_NONBLOCK) || (flags & LX_MSG_DONTWAIT);
	word_t done = 0;
	long r = 0;

	if (k->family == LX_AF_UNIX) {
		return unix_send(p, f, k, &vec, flags, 0, 0);
	}
	if (flags & LX_MSG_OOB) {
		return (word_t)-EOPNOTSUPP;
	}
	if (k->type == NET_UDP && vec.total > SOCK_UDP_MAX) {
		return (word_t)-EMSGSIZE;
	}
	do {
		word_t want = vec.total - done;
		want = want < NETC_DATA ? want : NETC_DATA;
		if (vec_move(p, done, netc_data(), want, false, false) != 0) {
			r = -EFAULT;
			break;
		}
		word_t w[5] = {0, (word_t)netc_data(), want, addr, port};
		r = netc_call(NET_SEND, 5, w, k);
		if (r <= 0 || k->type == NET_UDP) {
			break;
		}
		done += (word_t)r;
		if ((word_t)r < want) {
			break; /* no more room now */
		}
	} while (done < vec.total);
	if (done > 0 || r >= 0) {
		return done > 0 ? done : (word_t)r;
	}
	if (r == -EAGAIN) {
		return nonblock ? (word_t)-EAGAIN : SOCK_WAIT;
	}
	if (r == -ENOTCONN && k->type == NET_TCP) {
		r = -EPIPE; /* Linux's answer to a stream never connected */
	}
	if (r == -EPIPE && !(flags & LX_MSG_NOSIGNAL)) {
		sock_sigpipe();
	}
	return (word_t)r;
}

/*
 * Receive into vec's buffers through k; the sender's address to name,
 * its length at namelen (a UDP socket's; a stream has none: 0 there),
 * unless namelen is 0.  Bytes, -errno, or SOCK_WAIT.  The buffers are
 * checked before: bytes taken are not given back.
 */
static word_t
recv_vec(struct lproc *p, struct ofile *f, struct psock *k, word_t flags,
	 word_t name, word_t namelen)
{
	bool nonblock = (f->flags & O_NONBLOCK) || (flags & LX_MSG_DONTWAIT);
	word_t want = vec.total < NETC_DATA ? vec.total : NETC_DATA;
	int r = 0;

	if (flags & LX_MSG_OOB) {
		return (word_t)-EINVAL; /* no urgent data, ever */
	}
	/* cppcheck-suppress knownConditionTrueFalse ; vec is the call's */
	if (want == 0 && k->type == NET_TCP) {
		return 0; /* Linux's answer to no room, whatever the state */
	}
	if (vec_move(p, 0, netc_data(), want, true, true) != 0) {
		return (word_t)-EFAULT;
	}
	if (namelen != 0 && (r = sockaddr_can(p, name, namelen)) != 0) {
		return (word_t)(long)r;
	}
	if (k->family == LX_AF_UNIX) {
		return unix_recv(p, f, k, &vec, flags, name, namelen,
				 &msg_flags);
	}
	word_t w[4] = {0, (word_t)netc_data(), want,
		       flags & LX_MSG_PEEK ? NET_PEEK : 0};
	long n = netc_call(NET_RECV, 4, w, k);
	if (n == -EAGAIN) {
		return nonblock ? (word_t)-EAGAIN : SOCK_WAIT;
	}
	if (n < 0 || (word_t)n > want) {
		return n < 0 ? (word_t)n : (word_t)-EIO;
	}
	if (vec_move(p, 0, netc_data(), (word_t)n, true, false) != 0) {
		return (word_t)-EFAULT; /* no memory for a copy on write */
	}
	if (namelen != 0 && k->type == NET_UDP) {
		r = sockaddr_put(p, name, namelen, (uint32_t)w[1],
				 (uint16_t)w[2]);
	} else if (namelen != 0) {
		uint32_t none = 0;
		r = copy_out(p, namelen, &none, sizeof(none)) < 0 ? -EFAULT : 0;
	}
	return r < 0 ? (word_t)(long)r : (word_t)n;
}

/* read(fd, buf, n) and write. */
static word_t
read_fn(struct lproc *p, const word_t *a)
{
	struct ofile *f = fd_get(p, a[0]);
	int r = vec_one(a[1], a[2]);

	return r != 0 ? (word_t)(long)r : recv_vec(p, f, sock_file(f), 0, 0, 0);
}

static word_t
write_fn(struct lproc *p, const word_t *a)
{
	struct ofile *f = fd_get(p, a[0]);
	int r = vec_one(a[1], a[2]);

	return r != 0 ? (word_t)(long)r : send_vec(p, f, sock_file(f), 0, 0, 0);
}

/* readv(fd, iov, n) and writev. */
static word_t
readv_fn(struct lproc *p, const word_t *a)
{
	struct ofile *f = fd_get(p, a[0]);
	int r = vec_many(p, a[1], (uint32_t)a[2], -EINVAL);

	return r != 0 ? (word_t)(long)r : recv_vec(p, f, sock_file(f), 0, 0, 0);
}

static word_t
writev_fn(struct lproc *p, const word_t *a)
{
	struct ofile *f = fd_get(p, a[0]);
	int r = vec_many(p, a[1], (uint32_t)a[2], -EINVAL);

	return r != 0 ? (word_t)(long)r : send_vec(p, f, sock_file(f), 0, 0, 0);
}

word_t
sock_rw(struct lproc *p, const word_t *a, bool out, bool vector)
{
	static const sock_fn fns[2][2] = {{read_fn, readv_fn},
					  {write_fn, writev_fn}};

	return sock_run(p, a, fns[out][vector], out, (word_t)-EAGAIN);
}

/* The destination of a send: none (addr 0), or its address, checked. */
static int
send_to(struct lproc *p, const struct psock *k, word_t va, word_t len,
	uint32_t *addr, uint16_t *port)
{
	*addr = 0;
	*port = 0;
	if (va == 0) {
		return 0;
	}
	int r = sockaddr_get(p, va, len, addr, port);
	if (r == 0 && k->type == NET_TCP) {
		*addr = 0; /* a stream's: ignored, as Linux's */
		*port = 0;
	} else if (r == 0 && *port == 0) {
		r = -EINVAL; /* UDP to port 0 */
	}
	*addr = r == 0 && k->type == NET_UDP ? sock_dest(*addr) : *addr;
	return r;
}

/* sendto(fd, buf, n, flags, addr, addrlen) */
static word_t
sendto_fn(struct lproc *p, const word_t *a)
{
	struct ofile *f;
	long err;
	struct psock *k = sock_of(p, a[0], &f, &err);
	uint32_t addr;
	uint16_t port;

	if (k == NULL) {
		return (word_t)err;
	}
	int r = vec_one(a[1], a[2]);
	if (r == 0 && k->family == LX_AF_UNIX) {
		return unix_send(p, f, k, &vec, (uint32_t)a[3], a[4],
				 a[4] != 0 ? (uint32_t)a[5] : 0);
	}
	if (r == 0) {
		r = send_to(p, k, a[4], (uint32_t)a[5], &addr, &port);
	}
	return r != 0 ? (word_t)(long)r
		      : send_vec(p, f, k, (uint32_t)a[3], addr, port);
}

SYS(sendto)
{
	return sock_run(p, a, sendto_fn, true, (word_t)-EAGAIN);
}

/* recvfrom(fd, buf, n, flags, addr, addrlen) */
static word_t
recvfrom_fn(struct lproc *p, const word_t *a)
{
	struct ofile *f;
	long err;
	struct psock *k = sock_of(p, a[0], &f, &err);

	if (k == NULL) {
		return (word_t)err;
	}
	int r = vec_one(a[1], a[2]);
	return r != 0 ? (word_t)(long)r
		      : recv_vec(p, f, k, (uint32_t)a[3], a[4],
				 a[4] != 0 ? a[5] : 0);
}

SYS(recvfrom)
{
	return sock_run(p, a, recvfrom_fn, false, (word_t)-EAGAIN);
}

/* The msghdr at va and its iovecs (into vec): 0 or -errno. */
static int
msg_in(struct lproc *p, word_t va, struct lx_msghdr *h)
{
	if (copy_in(p, h, va, sizeof(*h)) < 0) {
		return -EFAULT;
	}
	return vec_many(p, h->iov, h->iovlen, -EMSGSIZE);
}

/* sendmsg(fd, msg, flags): no control data (one too short to hold a
 * header is none, as Linux reads it). */
static word_t
sendmsg_fn(struct lproc *p, const word_t *a)
{
	struct ofile *f;
	long err;
	struct psock *k = sock_of(p, a[0], &f, &err);
	struct lx_msghdr h;
	uint32_t addr;
	uint16_t port;

	if (k == NULL) {
		return (word_t)err;
	}
	int r = msg_in(p, a[1], &h);
	if (r == 0 && h.control != 0 && h.controllen >= 16) {
		r = -EINVAL;
	}
	if (r == 0 && k->family == LX_AF_UNIX) {
		return unix_send(p, f, k, &vec, (uint32_t)a[2], h.name,
				 h.name != 0 ? h.namelen : 0);
	}
	if (r == 0) {
		r = send_to(p, k, h.name, h.namelen, &addr, &port);
	}
	return r != 0 ? (word_t)(long)r
		      : send_vec(p, f, k, (uint32_t)a[2], addr, port);
}

SYS(sendmsg)
{
	return sock_run(p, a, sendmsg_fn, true, (word_t)-EAGAIN);
}

/* recvmsg(fd, msg, flags): the sender in msg_name, no control data,
 * no flags. */
static word_t
recvmsg_fn(struct lproc *p, const word_t *a)
{
	struct ofile *f;
	long err;
	struct psock *k = sock_of(p, a[0], &f, &err);
	struct lx_msghdr h;

	if (k == NULL) {
		return (word_t)err;
	}
	int r = msg_in(p, a[1], &h);
	if (r == 0 && !mem_can(p, a[1] + MSGHDR_CONTROLLEN,
			       sizeof(h) - MSGHDR_CONTROLLEN, true)) {
		r = -EFAULT;
	}
	if (r != 0) {
		return (word_t)(long)r;
	}
	msg_flags = 0;
	word_t n = recv_vec(p, f, k, (uint32_t)a[2], h.name,
			    h.name != 0 ? a[1] + MSGHDR_NAMELEN : 0);
	if ((long)n >= 0 && n != SOCK_WAIT) {
		const word_t none[2] = {0, (uint32_t)msg_flags}; /* controllen,
								   flags */
		copy_out(p, a[1] + MSGHDR_CONTROLLEN, none, sizeof(none));
	}
	return n;
}

SYS(recvmsg)
{
	return sock_run(p, a, recvmsg_fn, false, (word_t)-EAGAIN);
}

long
sock_unread(struct ofile *f)
{
	struct psock *k = sock_file(f);

	if (k->family == LX_AF_UNIX) {
		return unix_unread(k);
	}
	if (k->listening) {
		return -EINVAL;
	}
	/* What a peek finds: all there is, as the service's receive window
	 * is no bigger than the region. */
	word_t w[4] = {0, (word_t)netc_data(), NETC_DATA, NET_PEEK};
	long n = netc_call(NET_RECV, 4, w, k);
	return n == -EAGAIN ? 0 : n;
}
