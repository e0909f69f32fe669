/*
 * netinet/in.h: IPv4 addresses and ports (sys/socket.h).
 */
#ifndef CAIRN_LIBC_NETINET_IN_H
#define CAIRN_LIBC_NETINET_IN_H

#include <stdint.h>

#include "../sys/socket.h"

#include "../libc_names.h"

typedef uint32_t in_addr_t;
typedef uint16_t in_port_t;

struct in_addr {
	in_addr_t s_addr; /* network order */
};

struct sockaddr_in {
	sa_family_t sin_family;
	in_port_t sin_port; /* network order */
	struct in_addr sin_addr;
	unsigned char sin_zero[8];
};

#define INADDR_ANY	 ((in_addr_t)0x00000000)
#define INADDR_LOOPBACK	 ((in_addr_t)0x7f000001)
#define INADDR_BROADCAST ((in_addr_t)0xffffffff)
#define INADDR_NONE	 ((in_addr_t)0xffffffff)

#define IPPROTO_IP  0
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17

#define INET_ADDRSTRLEN 16

uint32_t htonl(uint32_t x);
uint16_t htons(uint16_t x);
uint32_t ntohl(uint32_t x);
uint16_t ntohs(uint16_t x);

#endif
