/*
 * unixtest: AF_UNIX stream sockets: socketpair, bytes both ways and
 * between fork's two ends, peeking, FIONREAD, poll, shutdown and the
 * peer's close (EPIPE, SIGPIPE, ECONNRESET); named sockets on the disk
 * and abstract ones: bind, listen, connect, accept, their names and
 * SO_PEERCRED; a held accept and read, a receive timeout; every
 * refusal.  The same on Linux.
 */
#define _GNU_SOURCE /* struct ucred */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ptest.h"

#define BIG (256 * 1024)

static char path[64];
static int *volatile bad = (int *)8; /* unmapped, unseen by the compiler */
static volatile sig_atomic_t pipes;

static void
on_pipe(int sig)
{
	(void)sig;
	pipes++;
}

/* The sockaddr_un of name (abstract if it starts with '@'): its length. */
static socklen_t
addr(struct sockaddr_un *a, const char *name)
{
	size_t n = strlen(name);

	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path, name, n);
	if (name[0] == '@') {
		a->sun_path[0] = '\0';
		return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
	}
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
}

static int
events(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};

	return poll(&p, 1, 0) < 0 ? -1 : p.revents;
}

static void
pairs(void)
{
	int sv[2], n = 0;
	char b[64];

	ptest_check(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0,
		    "socketpair(AF_UNIX, SOCK_STREAM)");
	ptest_check(write(sv[0], "ping", 4) == 4 && read(sv[1], b, 64) == 4 &&
			memcmp(b, "ping", 4) == 0,
		    "bytes one way");
	ptest_check(send(sv[1], "pong!", 5, 0) == 5 &&
			recv(sv[0], b, 64, 0) == 5 &&
			memcmp(b, "pong!", 5) == 0,
		    "and back, by send and recv");
	ptest_check(events(sv[1]) == POLLOUT, "poll: POLLOUT, nothing to read");
	write(sv[0], "abcdef", 6);
	ptest_check(events(sv[1]) == (POLLIN | POLLOUT), "poll: POLLIN");
	ptest_check(ioctl(sv[1], FIONREAD, &n) == 0 && n == 6,
		    "FIONREAD: 6 bytes");
	ptest_check(recv(sv[1], b, 3, MSG_PEEK) == 3 &&
			memcmp(b, "abc", 3) == 0 && read(sv[1], b, 64) == 6 &&
			memcmp(b, "abcdef", 6) == 0,
		    "MSG_PEEK leaves the bytes");
	ptest_refused(recv(sv[1], b, 64, MSG_DONTWAIT), EAGAIN,
		      "MSG_DONTWAIT, nothing there: EAGAIN");
	int t = 0;
	socklen_t tl = sizeof(t);
	ptest_check(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &t, &tl) == 0 &&
			t == SOCK_STREAM,
		    "SO_TYPE: SOCK_STREAM");
	ptest_check(getsockopt(sv[0], SOL_SOCKET, SO_DOMAIN, &t, &tl) == 0 &&
			t == AF_UNIX,
		    "SO_DOMAIN: AF_UNIX");
	struct ucred c;
	socklen_t cl = sizeof(c);
	ptest_check(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &c, &cl) == 0 &&
			cl == sizeof(c) && c.pid == getpid() &&
			c.uid == geteuid() && c.gid == getegid(),
		    "SO_PEERCRED: this process");

	struct iovec v[2] = {{"one ", 4}, {"two", 3}};
	struct msghdr m = {.msg_iov = v, .msg_iovlen = 2};
	ptest_check(sendmsg(sv[0], &m, 0) == 7, "sendmsg: two buffers");
	char x[3], y[8];
	struct iovec w[2] = {{x, 3}, {y, 8}};
	struct msghdr r = {.msg_iov = w, .msg_iovlen = 2};
	ptest_check(recvmsg(sv[1], &r, 0) == 7 && memcmp(x, "one", 3) == 0 &&
			memcmp(y, " two", 4) == 0,
		    "recvmsg: into two");

	ptest_check(shutdown(sv[0], SHUT_WR) == 0, "shutdown SHUT_WR");
	ptest_check(read(sv[1], b, 64) == 0, "the peer reads the end");
	ptest_check(events(sv[1]) & POLLIN, "poll: the end is POLLIN");
	signal(SIGPIPE, SIG_IGN);
	ptest_refused(write(sv[0], "x", 1), EPIPE,
		      "a write after SHUT_WR: EPIPE");
	ptest_check(write(sv[1], "still", 5) == 5 && read(sv[0], b, 64) == 5,
		    "the other way still goes");
	write(sv[1], "unread", 6);
	close(sv[0]);
	signal(SIGPIPE, on_pipe);
	ptest_refused(write(sv[1], "x", 1), EPIPE,
		      "a write to a closed peer: EPIPE");
	ptest_check(pipes == 1, "and SIGPIPE");
	ptest_refused(send(sv[1], "x", 1, MSG_NOSIGNAL), EPIPE,
		      "MSG_NOSIGNAL: EPIPE, no signal");
	ptest_check(pipes == 1 && (events(sv[1]) & POLLHUP), "poll: POLLHUP");
	close(sv[1]);

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[0], "lost", 4);
	close(sv[1]);
	ptest_refused(read(sv[0], b, 64), ECONNRESET,
		      "the peer closed with bytes unread: ECONNRESET");
	ptest_check(read(sv[0], b, 64) == 0, "then the end");
	close(sv[0]);

	ptest_check(socketpair(AF_UNIX,
			       SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
			       sv) == 0 &&
			(fcntl(sv[0], F_GETFL) & O_NONBLOCK) &&
			(fcntl(sv[1], F_GETFD) & FD_CLOEXEC),
		    "SOCK_NONBLOCK, SOCK_CLOEXEC");
	ptest_refused(read(sv[0], b, 64), EAGAIN, "nonblocking: EAGAIN");
	close(sv[0]);
	close(sv[1]);
}

