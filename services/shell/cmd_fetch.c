/*
 * cmd_fetch: `fetch URL [FILE]`, an HTTP/1.0 GET over the libc's
 * sockets.  The URL is http://HOST[:PORT]/PATH, HOST an address
 * (A.B.C.D) or a name (getaddrinfo, the net service's resolver).  The body is
 * Content-Length bytes if the answer says, else everything until the server
 * closes.  The body goes to FILE, or to the console; a last line gives the
 * status, the bytes and their SHA-256.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns.h"
#include "sha256.h"
#include "shell.h"

#define HEAD_MAX 4096 /* the status line and headers */

/* A URL's parts. */
struct url {
	char host[DNS_NAME_MAX + 2];
	unsigned long port;
	const char *path;
};

/* "http://HOST[:PORT]/PATH" into its parts: 0, or -1. */
static int
parse_url(const char *url, struct url *u)
{
	const char *p = url + 7, *end;
	struct in_addr a;

	if (strncmp(url, "http://", 7) != 0) {
		return -1;
	}
	end = p + strcspn(p, ":/");
	if (end == p || end - p >= (long)sizeof(u->host)) {
		return -1;
	}
	memcpy(u->host, p, (size_t)(end - p));
	u->host[end - p] = '\0';
	u->port = 80;
	if (*end == ':') {
		char *after;
		u->port = strtoul(end + 1, &after, 10);
		if (after == end + 1 || u->port == 0 || u->port > 65535) {
			return -1;
		}
		end = after;
	}
	if (*end != '/' && *end != '\0') {
		return -1;
	}
	u->path = *end == '/' ? end : "/";
	return inet_aton(u->host, &a) ||
		       dns_name_ok(u->host, strlen(u->host)) == 0
		   ? 0
		   : -1;
}

/* A TCP connection to u's host and port: its descriptor, or -1 after
 * saying why. */
static int
connect_to(const struct url *u, const char *url)
{
	struct addrinfo hints = {0}, *ai;
	char port[8];

	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof(port), "%lu", u->port);
	int err = getaddrinfo(u->host, port, &hints, &ai);
	if (err != 0) {
		printf("fetch: %s: %s\n", u->host, gai_strerror(err));
		return -1;
	}
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		printf("fetch: %s: %s\n", url, strerror(errno));
		if (fd >= 0) {
			close(fd);
		}
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

/* Read until the blank line after the headers: the header bytes in
 * head (NUL-ended), what came after them (the body's start) at *body,
 * *n bytes of it; or -1. */
static int
read_head(int fd, char *head, char **body, size_t *n)
{
	size_t have = 0;

	while (have < HEAD_MAX - 1) {
		ssize_t r = recv(fd, head + have, HEAD_MAX - 1 - have, 0);
		if (r <= 0) {
			return -1;
		}
		have += (size_t)r;
		head[have] = '\0';
		char *e = strstr(head, "\r\n\r\n");
		if (e != NULL) {
			*e = '\0';
			*body = e + 4;
			*n = have - (size_t)(e + 4 - head);
			return 0;
		}
	}
	return -1;
}

/* The Content-Length header's value, or -1 (none: until the close). */
static long
content_length(const char *head)
{
	static const char name[] = "\r\ncontent-length:";

	for (const char *p = head; *p != '\0'; p++) {
		size_t i = 0;
		while (name[i] != '\0' && (p[i] | 0x20) == (name[i] | 0x20)) {
			i++;
		}
		if (name[i] == '\0') {
			char *end;
			long n = strtol(p + i, &end, 10);
			return end == p + i || n < 0 ? -1 : n;
		}
	}
	return -1;
}

static int
put(int out, const char *p, size_t n, struct sha256 *s)
{
	sha256_update(s, p, n);
	return write(out, p, n) == (ssize_t)n ? 0 : -1;
}

int
cmd_fetch(int argc, char **argv)
{
	static char head[HEAD_MAX], buf[8192];
	static struct url u;
	int out = 1, fd;

	if (argc < 2 || argc > 3 || parse_url(argv[1], &u) != 0) {
		printf("fetch: usage: fetch http://HOST[:PORT]/PATH [FILE]\n");
		return 1;
	}
	if (net_ready("fetch") != 0 || (fd = connect_to(&u, argv[1])) < 0) {
		return 1;
	}
	char port[8] = "";
	if (u.port != 80) {
		snprintf(port, sizeof(port), ":%lu", u.port);
	}
	int n = snprintf(buf, sizeof(buf),
			 "GET %s HTTP/1.0\r\nHost: %s%s\r\nUser-Agent: "
			 "cairn-fetch\r\n\r\n",
			 u.path, u.host, port);
	char *body;
	size_t have;
	if (n <= 0 || (size_t)n >= sizeof(buf) ||
	    send(fd, buf, (size_t)n, 0) != n ||
	    read_head(fd, head, &body, &have) != 0) {
		printf("fetch: %s: no HTTP answer\n", argv[1]);
		close(fd);
		return 1;
	}
	if (argc == 3 &&
	    (out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0) {
		close(fd);
		return fs_fail("fetch", argv[2]);
	}
	/* The body: Content-Length bytes, else all until the close. */
	long want = content_length(head);
	struct sha256 s;
	unsigned char d[32];
	if (want >= 0 && have > (size_t)want) {
		have = (size_t)want;
	}
	size_t total = have;
	sha256_init(&s);
	int bad = put(out, body, have, &s);
	ssize_t r;
	while (bad == 0 && (want < 0 || total < (size_t)want) &&
	       (r = recv(fd, buf,
			 want < 0 || (size_t)want - total > sizeof(buf)
			     ? sizeof(buf)
			     : (size_t)want - total,
			 0)) > 0) {
		bad = put(out, buf, (size_t)r, &s);
		total += (size_t)r;
	}
	bad |= want >= 0 && total < (size_t)want; /* cut short */
	close(fd);
	if (out != 1) {
		bad |= close(out);
	}
	sha256_final(&s, d);
	head[strcspn(head, "\r")] = '\0';
	printf("fetch: %s: %zu bytes, sha256 ", head, total);
	for (int i = 0; i < 32; i++) {
		printf("%02x", d[i]);
	}
	printf("%s\n", bad ? " (cut short, or not all written)" : "");
	return bad != 0 || strncmp(head, "HTTP/1.", 7) != 0 ||
	       strncmp(head + 8, " 200", 4) != 0;
}
