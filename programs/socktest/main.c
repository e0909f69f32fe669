/*
 * socktest: the net service's sockets through the libc's BSD calls
 * (docs/net.md, "Sockets"), over the stack's loopback (127.0.0.1), so
 * it needs no network outside.
 *
 *	socktest		NOTIFY's refusals and signals; TCP: a
 *				listener, a connection, 256 KiB echoed
 *				through it and checked, the peer's close;
 *				UDP: datagrams with their senders; poll;
 *				every refusal; 64 connections open at once
 *	socktest churn N	N connections opened, used and dropped
 *	socktest drop PORT N	N connections to 127.0.0.1:PORT (a server
 *				of its own, httpd's 80) opened and dropped,
 *				every other one after the start of a request
 *	socktest sink PORT N [K]
 *				accept one connection on PORT, take N
 *				bytes and check them (byte i is
 *				(7i + i / 256) mod 256), and answer "ok";
 *				with K, crash the NIC driver K times on
 *				the way (init's CRASH: boot.conf's allow
 *				control): the connection must live on
 *	socktest source PORT N	accept one connection on PORT and send N
 *				bytes of that pattern
 */
#include <arpa/inet.h>
#include <cairn/manifest.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "procrt.h"
#include "proto/init.h"
#include "proto/sock.h"

CAIRN_MANIFEST("name socktest\n"
	       "description checks the sockets\n"
	       "quota 1M\n"
	       "receive\n"
	       "notify\n"
	       "needs net\n"
	       "needs serial\n");

#define PORT	   7001
#define BULK	   (256u << 10)
#define CHUNK	   4096u
#define MANY	   64
#define NTFN_BADGE 1

static int bad;

static void
check(int ok, const char *what)
{
	if (!ok) {
		printf("socktest: WRONG: %s (errno %d, %s)\n", what, errno,
		       strerror(errno));
		bad = 1;
	}
}

/* The call failed with errno e. */
static void
refused(long r, int e, const char *what)
{
	if (r != -1 || errno != e) {
		printf("socktest: WRONG: %s: %ld, errno %d (%s), not %d\n",
		       what, r, errno, strerror(errno), e);
		bad = 1;
	}
}

static struct sockaddr_in
at(uint32_t addr, uint16_t port)
{
	struct sockaddr_in a = {0};

	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(addr);
	return a;
}

static int
listener(uint16_t port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	struct sockaddr_in a = at(INADDR_LOOPBACK, port);

	check(fd >= 3, "socket");
	check(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0,
	      "SO_REUSEADDR");
	check(bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0, "bind");
	check(listen(fd, 16) == 0, "listen");
	return fd;
}

static int
dial(uint16_t port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = at(INADDR_LOOPBACK, port);

	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		if (fd >= 0) {
			close(fd);
		}
		return -1;
	}
	return fd;
}

static unsigned char
pat(size_t i)
{
	return (unsigned char)(i * 131 + (i >> 8) * 7);
}

/* Write all n bytes (blocking). */
static int
send_all(int fd, const unsigned char *p, size_t n)
{
	ssize_t r = send(fd, p, n, 0);

	return r == (ssize_t)n ? 0 : -1;
}

