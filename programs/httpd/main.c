/*
 * httpd: the web server (docs/net.md, "httpd").  It serves a folder of
 * the disk over HTTP/1.1: GET and HEAD, kept connections and pipelined
 * requests, content types by extension, folder listings; one thread,
 * nonblocking sockets and poll, up to CONNS clients at once, each held
 * to the time limits of conn.h.
 *
 *	httpd [-v] [-p PORT] [FOLDER]	serve FOLDER (/disk/www) on PORT
 *					(80); -v: a line per request
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

#include "conn.h"
#include "procrt.h"

CAIRN_MANIFEST("name httpd\n"
	       "description the web server: /disk/www over HTTP/1.1\n"
	       "quota 4M\n"
	       "restart always 100 10\n"
	       "receive\n"
	       "needs net\n"
	       "needs fs\n"
	       "needs serial\n");

/* Clients at once: each may hold a socket and a file, and the libc has
 * OPEN_MAX (192) descriptors. */
#define CONNS 80

static struct conn *conns[CONNS];

static uint64_t
now_ms(void)
{
	uint64_t hz = cairn_procinfo->tsc_hz ? cairn_procinfo->tsc_hz : 1;
	uint64_t t = cairn_rdtsc();

	return t / hz * 1000 + t % hz * 1000 / hz;
}

static int
listen_on(uint16_t port)
{
	struct sockaddr_in a = {0};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;

	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    listen(fd, SOMAXCONN) != 0) {
		printf("httpd: port %u: %s\n", port, strerror(errno));
		return -1;
	}
	return fd;
}

/* Every connection waiting to be accepted: a place each, or, when all
 * are taken, a 503 and the close. */
static void
take(int l, uint64_t now)
{
	static const char busy[] =
	    "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
	    "Connection: close\r\n\r\n";
	int fd;

	while ((fd = accept(l, NULL, NULL)) >= 0) {
		int i = 0;
		while (i < CONNS && conns[i] != NULL) {
			i++;
		}
		fcntl(fd, F_SETFL, O_NONBLOCK);
		if (i == CONNS ||
		    (conns[i] = malloc(sizeof(struct conn))) == NULL) {
			send(fd, busy, sizeof(busy) - 1, 0);
			close(fd);
			continue;
		}
		conn_open(conns[i], fd, now);
	}
}

/* How long poll may wait: until the nearest time limit, at most 1 s. */
static int
wait_ms(uint64_t now)
{
	uint64_t next = now + 1000;

	for (int i = 0; i < CONNS; i++) {
		if (conns[i] != NULL && conn_deadline(conns[i]) < next) {
			next = conn_deadline(conns[i]);
		}
	}
	return next > now ? (int)(next - now) : 0;
}

static int
serve(struct httpd *h, int l, uint16_t port)
{
	static struct pollfd p[CONNS + 1];
	static int who[CONNS + 1];

	for (;;) {
		int n = 0;
		p[n++] = (struct pollfd){l, POLLIN, 0};
		for (int i = 0; i < CONNS; i++) {
			if (conns[i] != NULL) {
				who[n] = i;
				p[n++] = (struct pollfd){
				    conns[i]->fd, conn_events(conns[i]), 0};
			}
		}
		if (poll(p, (nfds_t)n, wait_ms(now_ms())) < 0) {
			printf("httpd: poll: %s\n", strerror(errno));
			return 1;
		}
		uint64_t now = now_ms();
		for (int k = 1; k < n; k++) {
			struct conn *c = conns[who[k]];
			if (p[k].revents != 0 || now >= conn_deadline(c)) {
				conn_step(h, c, p[k].revents, now);
			}
			if (c->state == C_DONE) {
				free(c);
				conns[who[k]] = NULL;
			}
		}
		if (p[0].revents & POLLNVAL) {
			/* The listener went with the net service's life (it
			 * restarted, and the connections with it): listen
			 * again, on the new one. */
			close(l);
			if ((l = listen_on(port)) < 0) {
				return 1;
			}
			printf("httpd: the net service restarted: serving "
			       "again\n");
			continue;
		}
		if (p[0].revents) {
			take(l, now);
		}
	}
}

int
main(int argc, char **argv)
{
	struct httpd h = {"/disk/www", 0, 0, 0};
	unsigned long port = 80;
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-v") == 0) {
			h.verbose = 1;
		} else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc) {
			port = strtoul(argv[++i], NULL, 10);
		} else {
			break;
		}
	}
	if (i < argc) {
		h.root = argv[i++];
	}
	if (i != argc || port == 0 || port > 65535) {
		printf("usage: httpd [-v] [-p PORT] [FOLDER]\n");
		return 2;
	}
	static char root[HTTP_PATH_MAX];
	size_t n = (size_t)snprintf(root, sizeof(root), "%s", h.root);
	while (n > 1 && root[n - 1] == '/') {
		root[--n] = '\0'; /* "/disk/www/" serves as "/disk/www" */
	}
	h.root = root;
	int l = listen_on((uint16_t)port);
	if (l < 0) {
		return 1;
	}
	printf("httpd: serving %s on port %lu\n", h.root, port);
	return serve(&h, l, (uint16_t)port);
}