/* A child writes BIG bytes in odd pieces; the parent sums them. */
static void
forked(void)
{
	int sv[2];
	static char b[8192];

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pid_t c = fork();
	if (c == 0) {
		close(sv[0]);
		for (unsigned long sent = 0; sent < BIG;) {
			size_t k = BIG - sent < 3001 ? BIG - sent : 3001;
			for (size_t j = 0; j < sizeof(b); j++) {
				b[j] = (char)(sent + j);
			}
			ssize_t r = write(sv[1], b, k);
			if (r <= 0) {
				_exit(1);
			}
			sent += (unsigned long)r;
		}
		usleep(50000);
		write(sv[1], "late", 4); /* a read held until it comes */
		_exit(0);
	}
	close(sv[1]);
	unsigned long got = 0, wrong = 0;
	ssize_t r;
	while (got < BIG && (r = read(sv[0], b, sizeof(b))) > 0) {
		for (ssize_t j = 0; j < r && got + (unsigned long)j < BIG;
		     j++) {
			wrong += b[j] != (char)(got + (unsigned long)j);
		}
		got += (unsigned long)r;
	}
	ptest_check(got >= BIG && wrong == 0, "256 KiB from a child, in order");
	char l[8];
	ptest_check(read(sv[0], l, 8) == 4 && memcmp(l, "late", 4) == 0,
		    "a held read, answered when the child writes");
	int st;
	ptest_check(waitpid(c, &st, 0) == c && WIFEXITED(st) &&
			WEXITSTATUS(st) == 0 && read(sv[0], l, 8) == 0,
		    "the child ends: the end");
	close(sv[0]);
}

/* A child connects to name after a while and says hello. */
static pid_t
client(const char *name)
{
	pid_t c = fork();

	if (c == 0) {
		struct sockaddr_un a;
		socklen_t n = addr(&a, name);
		int s = socket(AF_UNIX, SOCK_STREAM, 0);
		usleep(50000);
		if (connect(s, (struct sockaddr *)&a, n) != 0 ||
		    write(s, "hello", 5) != 5) {
			_exit(1);
		}
		char b[4];
		_exit(read(s, b, 4) == 2 && memcmp(b, "ok", 2) == 0 ? 0 : 2);
	}
	return c;
}

