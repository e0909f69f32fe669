/*
 * arpa/inet.h: IPv4 addresses as text.
 */
#ifndef CAIRN_LIBC_ARPA_INET_H
#define CAIRN_LIBC_ARPA_INET_H

#include "../netinet/in.h"

#include "../libc_names.h"

/* "a.b.c.d" (each part decimal, 0-255) into *a: 1, or 0 if it is not. */
int inet_aton(const char *s, struct in_addr *a);
/* The address, or INADDR_NONE. */
in_addr_t inet_addr(const char *s);
/* Into a static buffer. */
char *inet_ntoa(struct in_addr a);
/* AF_INET only: 1, 0 not an address, -1 (EAFNOSUPPORT) another family. */
int inet_pton(int af, const char *s, void *dst);
const char *inet_ntop(int af, const void *src, char *dst, socklen_t n);

#endif
