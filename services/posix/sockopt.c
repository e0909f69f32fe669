/*
 * sockopt: Linux's sockaddr_in to and from the process, the names of a
 * socket's ends (getsockname, getpeername) and its options (setsockopt,
 * getsockopt).  The options the net service has (SO_REUSEADDR,
 * SO_KEEPALIVE, TCP_NODELAY, SO_ERROR, SO_TYPE) go to it; those Linux
 * programs commonly set for their tuning are taken and kept or ignored;
 * the rest are ENOPROTOOPT, as Linux's unknown ones are.
 */
#include <string.h>

#include "sock.h"
#include "sysdefs.h"

#define LX_SOL_SOCKET	   1
#define LX_SO_DEBUG	   1
#define LX_SO_REUSEADDR	   2
#define LX_SO_TYPE	   3
#define LX_SO_ERROR	   4
#define LX_SO_DONTROUTE	   5
#define LX_SO_BROADCAST	   6
#define LX_SO_SNDBUF	   7
#define LX_SO_RCVBUF	   8
#define LX_SO_KEEPALIVE	   9
#define LX_SO_OOBINLINE	   10
#define LX_SO_PRIORITY	   12
#define LX_SO_LINGER	   13
#define LX_SO_REUSEPORT	   15
#define LX_SO_RCVLOWAT	   18
#define LX_SO_PEERCRED	   17
#define LX_SO_SNDLOWAT	   19
#define LX_SO_RCVTIMEO	   20
#define LX_SO_SNDTIMEO	   21
#define LX_SO_ACCEPTCONN   30
#define LX_SO_PROTOCOL	   38
#define LX_SO_DOMAIN	   39
#define LX_SO_RCVTIMEO_NEW 66
#define LX_SO_SNDTIMEO_NEW 67
#define LX_TCP_NODELAY	   1
#define LX_TCP_MAXSEG	   2
#define LX_TCP_CORK	   3
#define LX_TCP_KEEPIDLE	   4
#define LX_TCP_KEEPINTVL   5
#define LX_TCP_KEEPCNT	   6
#define LX_TCP_QUICKACK	   12
#define LX_IP_TOS	   1
#define LX_IP_TTL	   2

static uint32_t
swap32(uint32_t x)
{
	return __builtin_bswap32(x);
}

static uint16_t
swap16(uint16_t x)
{
	return (uint16_t)(x >> 8 | x << 8);
}

int
sockaddr_get(struct lproc *p, word_t va, word_t len, uint32_t *addr,
	     uint16_t *port)
{
	union {
		struct lx_sockaddr_in in;
		char bytes[LX_SOCKADDR_MAX];
	} u;

	/* Linux copies all of it (move_addr_to_kernel), then looks. */
	if ((int32_t)len < 0 || len > LX_SOCKADDR_MAX) {
		return -EINVAL;
	}
	if (copy_in(p, u.bytes, va, len) < 0) {
		return -EFAULT;
	}
	if (len < sizeof(u.in)) {
		return -EINVAL;
	}
	if (u.in.family != LX_AF_INET) {
		return -EAFNOSUPPORT;
	}
	*addr = swap32(u.in.addr);
	*port = swap16(u.in.port);
	return 0;
}

long
sock_namelen(struct lproc *p, word_t lenva)
{
	int32_t len;

	if (copy_in(p, &len, lenva, sizeof(len)) < 0) {
		return -EFAULT;
	}
	return len < 0 ? -EINVAL : len;
}

int
sockaddr_can(struct lproc *p, word_t va, word_t lenva)
{
	if (va == 0) {
		return 0;
	}
	long len = sock_namelen(p, lenva);
	if (len < 0) {
		return (int)len;
	}
	word_t n = (word_t)len < sizeof(struct lx_sockaddr_in)
		       ? (word_t)len
		       : sizeof(struct lx_sockaddr_in);
	if (!mem_can(p, va, n, true) || !mem_can(p, lenva, 4, true)) {
		return -EFAULT;
	}
	return 0;
}

