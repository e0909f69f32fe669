/*
 * dnsd: a small DNS responder for the tests (docs/net.md, "Names"): it
 * answers A queries over UDP from a table given on its command line and
 * says no such name (NXDOMAIN) for the rest.  The net service is pointed
 * at it (`net dns 127.0.0.1`), so that no query leaves the machine.
 *
 *	dnsd [-p PORT] NAME=A.B.C.D|NAME=bad ...
 *		serve on PORT (53); a name given as "bad" is answered
 *		malformed, four ways in turn
 *	dnsd -q NAME [MS]
 *		resolve NAME through the net service (NET_RESOLVE, waiting
 *		MS, 5000 ms by default; the service judges MS) and say what
 *		came; NAME @empty and @long ask for an empty name and one
 *		of 300 bytes
 */
#include <arpa/inet.h>
#include <cairn/manifest.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "dns.h"
#include "procrt.h"
#include "proto/net.h"

CAIRN_MANIFEST("name dnsd\n"
	       "description a DNS responder and resolver for the tests\n"
	       "quota 512K\n"
	       "receive\n"
	       "needs net\n"
	       "needs serial\n");

#define MAX_NAMES 16
#define MSG_MAX	  512 /* a DNS message over UDP */

static struct name {
	char name[DNS_NAME_MAX + 1]; /* lower case */
	uint32_t addr;		     /* host order */
	int bad;		     /* answer it malformed */
} names[MAX_NAMES];
static int nnames;

/* "NAME=A.B.C.D" or "NAME=bad" into the table: 0, or -1. */
static int
add_name(const char *arg)
{
	const char *eq = strchr(arg, '=');
	struct in_addr a = {0};

	if (eq == NULL || nnames == MAX_NAMES ||
	    dns_name_ok(arg, (size_t)(eq - arg)) != 0 ||
	    (strcmp(eq + 1, "bad") != 0 && !inet_aton(eq + 1, &a))) {
		return -1;
	}
	struct name *n = &names[nnames++];
	n->bad = strcmp(eq + 1, "bad") == 0;
	for (size_t i = 0; i < (size_t)(eq - arg); i++) {
		n->name[i] = dns_lower(arg[i]);
	}
	n->addr = ntohl(a.s_addr);
	return 0;
}

static const struct name *
find(const char *name)
{
	for (int i = 0; i < nnames; i++) {
		if (strcmp(names[i].name, name) == 0) {
			return &names[i];
		}
	}
	return NULL;
}

/*
 * Spoil a good answer of n bytes in out, the k-th way: cut short, a
 * header that promises records and has none, a record whose length runs
 * far past the message, bytes of noise after the query's id.  The bytes
 * to send.
 */
static size_t
spoil(uint8_t *out, size_t n, unsigned k)
{
	switch (k % 4) {
	case 0:
		return n - 3;
	case 1:
		out[7] = 3;
		return DNS_HEADER;
	case 2:
		out[n - 6] = 0xFF;
		out[n - 5] = 0xFF;
		return n;
	default:
		for (size_t i = 2; i < n; i++) {
			out[i] = (uint8_t)(i * 37 + k);
		}
		return n;
	}
}

/* Answer the n bytes of query in buf into out: the bytes to send (0:
 * none). */
static size_t
respond(const uint8_t *buf, size_t n, uint8_t *out, unsigned *spoilt)
{
	struct dns_query q;

	if (dns_query_parse(buf, n, &q) != 0) {
		return 0;
	}
	const struct name *hit = find(q.name);
	int rcode = hit == NULL ? DNS_RCODE_NX : DNS_RCODE_OK;
	if (q.cls != DNS_CLASS_IN || q.type != DNS_TYPE_A) {
		rcode = DNS_RCODE_NI;
	}
	size_t len =
	    dns_answer(&q, buf, rcode, hit ? hit->addr : 0, 60, out, MSG_MAX);
	if (hit != NULL && hit->bad && len > DNS_HEADER + 16) {
		printf("dnsd: %s: answered malformed\n", q.name);
		return spoil(out, len, (*spoilt)++);
	}
	printf("dnsd: %s: %s\n", q.name,
	       rcode == DNS_RCODE_OK   ? "answered"
	       : rcode == DNS_RCODE_NX ? "no such name"
				       : "not an A query");
	return len;
}

static int
serve(uint16_t port)
{
	static uint8_t buf[MSG_MAX], out[MSG_MAX];
	struct sockaddr_in a = {0}, from;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	unsigned spoilt = 0;

	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		printf("dnsd: udp port %u: %s\n", port, strerror(errno));
		return 1;
	}
	printf("dnsd: %d names on udp port %u\n", nnames, port);
	for (;;) {
		socklen_t fl = sizeof(from);
		ssize_t r = recvfrom(fd, buf, sizeof(buf), 0,
				     (struct sockaddr *)&from, &fl);
		if (r < 0) {
			printf("dnsd: recvfrom: %s\n", strerror(errno));
			return 1;
		}
		size_t len = respond(buf, (size_t)r, out, &spoilt);
		if (len > 0) {
			sendto(fd, out, len, 0, (struct sockaddr *)&from, fl);
		}
	}
}

/* dnsd -q NAME [MS]. */
static int
query(const char *name, long ms)
{
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "net");
	static char longname[301];
	word_t a = 0;

	if (g == NULL) {
		printf("dnsd: -q: no net service\n");
		return 1;
	}
	if (strcmp(name, "@empty") == 0) {
		name = "";
	} else if (strcmp(name, "@long") == 0) {
		for (int i = 0; i < 300; i++) {
			longname[i] = i % 2 ? '.' : 'a';
		}
		name = longname; /* "a.a.a...a." */
	}
	int r = cairn_net_resolve(g->slot, name, (word_t)ms, &a);
	if (r < 0) {
		printf("dnsd: %.40s: refused, status %d\n", name, -r);
		return 1;
	}
	if (r != CAIRN_RESOLVE_FOUND) {
		printf("dnsd: %.40s: %s\n", name, cairn_net_resolve_text(r));
		return 1;
	}
	printf("dnsd: %s: %lu.%lu.%lu.%lu\n", name, a >> 24 & 255,
	       a >> 16 & 255, a >> 8 & 255, a & 255);
	return 0;
}

int
main(int argc, char **argv)
{
	long port = 53;
	int i = 1;

	if (argc >= 3 && argc <= 4 && strcmp(argv[1], "-q") == 0) {
		return query(argv[2],
			     argc == 4 ? strtol(argv[3], NULL, 10) : 5000);
	}
	if (argc >= 3 && strcmp(argv[1], "-p") == 0) {
		port = strtol(argv[2], NULL, 10);
		i = 3;
	}
	for (; i < argc; i++) {
		if (add_name(argv[i]) != 0) {
			break;
		}
	}
	if (i < argc || port < 1 || port > 65535) {
		printf("dnsd: usage: dnsd [-p PORT] NAME=A.B.C.D|bad ... | "
		       "dnsd -q NAME [MS]\n");
		return 1;
	}
	return serve((uint16_t)port);
}
