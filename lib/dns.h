/*
 * dns: the little of DNS (RFC 1035) that Cairn's own code reads and
 * writes: whether a host name may be asked for (the net service, the
 * shell), and a responder's reading of a query and writing of its
 * answer (programs/dnsd).  lwIP reads the answers the net service gets.
 * Freestanding: no allocation, no libc.
 */
#ifndef CAIRN_LIB_DNS_H
#define CAIRN_LIB_DNS_H

#include <stddef.h>
#include <stdint.h>

#define DNS_NAME_MAX  255 /* bytes of a name as text, no trailing dot */
#define DNS_LABEL_MAX 63
#define DNS_HEADER    12 /* bytes of a message's header */

/* Query types and the class this file knows. */
#define DNS_TYPE_A    1
#define DNS_CLASS_IN  1
#define DNS_RCODE_OK  0
#define DNS_RCODE_FMT 1 /* format error */
#define DNS_RCODE_NX  3 /* no such name */
#define DNS_RCODE_NI  4 /* not implemented */

/*
 * May the n bytes at s be asked for as a host name?  1 to DNS_NAME_MAX
 * bytes (one trailing dot more allowed) of labels of 1 to 63 letters,
 * digits, '-' or '_', joined by dots, the last not all digits (that is a
 * malformed address: "10.0.2.300").  0 if so, else -1.
 */
int dns_name_ok(const char *s, size_t n);

/* c in lower case, if it is an ASCII letter: names match regardless. */
char dns_lower(char c);

/* A query as dns_query_parse reads it. */
struct dns_query {
	uint16_t id;
	uint16_t flags; /* the header's second word as it came */
	uint16_t type, cls;
	size_t end;		     /* bytes of the header and question */
	char name[DNS_NAME_MAX + 1]; /* dotted, lower case, NUL-ended */
};

/*
 * Read the n bytes at p as a standard query (QR 0, opcode 0) of one
 * question whose name has no compression: 0 with *q filled in, else -1
 * (not a query, truncated, a label or name too long, a pointer).
 */
int dns_query_parse(const uint8_t *p, size_t n, struct dns_query *q);

/*
 * Write the answer to q (whose question is p's bytes DNS_HEADER..q->end)
 * into out, room bytes: the header with rcode, the question, and, when
 * rcode is DNS_RCODE_OK, one A record of addr (host order) living ttl
 * seconds.  The answer's bytes, or 0 if room is too small.
 */
size_t dns_answer(const struct dns_query *q, const uint8_t *p, int rcode,
		  uint32_t addr, uint32_t ttl, uint8_t *out, size_t room);

#endif
