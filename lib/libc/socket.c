/*
 * socket: BSD sockets (sys/socket.h, poll.h) over the runtime's hooks
 * (cairn_libc.h, libc_sockets).  A socket is a descriptor of the socket
 * mount, its handle the runtime's; read, write and close on it are
 * recv, send and close.  The descriptor's O_NONBLOCK (SOCK_NONBLOCK,
 * fcntl) and MSG_DONTWAIT make a call answer EAGAIN instead of waiting.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cairn_libc.h"
#include "libc_impl.h"

/* A descriptor's close and fstat; read and write come through file.c. */
static int
sock_close(int h)
{
	const struct libc_sockops *o = libc_sockets();

	return o != NULL ? o->close(h) : -EBADF;
}

static int
sock_fstat(int h, struct stat *st)
{
	(void)h;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFSOCK | 0777;
	return 0;
}

static const struct libc_fsops sock_fsops = {
    .close = sock_close,
    .fstat = sock_fstat,
};

const struct libc_mount __cairn_sock_mount = {"", "socket", &sock_fsops};

/* The socket behind fd: its handle in *h, the hooks; or NULL with
 * errno set. */
static const struct libc_sockops *
sock_of(int fd, int *h, int *nonblock)
{
	int hh;
	const struct libc_mount *m = __cairn_fd_handle(fd, &hh);
	const struct libc_sockops *o = libc_sockets();

	if (m == NULL || o == NULL) {
		errno = fd >= 0 && fd <= 2 ? ENOTSOCK : EBADF; /* console */
		return NULL;
	}
	if (m != &__cairn_sock_mount) {
		errno = ENOTSOCK;
		return NULL;
	}
	*h = hh;
	if (nonblock != NULL) {
		*nonblock = (__cairn_fd_flags(fd) & O_NONBLOCK) != 0;
	}
	return o;
}

/* An IPv4 address from a, n bytes: 0, or -errno. */
static int
from_sockaddr(const struct sockaddr *a, socklen_t n, uint32_t *addr,
	      uint16_t *port)
{
	const struct sockaddr_in *in = (const struct sockaddr_in *)a;

	if (a == NULL) {
		return -EFAULT;
	}
	if (n < sizeof(*in)) {
		return -EINVAL;
	}
	if (in->sin_family != AF_INET) {
		return -EAFNOSUPPORT;
	}
	*addr = ntohl(in->sin_addr.s_addr);
	*port = ntohs(in->sin_port);
	return 0;
}

/* Into a (at most *n bytes of it), *n the full size, as POSIX says. */
static void
to_sockaddr(uint32_t addr, uint16_t port, struct sockaddr *a, socklen_t *n)
{
	struct sockaddr_in in = {0};

	if (a == NULL || n == NULL) {
		return;
	}
	in.sin_family = AF_INET;
	in.sin_port = htons(port);
	in.sin_addr.s_addr = htonl(addr);
	memcpy(a, &in, *n < sizeof(in) ? *n : sizeof(in));
	*n = sizeof(in);
}

int
socket(int domain, int type, int protocol)
{
	const struct libc_sockops *o = libc_sockets();
	int kind = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (o == NULL) {
		return (int)__cairn_ret(-ENOSYS);
	}
	if (domain != AF_INET) {
		return (int)__cairn_ret(-EAFNOSUPPORT);
	}
	if ((kind != SOCK_STREAM && kind != SOCK_DGRAM) ||
	    (protocol != 0 &&
	     protocol != (kind == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP))) {
		return (int)__cairn_ret(
		    kind == SOCK_STREAM || kind == SOCK_DGRAM ? -EPROTONOSUPPORT
							      : -EINVAL);
	}
	int h = o->open(kind == SOCK_STREAM ? LIBC_SOCK_TCP : LIBC_SOCK_UDP);
	if (h < 0) {
		return (int)__cairn_ret(h);
	}
	int flags = O_RDWR | (type & SOCK_NONBLOCK ? O_NONBLOCK : 0) |
		    (type & SOCK_CLOEXEC ? O_CLOEXEC : 0);
	int fd = __cairn_fd_install(&__cairn_sock_mount, h, flags);
	if (fd < 0) {
		o->close(h);
	}
	return (int)__cairn_ret(fd);
}

int
bind(int fd, const struct sockaddr *a, socklen_t n)
{
	int h;
	uint32_t addr;
	uint16_t port;
	const struct libc_sockops *o = sock_of(fd, &h, NULL);

	if (o == NULL) {
		return -1;
	}
	int r = from_sockaddr(a, n, &addr, &port);
	return (int)__cairn_ret(r < 0 ? r : o->bind(h, addr, port));
}

