/*
 * nettest: sockets over 127.0.0.1.  TCP between a forked child and its
 * parent (listen, a blocking accept and connect, 256 KiB each way's
 * worth checked through send, write, writev, sendmsg and recv, read,
 * readv, recvmsg, shutdown, the peer's close read as 0), UDP datagrams
 * with their senders, nonblocking calls (EAGAIN, EINPROGRESS, EALREADY,
 * EISCONN), a connect to a closed port (ECONNREFUSED, and SO_ERROR),
 * the names of both ends, the options, a held accept interrupted by a
 * signal (EINTR, or made again with SA_RESTART), and every refusal.  It
 * needs no poll: waits are sleeps.  Passes on Linux too.
 *
 *	nettest restart		leave a child holding a recv on a
 *				connection, for a test that crashes the net
 *				service (Cairn's): the recv ends with
 *				ECONNRESET, the old sockets are gone, and
 *				new ones carry bytes
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ptest.h"

#define BULK  (256u << 10)
#define CHUNK 4096u

/* An address no process may touch: unmapped, in the user half. */
#define WILD ((void *)16)

static volatile sig_atomic_t got;

static void
on_usr1(int sig)
{
	(void)sig;
	got++;
}

static void
nap(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000};

	nanosleep(&t, NULL);
}

static struct sockaddr_in
at(uint32_t addr, uint16_t port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(addr);
	return a;
}

/* The port socket fd is bound to (getsockname), or 0. */
static uint16_t
port_of(int fd)
{
	struct sockaddr_in a;
	socklen_t n = sizeof(a);

	if (getsockname(fd, (struct sockaddr *)&a, &n) != 0) {
		return 0;
	}
	return ntohs(a.sin_port);
}

/* A TCP listener on 127.0.0.1, at a port the system picks. */
static int
listener(int flags)
{
	int fd = socket(AF_INET, SOCK_STREAM | flags, 0), one = 1;
	struct sockaddr_in a = at(INADDR_LOOPBACK, 0);

	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    listen(fd, 8) != 0) {
		return -1;
	}
	return fd;
}