static void
named(const char *name, const char *what)
{
	struct sockaddr_un a, got;
	socklen_t n = addr(&a, name), gl = sizeof(got);
	char b[64], msg[96];
	int l = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(msg, sizeof(msg), "%s: bind, listen", what);
	ptest_check(bind(l, (struct sockaddr *)&a, n) == 0 && listen(l, 4) == 0,
		    msg);
	snprintf(msg, sizeof(msg), "%s: getsockname", what);
	ptest_check(getsockname(l, (struct sockaddr *)&got, &gl) == 0 &&
			gl == n && memcmp(&got, &a, n) == 0,
		    msg);
	int again = socket(AF_UNIX, SOCK_STREAM, 0);
	snprintf(msg, sizeof(msg), "%s: bound twice: EADDRINUSE", what);
	ptest_refused(bind(again, (struct sockaddr *)&a, n), EADDRINUSE, msg);
	close(again);

	struct timeval tv = {7, 0}, got_tv = {0, 0};
	socklen_t tvl = sizeof(got_tv);
	setsockopt(l, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	pid_t c = client(name);
	struct sockaddr_un from = {0};
	socklen_t fl = sizeof(from);
	int s = accept(l, (struct sockaddr *)&from, &fl);
	snprintf(msg, sizeof(msg), "%s: a held accept; the client unnamed",
		 what);
	ptest_check(s >= 0 && fl == sizeof(sa_family_t) &&
			from.sun_family == AF_UNIX,
		    msg);
	snprintf(msg, sizeof(msg), "%s: its bytes", what);
	ptest_check(read(s, b, 64) == 5 && memcmp(b, "hello", 5) == 0, msg);
	struct ucred cr;
	socklen_t cl = sizeof(cr);
	snprintf(msg, sizeof(msg), "%s: SO_PEERCRED: the client's pid", what);
	ptest_check(getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &cl) == 0 &&
			cr.pid == c,
		    msg);
	snprintf(msg, sizeof(msg),
		 "%s: not the listener's SO_RCVTIMEO (a new socket)", what);
	ptest_check(getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &got_tv, &tvl) ==
			    0 &&
			tv.tv_sec == 7 && got_tv.tv_sec == 0,
		    msg);
	write(s, "ok", 2);
	int st;
	snprintf(msg, sizeof(msg), "%s: the client got its answer", what);
	ptest_check(waitpid(c, &st, 0) == c && WIFEXITED(st) &&
			WEXITSTATUS(st) == 0,
		    msg);
	close(s);

	/* One queued, not accepted: poll says so; connect answers at once
	 * and the client may write before the accept. */
	int k = socket(AF_UNIX, SOCK_STREAM, 0);
	snprintf(msg, sizeof(msg), "%s: connect, then write before accept",
		 what);
	ptest_check(connect(k, (struct sockaddr *)&a, n) == 0 &&
			write(k, "early", 5) == 5,
		    msg);
	snprintf(msg, sizeof(msg), "%s: poll: the listener POLLIN", what);
	ptest_check(events(l) & POLLIN, msg);
	gl = sizeof(got);
	snprintf(msg, sizeof(msg), "%s: getpeername: the listener's", what);
	ptest_check(getpeername(k, (struct sockaddr *)&got, &gl) == 0 &&
			gl == n && memcmp(&got, &a, n) == 0,
		    msg);
	cl = sizeof(cr);
	snprintf(msg, sizeof(msg), "%s: SO_PEERCRED: the listener's", what);
	ptest_check(getsockopt(k, SOL_SOCKET, SO_PEERCRED, &cr, &cl) == 0 &&
			cr.pid == getpid(),
		    msg);
	s = accept4(l, NULL, NULL, SOCK_NONBLOCK);
	snprintf(msg, sizeof(msg), "%s: accept4 SOCK_NONBLOCK, the bytes",
		 what);
	ptest_check(s >= 0 && (fcntl(s, F_GETFL) & O_NONBLOCK) &&
			read(s, b, 64) == 5 && memcmp(b, "early", 5) == 0,
		    msg);
	close(s);
	close(k);

	k = socket(AF_UNIX, SOCK_STREAM, 0);
	snprintf(msg, sizeof(msg), "%s: one more queued", what);
	ptest_check(connect(k, (struct sockaddr *)&a, n) == 0, msg);
	close(l); /* k never accepted */
	snprintf(msg, sizeof(msg), "%s: the listener closed first: ECONNRESET",
		 what);
	ptest_refused(read(k, b, 64), ECONNRESET, msg);
	close(k);
	k = socket(AF_UNIX, SOCK_STREAM, 0);
	snprintf(msg, sizeof(msg), "%s: no listener: ECONNREFUSED", what);
	ptest_refused(connect(k, (struct sockaddr *)&a, n), ECONNREFUSED, msg);
	close(k);
}