int
listen(int fd, int backlog)
{
	int h;
	const struct libc_sockops *o = sock_of(fd, &h, NULL);

	return o == NULL ? -1 : (int)__cairn_ret(o->listen(h, backlog));
}

int
accept(int fd, struct sockaddr *a, socklen_t *n)
{
	int h, nb;
	uint32_t addr = 0;
	uint16_t port = 0;
	const struct libc_sockops *o = sock_of(fd, &h, &nb);

	if (o == NULL) {
		return -1;
	}
	int c = o->accept(h, nb, &addr, &port);
	if (c < 0) {
		return (int)__cairn_ret(c);
	}
	int nfd = __cairn_fd_install(&__cairn_sock_mount, c, O_RDWR);
	if (nfd < 0) {
		o->close(c);
		return (int)__cairn_ret(nfd);
	}
	to_sockaddr(addr, port, a, n);
	return nfd;
}

int
connect(int fd, const struct sockaddr *a, socklen_t n)
{
	int h, nb;
	uint32_t addr;
	uint16_t port;
	const struct libc_sockops *o = sock_of(fd, &h, &nb);

	if (o == NULL) {
		return -1;
	}
	int r = from_sockaddr(a, n, &addr, &port);
	return (int)__cairn_ret(r < 0 ? r : o->connect(h, addr, port, nb));
}

ssize_t
sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *a,
       socklen_t an)
{
	int h, nb;
	uint32_t addr = 0;
	uint16_t port = 0;
	const struct libc_sockops *o = sock_of(fd, &h, &nb);

	if (o == NULL) {
		return -1;
	}
	if (a != NULL) {
		int r = from_sockaddr(a, an, &addr, &port);
		if (r < 0) {
			return __cairn_ret(r);
		}
	}
	nb |= (flags & MSG_DONTWAIT) != 0;
	return __cairn_ret(o->send(h, buf, n, addr, port, nb));
}

ssize_t
send(int fd, const void *buf, size_t n, int flags)
{
	return sendto(fd, buf, n, flags, NULL, 0);
}

ssize_t
recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *a,
	 socklen_t *an)
{
	int h, nb;
	uint32_t addr = 0;
	uint16_t port = 0;
	const struct libc_sockops *o = sock_of(fd, &h, &nb);

	if (o == NULL) {
		return -1;
	}
	nb |= (flags & MSG_DONTWAIT) != 0;
	long r = o->recv(h, buf, n, (flags & MSG_PEEK) != 0, &addr, &port, nb);
	if (r >= 0) {
		to_sockaddr(addr, port, a, an);
	}
	return __cairn_ret(r);
}

ssize_t
recv(int fd, void *buf, size_t n, int flags)
{
	return recvfrom(fd, buf, n, flags, NULL, NULL);
}

long
__cairn_sock_read(int h, void *buf, size_t n, int flags)
{
	const struct libc_sockops *o = libc_sockets();

	return o == NULL ? -EBADF
			 : o->recv(h, buf, n, 0, NULL, NULL,
				   (flags & O_NONBLOCK) != 0);
}

long
__cairn_sock_write(int h, const void *buf, size_t n, int flags)
{
	const struct libc_sockops *o = libc_sockets();

	return o == NULL ? -EBADF
			 : o->send(h, buf, n, 0, 0, (flags & O_NONBLOCK) != 0);
}

int
shutdown(int fd, int how)
{
	int h;
	const struct libc_sockops *o = sock_of(fd, &h, NULL);

	return o == NULL ? -1 : (int)__cairn_ret(o->shutdown(h, how));
}

/* (level, opt) as the hooks' option, or 0. */
static int
option(int level, int opt)
{
	if (level == SOL_SOCKET) {
		switch (opt) {
		case SO_REUSEADDR:
			return LIBC_SOCKOPT_REUSEADDR;
		case SO_KEEPALIVE:
			return LIBC_SOCKOPT_KEEPALIVE;
		case SO_ERROR:
			return LIBC_SOCKOPT_ERROR;
		case SO_TYPE:
			return LIBC_SOCKOPT_TYPE;
		default:
			return 0;
		}
	}
	return level == IPPROTO_TCP && opt == TCP_NODELAY ? LIBC_SOCKOPT_NODELAY
							  : 0;
}

