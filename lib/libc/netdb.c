/*
 * netdb: getaddrinfo and gethostbyname over the runtime's resolver hook
 * (cairn_libc.h, libc_sockops.resolve; the net service's NET_RESOLVE).
 * IPv4 only; a service is a port number (no services database).  A
 * numeric host (A.B.C.D, as inet_aton reads it) never reaches the
 * resolver.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "cairn_libc.h"

int h_errno;

#define KNOWN_FLAGS                                                            \
	(AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_V4MAPPED | AI_ALL |   \
	 AI_ADDRCONFIG | AI_NUMERICSERV)

/* One result: the entry and its address in one block. */
struct gai_entry {
	struct addrinfo ai;
	struct sockaddr_in sin;
};

/* A service as a port: 0, or EAI_SERVICE (a name, or out of range). */
static int
service_port(const char *service, uint16_t *port)
{
	unsigned long v = 0;

	*port = 0;
	if (service == NULL) {
		return 0;
	}
	if (*service == '\0') {
		return EAI_SERVICE;
	}
	for (const char *p = service; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' ||
		    (v = v * 10 + (unsigned)(*p - '0')) > 65535) {
			return EAI_SERVICE;
		}
	}
	*port = (uint16_t)v;
	return 0;
}

/* A resolver's answer as getaddrinfo's error. */
static int
resolve_error(int r)
{
	switch (r) {
	case LIBC_RESOLVE_NOT_FOUND:
	case LIBC_RESOLVE_BAD_NAME:
		return EAI_NONAME;
	case LIBC_RESOLVE_TIMED_OUT:
	case LIBC_RESOLVE_BUSY:
		return EAI_AGAIN;
	default:
		return EAI_FAIL;
	}
}

/* The host's address (network order) into *addr: 0, or an EAI_ error. */
static int
host_address(const char *node, int flags, in_addr_t *addr)
{
	struct in_addr a;

	if (node == NULL) {
		*addr =
		    htonl(flags & AI_PASSIVE ? INADDR_ANY : INADDR_LOOPBACK);
		return 0;
	}
	if (inet_aton(node, &a)) {
		*addr = a.s_addr;
		return 0;
	}
	if (flags & AI_NUMERICHOST) {
		return EAI_NONAME;
	}
	const struct libc_sockops *o = libc_sockets();
	uint32_t host;
	if (o == NULL || o->resolve == NULL) {
		return EAI_FAIL;
	}
	int r = o->resolve(node, &host);
	if (r != LIBC_RESOLVE_OK) {
		return resolve_error(r);
	}
	*addr = htonl(host);
	return 0;
}

/* Check hints: 0, or an EAI_ error. */
static int
check_hints(const struct addrinfo *h)
{
	if (h->ai_family != AF_UNSPEC && h->ai_family != AF_INET) {
		return EAI_FAMILY;
	}
	if ((h->ai_flags & ~KNOWN_FLAGS) != 0) {
		return EAI_BADFLAGS;
	}
	if ((h->ai_socktype != 0 && h->ai_socktype != SOCK_STREAM &&
	     h->ai_socktype != SOCK_DGRAM) ||
	    (h->ai_protocol != 0 && h->ai_protocol != IPPROTO_TCP &&
	     h->ai_protocol != IPPROTO_UDP)) {
		return EAI_SOCKTYPE;
	}
	if ((h->ai_socktype == SOCK_STREAM && h->ai_protocol == IPPROTO_UDP) ||
	    (h->ai_socktype == SOCK_DGRAM && h->ai_protocol == IPPROTO_TCP)) {
		return EAI_SOCKTYPE;
	}
	return 0;
}