static void
names(void)
{
	struct sockaddr_un a, got = {0};
	socklen_t gl = sizeof(got);
	struct stat st;
	int s = socket(AF_UNIX, SOCK_STREAM, 0);

	ptest_check(stat(path, &st) == 0 && S_ISSOCK(st.st_mode),
		    "the bound path is a socket on the disk");
	ptest_refused(open(path, O_RDONLY), ENXIO, "open of it: ENXIO");
	ptest_check(unlink(path) == 0, "unlink it");
	socklen_t n = addr(&a, path);
	ptest_refused(connect(s, (struct sockaddr *)&a, n), ENOENT,
		      "connect to a path gone: ENOENT");
	n = addr(&a, "/tmp");
	ptest_refused(connect(s, (struct sockaddr *)&a, n), ECONNREFUSED,
		      "connect to a directory: ECONNREFUSED");
	a.sun_family = AF_UNIX;
	ptest_check(bind(s, (struct sockaddr *)&a, sizeof(sa_family_t)) == 0 &&
			getsockname(s, (struct sockaddr *)&got, &gl) == 0 &&
			gl == sizeof(sa_family_t) + 6 &&
			got.sun_path[0] == '\0',
		    "bind with no path: an abstract name of 5 digits");
	close(s);
}

/* Datagrams and packets: kept apart, cut to the buffer, the ends. */
static void
messages(void)
{
	int sv[2], n = 0;
	char b[64];

	ptest_check(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0 &&
			send(sv[0], "abc", 3, 0) == 3 &&
			send(sv[0], "defgh", 5, 0) == 5,
		    "SOCK_DGRAM pair: two datagrams");
	ptest_check(ioctl(sv[1], FIONREAD, &n) == 0 && n == 3,
		    "FIONREAD: the next datagram's 3 bytes");
	ptest_check(recv(sv[1], b, 2, 0) == 2 && memcmp(b, "ab", 2) == 0,
		    "a datagram cut to the buffer");
	ptest_check(recv(sv[1], b, 2, MSG_TRUNC | MSG_PEEK) == 5,
		    "MSG_TRUNC: the next one's whole length");
	ptest_check(recv(sv[1], b, 64, 0) == 5 && memcmp(b, "defgh", 5) == 0,
		    "the next one whole: the cut one's rest is gone");
	ptest_check(events(sv[1]) == POLLOUT, "poll: POLLOUT, none to read");
	close(sv[0]);
	ptest_refused(recv(sv[1], b, 64, MSG_DONTWAIT), EAGAIN,
		      "the peer closed: no end, EAGAIN");
	ptest_refused(send(sv[1], "x", 1, 0), ECONNREFUSED,
		      "a send to it: ECONNREFUSED");
	close(sv[1]);

	ptest_check(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0 &&
			send(sv[0], "abc", 3, 0) == 3 &&
			send(sv[0], "123456", 6, 0) == 6,
		    "SOCK_SEQPACKET pair: two packets");
	ptest_check(ioctl(sv[1], FIONREAD, &n) == 0 && n == 9,
		    "FIONREAD: all of them, 9");
	struct iovec v = {b, 2};
	struct msghdr m = {.msg_iov = &v, .msg_iovlen = 1};
	ptest_check(recvmsg(sv[1], &m, 0) == 2 && (m.msg_flags & MSG_TRUNC),
		    "recvmsg: cut, MSG_TRUNC in msg_flags");
	close(sv[0]);
	ptest_check(recv(sv[1], b, 64, 0) == 6 && memcmp(b, "123456", 6) == 0 &&
			recv(sv[1], b, 64, 0) == 0,
		    "the peer closed: its last packet, then the end");
	ptest_refused(send(sv[1], "x", 1, MSG_NOSIGNAL), EPIPE,
		      "a send to it: EPIPE");
	close(sv[1]);
}