/* A blocking connection to 127.0.0.1:port, or -1. */
static int
dial(uint16_t port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = at(INADDR_LOOPBACK, port);

	if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static unsigned char
pat(size_t i)
{
	return (unsigned char)(i * 7 + i / 251);
}

/* All n bytes of p out through fd, by the call `how` picks: 0 or -1. */
static int
put(int fd, const unsigned char *p, size_t n, int how)
{
	while (n > 0) {
		ssize_t r;
		size_t half = n / 2;
		struct iovec v[2] = {{(void *)p, half},
				     {(void *)(p + half), n - half}};
		struct msghdr m;
		memset(&m, 0, sizeof(m));
		m.msg_iov = v;
		m.msg_iovlen = 2;
		switch (how % 4) {
		case 0:
			r = send(fd, p, n, 0);
			break;
		case 1:
			r = write(fd, p, n);
			break;
		case 2:
			r = writev(fd, v, 2);
			break;
		default:
			r = sendmsg(fd, &m, 0);
			break;
		}
		if (r <= 0) {
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Up to n bytes from fd by the call `how` picks: as the call. */
static ssize_t
get(int fd, unsigned char *p, size_t n, int how)
{
	size_t half = n / 2;
	struct iovec v[2] = {{p, half}, {p + half, n - half}};
	struct msghdr m;

	memset(&m, 0, sizeof(m));
	m.msg_iov = v;
	m.msg_iovlen = 2;
	switch (how % 4) {
	case 0:
		return recv(fd, p, n, 0);
	case 1:
		return read(fd, p, n);
	case 2:
		return readv(fd, v, 2);
	default:
		return recvmsg(fd, &m, 0);
	}
}

/* The child's side of tcp(): connect, send BULK bytes of the pattern,
 * shut its side, read the parent's "ok" and then its close.  Its exit
 * status says which step failed. */
static int
tcp_child(uint16_t port)
{
	static unsigned char out[BULK];
	unsigned char in[8];
	int fd = dial(port);

	if (fd < 0) {
		return 1;
	}
	for (size_t i = 0; i < BULK; i++) {
		out[i] = pat(i);
	}
	for (size_t done = 0, k = 0; done < BULK; done += CHUNK * 4, k++) {
		if (put(fd, out + done, CHUNK * 4, (int)k) != 0) {
			return 2;
		}
	}
	if (shutdown(fd, SHUT_WR) != 0) {
		return 3;
	}
	size_t got_n = 0;
	for (ssize_t r; (r = read(fd, in + got_n, sizeof(in) - got_n)) > 0;) {
		got_n += (size_t)r;
	}
	if (got_n != 2 || memcmp(in, "ok", 2) != 0) {
		return 4;
	}
	return close(fd) == 0 ? 0 : 5;
}

/* TCP between a forked child and the parent: accept waits for the
 * child's connect; the parent reads and checks BULK bytes, then 0. */
static void
tcp(void)
{
	static unsigned char in[CHUNK];
	int l = listener(0), st = -1;
	uint16_t port = port_of(l);

	ptest_check(l >= 0 && port != 0, "a listener on 127.0.0.1, port 0");
	pid_t c = fork();
	if (c == 0) {
		close(l);
		_exit(tcp_child(port));
	}
	struct sockaddr_in peer, mine, theirs;
	socklen_t n = sizeof(peer);
	int s = accept(l, (struct sockaddr *)&peer, &n);
	ptest_check(s >= 0 && n == sizeof(peer) && peer.sin_family == AF_INET &&
			peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK) &&
			peer.sin_port != 0,
		    "accept waits for the child, and names it");
	n = sizeof(theirs);
	ptest_check(getpeername(s, (struct sockaddr *)&theirs, &n) == 0 &&
			n == sizeof(theirs) && theirs.sin_port == peer.sin_port,
		    "getpeername: accept's peer");
	n = sizeof(mine);
	ptest_check(getsockname(s, (struct sockaddr *)&mine, &n) == 0 &&
			ntohs(mine.sin_port) == port &&
			mine.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
		    "getsockname: the listener's address and port");
	size_t done = 0, wrong = 0;
	int k = 0;
	for (ssize_t r; done <= BULK && (r = get(s, in, sizeof(in), k++)) > 0;
	     done += (size_t)r) {
		for (ssize_t i = 0; i < r; i++) {
			wrong += in[i] != pat(done + (size_t)i);
		}
	}
	ptest_check(done == BULK && wrong == 0,
		    "256 KiB through send, write, writev, sendmsg, checked");
	ptest_check(recv(s, in, 1, 0) == 0, "after the peer's shutdown: 0");
	ptest_check(send(s, "ok", 2, 0) == 2, "send back to it");
	ptest_check(close(s) == 0, "close");
	ptest_check(waitpid(c, &st, 0) == c && WIFEXITED(st) &&
			WEXITSTATUS(st) == 0,
		    "the child read ok, then 0 at the close");
	if (st != 0) {
		printf("tcp: the child's status 0x%x\n", st);
	}
	close(l);
}

/* Linux's answers to a second connect in progress: EALREADY, then
 * EISCONN once connected.  Wait (at most 2 s) for that. */
static int
connected(int fd, const struct sockaddr_in *a)
{
	for (int i = 0; i < 200; i++) {
		if (connect(fd, (const struct sockaddr *)a, sizeof(*a)) != 0 &&
		    errno == EISCONN) {
			return 1;
		}
		if (errno != EALREADY && errno != EINPROGRESS) {
			return 0;
		}
		nap(10);
	}
	return 0;
}

/* SO_ERROR of fd once it is not 0 (at most 2 s), or 0. */
static int
so_error(int fd)
{
	for (int i = 0; i < 200; i++) {
		int e = 0;
		socklen_t n = sizeof(e);
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &n) != 0) {
			return -1;
		}
		if (e != 0) {
			return e;
		}
		nap(10);
	}
	return 0;
}

static void
nonblocking(void)
{
	int l = listener(SOCK_NONBLOCK), one = 0;
	uint16_t port = port_of(l);
	struct sockaddr_in a = at(INADDR_LOOPBACK, port);
	char b[4];

	ptest_check(l >= 0 && (fcntl(l, F_GETFL) & O_NONBLOCK),
		    "SOCK_NONBLOCK: O_NONBLOCK");
	ptest_refused(accept(l, NULL, NULL), EAGAIN,
		      "accept, nobody waiting: EAGAIN");
	int c = socket(AF_INET, SOCK_STREAM, 0);
	ptest_check(fcntl(c, F_SETFL, O_NONBLOCK) == 0, "fcntl O_NONBLOCK");
	int r = connect(c, (struct sockaddr *)&a, sizeof(a));
	ptest_check(r == 0 || errno == EINPROGRESS, "connect: EINPROGRESS");
	ptest_check(connected(c, &a), "connect again: EALREADY, then EISCONN");
	ptest_check(so_error(c) == 0, "SO_ERROR: 0");
	int s = -1;
	for (int i = 0; i < 200 && s < 0; i++, nap(10)) {
		s = accept4(l, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	}
	ptest_check(s >= 0, "accept4 takes it");
	ptest_check((fcntl(s, F_GETFL) & O_NONBLOCK) &&
			(fcntl(s, F_GETFD) & FD_CLOEXEC),
		    "accept4: SOCK_NONBLOCK and SOCK_CLOEXEC");
	ptest_refused(recv(s, b, 1, 0), EAGAIN, "recv, nothing: EAGAIN");
	ptest_refused(read(s, b, 1), EAGAIN, "read, nothing: EAGAIN");
	fcntl(c, F_SETFL, 0);
	ptest_refused(recv(c, b, 1, MSG_DONTWAIT), EAGAIN,
		      "MSG_DONTWAIT: EAGAIN");
	ptest_check(send(c, "ab", 2, 0) == 2, "send two bytes");
	r = -1;
	for (int i = 0; i < 200 && r < 0; i++, nap(10)) {
		r = (int)recv(s, b, 1, MSG_PEEK);
	}
	ptest_check(r == 1 && b[0] == 'a', "MSG_PEEK");
	int nr = -1;
	ptest_check(ioctl(s, FIONREAD, &nr) == 0 && nr == 2,
		    "FIONREAD: the 2 bytes");
	ptest_refused(ioctl(l, FIONREAD, &nr), EINVAL, "FIONREAD, a listener");
	ptest_refused(recv(s, WILD, 2, 0), EFAULT, "recv to a wild pointer");
	ptest_check(recv(s, b, 4, 0) == 2 && memcmp(b, "ab", 2) == 0,
		    "the bytes are still there");
	struct stat st;
	ptest_check(fstat(s, &st) == 0 && S_ISSOCK(st.st_mode),
		    "fstat: S_IFSOCK");
	ptest_refused(lseek(s, 0, SEEK_SET), ESPIPE, "lseek: ESPIPE");
	socklen_t n = sizeof(one);
	ptest_check(getsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, &n) == 0 &&
			one == 0,
		    "TCP_NODELAY off");
	one = 1;
	ptest_check(
	    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == 0,
	    "TCP_NODELAY set");
	one = 0;
	ptest_check(getsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, &n) == 0 &&
			one != 0,
		    "TCP_NODELAY on");
	ptest_check(close(c) == 0, "close the client");
	r = -1;
	for (int i = 0; i < 200 && r < 0; i++, nap(10)) {
		r = (int)recv(s, b, 1, 0);
	}
	ptest_check(r == 0, "the peer's close: 0");
	close(s);
	close(l);
}