/* Read exactly n bytes (blocking): 0, or -1. */
static int
recv_all(int fd, unsigned char *p, size_t n)
{
	for (size_t got = 0; got < n;) {
		ssize_t r = recv(fd, p + got, n - got, 0);
		if (r <= 0) {
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}

/* 256 KiB through a connection and back, chunk by chunk. */
static void
tcp_echo(void)
{
	static unsigned char out[CHUNK], in[CHUNK];
	int l = listener(PORT), c = dial(PORT);
	struct sockaddr_in peer;
	socklen_t n = sizeof(peer);

	check(c >= 0, "connect to the listener");
	int s = accept(l, (struct sockaddr *)&peer, &n);
	check(s >= 0 && n == sizeof(peer) && peer.sin_family == AF_INET &&
		  ntohl(peer.sin_addr.s_addr) == INADDR_LOOPBACK,
	      "accept, with the peer's address");
	struct sockaddr_in mine;
	n = sizeof(mine);
	check(getsockname(c, (struct sockaddr *)&mine, &n) == 0 &&
		  mine.sin_port == peer.sin_port,
	      "getsockname is accept's peer");
	n = sizeof(mine);
	check(getpeername(c, (struct sockaddr *)&mine, &n) == 0 &&
		  ntohs(mine.sin_port) == PORT,
	      "getpeername");
	int one = 1;
	check(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == 0,
	      "TCP_NODELAY");
	size_t done = 0;
	for (; done < BULK && !bad; done += CHUNK) {
		for (size_t i = 0; i < CHUNK; i++) {
			out[i] = pat(done + i);
		}
		check(send_all(c, out, CHUNK) == 0, "send a chunk");
		check(recv_all(s, in, CHUNK) == 0, "the server takes it");
		check(send_all(s, in, CHUNK) == 0, "the server echoes it");
		check(recv_all(c, in, CHUNK) == 0, "the echo comes back");
		check(memcmp(in, out, CHUNK) == 0, "the echo is the chunk");
	}
	printf("socktest: tcp: %zu bytes echoed through 127.0.0.1:%d\n", done,
	       PORT);
	/* The peer's close: recv then says 0, poll says POLLIN. */
	check(close(c) == 0, "close");
	struct pollfd p = {s, POLLIN, 0};
	check(poll(&p, 1, 5000) == 1 && (p.revents & POLLIN), "poll: EOF");
	check(recv(s, in, 1, 0) == 0, "recv at the peer's close is 0");
	check(close(s) == 0 && close(l) == 0, "close the rest");
	printf("socktest: tcp: the peer's close seen\n");
}

static void
udp(void)
{
	int a = socket(AF_INET, SOCK_DGRAM, 0),
	    b = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in aa = at(INADDR_LOOPBACK, 7002),
			   ba = at(INADDR_LOOPBACK, 7003), from;
	socklen_t n = sizeof(from);
	char buf[64];

	check(bind(a, (struct sockaddr *)&aa, sizeof(aa)) == 0 &&
		  bind(b, (struct sockaddr *)&ba, sizeof(ba)) == 0,
	      "udp bind");
	check(sendto(a, "first", 5, 0, (struct sockaddr *)&ba, sizeof(ba)) == 5,
	      "sendto");
	check(sendto(a, "second!", 7, 0, (struct sockaddr *)&ba, sizeof(ba)) ==
		  7,
	      "sendto again");
	ssize_t r =
	    recvfrom(b, buf, sizeof(buf), 0, (struct sockaddr *)&from, &n);
	check(r == 5 && memcmp(buf, "first", 5) == 0 &&
		  ntohs(from.sin_port) == 7002,
	      "recvfrom: the first, with its sender");
	r = recv(b, buf, 3, 0);
	check(r == 3 && memcmp(buf, "sec", 3) == 0,
	      "a short recv truncates the datagram");
	refused(recv(b, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN,
		"the rest of a datagram is gone");
	check(connect(a, (struct sockaddr *)&ba, sizeof(ba)) == 0 &&
		  send(a, "third", 5, 0) == 5,
	      "udp connect and send");
	check(recv(b, buf, sizeof(buf), 0) == 5, "recv after connect");
	static char big[70000];
	refused(
	    sendto(a, big, sizeof(big), 0, (struct sockaddr *)&ba, sizeof(ba)),
	    EMSGSIZE, "a datagram over 65507 bytes");
	check(close(a) == 0 && close(b) == 0, "udp close");
	printf("socktest: udp: datagrams with their senders\n");
}

static void
polls(void)
{
	int l = listener(PORT + 10);
	struct pollfd p[2] = {{l, POLLIN, 0}, {1, POLLOUT, 0}};

	check(poll(p, 1, 200) == 0 && p[0].revents == 0,
	      "poll times out with nothing ready");
	check(poll(p, 2, -1) == 1 && p[1].revents == POLLOUT,
	      "the console is ready to write");
	int c = dial(PORT + 10);
	check(poll(p, 1, 5000) == 1 && p[0].revents == POLLIN,
	      "a connection waiting: POLLIN");
	check(fcntl(l, F_SETFL, O_NONBLOCK) == 0 &&
		  (fcntl(l, F_GETFL) & O_NONBLOCK),
	      "O_NONBLOCK");
	int s = accept(l, NULL, NULL);
	check(s >= 0, "accept");
	refused(accept(l, NULL, NULL), EAGAIN, "accept with none waiting");
	char b;
	refused(recv(s, &b, 1, MSG_DONTWAIT), EAGAIN, "recv with nothing");
	struct pollfd q = {-1, POLLIN, 0};
	check(poll(&q, 1, 0) == 0, "a negative fd is skipped");
	q.fd = 99;
	check(poll(&q, 1, 0) == 1 && q.revents == POLLNVAL,
	      "a closed fd: POLLNVAL");
	close(c);
	close(s);
	close(l);
	printf("socktest: poll: timeouts, readiness, POLLNVAL\n");
}

static void
refusals(void)
{
	struct sockaddr_in a = at(INADDR_LOOPBACK, 7999);
	int t = socket(AF_INET, SOCK_STREAM, 0);
	char b[8];

	refused(connect(t, (struct sockaddr *)&a, sizeof(a)), ECONNREFUSED,
		"connect to a closed port");
	close(t);
	t = socket(AF_INET, SOCK_STREAM, 0);
	refused(send(t, "x", 1, 0), ENOTCONN, "send unconnected");
	refused(recv(t, b, 1, 0), ENOTCONN, "recv unconnected");
	refused(accept(t, NULL, NULL), EINVAL, "accept on no listener");
	refused(bind(t, NULL, 0), EFAULT, "bind with no address");
	refused(bind(t, (struct sockaddr *)&a, 4), EINVAL, "a short address");
	struct sockaddr_in bad_family = a;
	bad_family.sin_family = 10;
	refused(connect(t, (struct sockaddr *)&bad_family, sizeof(a)),
		EAFNOSUPPORT, "an IPv6 family");
	int l = listener(7004), u = socket(AF_INET, SOCK_STREAM, 0);
	a = at(INADDR_LOOPBACK, 7004);
	refused(bind(u, (struct sockaddr *)&a, sizeof(a)), EADDRINUSE,
		"bind to a port in use");
	refused(socket(AF_INET + 8, SOCK_STREAM, 0), EAFNOSUPPORT,
		"socket(AF_INET6)");
	refused(socket(AF_INET, 5, 0), EINVAL, "socket of an unknown type");
	refused(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), EPROTONOSUPPORT,
		"TCP with UDP's protocol");
	refused(send(99, "x", 1, 0), EBADF, "send on a closed fd");
	refused(send(1, "x", 1, 0), ENOTSOCK, "send on the console");
	int v = 0;
	socklen_t n = sizeof(v);
	refused(getsockopt(t, SOL_SOCKET, 12345, &v, &n), ENOPROTOOPT,
		"an unknown option");
	check(getsockopt(t, SOL_SOCKET, SO_TYPE, &v, &n) == 0 &&
		  v == SOCK_STREAM,
	      "SO_TYPE");
	refused(shutdown(t, SHUT_RDWR), ENOTCONN, "shutdown unconnected");
	int u2 = socket(AF_INET, SOCK_DGRAM, 0);
	refused(send(u2, "x", 1, 0), EDESTADDRREQ, "udp send, no peer");
	refused(listen(u2, 1), EOPNOTSUPP, "listen on udp");
	close(u2);
	close(u);
	close(l);
	close(t);
	refused(close(t), EBADF, "close twice");
	printf("socktest: refusals: 19 checked\n");
}

/* A raw NOTIFY with ntfn (0: no capability): the answer's label, and
 * MR0 in *r. */
static word_t
raw_notify(cptr_t net, cptr_t ntfn, long *r)
{
	struct cairn_msg m = {0};

	if (ntfn != 0) {
		m.caps = 1;
		cairn_ipcbuf()->caps[0] = ntfn;
	}
	int st = cairn_call(net, NET_NOTIFY, 0, &m);
	*r = (long)m.w[0];
	return st == CAIRN_OK ? m.label : (word_t)st;
}

/* Is our notification signalled within 2 s?  Then it is cleared. */
static int
signalled(cptr_t ntfn)
{
	uint64_t hz = cairn_procinfo->tsc_hz ? cairn_procinfo->tsc_hz : 1;
	uint64_t until = cairn_rdtsc() + 2 * hz;
	word_t bits = 0;

	while (cairn_rdtsc() < until) {
		if (cairn_poll(ntfn, &bits) == CAIRN_OK &&
		    (bits & NTFN_BADGE)) {
			return 1;
		}
		cairn_yield();
	}
	return 0;
}

/*
 * NOTIFY: refused before ATTACH (the transport's INVALID_CAP), without
 * a capability, and with a badge in place of one (the service's own
 * endpoint, unwrapped); then signalled once at once, when a connection
 * comes, when bytes come and when the peer closes.  Runs first: the
 * libc's socket calls ATTACH this program at their first use, and the
 * refusal before ATTACH needs a program not attached yet.
 */
static void
notify(void)
{
	const struct cairn_grant *gn =
	    cairn_grant_find(CAIRN_GRANT_NOTIFY, NULL);
	const struct cairn_grant *ge =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "net");
	cptr_t sig = gn != NULL ? cairn_ntfn_badged(gn->slot, NTFN_BADGE) : 0;
	word_t bits;
	long r;

	check(sig != 0 && ge != NULL, "a notification and the net endpoint");
	if (sig == 0 || ge == NULL) {
		return;
	}
	check(raw_notify(ge->slot, sig, &r) == CAIRN_E_INVALID_CAP,
	      "NOTIFY before ATTACH: INVALID_CAP");
	int l = listener(7006);
	check(raw_notify(ge->slot, 0, &r) == CAIRN_OK && r == -EINVAL,
	      "NOTIFY without a capability: EINVAL");
	check(raw_notify(ge->slot, ge->slot, &r) == CAIRN_OK && r == -EINVAL,
	      "NOTIFY with the service's own endpoint (a badge): EINVAL");
	check(cairn_sock_notify(sig) == 0, "NOTIFY");
	check(signalled(gn->slot), "signalled at once");
	cairn_poll(gn->slot, &bits);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = at(INADDR_LOOPBACK, 7006);
	fcntl(c, F_SETFL, O_NONBLOCK);
	check(connect(c, (struct sockaddr *)&a, sizeof(a)) == -1 &&
		  errno == EINPROGRESS,
	      "a nonblocking connect");
	check(signalled(gn->slot), "signalled: a connection");
	int s = accept(l, NULL, NULL);
	check(s >= 0, "accept the connection");
	cairn_poll(gn->slot, &bits);
	check(send(c, "x", 1, 0) == 1, "send a byte");
	check(signalled(gn->slot), "signalled: bytes came");
	cairn_poll(gn->slot, &bits);
	close(c);
	check(signalled(gn->slot), "signalled: the peer closed");
	close(s);
	close(l);
	printf("socktest: notify: 3 refusals; signalled at once, at a "
	       "connection, bytes and a close\n");
}

/* MANY connections open at once, each checked, then all closed. */
static void
many(void)
{
	static int c[MANY], s[MANY];
	int l = listener(7005), up = 0;

	for (int i = 0; i < MANY; i++) {
		c[i] = dial(7005);
		s[i] = c[i] >= 0 ? accept(l, NULL, NULL) : -1;
		up += c[i] >= 0 && s[i] >= 0;
	}
	check(up == MANY, "64 connections at once");
	int ok = 0;
	for (int i = 0; i < MANY; i++) {
		char b = (char)i, r = 0;
		ok += send(c[i], &b, 1, 0) == 1 && recv(s[i], &r, 1, 0) == 1 &&
		      r == b;
	}
	check(ok == MANY, "a byte through each");
	for (int i = 0; i < MANY; i++) {
		close(c[i]);
		close(s[i]);
	}
	close(l);
	printf("socktest: %d connections open at once, %d carried a byte\n", up,
	       ok);
}

static int
churn(unsigned long n)
{
	int l = listener(7006);
	unsigned long ok = 0;

	for (unsigned long i = 0; i < n; i++) {
		int c = dial(7006), s = c >= 0 ? accept(l, NULL, NULL) : -1;
		char b = (char)i, r = 0;
		if (c >= 0 && s >= 0 && send(c, &b, 1, 0) == 1 &&
		    recv(s, &r, 1, 0) == 1 && r == b) {
			ok++;
		}
		/* Half closed by the client first, half by the server. */
		if (i & 1) {
			close(c);
			close(s);
		} else {
			close(s);
			close(c);
		}
	}
	close(l);
	printf("socktest: churn: %lu of %lu connections opened, used and "
	       "dropped\n",
	       ok, n);
	return ok != n;
}

/* N connections to another server's port, dropped unserved. */
static int
drop(uint16_t port, unsigned long n)
{
	static const char part[] = "GET /files/1k.txt HTTP/1.1\r\nHo";
	unsigned long up = 0;

	for (unsigned long i = 0; i < n; i++) {
		int c = dial(port);
		up += c >= 0;
		if (c >= 0 && (i & 1)) {
			send(c, part, sizeof(part) - 1, 0);
		}
		if (c >= 0) {
			close(c);
		}
	}
	printf("socktest: drop: %lu of %lu connections to port %u opened and "
	       "dropped\n",
	       up, n, port);
	return up != n;
}

static unsigned char
wire(size_t i)
{
	return (unsigned char)(i * 7 + i / 256);
}

static void
fill(unsigned char *buf, size_t from, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		buf[i] = wire(from + i);
	}
}