int
sockaddr_put(struct lproc *p, word_t va, word_t lenva, uint32_t addr,
	     uint16_t port)
{
	struct lx_sockaddr_in in = {
	    LX_AF_INET, swap16(port), swap32(addr), {0}};
	int32_t full = sizeof(in);
	long len = sock_namelen(p, lenva);

	if (len < 0) {
		return (int)len;
	}
	if (copy_out(p, va, &in,
		     (word_t)len < sizeof(in) ? (word_t)len : sizeof(in)) < 0 ||
	    copy_out(p, lenva, &full, sizeof(full)) < 0) {
		return -EFAULT;
	}
	return 0;
}

/* getsockname and getpeername (peer). */
static word_t
name(struct lproc *p, const word_t *a, bool peer)
{
	struct ofile *f;
	long err;
	struct psock *k = sock_of(p, a[0], &f, &err);

	if (k == NULL) {
		return (word_t)err;
	}
	if (k->family == LX_AF_UNIX) {
		return unix_name(p, k, peer, a[1], a[2]);
	}
	word_t w[3] = {0, peer, 0};
	long r = netc_call(NET_NAME, 2, w, k);
	if (r == -EINVAL) {
		/* Its connection is gone (reset, closed). */
		if (peer) {
			return (word_t)-ENOTCONN;
		}
		r = w[1] = w[2] = 0;
	}
	if (r < 0) {
		return (word_t)r;
	}
	return (word_t)(long)sockaddr_put(p, a[1], a[2], (uint32_t)w[1],
					  (uint16_t)w[2]);
}

SYS(getsockname)
{
	return name(p, a, false);
}

SYS(getpeername)
{
	return name(p, a, true);
}

/* An option the service has set to v: 0 or -errno. */
static long
set_net(struct psock *k, int opt, int32_t v)
{
	word_t w[3] = {0, (word_t)opt, v != 0};

	return netc_call(NET_SETOPT, 3, w, k);
}

/* SOL_SOCKET's options: 0 or -errno. */
static long
set_socket(struct psock *k, word_t opt, int32_t v)
{
	long r;

	switch (opt) {
	case LX_SO_REUSEADDR:
		r = k->family == LX_AF_UNIX ? 0
					    : set_net(k, NET_OPT_REUSEADDR, v);
		if (r == 0) {
			k->reuseaddr = v != 0;
		}
		return r;
	case LX_SO_KEEPALIVE:
		r = k->type == NET_TCP ? set_net(k, NET_OPT_KEEPALIVE, v) : 0;
		if (r == 0) {
			k->keepalive = v != 0;
		}
		return r;
	case LX_SO_SNDBUF:
	case LX_SO_RCVBUF:
		/* Kept, doubled as Linux keeps it; lwIP's windows stay. */
		v = v < 1024 ? 2048 : (v > (1 << 24) ? 1 << 25 : v * 2);
		*(opt == LX_SO_SNDBUF ? &k->sndbuf : &k->rcvbuf) = v;
		return 0;
	case LX_SO_DEBUG:
	case LX_SO_DONTROUTE:
	case LX_SO_BROADCAST:
	case LX_SO_OOBINLINE:
	case LX_SO_PRIORITY:
	case LX_SO_LINGER:
	case LX_SO_REUSEPORT:
	case LX_SO_RCVLOWAT:
	case LX_SO_SNDLOWAT:
		return 0; /* taken, and ignored (docs/posix.md) */
	default:
		return -ENOPROTOOPT;
	}
}

/* Does level reach socket k (as Linux's layers pass it down)? */
static bool
level_ok(const struct psock *k, word_t level)
{
	return level == LX_SOL_SOCKET ||
	       (k->family == LX_AF_INET && level == LX_IPPROTO_IP) ||
	       (level == LX_IPPROTO_TCP && k->type == NET_TCP);
}

/* Which timeout SOL_SOCKET's opt is: 0 receiving, 1 sending, or -1. */
static int
timeo_opt(word_t opt)
{
	if (opt == LX_SO_RCVTIMEO || opt == LX_SO_RCVTIMEO_NEW) {
		return 0;
	}
	return opt == LX_SO_SNDTIMEO || opt == LX_SO_SNDTIMEO_NEW ? 1 : -1;
}