static void
refused_connect(void)
{
	int l = listener(0);
	uint16_t port = port_of(l);
	struct sockaddr_in a = at(INADDR_LOOPBACK, port);

	close(l); /* nobody listens there now */
	int c = socket(AF_INET, SOCK_STREAM, 0);
	ptest_refused(connect(c, (struct sockaddr *)&a, sizeof(a)),
		      ECONNREFUSED, "connect to a closed port: ECONNREFUSED");
	close(c);
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int r = connect(c, (struct sockaddr *)&a, sizeof(a));
	ptest_check(
	    (r == -1 && errno == EINPROGRESS && so_error(c) == ECONNREFUSED) ||
		(r == -1 && errno == ECONNREFUSED),
	    "nonblocking: SO_ERROR ECONNREFUSED");
	int e = -1;
	socklen_t n = sizeof(e);
	ptest_check(getsockopt(c, SOL_SOCKET, SO_ERROR, &e, &n) == 0 && e == 0,
		    "SO_ERROR read once, then 0");
	close(c);
}

static void
udp(void)
{
	int a = socket(AF_INET, SOCK_DGRAM, 0),
	    b = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in any = at(INADDR_LOOPBACK, 0), from;
	char buf[64], more[64];
	socklen_t n;

	ptest_check(bind(a, (struct sockaddr *)&any, sizeof(any)) == 0 &&
			bind(b, (struct sockaddr *)&any, sizeof(any)) == 0,
		    "two UDP sockets bound");
	uint16_t pa = port_of(a), pb = port_of(b);
	struct sockaddr_in to_b = at(INADDR_LOOPBACK, pb);
	ptest_check(
	    sendto(a, "one", 3, 0, (struct sockaddr *)&to_b, sizeof(to_b)) == 3,
	    "sendto");
	n = sizeof(from);
	memset(&from, 0, sizeof(from));
	ssize_t r =
	    recvfrom(b, buf, sizeof(buf), 0, (struct sockaddr *)&from, &n);
	ptest_check(r == 3 && memcmp(buf, "one", 3) == 0 && n == sizeof(from) &&
			from.sin_family == AF_INET &&
			ntohs(from.sin_port) == pa &&
			from.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
		    "recvfrom: the datagram and its sender");
	struct iovec v[2] = {{"two ", 4}, {"parts", 5}};
	struct msghdr m;
	memset(&m, 0, sizeof(m));
	m.msg_name = &to_b;
	m.msg_namelen = sizeof(to_b);
	m.msg_iov = v;
	m.msg_iovlen = 2;
	ptest_check(sendmsg(a, &m, 0) == 9, "sendmsg of two parts");
	struct iovec w[2] = {{buf, 3}, {more, sizeof(more)}};
	memset(&m, 0, sizeof(m));
	memset(&from, 0, sizeof(from));
	m.msg_name = &from;
	m.msg_namelen = sizeof(from);
	m.msg_iov = w;
	m.msg_iovlen = 2;
	r = recvmsg(b, &m, 0);
	ptest_check(r == 9 && memcmp(buf, "two", 3) == 0 &&
			memcmp(more, " parts", 6) == 0 &&
			m.msg_namelen == sizeof(from) &&
			ntohs(from.sin_port) == pa && m.msg_controllen == 0,
		    "recvmsg: scattered, with its sender");
	ptest_refused(recv(b, buf, 1, MSG_DONTWAIT), EAGAIN,
		      "recv, no datagram: EAGAIN");
	struct sockaddr_in to_a = at(INADDR_LOOPBACK, pa);
	ptest_check(connect(b, (struct sockaddr *)&to_a, sizeof(to_a)) == 0 &&
			send(b, "three", 5, 0) == 5,
		    "connect, then send with no address");
	ptest_check(recv(a, buf, sizeof(buf), 0) == 5 &&
			memcmp(buf, "three", 5) == 0,
		    "it comes to the peer");
	n = sizeof(from);
	ptest_check(getpeername(b, (struct sockaddr *)&from, &n) == 0 &&
			ntohs(from.sin_port) == pa,
		    "getpeername of a connected UDP socket");
	pid_t c = fork();
	if (c == 0) {
		nap(100);
		_exit(send(b, "late", 4, 0) == 4 ? 0 : 1);
	}
	ptest_check(recv(a, buf, sizeof(buf), 0) == 4 &&
			memcmp(buf, "late", 4) == 0,
		    "a blocking recv waits for the child's datagram");
	int st = -1;
	waitpid(c, &st, 0);
	int t = 0;
	n = sizeof(t);
	ptest_check(getsockopt(a, SOL_SOCKET, SO_TYPE, &t, &n) == 0 &&
			t == SOCK_DGRAM && n == sizeof(t),
		    "SO_TYPE: SOCK_DGRAM");
	ptest_refused(sendto(a, "x", 1, 0, NULL, 0), EDESTADDRREQ,
		      "unconnected, no address: EDESTADDRREQ");
	ptest_refused(sendto(a, "x", 1, 0, (struct sockaddr *)&to_b, 4), EINVAL,
		      "a short address: EINVAL");
	ptest_refused(sendto(a, "x", 1, 0, WILD, sizeof(to_b)), EFAULT,
		      "a wild address: EFAULT");
	ptest_refused(
	    sendto(a, WILD, 1, 0, (struct sockaddr *)&to_b, sizeof(to_b)),
	    EFAULT, "a wild buffer: EFAULT");
	ptest_refused(listen(a, 1), EOPNOTSUPP, "listen on UDP: EOPNOTSUPP");
	close(a);
	close(b);
}

