/*
 * Host unit tests for lib/dns.c: host names as the net service takes
 * them, a query as dnsd reads it and the answer it writes, and the query
 * reader fed every cut of a query and random bytes (it reads untrusted
 * input from the network: it must refuse, never read past the end).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dns.h"

static int
name_ok(const char *s)
{
	return dns_name_ok(s, strlen(s));
}

static void
test_names(void **state)
{
	char big[300];

	(void)state;
	assert_int_equal(name_ok("web"), 0);
	assert_int_equal(name_ok("www.example.test"), 0);
	assert_int_equal(name_ok("WWW.Example.Test."), 0);
	assert_int_equal(name_ok("a-b_c.d9"), 0);
	assert_int_equal(name_ok("10.0.2.x"), 0);
	assert_int_equal(name_ok(""), -1);
	assert_int_equal(name_ok("."), -1);
	assert_int_equal(name_ok("a..b"), -1);
	assert_int_equal(name_ok(".a"), -1);
	assert_int_equal(name_ok("a.."), -1);
	assert_int_equal(name_ok("bad!name"), -1);
	assert_int_equal(name_ok("a b"), -1);
	assert_int_equal(name_ok("10.0.2.300"), -1); /* numeric last label */
	assert_int_equal(name_ok("123"), -1);
	assert_int_equal(dns_name_ok("ab\0c", 4), -1);
	/* A label of 63 is the most; a name of 255 (and a dot) too. */
	memset(big, 'a', 64);
	assert_int_equal(dns_name_ok(big, 63), 0);
	assert_int_equal(dns_name_ok(big, 64), -1);
	for (int i = 0; i < 257; i++) {
		big[i] = i % 2 ? '.' : 'a';
	}
	assert_int_equal(dns_name_ok(big, 255), 0);
	assert_int_equal(dns_name_ok(big, 256), 0); /* "...a." */
	assert_int_equal(dns_name_ok(big, 257), -1);
}

/* A query for name (dotted) of type, id 0x1234 with RD: its bytes. */
static size_t
make_query(const char *name, uint16_t type, uint8_t *p)
{
	static const uint8_t head[DNS_HEADER] = {0x12, 0x34, 0x01, 0x00, 0, 1,
						 0,    0,    0,	   0,	 0, 0};
	size_t n = DNS_HEADER;

	memcpy(p, head, sizeof(head));
	while (*name != '\0') {
		size_t len = strcspn(name, ".");
		p[n++] = (uint8_t)len;
		memcpy(p + n, name, len);
		n += len;
		name += len + (name[len] == '.');
	}
	p[n++] = 0;
	p[n++] = 0;
	p[n++] = (uint8_t)type;
	p[n++] = 0;
	p[n++] = DNS_CLASS_IN;
	return n;
}

static void
test_query_and_answer(void **state)
{
	uint8_t q[512], out[512];
	struct dns_query dq;

	(void)state;
	size_t n = make_query("WWW.Example.test", DNS_TYPE_A, q);
	assert_int_equal(dns_query_parse(q, n, &dq), 0);
	assert_int_equal(dq.id, 0x1234);
	assert_string_equal(dq.name, "www.example.test");
	assert_int_equal(dq.type, DNS_TYPE_A);
	assert_int_equal(dq.cls, DNS_CLASS_IN);
	assert_int_equal(dq.end, n);
	size_t len =
	    dns_answer(&dq, q, DNS_RCODE_OK, 0x0A000202, 60, out, sizeof(out));
	assert_int_equal(len, n + 16);
	assert_int_equal(out[0], 0x12);
	assert_int_equal(out[2], 0x85); /* QR, AA, RD */
	assert_int_equal(out[3], 0x00);
	assert_int_equal(out[7], 1); /* one answer */
	assert_memory_equal(out + DNS_HEADER, q + DNS_HEADER, n - DNS_HEADER);
	static const uint8_t rec[16] = {0xC0, 12, 0, 1, 0,  1, 0, 0,
					0,    60, 0, 4, 10, 0, 2, 2};
	assert_memory_equal(out + n, rec, sizeof(rec));
	/* No such name: no record; a room too small: nothing. */
	assert_int_equal(
	    dns_answer(&dq, q, DNS_RCODE_NX, 0, 60, out, sizeof(out)), n);
	assert_int_equal(out[3], DNS_RCODE_NX);
	assert_int_equal(out[7], 0);
	assert_int_equal(dns_answer(&dq, q, DNS_RCODE_OK, 1, 60, out, n + 15),
			 0);
}

static void
test_query_refused(void **state)
{
	uint8_t q[512];
	struct dns_query dq;

	(void)state;
	size_t n = make_query("web", DNS_TYPE_A, q);
	/* Every cut short of the whole is refused. */
	for (size_t cut = 0; cut < n; cut++) {
		assert_int_equal(dns_query_parse(q, cut, &dq), -1);
	}
	q[2] |= 0x80; /* an answer */
	assert_int_equal(dns_query_parse(q, n, &dq), -1);
	q[2] = 0x08; /* opcode 1 */
	assert_int_equal(dns_query_parse(q, n, &dq), -1);
	q[2] = 0x01;
	q[5] = 2; /* two questions */
	assert_int_equal(dns_query_parse(q, n, &dq), -1);
	q[5] = 1;
	q[DNS_HEADER] = 0xC0; /* a pointer */
	assert_int_equal(dns_query_parse(q, n, &dq), -1);
	q[DNS_HEADER] = 64; /* a label over 63 */
	assert_int_equal(dns_query_parse(q, n, &dq), -1);
	/* A name of more than 255 bytes as text. */
	size_t at = DNS_HEADER;
	for (int i = 0; i < 5; i++) {
		q[at++] = 63;
		memset(q + at, 'a', 63);
		at += 63;
	}
	q[at++] = 0;
	memset(q + at, 0, 4);
	assert_int_equal(dns_query_parse(q, at + 4, &dq), -1);
}

/* Random bytes, and random changes to a good query: the reader refuses
 * or reads a NUL-ended name within bounds, and its answer fits. */
static void
test_query_random(void **state)
{
	uint8_t good[512], q[600], out[600];
	struct dns_query dq;
	uint32_t x = 2463534242u;

	(void)state;
	size_t n = make_query("a.bc.def", DNS_TYPE_A, good);
	for (int round = 0; round < 200000; round++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		size_t len = x % sizeof(q);
		if (round % 2) {
			memcpy(q, good, n);
			len = n + (x >> 20) % 8;
			for (int k = 0; k < 3; k++) {
				q[(x >> (k * 8)) % len] ^= (uint8_t)(x >> 3);
			}
		} else {
			for (size_t i = 0; i < len; i++) {
				q[i] = (uint8_t)(x >> (i % 24));
			}
		}
		uint8_t *p = malloc(len ? len : 1); /* ASan sees the end */
		memcpy(p, q, len);
		if (dns_query_parse(p, len, &dq) == 0) {
			assert_true(dq.end <= len);
			assert_true(strlen(dq.name) <= DNS_NAME_MAX);
			size_t a = dns_answer(&dq, p, DNS_RCODE_OK, 1, 1, out,
					      sizeof(out));
			assert_true(a == 0 || a == dq.end + 16);
		}
		free(p);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_query_and_answer),
	    cmocka_unit_test(test_query_refused),
	    cmocka_unit_test(test_query_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
