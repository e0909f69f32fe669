/*
 * Host unit tests for the libc's sockets (lib/libc/socket.c, inet.c):
 * the BSD calls over a fake of the runtime's hooks that records what
 * reached it, and the address text functions.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "libc/include/arpa/inet.h"
#include "libc/include/cairn_libc.h"
#include "libc/include/errno.h"
#include "libc/include/fcntl.h"
#include "libc/include/netinet/in.h"
#include "libc/include/netinet/tcp.h"
#include "libc/include/poll.h"
#include "libc/include/string.h"
#include "libc/include/sys/socket.h"
#include "libc/include/unistd.h"
#include "hooks.h"

extern const struct libc_sockops *hook_sockets;

/* The fake: what the last call brought. */
static struct {
	int type, opened, closed, nonblock, peek;
	uint32_t addr;
	uint16_t port;
	size_t n;
	uint64_t opt, value;
	int ready; /* poll: sockets to say ready */
} f;

static int
f_open(int type)
{
	f.type = type;
	return f.opened++;
}

static int
f_bind(int h, uint32_t a, uint16_t p)
{
	(void)h;
	f.addr = a;
	f.port = p;
	return p == 99 ? -EADDRINUSE : 0;
}

static int
f_listen(int h, int b)
{
	(void)h;
	(void)b;
	return 0;
}

static int
f_accept(int h, int nb, uint32_t *a, uint16_t *p)
{
	(void)h;
	f.nonblock = nb;
	if (nb) {
		return -EAGAIN;
	}
	*a = 0x0a00020f;
	*p = 4242;
	return f.opened++;
}

static int
f_connect(int h, uint32_t a, uint16_t p, int nb)
{
	(void)h;
	f.addr = a;
	f.port = p;
	f.nonblock = nb;
	return 0;
}

static long
f_send(int h, const void *b, size_t n, uint32_t a, uint16_t p, int nb)
{
	(void)h;
	(void)b;
	f.n = n;
	f.addr = a;
	f.port = p;
	f.nonblock = nb;
	return (long)n;
}

static long
f_recv(int h, void *b, size_t n, int peek, uint32_t *a, uint16_t *p, int nb)
{
	(void)h;
	f.nonblock = nb;
	f.peek = peek;
	if (nb) {
		return -EAGAIN;
	}
	memset(b, 'x', n);
	if (a != NULL) {
		*a = 0x7f000001;
		*p = 7;
	}
	return (long)n;
}

static int
f_shutdown(int h, int how)
{
	(void)h;
	return how > 2 ? -EINVAL : 0;
}

static int
f_close(int h)
{
	(void)h;
	f.closed++;
	return 0;
}

static int
f_poll(struct libc_pollsock *p, int n, long timeout)
{
	(void)timeout;
	for (int i = 0; i < n && i < f.ready; i++) {
		p[i].revents = (int16_t)(p[i].events & POLLIN);
	}
	return f.ready < n ? f.ready : n;
}

static int
f_name(int h, int peer, uint32_t *a, uint16_t *p)
{
	(void)h;
	*a = peer ? 0x0a000202 : 0x0a00020f;
	*p = peer ? 80 : 1234;
	return 0;
}

static int
f_setopt(int h, int opt, uint64_t v)
{
	(void)h;
	f.opt = (uint64_t)opt;
	f.value = v;
	return 0;
}

static int
f_getopt(int h, int opt, uint64_t *v)
{
	(void)h;
	*v = opt == LIBC_SOCKOPT_TYPE ? LIBC_SOCK_UDP : 0;
	return 0;
}

static const struct libc_sockops fake = {
    f_open,	f_bind,	 f_listen, f_accept, f_connect, f_send,	  f_recv,
    f_shutdown, f_close, f_poll,   f_name,   f_setopt,	f_getopt, NULL,
};