int
setsockopt(int fd, int level, int opt, const void *v, socklen_t n)
{
	int h, which = option(level, opt);
	const struct libc_sockops *o = sock_of(fd, &h, NULL);

	if (o == NULL) {
		return -1;
	}
	if (which == 0 || which == LIBC_SOCKOPT_ERROR ||
	    which == LIBC_SOCKOPT_TYPE) {
		return (int)__cairn_ret(-ENOPROTOOPT);
	}
	if (v == NULL || n < sizeof(int)) {
		return (int)__cairn_ret(v == NULL ? -EFAULT : -EINVAL);
	}
	int on;
	memcpy(&on, v, sizeof(on));
	return (int)__cairn_ret(o->setopt(h, which, (uint64_t)(on != 0)));
}

int
getsockopt(int fd, int level, int opt, void *v, socklen_t *n)
{
	int h, which = option(level, opt);
	uint64_t value = 0;
	const struct libc_sockops *o = sock_of(fd, &h, NULL);

	if (o == NULL) {
		return -1;
	}
	if (which == 0) {
		return (int)__cairn_ret(-ENOPROTOOPT);
	}
	if (v == NULL || n == NULL || *n < sizeof(int)) {
		return (int)__cairn_ret(v == NULL || n == NULL ? -EFAULT
							       : -EINVAL);
	}
	int r = o->getopt(h, which, &value);
	if (r < 0) {
		return (int)__cairn_ret(r);
	}
	int out = which == LIBC_SOCKOPT_TYPE
		      ? (value == LIBC_SOCK_TCP ? SOCK_STREAM : SOCK_DGRAM)
		      : (int)value;
	memcpy(v, &out, sizeof(out));
	*n = sizeof(out);
	return 0;
}

static int
name_of(int fd, int peer, struct sockaddr *a, socklen_t *n)
{
	int h;
	uint32_t addr;
	uint16_t port;
	const struct libc_sockops *o = sock_of(fd, &h, NULL);

	if (o == NULL) {
		return -1;
	}
	if (a == NULL || n == NULL) {
		return (int)__cairn_ret(-EFAULT);
	}
	int r = o->name(h, peer, &addr, &port);
	if (r < 0) {
		return (int)__cairn_ret(r);
	}
	to_sockaddr(addr, port, a, n);
	return 0;
}

int
getsockname(int fd, struct sockaddr *a, socklen_t *n)
{
	return name_of(fd, 0, a, n);
}

int
getpeername(int fd, struct sockaddr *a, socklen_t *n)
{
	return name_of(fd, 1, a, n);
}

/* ---- poll ---- */

#define POLL_MAX OPEN_MAX

/* What a descriptor that is no socket is ready for. */
static short
plain_events(const struct pollfd *p)
{
	int flags = __cairn_fd_flags(p->fd);

	if (p->fd < 0) {
		return 0;
	}
	if (p->fd <= 2) { /* the console: writing never waits */
		return (short)(p->events & POLLOUT);
	}
	if (flags < 0) {
		return POLLNVAL;
	}
	return (short)(p->events & (POLLIN | POLLOUT)); /* files: ready */
}

int
poll(struct pollfd *fds, nfds_t n, int timeout)
{
	static struct libc_pollsock ps[POLL_MAX];
	static int which[POLL_MAX];
	const struct libc_sockops *o = libc_sockets();
	int ready = 0, ns = 0;

	if (n > OPEN_MAX || (n > 0 && fds == NULL)) {
		return (int)__cairn_ret(n > OPEN_MAX ? -EINVAL : -EFAULT);
	}
	for (nfds_t i = 0; i < n; i++) {
		int h;
		const struct libc_mount *m =
		    fds[i].fd >= 0 ? __cairn_fd_handle(fds[i].fd, &h) : NULL;
		fds[i].revents = 0;
		if (m == &__cairn_sock_mount && o != NULL && ns < POLL_MAX) {
			ps[ns] = (struct libc_pollsock){h, fds[i].events, 0};
			which[ns++] = (int)i;
			continue;
		}
		fds[i].revents = plain_events(&fds[i]);
		ready += fds[i].revents != 0;
	}
	if (ns == 0) {
		return ready; /* nothing that can wait */
	}
	int r = o->poll(ps, ns, ready > 0 ? 0 : timeout);
	if (r < 0) {
		return (int)__cairn_ret(r);
	}
	for (int i = 0; i < ns; i++) {
		fds[which[i]].revents = ps[i].revents;
		ready += ps[i].revents != 0;
	}
	return ready;
}