/* Datagrams to a name, from a named and an unnamed sender. */
static void
to_names(void)
{
	struct sockaddr_un a, me, f;
	socklen_t n = addr(&a, path), mn = addr(&me, "@cairn-unixtest-me");
	socklen_t fl = sizeof(f);
	char b[64];
	static char big[300000];
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	int c = socket(AF_UNIX, SOCK_DGRAM, 0);

	unlink(path);
	ptest_check(bind(s, (struct sockaddr *)&a, n) == 0,
		    "SOCK_DGRAM bound to a path");
	ptest_check(sendto(c, "hi", 2, 0, (struct sockaddr *)&a, n) == 2 &&
			recvfrom(s, b, 64, 0, (struct sockaddr *)&f, &fl) ==
			    2 &&
			fl == 0 && memcmp(b, "hi", 2) == 0,
		    "sendto it from an unnamed socket: no sender");
	ptest_refused(send(c, "x", 1, 0), ENOTCONN,
		      "send with no address, unconnected: ENOTCONN");
	ptest_check(bind(c, (struct sockaddr *)&me, mn) == 0 &&
			connect(c, (struct sockaddr *)&a, n) == 0 &&
			send(c, "yo", 2, 0) == 2,
		    "bind the sender, connect, then send");
	fl = sizeof(f);
	ptest_check(recvfrom(s, b, 64, 0, (struct sockaddr *)&f, &fl) == 2 &&
			fl == mn && memcmp(&f, &me, mn) == 0,
		    "recvfrom: the sender's name");
	ptest_refused(listen(s, 1), EOPNOTSUPP, "listen: EOPNOTSUPP");
	int st = socket(AF_UNIX, SOCK_STREAM, 0);
	ptest_refused(connect(st, (struct sockaddr *)&a, n), EPROTOTYPE,
		      "a stream to it: EPROTOTYPE");
	close(st);
	ptest_refused(sendto(c, big, sizeof(big), 0, (struct sockaddr *)&a, n),
		      EMSGSIZE, "300,000 bytes: EMSGSIZE");

	pid_t k = fork();
	if (k == 0) {
		usleep(50000);
		_exit(send(c, "late", 4, 0) == 4 ? 0 : 1);
	}
	ptest_check(recv(s, b, 64, 0) == 4 && memcmp(b, "late", 4) == 0,
		    "a held recv, answered by a child's datagram");
	waitpid(k, NULL, 0);
	close(s);
	ptest_refused(send(c, "x", 1, 0), ECONNREFUSED,
		      "its peer closed: ECONNREFUSED");
	ptest_refused(send(c, "x", 1, 0), ENOTCONN, "then ENOTCONN");
	ptest_refused(sendto(c, "x", 1, 0, (struct sockaddr *)&a, n),
		      ECONNREFUSED, "sendto a path nobody has: ECONNREFUSED");
	close(c);
	unlink(path);
}

/* Packets through a listener: accepted, kept apart. */
static void
packets(void)
{
	struct sockaddr_un a;
	socklen_t n = addr(&a, "@cairn-unixtest-packets");
	char b[64];
	int l = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	int c = socket(AF_UNIX, SOCK_SEQPACKET, 0);

	ptest_check(bind(l, (struct sockaddr *)&a, n) == 0 &&
			listen(l, 1) == 0 &&
			connect(c, (struct sockaddr *)&a, n) == 0,
		    "SOCK_SEQPACKET: listen, connect");
	int s = accept(l, NULL, NULL);
	ptest_check(s >= 0 && write(c, "one", 3) == 3 &&
			write(c, "two", 3) == 3 && read(s, b, 64) == 3 &&
			read(s, b + 3, 64) == 3 && memcmp(b, "onetwo", 6) == 0,
		    "accept; two packets read apart");
	int t = 0;
	socklen_t tl = sizeof(t);
	ptest_check(getsockopt(s, SOL_SOCKET, SO_TYPE, &t, &tl) == 0 &&
			t == SOCK_SEQPACKET,
		    "SO_TYPE: SOCK_SEQPACKET");
	close(s);
	close(c);
	close(l);
}

static void
timeouts(void)
{
	int sv[2];
	char b[4];
	struct timeval tv = {0, 100000};
	struct timespec t0, t1;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ssize_t r = read(sv[0], b, sizeof(b));
	int e = errno;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 +
		  (t1.tv_nsec - t0.tv_nsec) / 1000000;
	errno = e;
	ptest_check(r == -1 && e == EAGAIN && ms >= 100,
		    "SO_RCVTIMEO 100 ms: EAGAIN after it");
	close(sv[0]);
	close(sv[1]);
}