/* A blocking accept interrupted by SIGUSR1: EINTR without SA_RESTART;
 * with it, made again, and it takes the child's connection. */
static void
interrupted(void)
{
	struct sigaction sa;
	int l = listener(0);
	uint16_t port = port_of(l);

	for (int again = 0; again < 2; again++) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_usr1;
		sa.sa_flags = again ? SA_RESTART : 0;
		sigaction(SIGUSR1, &sa, NULL);
		got = 0;
		pid_t parent = getpid(), c = fork();
		if (c == 0) {
			nap(100);
			kill(parent, SIGUSR1);
			nap(100);
			int fd = again ? dial(port) : 0;
			_exit(fd >= 0 ? 0 : 1);
		}
		int s = accept(l, NULL, NULL);
		if (!again) {
			ptest_check(s == -1 && errno == EINTR && got == 1,
				    "accept, a signal: EINTR");
		} else {
			ptest_check(s >= 0 && got == 1,
				    "with SA_RESTART: made again, connected");
			close(s);
		}
		int st = -1;
		waitpid(c, &st, 0);
	}
	signal(SIGUSR1, SIG_DFL);
	close(l);
}

static void
options(void)
{
	int t = socket(AF_INET, SOCK_STREAM, 0), v = 1;
	socklen_t n = sizeof(v);

	ptest_check(
	    setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &v, sizeof(v)) == 0 &&
		getsockopt(t, SOL_SOCKET, SO_REUSEADDR, &v, &n) == 0 && v != 0,
	    "SO_REUSEADDR set and read");
	v = 1;
	ptest_check(
	    setsockopt(t, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof(v)) == 0 &&
		getsockopt(t, SOL_SOCKET, SO_KEEPALIVE, &v, &n) == 0 && v != 0,
	    "SO_KEEPALIVE set and read");
	v = 65536;
	ptest_check(setsockopt(t, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)) == 0 &&
			setsockopt(t, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)) ==
			    0,
		    "SO_RCVBUF and SO_SNDBUF taken");
	v = 0;
	ptest_check(getsockopt(t, SOL_SOCKET, SO_TYPE, &v, &n) == 0 &&
			v == SOCK_STREAM,
		    "SO_TYPE: SOCK_STREAM");
	v = 1;
	ptest_refused(getsockopt(t, SOL_SOCKET, 12345, &v, &n), ENOPROTOOPT,
		      "an unknown option: ENOPROTOOPT");
	ptest_refused(setsockopt(t, SOL_SOCKET, 12345, &v, sizeof(v)),
		      ENOPROTOOPT, "set an unknown option: ENOPROTOOPT");
	ptest_refused(setsockopt(t, 9999, 1, &v, sizeof(v)), ENOPROTOOPT,
		      "an unknown level: ENOPROTOOPT");
	ptest_refused(setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &v, 2), EINVAL,
		      "a short value: EINVAL");
	ptest_refused(setsockopt(t, SOL_SOCKET, SO_REUSEADDR, WILD, sizeof(v)),
		      EFAULT, "a wild value: EFAULT");
	ptest_refused(getsockopt(t, SOL_SOCKET, SO_TYPE, &v, WILD), EFAULT,
		      "a wild length: EFAULT");
	close(t);
}