/* One connection from outside: take or send n bytes of wire(). */
static int
stream(int sink, uint16_t port, size_t n, unsigned long crashes)
{
	unsigned long crashed = 0;
	static unsigned char buf[8192];
	int l = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	struct sockaddr_in a = at(INADDR_ANY, port);

	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(l, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    listen(l, 1) != 0) {
		printf("socktest: port %u: %s\n", port, strerror(errno));
		return 1;
	}
	printf("socktest: %s on port %u\n", sink ? "sink" : "source", port);
	int c = accept(l, NULL, NULL);
	size_t done = 0, wrong = 0;
	while (c >= 0 && done < n) {
		size_t k = n - done < sizeof(buf) ? n - done : sizeof(buf);
		ssize_t r;
		if (sink) {
			r = recv(c, buf, k, 0);
			for (ssize_t i = 0; i < r; i++) {
				wrong += buf[i] != wire(done + (size_t)i);
			}
		} else {
			fill(buf, done, k);
			r = send(c, buf, k, 0);
		}
		if (r <= 0) {
			break;
		}
		done += (size_t)r;
		/* Crash i once the i-th of K + 1 equal parts has come. */
		if (crashed < crashes &&
		    done >= n / (crashes + 1) * (crashed + 1)) {
			int st = cairn_init_crash("virtio-net");
			printf("socktest: crash %lu of virtio-net at byte %zu: "
			       "status %d\n",
			       ++crashed, done, st);
		}
	}
	if (sink) {
		send(c, wrong == 0 && done == n ? "ok\n" : "bad\n", 3, 0);
	}
	close(c);
	close(l);
	printf("socktest: %s: %zu bytes, %zu wrong\n", sink ? "sink" : "source",
	       done, wrong);
	return done != n || wrong != 0;
}

int
main(int argc, char **argv)
{
	if ((argc == 4 || argc == 5) &&
	    (strcmp(argv[1], "sink") == 0 || strcmp(argv[1], "source") == 0)) {
		return stream(argv[1][1] == 'i',
			      (uint16_t)strtoul(argv[2], NULL, 10),
			      strtoul(argv[3], NULL, 10),
			      argc == 5 ? strtoul(argv[4], NULL, 10) : 0);
	}
	if (argc == 4 && strcmp(argv[1], "drop") == 0) {
		return drop((uint16_t)strtoul(argv[2], NULL, 10),
			    strtoul(argv[3], NULL, 10));
	}
	if (argc == 3 && strcmp(argv[1], "churn") == 0) {
		return churn(strtoul(argv[2], NULL, 10));
	}
	notify();
	tcp_echo();
	udp();
	polls();
	refusals();
	many();
	printf("socktest: %s\n", bad ? "FAILED" : "all passed");
	return bad;
}