static int
setup(void **state)
{
	(void)state;
	hook_sockets = &fake;
	for (int fd = 3; fd < OPEN_MAX; fd++) {
		close(fd); /* the last test's */
	}
	memset(&f, 0, sizeof(f));
	return 0;
}

static struct sockaddr_in
in4(uint32_t a, uint16_t p)
{
	struct sockaddr_in s = {0};

	s.sin_family = AF_INET;
	s.sin_addr.s_addr = htonl(a);
	s.sin_port = htons(p);
	return s;
}

static void
test_socket_types_and_refusals(void **state)
{
	(void)state;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 3);
	assert_int_equal(f.type, LIBC_SOCK_TCP);
	assert_true(socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP) >= 3);
	assert_int_equal(f.type, LIBC_SOCK_UDP);
	assert_int_equal(socket(10, SOCK_STREAM, 0), -1);
	assert_int_equal(errno, EAFNOSUPPORT);
	assert_int_equal(socket(AF_INET, 7, 0), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), -1);
	assert_int_equal(errno, EPROTONOSUPPORT);
	hook_sockets = NULL;
	assert_int_equal(socket(AF_INET, SOCK_STREAM, 0), -1);
	assert_int_equal(errno, ENOSYS);
}

static void
test_addresses_cross_in_host_order(void **state)
{
	(void)state;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = in4(0x0a000202, 8080);

	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(f.addr, 0x0a000202);
	assert_int_equal(f.port, 8080);
	a.sin_port = htons(99);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), -1);
	assert_int_equal(errno, EADDRINUSE);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, 8), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(bind(fd, NULL, sizeof(a)), -1);
	assert_int_equal(errno, EFAULT);
	a.sin_family = 10;
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), -1);
	assert_int_equal(errno, EAFNOSUPPORT);

	struct sockaddr_in peer;
	socklen_t n = sizeof(peer);
	int c = accept(fd, (struct sockaddr *)&peer, &n);
	assert_true(c >= 3 && c != fd);
	assert_int_equal(n, sizeof(peer));
	assert_int_equal(ntohl(peer.sin_addr.s_addr), 0x0a00020f);
	assert_int_equal(ntohs(peer.sin_port), 4242);
	n = 4; /* a short buffer: cut, and the full size said */
	memset(&peer, 0, sizeof(peer));
	assert_int_equal(getpeername(c, (struct sockaddr *)&peer, &n), 0);
	assert_int_equal(n, sizeof(peer));
	assert_int_equal(peer.sin_family, AF_INET);
	assert_int_equal(peer.sin_addr.s_addr, 0);
}

static void
test_nonblock_from_the_descriptor_and_flags(void **state)
{
	(void)state;
	char b[8];
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	assert_true(fcntl(fd, F_GETFL) & O_NONBLOCK);
	assert_int_equal(accept(fd, NULL, NULL), -1);
	assert_int_equal(errno, EAGAIN);
	assert_int_equal(read(fd, b, sizeof(b)), -1); /* read is recv */
	assert_int_equal(errno, EAGAIN);
	assert_int_equal(fcntl(fd, F_SETFL, 0), 0);
	assert_int_equal(read(fd, b, sizeof(b)), 8);
	assert_int_equal(f.nonblock, 0);
	assert_int_equal(recv(fd, b, 4, MSG_DONTWAIT), -1);
	assert_int_equal(recv(fd, b, 4, MSG_PEEK), 4);
	assert_int_equal(f.peek, 1);
	assert_int_equal(write(fd, "abc", 3), 3); /* write is send */
	assert_int_equal(f.n, 3);
	struct sockaddr_in to = in4(0x0a000202, 53);
	assert_int_equal(
	    sendto(fd, "q", 1, 0, (struct sockaddr *)&to, sizeof(to)), 1);
	assert_int_equal(f.addr, 0x0a000202);
	assert_int_equal(f.port, 53);
	assert_int_equal(close(fd), 0);
	assert_int_equal(f.closed, 1);
	assert_int_equal(send(fd, "x", 1, 0), -1);
	assert_int_equal(errno, EBADF);
	assert_int_equal(send(1, "x", 1, 0), -1);
	assert_int_equal(errno, ENOTSOCK);
}