static void
refusals(void)
{
	int t = socket(AF_INET, SOCK_STREAM, 0), p[2];
	struct sockaddr_in a = at(INADDR_LOOPBACK, 0);
	char b[4];
	socklen_t n = sizeof(a);

	ptest_check(pipe(p) == 0, "a pipe, for ENOTSOCK");
	ptest_refused(socket(200, SOCK_STREAM, 0), EAFNOSUPPORT,
		      "socket: an unknown family: EAFNOSUPPORT");
	ptest_refused(socket(AF_INET, 11, 0), EINVAL,
		      "socket: an unknown type: EINVAL");
	ptest_refused(socket(AF_INET, SOCK_STREAM | 0x100, 0), EINVAL,
		      "socket: an unknown flag: EINVAL");
	ptest_refused(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP),
		      EPROTONOSUPPORT, "TCP with UDP's protocol");
	ptest_refused(send(99, "x", 1, 0), EBADF, "send on no fd: EBADF");
	ptest_refused(bind(p[0], (struct sockaddr *)&a, sizeof(a)), ENOTSOCK,
		      "bind a pipe: ENOTSOCK");
	ptest_refused(getsockopt(p[1], SOL_SOCKET, SO_TYPE, b, &n), ENOTSOCK,
		      "getsockopt on a pipe: ENOTSOCK");
	ptest_refused(bind(t, (struct sockaddr *)&a, 4), EINVAL,
		      "bind: a short address: EINVAL");
	ptest_refused(bind(t, (struct sockaddr *)&a, 200), EINVAL,
		      "bind: a long address: EINVAL");
	ptest_refused(bind(t, WILD, sizeof(a)), EFAULT,
		      "bind: a wild address: EFAULT");
	struct sockaddr_in six = a;
	six.sin_family = AF_INET6;
	ptest_refused(bind(t, (struct sockaddr *)&six, sizeof(six)),
		      EAFNOSUPPORT, "bind: another family: EAFNOSUPPORT");
	ptest_refused(connect(t, (struct sockaddr *)&six, sizeof(six)),
		      EAFNOSUPPORT, "connect: another family: EAFNOSUPPORT");
	ptest_refused(send(t, "x", 1, MSG_NOSIGNAL), EPIPE,
		      "send, not connected: EPIPE");
	ptest_refused(recv(t, b, 1, 0), ENOTCONN,
		      "recv, not connected: ENOTCONN");
	ptest_refused(accept(t, NULL, NULL), EINVAL,
		      "accept, not listening: EINVAL");
	ptest_refused(getpeername(t, (struct sockaddr *)&a, &n), ENOTCONN,
		      "getpeername, not connected: ENOTCONN");
	ptest_refused(shutdown(t, SHUT_RDWR), ENOTCONN,
		      "shutdown, not connected: ENOTCONN");
	ptest_refused(shutdown(t, 7), EINVAL, "shutdown how 7: EINVAL");
	n = (socklen_t)-1;
	ptest_refused(getsockname(t, (struct sockaddr *)&a, &n), EINVAL,
		      "getsockname, a negative length: EINVAL");
	n = sizeof(a);
	ptest_refused(getsockname(t, WILD, &n), EFAULT,
		      "getsockname to a wild pointer: EFAULT");
	int l = listener(0);
	a = at(INADDR_LOOPBACK, port_of(l));
	int u = socket(AF_INET, SOCK_STREAM, 0);
	ptest_refused(bind(u, (struct sockaddr *)&a, sizeof(a)), EADDRINUSE,
		      "bind: a port in use: EADDRINUSE");
	a.sin_port = 0;
	ptest_check(bind(u, (struct sockaddr *)&a, sizeof(a)) == 0,
		    "bind another port");
	ptest_refused(bind(u, (struct sockaddr *)&a, sizeof(a)), EINVAL,
		      "bind twice: EINVAL");
	int c = dial(port_of(l)), s = accept(l, NULL, NULL);
	int c2 = dial(port_of(l)); /* waiting, for the next accept */
	ptest_refused(accept(l, WILD, (socklen_t *)WILD + 1), EFAULT,
		      "accept to wild pointers: EFAULT");
	close(c2);
	int sv[2];
	ptest_refused(socketpair(AF_INET, SOCK_STREAM, 0, sv), EOPNOTSUPP,
		      "socketpair(AF_INET): EOPNOTSUPP");
	signal(SIGPIPE, SIG_IGN);
	ptest_check(shutdown(c, SHUT_WR) == 0, "shutdown(SHUT_WR)");
	ptest_refused(write(c, "x", 1), EPIPE, "write after it: EPIPE");
	signal(SIGPIPE, SIG_DFL);
	close(c);
	close(s);
	close(l);
	close(u);
	close(p[0]);
	close(p[1]);
	ptest_check(close(t) == 0, "close");
	ptest_refused(close(t), EBADF, "close twice: EBADF");
}

