/*
 * inet: byte order and IPv4 addresses as text (netinet/in.h,
 * arpa/inet.h).  Only the dotted quad of four decimal parts is read:
 * the older forms inet_aton also takes on Linux ("10.1", hexadecimal
 * parts) are refused.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>

uint32_t
htonl(uint32_t x)
{
	return __builtin_bswap32(x);
}

uint16_t
htons(uint16_t x)
{
	return __builtin_bswap16(x);
}

uint32_t
ntohl(uint32_t x)
{
	return __builtin_bswap32(x);
}

uint16_t
ntohs(uint16_t x)
{
	return __builtin_bswap16(x);
}

int
inet_aton(const char *s, struct in_addr *a)
{
	uint32_t v = 0;

	if (s == NULL) {
		return 0;
	}
	for (int part = 0; part < 4; part++) {
		unsigned n = 0;
		int digits = 0;
		while (*s >= '0' && *s <= '9' && digits < 4) {
			n = n * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (digits == 0 || digits > 3 || n > 255) {
			return 0;
		}
		v = v << 8 | n;
		if (part < 3 && *s++ != '.') {
			return 0;
		}
	}
	if (*s != '\0') {
		return 0;
	}
	if (a != NULL) {
		a->s_addr = htonl(v);
	}
	return 1;
}

in_addr_t
inet_addr(const char *s)
{
	struct in_addr a;

	return inet_aton(s, &a) ? a.s_addr : INADDR_NONE;
}

const char *
inet_ntop(int af, const void *src, char *dst, socklen_t n)
{
	const unsigned char *b = src;

	if (af != AF_INET) {
		errno = EAFNOSUPPORT;
		return NULL;
	}
	int len = snprintf(dst, n, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
	if (len < 0 || (socklen_t)len >= n) {
		errno = ENOSPC;
		return NULL;
	}
	return dst;
}

char *
inet_ntoa(struct in_addr a)
{
	static char buf[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &a, buf, sizeof(buf));
	return buf;
}

int
inet_pton(int af, const char *s, void *dst)
{
	if (af != AF_INET) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	return inet_aton(s, dst);
}
