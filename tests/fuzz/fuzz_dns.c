/*
 * fuzz_dns: the input is a UDP datagram to programs/dnsd, read as a
 * query (lib/dns.c) and answered as dnsd does; and the same bytes as a
 * host name the net service is asked for.  The datagram is allocated to
 * size, so a read past it is caught.
 */
#include <string.h>

#include "dns.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_query q;
	uint8_t *p = malloc(size ? size : 1);

	memcpy(p, data, size);
	if (dns_query_parse(p, size, &q) == 0) {
		uint8_t out[600];
		fuzz_check(q.end >= DNS_HEADER && q.end <= size,
			   "question ends inside");
		fuzz_check(strlen(q.name) <= DNS_NAME_MAX, "name fits");
		size_t n = dns_answer(&q, p, DNS_RCODE_OK, 0x0A000202, 60, out,
				      sizeof(out));
		fuzz_check(n == 0 || n == q.end + 16, "answer's length");
		fuzz_check(n == 0 || memcmp(out, p, 2) == 0, "answer's id");
	}
	if (size > 0 && dns_name_ok((const char *)p, size) == 0) {
		size_t n = size - (p[size - 1] == '.');
		fuzz_check(n >= 1 && n <= DNS_NAME_MAX, "name's length");
		fuzz_check(memchr(p, 0, size) == NULL, "no NUL in a name");
	}
	free(p);
	return 0;
}