/* SO_RCVTIMEO, SO_SNDTIMEO: the struct timeval at va (len bytes; the
 * _NEW forms' is the same on x86_64): 0 or -errno.  0 s 0 us is no
 * timeout; a negative time answers at once, as Linux's (1 ns here). */
static long
set_timeo(struct lproc *p, struct psock *k, int which, word_t va, word_t len)
{
	int64_t tv[2];

	if ((int32_t)len < (int32_t)sizeof(tv)) {
		return -EINVAL;
	}
	if (copy_in(p, tv, va, sizeof(tv)) < 0) {
		return -EFAULT;
	}
	if (tv[1] < 0 || tv[1] >= 1000000) {
		return -EDOM;
	}
	if (tv[0] < 0) {
		k->timeo[which] = 1;
	} else if (tv[0] > 1000000000) {
		k->timeo[which] = 0; /* longer than any wait: none */
	} else {
		k->timeo[which] =
		    (uint64_t)tv[0] * 1000000000ull + (uint64_t)tv[1] * 1000ull;
	}
	return 0;
}

SYS(setsockopt)
{
	struct ofile *f;
	long err;
	struct psock *k = sock_of(p, a[0], &f, &err);
	word_t level = (uint32_t)a[1], opt = (uint32_t)a[2];
	int32_t v;

	if (k == NULL) {
		return (word_t)err;
	}
	if (!level_ok(k, level)) {
		return (word_t)-ENOPROTOOPT;
	}
	if (level == LX_SOL_SOCKET && timeo_opt(opt) >= 0) {
		return (word_t)set_timeo(p, k, timeo_opt(opt), a[3], a[4]);
	}
	if ((int32_t)a[4] < (int32_t)sizeof(v)) {
		return (word_t)-EINVAL;
	}
	if (copy_in(p, &v, a[3], sizeof(v)) < 0) {
		return (word_t)-EFAULT;
	}
	if (level == LX_SOL_SOCKET) {
		return (word_t)set_socket(k, opt, v);
	}
	if (level == LX_IPPROTO_TCP) {
		switch (opt) {
		case LX_TCP_NODELAY:
			return (word_t)set_net(k, NET_OPT_NODELAY, v);
		case LX_TCP_MAXSEG:
		case LX_TCP_CORK:
		case LX_TCP_KEEPIDLE:
		case LX_TCP_KEEPINTVL:
		case LX_TCP_KEEPCNT:
		case LX_TCP_QUICKACK:
			return 0; /* taken, and ignored */
		default:
			return (word_t)-ENOPROTOOPT;
		}
	}
	return opt == LX_IP_TOS || opt == LX_IP_TTL ? 0 : (word_t)-ENOPROTOOPT;
}

/* An option the service reads: its value, or -errno. */
static long
get_net(struct psock *k, int opt)
{
	word_t w[3] = {0, (word_t)opt, 0};
	long r = netc_call(NET_GETOPT, 2, w, k);

	return r < 0 ? r : (long)(int32_t)w[1];
}

