/*
 * netbench: the guest end of make bench's network figures (docs/net.md,
 * "Figures"), the same code on Cairn and on Linux.  The host's
 * tools/netbench.py drives it over a control connection on TCP port
 * 7070 (or argv[1]): one client at a time, one command per line, one
 * answer line each ("error <why>" when a command cannot be done).
 *
 *	clock		ok <ticks>: the guest's clock, read around a host
 *			load (ApacheBench against the system's web server)
 *	sink N		ok; then N bytes come on this connection: done
 *			<ticks> <bad>, the time from the command to the
 *			last byte and how many bytes broke the pattern
 *	source N	ok; N bytes of the pattern follow, and the host
 *			answers "got" once it has them all: done <ticks>
 *	ping A.B.C.D K	K echoes one after another: done <median> <least>
 *			<answered>, round trips in ticks
 *	quit		bye, and the program ends
 *
 * Byte i of a stream is i % 251, so each end checks what it got.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netbench.h"

#define CTL_PORT  7070
#define LINE	  128
#define CHUNK	  65536
#define MAX_BYTES (1ul << 30)
#define MAX_PINGS 1000

#define PERIOD 251 /* byte i of a stream is i % PERIOD */

static unsigned char buf[CHUNK];
/* The pattern: the stream's bytes from at are pattern + at % PERIOD. */
static unsigned char pattern[CHUNK + PERIOD];

static const unsigned char *
expected(uint64_t at)
{
	return pattern + at % PERIOD;
}

/* A line from fd without its newline, at most LINE - 1 bytes: its
 * length, or -1 at the end of the stream or on an error. */
static int
read_line(int fd, char *line)
{
	int n = 0;

	for (;;) {
		char c;
		ssize_t r = recv(fd, &c, 1, 0);
		if (r <= 0) {
			return -1;
		}
		if (c == '\n') {
			break;
		}
		if (n < LINE - 1 && c != '\r') {
			line[n++] = c;
		}
	}
	line[n] = '\0';
	return n;
}