static void
test_options(void **state)
{
	(void)state;
	int fd = socket(AF_INET, SOCK_DGRAM, 0), one = 1, v = 0;
	socklen_t n = sizeof(v);

	assert_int_equal(
	    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)), 0);
	assert_int_equal(f.opt, LIBC_SOCKOPT_NODELAY);
	assert_int_equal(f.value, 1);
	assert_int_equal(
	    setsockopt(fd, SOL_SOCKET, SO_ERROR, &one, sizeof(one)), -1);
	assert_int_equal(errno, ENOPROTOOPT);
	assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, 2), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &n), 0);
	assert_int_equal(v, SOCK_DGRAM);
	assert_int_equal(getsockopt(fd, 99, 1, &v, &n), -1);
	assert_int_equal(errno, ENOPROTOOPT);
}

static void
test_poll_sockets_and_others(void **state)
{
	(void)state;
	int a = socket(AF_INET, SOCK_STREAM, 0);
	int b = socket(AF_INET, SOCK_STREAM, 0);
	struct pollfd p[4] = {
	    {a, POLLIN, 0}, {b, POLLIN, 0}, {1, POLLOUT, 0}, {-1, POLLIN, 0}};

	f.ready = 1;
	assert_int_equal(poll(p, 2, 100), 1);
	assert_int_equal(p[0].revents, POLLIN);
	assert_int_equal(p[1].revents, 0);
	f.ready = 0;
	assert_int_equal(poll(p, 4, -1), 1); /* the console */
	assert_int_equal(p[2].revents, POLLOUT);
	assert_int_equal(p[3].revents, 0);
	struct pollfd q = {77, POLLIN, 0};
	assert_int_equal(poll(&q, 1, 0), 1);
	assert_int_equal(q.revents, POLLNVAL);
}

static void
test_inet_text(void **state)
{
	(void)state;
	struct in_addr a;
	char buf[INET_ADDRSTRLEN];

	assert_int_equal(inet_aton("10.0.2.15", &a), 1);
	assert_int_equal(ntohl(a.s_addr), 0x0a00020f);
	assert_string_equal(inet_ntoa(a), "10.0.2.15");
	assert_int_equal(inet_addr("255.255.255.255"), INADDR_NONE);
	const char *bad[] = {"",	  "1.2.3",	"1.2.3.4.5",
			     "256.1.1.1", "1..2.3",	"1.2.3.4 ",
			     "a.b.c.d",	  "0001.2.3.4", "-1.2.3.4"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(inet_aton(bad[i], &a), 0);
	}
	assert_int_equal(inet_pton(AF_INET, "127.0.0.1", &a), 1);
	assert_int_equal(a.s_addr, htonl(INADDR_LOOPBACK));
	assert_int_equal(inet_pton(10, "::1", &a), -1);
	assert_int_equal(errno, EAFNOSUPPORT);
	assert_string_equal(inet_ntop(AF_INET, &a, buf, sizeof(buf)),
			    "127.0.0.1");
	assert_null(inet_ntop(AF_INET, &a, buf, 5));
	assert_int_equal(errno, ENOSPC);
	assert_int_equal(htons(0x1234), 0x3412);
	assert_int_equal(ntohl(htonl(0xdeadbeef)), 0xdeadbeef);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_socket_types_and_refusals, setup),
	    cmocka_unit_test_setup(test_addresses_cross_in_host_order, setup),
	    cmocka_unit_test_setup(test_nonblock_from_the_descriptor_and_flags,
				   setup),
	    cmocka_unit_test_setup(test_options, setup),
	    cmocka_unit_test_setup(test_poll_sockets_and_others, setup),
	    cmocka_unit_test_setup(test_inet_text, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