/* SOL_SOCKET's option opt into *v (its bytes in *n): 0 or -errno. */
static long
get_socket(struct psock *k, word_t opt, int32_t v[4], word_t *n)
{
	switch (opt) {
	case LX_SO_TYPE:
		v[0] = k->family == LX_AF_UNIX ? k->u.type
		       : k->type == NET_UDP    ? LX_SOCK_DGRAM
					       : LX_SOCK_STREAM;
		return 0;
	case LX_SO_PEERCRED:
		memcpy(v, k->u.cred, sizeof(k->u.cred)); /* struct ucred */
		*n = sizeof(k->u.cred);
		return 0;
	case LX_SO_ERROR: {
		if (k->family == LX_AF_UNIX) {
			return 0; /* a connection inside the server: none */
		}
		long e = get_net(k, NET_OPT_ERROR);
		if (e == -ECONNRESET) {
			v[0] = ECONNRESET; /* gone with the service */
			return 0;
		}
		v[0] = (int32_t)e;
		return e < 0 ? e : 0;
	}
	case LX_SO_REUSEADDR:
		v[0] = k->reuseaddr;
		return 0;
	case LX_SO_KEEPALIVE:
		v[0] = k->keepalive;
		return 0;
	case LX_SO_SNDBUF:
	case LX_SO_RCVBUF:
		v[0] = opt == LX_SO_SNDBUF ? k->sndbuf : k->rcvbuf;
		return 0;
	case LX_SO_ACCEPTCONN:
		v[0] = k->listening;
		return 0;
	case LX_SO_DOMAIN:
		v[0] = k->family;
		return 0;
	case LX_SO_PROTOCOL:
		v[0] = k->family == LX_AF_UNIX ? 0
		       : k->type == NET_TCP    ? LX_IPPROTO_TCP
					       : LX_IPPROTO_UDP;
		return 0;
	case LX_SO_RCVLOWAT:
	case LX_SO_SNDLOWAT:
		v[0] = 1;
		return 0;
	case LX_SO_LINGER:
		*n = 8; /* struct linger: off */
		return 0;
	case LX_SO_RCVTIMEO:
	case LX_SO_SNDTIMEO:
	case LX_SO_RCVTIMEO_NEW:
	case LX_SO_SNDTIMEO_NEW: {
		/* A struct timeval, as two 64-bit words. */
		uint64_t t = k->timeo[timeo_opt(opt)];
		int64_t tv[2] = {(int64_t)(t / 1000000000ull),
				 (int64_t)(t % 1000000000ull / 1000ull)};
		memcpy(v, tv, sizeof(tv));
		*n = 16;
		return 0;
	}
	case LX_SO_DEBUG:
	case LX_SO_DONTROUTE:
	case LX_SO_BROADCAST:
	case LX_SO_OOBINLINE:
	case LX_SO_PRIORITY:
	case LX_SO_REUSEPORT:
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

/* IPPROTO_TCP's and IPPROTO_IP's. */
static long
get_ip(struct psock *k, word_t level, word_t opt, int32_t v[4])
{
	long r;

	if (level == LX_IPPROTO_IP) {
		v[0] = opt == LX_IP_TTL ? 64 : 0;
		return opt == LX_IP_TOS || opt == LX_IP_TTL ? 0 : -ENOPROTOOPT;
	}
	switch (opt) {
	case LX_TCP_NODELAY:
		r = get_net(k, NET_OPT_NODELAY);
		v[0] = (int32_t)(r > 0);
		return r < 0 ? r : 0;
	case LX_TCP_MAXSEG:
		v[0] = 1460;
		return 0;
	case LX_TCP_KEEPIDLE:
		v[0] = 7200;
		return 0;
	case LX_TCP_KEEPINTVL:
		v[0] = 75;
		return 0;
	case LX_TCP_KEEPCNT:
		v[0] = 9;
		return 0;
	case LX_TCP_CORK:
	case LX_TCP_QUICKACK:
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

SYS(getsockopt)
{
	struct ofile *f;
	long err;
	struct psock *k = sock_of(p, a[0], &f, &err);
	word_t level = (uint32_t)a[1], opt = (uint32_t)a[2];
	int32_t v[4] = {0, 0, 0, 0};
	word_t n = sizeof(v[0]);

	if (k == NULL) {
		return (word_t)err;
	}
	if (!level_ok(k, level)) {
		return (word_t)-ENOPROTOOPT;
	}
	long len = sock_namelen(p, a[4]);
	if (len < 0) {
		return (word_t)len;
	}
	long r = level == LX_SOL_SOCKET ? get_socket(k, opt, v, &n)
					: get_ip(k, level, opt, v);
	if (r < 0) {
		return (word_t)r;
	}
	int32_t out = (int32_t)((word_t)len < n ? (word_t)len : n);
	if (copy_out(p, a[3], v, (word_t)out) < 0 ||
	    copy_out(p, a[4], &out, sizeof(out)) < 0) {
		return (word_t)-EFAULT;
	}
	return 0;
}