/* An entry of type for addr and port, or NULL. */
static struct addrinfo *
entry(int type, in_addr_t addr, uint16_t port)
{
	struct gai_entry *e = calloc(1, sizeof(*e));

	if (e == NULL) {
		return NULL;
	}
	e->sin.sin_family = AF_INET;
	e->sin.sin_port = htons(port);
	e->sin.sin_addr.s_addr = addr;
	e->ai.ai_family = AF_INET;
	e->ai.ai_socktype = type;
	e->ai.ai_protocol = type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
	e->ai.ai_addrlen = sizeof(e->sin);
	e->ai.ai_addr = (struct sockaddr *)&e->sin;
	return &e->ai;
}

int
getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
	    struct addrinfo **res)
{
	static const struct addrinfo none = {0};
	const struct addrinfo *h = hints != NULL ? hints : &none;
	int types[2] = {SOCK_STREAM, SOCK_DGRAM}, ntypes = 2, err;
	uint16_t port;
	in_addr_t addr;

	*res = NULL;
	if ((err = check_hints(h)) != 0) {
		return err;
	}
	if (node == NULL && service == NULL) {
		return EAI_NONAME;
	}
	if ((err = service_port(service, &port)) != 0 ||
	    (err = host_address(node, h->ai_flags, &addr)) != 0) {
		return err;
	}
	if (h->ai_socktype != 0 || h->ai_protocol != 0) {
		types[0] = h->ai_socktype == SOCK_DGRAM ||
				   h->ai_protocol == IPPROTO_UDP
			       ? SOCK_DGRAM
			       : SOCK_STREAM;
		ntypes = 1;
	}
	struct addrinfo **tail = res;
	for (int i = 0; i < ntypes; i++, tail = &(*tail)->ai_next) {
		if ((*tail = entry(types[i], addr, port)) == NULL) {
			freeaddrinfo(*res);
			*res = NULL;
			return EAI_MEMORY;
		}
	}
	if ((h->ai_flags & AI_CANONNAME) && node != NULL &&
	    ((*res)->ai_canonname = strdup(node)) == NULL) {
		freeaddrinfo(*res);
		*res = NULL;
		return EAI_MEMORY;
	}
	return 0;
}

void
freeaddrinfo(struct addrinfo *ai)
{
	while (ai != NULL) {
		struct addrinfo *next = ai->ai_next;
		free(ai->ai_canonname);
		free(ai); /* the start of its gai_entry */
		ai = next;
	}
}

const char *
gai_strerror(int err)
{
	switch (err) {
	case 0:
		return "Success";
	case EAI_BADFLAGS:
		return "Bad value for ai_flags";
	case EAI_NONAME:
		return "Name or service not known";
	case EAI_AGAIN:
		return "Temporary failure in name resolution";
	case EAI_FAIL:
		return "Non-recoverable failure in name resolution";
	case EAI_FAMILY:
		return "ai_family not supported";
	case EAI_SOCKTYPE:
		return "ai_socktype not supported";
	case EAI_SERVICE:
		return "Servname not supported for ai_socktype";
	case EAI_MEMORY:
		return "Memory allocation failure";
	default:
		return "Unknown error";
	}
}

struct hostent *
gethostbyname(const char *name)
{
	static struct in_addr addr;
	static char *list[2] = {(char *)&addr, NULL};
	static char *aliases[1] = {NULL};
	static char host[256];
	static struct hostent he = {host, aliases, AF_INET, 4, list};
	struct addrinfo hints = {0}, *ai;

	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	int err =
	    name != NULL ? getaddrinfo(name, NULL, &hints, &ai) : EAI_NONAME;
	if (err != 0) {
		h_errno = err == EAI_AGAIN    ? TRY_AGAIN
			  : err == EAI_NONAME ? HOST_NOT_FOUND
					      : NO_RECOVERY;
		return NULL;
	}
	addr = ((struct sockaddr_in *)ai->ai_addr)->sin_addr;
	freeaddrinfo(ai);
	size_t n = strlen(name);
	n = n < sizeof(host) - 1 ? n : sizeof(host) - 1;
	memcpy(host, name, n);
	host[n] = '\0';
	return &he;
}
