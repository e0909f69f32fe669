/*
 * dns: host names as the net service takes them, and a responder's side
 * of the wire (dns.h).  Every read is checked against the bytes there
 * are: a query is untrusted input from the network.
 */
#include "dns.h"

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
label_char(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
}

int
dns_name_ok(const char *s, size_t n)
{
	size_t label = 0;
	int digits = 1; /* the label so far is all digits */

	if (n > 0 && s[n - 1] == '.') {
		n--; /* the root's dot */
	}
	if (n == 0 || n > DNS_NAME_MAX) {
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (label == 0) {
				return -1;
			}
			label = 0;
			digits = 1;
		} else if (!label_char(s[i]) || ++label > DNS_LABEL_MAX) {
			return -1;
		} else {
			digits &= is_digit(s[i]);
		}
	}
	return label == 0 || digits ? -1 : 0;
}

char
dns_lower(char c)
{
	if (c >= 'A' && c <= 'Z') {
		c = (char)(c - 'A' + 'a');
	}
	return c;
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* The question's name at p[*at], into q->name: 0, or -1. */
static int
read_name(const uint8_t *p, size_t n, size_t *at, struct dns_query *q)
{
	size_t i = *at, out = 0;

	while (i < n && p[i] != 0) {
		size_t len = p[i++];
		if (len > DNS_LABEL_MAX || len > n - i ||
		    out + len + (out > 0) > DNS_NAME_MAX) {
			return -1; /* a pointer (0xC0), or too long */
		}
		if (out > 0) {
			q->name[out++] = '.';
		}
		for (size_t k = 0; k < len; k++) {
			q->name[out++] = dns_lower((char)p[i + k]);
		}
		i += len;
	}
	if (i >= n) {
		return -1;
	}
	q->name[out] = '\0';
	*at = i + 1;
	return 0;
}

int
dns_query_parse(const uint8_t *p, size_t n, struct dns_query *q)
{
	size_t at = DNS_HEADER;

	if (n < DNS_HEADER) {
		return -1;
	}
	q->id = get16(p);
	q->flags = get16(p + 2);
	if ((q->flags & 0xF800) != 0 || get16(p + 4) != 1) {
		return -1; /* an answer, another opcode, not one question */
	}
	if (read_name(p, n, &at, q) != 0 || n - at < 4) {
		return -1;
	}
	q->type = get16(p + at);
	q->cls = get16(p + at + 2);
	q->end = at + 4;
	return 0;
}

size_t
dns_answer(const struct dns_query *q, const uint8_t *p, int rcode,
	   uint32_t addr, uint32_t ttl, uint8_t *out, size_t room)
{
	int record = rcode == DNS_RCODE_OK;
	size_t len = q->end + (record ? 16 : 0);

	if (q->end < DNS_HEADER || room < len) {
		return 0;
	}
	put16(out, q->id);
	/* QR, AA, the query's RD, the code. */
	put16(out + 2, (uint16_t)(0x8400 | (q->flags & 0x0100) | (rcode & 15)));
	put16(out + 4, 1);
	put16(out + 6, (uint16_t)record);
	put16(out + 8, 0);
	put16(out + 10, 0);
	for (size_t i = DNS_HEADER; i < q->end; i++) {
		out[i] = p[i];
	}
	if (record) {
		uint8_t *r = out + q->end;
		put16(r, 0xC000 | DNS_HEADER); /* the question's name */
		put16(r + 2, DNS_TYPE_A);
		put16(r + 4, DNS_CLASS_IN);
		put16(r + 6, (uint16_t)(ttl >> 16));
		put16(r + 8, (uint16_t)ttl);
		put16(r + 10, 4);
		put16(r + 12, (uint16_t)(addr >> 16));
		put16(r + 14, (uint16_t)addr);
	}
	return len;
}