static int
send_all(int fd, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n > 0) {
		ssize_t w = send(fd, b, n, 0);
		if (w <= 0) {
			return -1;
		}
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
reply(int fd, const char *text)
{
	return send_all(fd, text, strlen(text));
}

/* N below MAX_BYTES from text, or 0. */
static uint64_t
byte_count(const char *text)
{
	char *end;
	unsigned long long n = strtoull(text, &end, 10);

	return *end == '\0' && n <= MAX_BYTES ? n : 0;
}

static int
sink(int fd, uint64_t n, char *out)
{
	uint64_t t0 = netbench_clock(), at = 0, bad = 0;

	while (at < n) {
		size_t len = n - at < CHUNK ? (size_t)(n - at) : CHUNK;
		ssize_t r = recv(fd, buf, len, 0);
		if (r <= 0) {
			return -1;
		}
		const unsigned char *want = expected(at);
		if (memcmp(buf, want, (size_t)r) != 0) {
			for (ssize_t i = 0; i < r; i++) {
				bad += buf[i] != want[i];
			}
		}
		at += (uint64_t)r;
	}
	snprintf(out, LINE, "done %llu %llu\n",
		 (unsigned long long)(netbench_clock() - t0),
		 (unsigned long long)bad);
	return 0;
}

static int
source(int fd, uint64_t n, char *out)
{
	uint64_t t0 = netbench_clock();
	char line[LINE];

	for (uint64_t at = 0; at < n;) {
		size_t len = n - at < CHUNK ? (size_t)(n - at) : CHUNK;
		if (send_all(fd, expected(at), len) != 0) {
			return -1;
		}
		at += len;
	}
	if (read_line(fd, line) < 0 || strcmp(line, "got") != 0) {
		return -1;
	}
	snprintf(out, LINE, "done %llu\n",
		 (unsigned long long)(netbench_clock() - t0));
	return 0;
}

static int
by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static void
ping(const char *addr, const char *count, char *out)
{
	static uint64_t rtt[MAX_PINGS];
	struct in_addr a;
	char *end;
	long k = strtol(count, &end, 10);
	int got = 0;

	if (inet_pton(AF_INET, addr, &a) != 1 || *end != '\0' || k < 1 ||
	    k > MAX_PINGS) {
		snprintf(out, LINE, "error usage: ping A.B.C.D 1-%d\n",
			 MAX_PINGS);
		return;
	}
	for (long i = 0; i < k; i++) {
		if (netbench_ping(ntohl(a.s_addr), (uint16_t)(i + 1),
				  &rtt[got]) == 0) {
			got++;
		}
	}
	if (got == 0) {
		snprintf(out, LINE, "error no echo came back\n");
		return;
	}
	qsort(rtt, (size_t)got, sizeof(rtt[0]), by_value);
	snprintf(out, LINE, "done %llu %llu %d\n",
		 (unsigned long long)rtt[got / 2], (unsigned long long)rtt[0],
		 got);
}

/* One command from line: 0 when answered, 1 after quit, -1 when the
 * connection broke. */
static int
command(int fd, char *line)
{
	char out[LINE], *arg = strchr(line, ' '), *arg2 = NULL;
	uint64_t n;

	if (arg != NULL) {
		*arg++ = '\0';
		arg2 = strchr(arg, ' ');
		if (arg2 != NULL) {
			*arg2++ = '\0';
		}
	}
	snprintf(out, LINE, "error unknown command\n");
	if (strcmp(line, "clock") == 0 && arg == NULL) {
		snprintf(out, LINE, "ok %llu\n",
			 (unsigned long long)netbench_clock());
	} else if (strcmp(line, "quit") == 0) {
		reply(fd, "bye\n");
		return 1;
	} else if ((strcmp(line, "sink") == 0 || strcmp(line, "source") == 0) &&
		   arg != NULL && arg2 == NULL) {
		int (*stream)(int, uint64_t, char *) =
		    strcmp(line, "sink") == 0 ? sink : source;
		if ((n = byte_count(arg)) == 0) {
			snprintf(out, LINE, "error bytes: 1-%lu\n", MAX_BYTES);
		} else if (reply(fd, "ok\n") != 0 || stream(fd, n, out) != 0) {
			return -1;
		}
	} else if (strcmp(line, "ping") == 0 && arg2 != NULL) {
		ping(arg, arg2, out);
	}
	return reply(fd, out) == 0 ? 0 : -1;
}

static int
listen_on(uint16_t port)
{
	struct sockaddr_in a = {0};
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    listen(fd, 4) != 0) {
		printf("netbench: port %u: %s\n", port, strerror(errno));
		return -1;
	}
	return fd;
}

int
main(int argc, char **argv)
{
	long port = argc > 1 ? strtol(argv[1], NULL, 10) : CTL_PORT;
	char line[LINE];
	int l, done = 0;

	if (port < 1 || port > 65535) {
		printf("netbench: usage: netbench [PORT]\n");
		return netbench_done(2);
	}
	if (netbench_setup(argc, argv) != 0 ||
	    (l = listen_on((uint16_t)port)) < 0) {
		return netbench_done(1);
	}
	for (size_t i = 0; i < sizeof(pattern); i++) {
		pattern[i] = (unsigned char)(i % PERIOD);
	}
	printf("netbench: ready on port %ld\n", port);
	while (!done) {
		int fd = accept(l, NULL, NULL);
		if (fd < 0) {
			printf("netbench: accept: %s\n", strerror(errno));
			return netbench_done(1);
		}
		int st = 0;
		while (st == 0 && read_line(fd, line) >= 0) {
			st = command(fd, line);
		}
		done = st == 1;
		close(fd);
	}
	close(l);
	return netbench_done(0);
}
