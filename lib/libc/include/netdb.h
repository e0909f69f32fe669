/*
 * netdb.h: host names to IPv4 addresses (getaddrinfo, gethostbyname)
 * through the net service's resolver (docs/net.md, "Names").  Ports are
 * numbers only: there is no services database.  The values are Linux's.
 */
#ifndef CAIRN_LIBC_NETDB_H
#define CAIRN_LIBC_NETDB_H

#include "netinet/in.h"
#include "sys/socket.h"

#include "libc_names.h"

struct addrinfo {
	int ai_flags;
	int ai_family;
	int ai_socktype;
	int ai_protocol;
	socklen_t ai_addrlen;
	struct sockaddr *ai_addr;
	char *ai_canonname;
	struct addrinfo *ai_next;
};

/* ai_flags. */
#define AI_PASSIVE     0x0001 /* no host: INADDR_ANY, for bind */
#define AI_CANONNAME   0x0002 /* ai_canonname: the name as asked */
#define AI_NUMERICHOST 0x0004 /* the host must be A.B.C.D */
#define AI_V4MAPPED    0x0008 /* taken, means nothing without IPv6 */
#define AI_ALL	       0x0010 /* as AI_V4MAPPED */
#define AI_ADDRCONFIG  0x0020 /* taken: IPv4 is all there is */
#define AI_NUMERICSERV 0x0400 /* the service must be a number */

/* getaddrinfo's errors. */
#define EAI_BADFLAGS (-1)
#define EAI_NONAME   (-2)
#define EAI_AGAIN    (-3)
#define EAI_FAIL     (-4)
#define EAI_FAMILY   (-6)
#define EAI_SOCKTYPE (-7)
#define EAI_SERVICE  (-8)
#define EAI_MEMORY   (-10)
#define EAI_SYSTEM   (-11)

struct hostent {
	char *h_name;
	char **h_aliases;
	int h_addrtype;
	int h_length;
	char **h_addr_list;
};
#define h_addr h_addr_list[0]

/* gethostbyname's errors, in h_errno. */
#define HOST_NOT_FOUND 1
#define TRY_AGAIN      2
#define NO_RECOVERY    3
#define NO_DATA	       4
extern int h_errno;

int getaddrinfo(const char *node, const char *service,
		const struct addrinfo *hints, struct addrinfo **res);
void freeaddrinfo(struct addrinfo *ai);
const char *gai_strerror(int err);
/* One address of name, in a static hostent (the next call reuses it);
 * NULL with h_errno set. */
struct hostent *gethostbyname(const char *name);

#endif