/* The child of `nettest restart`, once its parent has gone. */
static int
restarted(int l, int c, int s)
{
	char b[4];
	ssize_t r = recv(s, b, 1, 0);
	int e = errno;

	printf("nettest: restart: a held recv: %s\n",
	       r == -1 && e == ECONNRESET ? "ECONNRESET" : "WRONG");
	ptest_refused(send(c, "x", 1, MSG_NOSIGNAL), ECONNRESET,
		      "restart: send on an old connection: ECONNRESET");
	ptest_refused(accept(l, NULL, NULL), EBADF,
		      "restart: accept on an old listener: EBADF");
	ptest_check(close(l) == 0 && close(c) == 0 && close(s) == 0,
		    "restart: the old sockets close");
	/* The service may still be starting: ENETDOWN for a while. */
	int nl = -1;
	for (int i = 0; i < 100 && nl < 0; i++) {
		if ((nl = listener(0)) < 0) {
			nap(50);
		}
	}
	int nc = nl < 0 ? -1 : dial(port_of(nl));
	int ns = nc < 0 ? -1 : accept(nl, NULL, NULL);
	ptest_check(ns >= 0 && send(nc, "y", 1, 0) == 1 &&
			recv(ns, b, 1, 0) == 1 && b[0] == 'y',
		    "restart: new sockets carry bytes");
	return ptest_done("nettest restart");
}

