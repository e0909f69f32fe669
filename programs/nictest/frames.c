/*
 * nictest's frames (frames.h).
 */
#include "frames.h"

#include <string.h>

const uint8_t guest_ip[4] = {10, 0, 2, 15};
const uint8_t gateway_ip[4] = {10, 0, 2, 2};

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

uint16_t
inet_sum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < n; i += 2) {
		s += get16(p + i);
	}
	if (n & 1) {
		s += (uint32_t)p[n - 1] << 8;
	}
	while (s >> 16) {
		s = (s & 0xffff) + (s >> 16);
	}
	return (uint16_t)~s;
}

static void
eth(uint8_t *f, const uint8_t to[6], const uint8_t from[6], uint16_t type)
{
	memcpy(f, to, 6);
	memcpy(f + 6, from, 6);
	put16(f + 12, type);
}

/* An ARP packet of operation op at a (after the Ethernet header). */
static void
arp(uint8_t *a, uint16_t op, const uint8_t sha[6], const uint8_t spa[4],
    const uint8_t tha[6], const uint8_t tpa[4])
{
	put16(a, 1); /* Ethernet */
	put16(a + 2, ETH_IP);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, op);
	memcpy(a + 8, sha, 6);
	memcpy(a + 14, spa, 4);
	memcpy(a + 18, tha, 6);
	memcpy(a + 24, tpa, 4);
}

size_t
arp_request(uint8_t *f, const uint8_t mac[6], const uint8_t ip[4])
{
	static const uint8_t all[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t none[6] = {0};

	memset(f, 0, ETH_MIN);
	eth(f, all, mac, ETH_ARP);
	arp(f + ETH_HDR, 1, mac, guest_ip, none, ip);
	return ETH_MIN;
}

/* Is f an ARP packet of operation op?  Its ARP part, or NULL. */
static const uint8_t *
arp_of(const uint8_t *f, size_t len, uint16_t op)
{
	const uint8_t *a = f + ETH_HDR;

	if (len < ETH_HDR + 28 || get16(f + 12) != ETH_ARP || get16(a) != 1 ||
	    get16(a + 2) != ETH_IP || a[4] != 6 || a[5] != 4 ||
	    get16(a + 6) != op) {
		return NULL;
	}
	return a;
}

int
arp_is_reply(const uint8_t *f, size_t len, const uint8_t mac[6],
	     const uint8_t ip[4], uint8_t who[6])
{
	const uint8_t *a = arp_of(f, len, 2);

	if (a == NULL || memcmp(f, mac, 6) != 0 || memcmp(a + 14, ip, 4) != 0 ||
	    memcmp(a + 18, mac, 6) != 0 || memcmp(a + 24, guest_ip, 4) != 0) {
		return 0;
	}
	memcpy(who, a + 8, 6);
	return 1;
}

int
arp_answer(uint8_t *f, size_t len, const uint8_t mac[6], size_t *out)
{
	const uint8_t *a = arp_of(f, len, 1);
	uint8_t asker_mac[6], asker_ip[4];

	if (a == NULL || memcmp(a + 24, guest_ip, 4) != 0) {
		return 0;
	}
	memcpy(asker_mac, a + 8, 6);
	memcpy(asker_ip, a + 14, 4);
	eth(f, asker_mac, mac, ETH_ARP);
	arp(f + ETH_HDR, 2, mac, guest_ip, asker_mac, asker_ip);
	*out = len < ETH_MIN ? ETH_MIN : len;
	return 1;
}

static uint8_t
pattern(uint16_t seq, size_t i)
{
	return (uint8_t)(seq * 7 + i);
}

size_t
echo_request(uint8_t *f, const uint8_t mac[6], const uint8_t to[6], uint16_t id,
	     uint16_t seq)
{
	uint8_t *ip = f + ETH_HDR, *icmp = ip + 20;
	size_t n = 8 + PING_PAYLOAD;

	eth(f, to, mac, ETH_IP);
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(20 + n));
	put16(ip + 4, seq);
	ip[8] = 64; /* TTL */
	ip[9] = 1;  /* ICMP */
	memcpy(ip + 12, guest_ip, 4);
	memcpy(ip + 16, gateway_ip, 4);
	put16(ip + 10, inet_sum(ip, 20));
	memset(icmp, 0, 8);
	icmp[0] = 8; /* echo request */
	put16(icmp + 4, id);
	put16(icmp + 6, seq);
	for (size_t i = 0; i < PING_PAYLOAD; i++) {
		icmp[8 + i] = pattern(seq, i);
	}
	put16(icmp + 2, inet_sum(icmp, n));
	return ETH_HDR + 20 + n;
}

int
echo_is_reply(const uint8_t *f, size_t len, const uint8_t mac[6], uint16_t id,
	      uint16_t seq, const char **why)
{
	const uint8_t *ip = f + ETH_HDR;

	if (len < ETH_HDR + 20 || get16(f + 12) != ETH_IP ||
	    (ip[0] >> 4) != 4 || ip[9] != 1) {
		return 0;
	}
	size_t ihl = (size_t)(ip[0] & 15) * 4, tot = get16(ip + 2);
	if (ihl < 20 || tot < ihl + 8 || ETH_HDR + tot > len) {
		return 0;
	}
	const uint8_t *icmp = ip + ihl;
	if (icmp[0] != 0 || get16(icmp + 4) != id || get16(icmp + 6) != seq) {
		return 0;
	}
	*why = memcmp(f, mac, 6) != 0		     ? "not to our MAC"
	       : memcmp(ip + 12, gateway_ip, 4) != 0 ? "not from the gateway"
	       : memcmp(ip + 16, guest_ip, 4) != 0   ? "not to our address"
	       : inet_sum(ip, ihl) != 0		     ? "IP header checksum"
	       : inet_sum(icmp, tot - ihl) != 0	     ? "ICMP checksum"
	       : icmp[1] != 0			     ? "ICMP code"
	       : tot - ihl != 8 + PING_PAYLOAD	     ? "payload length"
						     : NULL;
	for (size_t i = 0; *why == NULL && i < PING_PAYLOAD; i++) {
		if (icmp[8 + i] != pattern(seq, i)) {
			*why = "payload bytes";
		}
	}
	return *why == NULL ? 1 : -1;
}