static void
refusals(void)
{
	struct sockaddr_un a;
	socklen_t n = addr(&a, "@cairn-unixtest-refusals");
	int sv[2];
	char b[4];
	int s = socket(AF_UNIX, SOCK_STREAM, 0);

	ptest_refused(socket(AF_UNIX, SOCK_STREAM, 6), EPROTONOSUPPORT,
		      "protocol 6: EPROTONOSUPPORT");
	ptest_refused(socket(AF_UNIX, SOCK_RDM, 0), ESOCKTNOSUPPORT,
		      "SOCK_RDM: ESOCKTNOSUPPORT");
	int raw = socket(AF_UNIX, SOCK_RAW, 0), t = 0;
	socklen_t tl = sizeof(t);
	ptest_check(getsockopt(raw, SOL_SOCKET, SO_TYPE, &t, &tl) == 0 &&
			t == SOCK_DGRAM,
		    "SOCK_RAW: a datagram socket");
	close(raw);
	ptest_refused(socketpair(AF_INET, SOCK_STREAM, 0, sv), EOPNOTSUPP,
		      "socketpair(AF_INET): EOPNOTSUPP");
	ptest_refused(socketpair(AF_UNIX, SOCK_STREAM, 0, bad), EFAULT,
		      "socketpair to a bad pointer: EFAULT");
	ptest_refused(listen(s, 1), EINVAL, "listen unbound: EINVAL");
	ptest_refused(accept(s, NULL, NULL), EINVAL,
		      "accept, not listening: EINVAL");
	ptest_refused(write(s, "x", 1), ENOTCONN,
		      "write unconnected: ENOTCONN");
	ptest_refused(read(s, b, 1), EINVAL, "read unconnected: EINVAL");
	int u = socket(AF_UNIX, SOCK_STREAM, 0);
	ptest_check(shutdown(u, SHUT_RD) == 0, "shutdown unconnected: 0");
	ptest_refused(shutdown(u, 7), EINVAL, "shutdown 7: EINVAL");
	close(u);
	ptest_refused(getpeername(s, (struct sockaddr *)&a, &n), ENOTCONN,
		      "getpeername unconnected: ENOTCONN");
	n = addr(&a, "@cairn-unixtest-refusals");
	ptest_refused(connect(s, (struct sockaddr *)&a, sizeof(sa_family_t)),
		      EINVAL, "connect with no path: EINVAL");
	ptest_refused(bind(s, (struct sockaddr *)&a, sizeof(a) + 1), EINVAL,
		      "bind, address too long: EINVAL");
	a.sun_family = AF_INET;
	ptest_refused(bind(s, (struct sockaddr *)&a, n), EINVAL,
		      "bind, AF_INET's family: EINVAL");
	a.sun_family = AF_UNIX;
	ptest_refused(bind(s, (struct sockaddr *)8, n), EFAULT,
		      "bind, a bad pointer: EFAULT");
	ptest_check(bind(s, (struct sockaddr *)&a, n) == 0,
		    "an abstract name bound");
	ptest_refused(bind(s, (struct sockaddr *)&a, n), EINVAL,
		      "bound twice: EINVAL");
	int k = socket(AF_UNIX, SOCK_STREAM, 0);
	ptest_refused(connect(k, (struct sockaddr *)&a, n), ECONNREFUSED,
		      "connect, bound but not listening: ECONNREFUSED");
	listen(s, 0);
	ptest_check(connect(k, (struct sockaddr *)&a, n) == 0,
		    "listen 0: one connection still queues");
	listen(s, 4); /* room: Linux waits for it before it looks */
	ptest_refused(connect(k, (struct sockaddr *)&a, n), EISCONN,
		      "connect twice: EISCONN");
	ptest_refused(sendto(k, "x", 1, 0, (struct sockaddr *)&a, n), EISCONN,
		      "sendto an address, connected: EISCONN");
	ptest_refused(connect(s, (struct sockaddr *)&a, n), EINVAL,
		      "connect a listener: EINVAL");
	close(k);
	close(s);
}

int
main(void)
{
	snprintf(path, sizeof(path), "/tmp/unixtest-%d.sock", (int)getpid());
	mkdir("/tmp", 01777);
	pairs();
	forked();
	named(path, "a path");
	names();
	named("@cairn-unixtest", "abstract");
	messages();
	to_names();
	packets();
	timeouts();
	refusals();
	return ptest_done("unixtest");
}