static int
restart(void)
{
	int l = listener(0), p[2];
	int c = dial(port_of(l)), s = accept(l, NULL, NULL);
	char b = 0;

	if (l < 0 || c < 0 || s < 0 || pipe(p) != 0) {
		printf("nettest: restart: no connection\n");
		return 1;
	}
	pid_t k = fork();
	if (k == 0) {
		close(p[0]);
		close(p[1]); /* the parent's read ends: it may go */
		_exit(restarted(l, c, s));
	}
	close(p[1]);
	read(p[0], &b, 1);
	printf("nettest: restart: pid %d holds a recv\n", (int)k);
	return 0;
}

/* Milliseconds since a. */
static long
since_ms(const struct timespec *a)
{
	struct timespec z;

	clock_gettime(CLOCK_MONOTONIC, &z);
	return (z.tv_sec - a->tv_sec) * 1000 +
	       (z.tv_nsec - a->tv_nsec) / 1000000;
}

/* SO_RCVTIMEO: a recv and an accept that wait no longer; the value read
 * back; the refusals. */
static void
timeouts(void)
{
	struct timeval tv = {0, 200000}, got_tv = {0, 0};
	socklen_t len = sizeof(got_tv);
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	struct timespec t0;
	char b[4];
	int u = socket(AF_INET, SOCK_DGRAM, 0);

	ptest_check(
	    bind(u, (struct sockaddr *)&a, sizeof(a)) == 0 &&
		setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0 &&
		getsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &got_tv, &len) == 0 &&
		len == sizeof(got_tv) && got_tv.tv_sec == 0 &&
		got_tv.tv_usec == 200000,
	    "SO_RCVTIMEO 200 ms, read back");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	long r = recv(u, b, sizeof(b), 0);
	long ms = since_ms(&t0);
	ptest_check(r == -1 && errno == EAGAIN && ms >= 190 && ms < 5000,
		    "recv with nothing: EAGAIN after 200 ms");
	tv.tv_usec = 1000000;
	ptest_refused(setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)),
		      EDOM, "SO_RCVTIMEO of 1,000,000 us: EDOM");
	ptest_refused(setsockopt(u, SOL_SOCKET, SO_SNDTIMEO, &tv, 4), EINVAL,
		      "SO_SNDTIMEO of 4 bytes: EINVAL");
	close(u);
	int l = socket(AF_INET, SOCK_STREAM, 0);
	tv = (struct timeval){0, 100000};
	int ok = bind(l, (struct sockaddr *)&a, sizeof(a)) == 0 &&
		 listen(l, 1) == 0 &&
		 setsockopt(l, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = accept(l, NULL, NULL);
	ms = since_ms(&t0);
	ptest_check(ok && r == -1 && errno == EAGAIN && ms >= 90 && ms < 5000,
		    "accept with no one: EAGAIN after 100 ms");
	close(l);
}

int
main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "restart") == 0) {
		return restart();
	}
	tcp();
	nonblocking();
	refused_connect();
	udp();
	interrupted();
	options();
	timeouts();
	refusals();
	return ptest_done("nettest");
}
