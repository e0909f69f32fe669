/*
 * echod: the echo service (RFC 862) on TCP and UDP, through the libc's
 * BSD calls: one thread, poll, nonblocking sockets.
 *
 *	echod [PORT]		serve on PORT (7), up to 64 TCP clients at
 *				once; what each sends comes back, and a
 *				UDP datagram goes back to its sender
 *
 * A client that sends faster than it reads is not read from until its
 * bytes have gone back: its own window holds it, not our memory.
 */
#include <arpa/inet.h>
#include <cairn/manifest.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

CAIRN_MANIFEST("name echod\n"
	       "description the echo service on TCP and UDP\n"
	       "quota 1M\n"
	       "receive\n"
	       "needs net\n"
	       "needs serial\n");

#define CLIENTS 64
#define BUF	4096
#define DGRAM	65507 /* the largest UDP payload */

static struct client {
	int fd; /* -1: free */
	size_t have, sent;
	char buf[BUF];
} clients[CLIENTS];

static int
open_socket(int type, uint16_t port)
{
	struct sockaddr_in a = {0};
	int fd = socket(AF_INET, type | SOCK_NONBLOCK, 0), one = 1;

	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    (type == SOCK_STREAM && listen(fd, SOMAXCONN) != 0)) {
		printf("echod: %s port %u: %s\n",
		       type == SOCK_STREAM ? "tcp" : "udp", port,
		       strerror(errno));
		exit(1);
	}
	return fd;
}

static void
drop(struct client *c)
{
	close(c->fd);
	c->fd = -1;
}

static void
take(int l)
{
	int fd;

	while ((fd = accept(l, NULL, NULL)) >= 0) {
		struct client *c = NULL;
		for (int i = 0; i < CLIENTS && c == NULL; i++) {
			c = clients[i].fd < 0 ? &clients[i] : NULL;
		}
		if (c == NULL) {
			close(fd); /* full: the newest goes */
			continue;
		}
		fcntl(fd, F_SETFL, O_NONBLOCK);
		*c = (struct client){.fd = fd};
	}
}

/* Read what c sent, or send back what it sent before. */
static void
serve(struct client *c, short revents)
{
	if (c->have == 0 && (revents & (POLLIN | POLLHUP | POLLERR))) {
		ssize_t r = recv(c->fd, c->buf, BUF, 0);
		if (r == 0 || (r < 0 && errno != EAGAIN)) {
			drop(c);
			return;
		}
		c->have = r > 0 ? (size_t)r : 0;
		c->sent = 0;
	}
	while (c->sent < c->have) {
		ssize_t r = send(c->fd, c->buf + c->sent, c->have - c->sent, 0);
		if (r < 0) {
			if (errno != EAGAIN) {
				drop(c);
			}
			return;
		}
		c->sent += (size_t)r;
	}
	c->have = c->sent = 0;
}

static void
echo_datagrams(int u)
{
	static char buf[DGRAM];
	struct sockaddr_in from;
	socklen_t n = sizeof(from);
	ssize_t r;

	while ((r = recvfrom(u, buf, sizeof(buf), 0, (struct sockaddr *)&from,
			     &n)) >= 0) {
		sendto(u, buf, (size_t)r, 0, (struct sockaddr *)&from, n);
		n = sizeof(from);
	}
}

int
main(int argc, char **argv)
{
	static struct pollfd p[CLIENTS + 2];
	static int who[CLIENTS + 2];
	uint16_t port = argc > 1 ? (uint16_t)strtoul(argv[1], NULL, 10) : 7;
	int l = open_socket(SOCK_STREAM, port),
	    u = open_socket(SOCK_DGRAM, port);

	for (int i = 0; i < CLIENTS; i++) {
		clients[i].fd = -1;
	}
	printf("echod: tcp and udp port %u\n", port);
	for (;;) {
		int n = 0;
		p[n++] = (struct pollfd){l, POLLIN, 0};
		p[n++] = (struct pollfd){u, POLLIN, 0};
		for (int i = 0; i < CLIENTS; i++) {
			struct client *c = &clients[i];
			if (c->fd >= 0) {
				who[n] = i;
				p[n++] = (struct pollfd){
				    c->fd, c->have > 0 ? POLLOUT : POLLIN, 0};
			}
		}
		if (poll(p, (nfds_t)n, -1) < 0) {
			printf("echod: poll: %s\n", strerror(errno));
			return 1;
		}
		if (p[0].revents) {
			take(l);
		}
		if (p[1].revents) {
			echo_datagrams(u);
		}
		for (int i = 2; i < n; i++) {
			if (p[i].revents) {
				serve(&clients[who[i]], p[i].revents);
			}
		}
	}
}
