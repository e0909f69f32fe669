/*
 * sock: Linux's sockets (AF_INET: TCP and UDP) over the net service
 * (docs/posix.md, "Sockets"; the protocol: proto/sock.h).  The server is
 * one client of the net service (netc.c): it attached one region, which
 * every socket's bytes go through, and gave a notification (NET_NOTIFY)
 * that the service signals when a socket may have become ready.  Every
 * call to the service answers at once; a Linux call that would wait on a
 * blocking socket is held (its reply kept) and made again at each signal
 * (sock.c).  The calls: sock.c (sockets, connections, the held calls),
 * sockio.c (bytes), sockopt.c (names, options, addresses).
 */
#ifndef CAIRN_POSIX_SOCK_H
#define CAIRN_POSIX_SOCK_H

#include "files.h"
#include "proto/sock.h"

/* Linux's socket constants (x86_64's, the generic ones). */
#define LX_AF_UNSPEC	   0
#define LX_AF_INET	   2
#define LX_AF_MAX	   46
#define LX_SOCK_STREAM	   1
#define LX_SOCK_DGRAM	   2
#define LX_SOCK_RAW	   3
#define LX_SOCK_TYPE_MAX   10 /* types are below this */
#define LX_SOCK_TYPE_MASK  0xf
#define LX_SOCK_NONBLOCK   04000
#define LX_SOCK_CLOEXEC	   02000000
#define LX_IPPROTO_IP	   0
#define LX_IPPROTO_TCP	   6
#define LX_IPPROTO_UDP	   17
#define LX_MSG_OOB	   0x1
#define LX_MSG_PEEK	   0x2
#define LX_MSG_TRUNC	   0x20
#define LX_MSG_DONTWAIT	   0x40
#define LX_MSG_WAITALL	   0x100
#define LX_MSG_NOSIGNAL	   0x4000
#define LX_SOCKADDR_MAX	   128 /* sizeof(struct sockaddr_storage) */
#define LX_IOV_MAX	   1024
#define LX_ESOCKTNOSUPPORT 94 /* not in the libc's errno.h */

/* Linux's struct sockaddr_in. */
struct lx_sockaddr_in {
	uint16_t family;
	uint16_t port; /* network order */
	uint32_t addr; /* network order */
	uint8_t zero[8];
};
_Static_assert(sizeof(struct lx_sockaddr_in) == 16, "Linux's sockaddr_in");

/* A socket: the open file's (OF_SOCKET, its h the index here). */
struct psock {
	bool used;
	int sid;	 /* the service's number */
	unsigned gen;	 /* the service's life it was made in */
	int type;	 /* NET_TCP, NET_UDP */
	bool connected;	 /* TCP: was connected (after a restart:
			    ECONNRESET, not EBADF) */
	bool connecting; /* TCP: a connect in progress that no call of
			    the program has seen end yet */
	bool listening;
	bool reuseaddr, keepalive; /* as set, for getsockopt */
	int rcvbuf, sndbuf;	   /* as set (Linux's doubled value) */
	uint64_t timeo[2];	   /* SO_RCVTIMEO, SO_SNDTIMEO: ns, 0 none */
};

/* The socket of p's descriptor fd, and its open file in *f: it, or NULL
 * with *err -EBADF (no such descriptor) or -ENOTSOCK. */
struct psock *sock_of(struct lproc *p, word_t fd, struct ofile **f, long *err);
/* The socket of open file f (an OF_SOCKET). */
struct psock *sock_file(const struct ofile *f);
/* A destination address: 0.0.0.0 is this machine, as Linux takes it. */
static inline uint32_t
sock_dest(uint32_t addr)
{
	return addr != 0 ? addr : 0x7f000001;
}

/* A Linux call on a socket, made again when a signal comes if it returns
 * SOCK_WAIT: it would wait, and the socket blocks. */
typedef word_t (*sock_fn)(struct lproc *p, const word_t *a);
#define SOCK_WAIT SYS_NO_REPLY
/* Make call fn with a: its answer, or SYS_NO_REPLY (held: fn is made
 * again at every signal until it answers, or until the socket's timeout
 * for its direction, out (SO_SNDTIMEO) or not (SO_RCVTIMEO), is up:
 * then -EAGAIN, or late, -EINPROGRESS for connect). */
word_t sock_run(struct lproc *p, const word_t *a, sock_fn fn, bool out,
		word_t late);
/* A send of p's met a closed connection: SIGPIPE when it is answered. */
void sock_sigpipe(void);

/* netc.c: the net service's client (its sock_init: sysdefs.h). */
/* Call label with n words w (w[0] is k's number if k is not NULL): MR0,
 * >= 0 or -errno, with the answer's first three words in w.  Attaches
 * first if it must; a socket of the service's earlier life answers
 * -ECONNRESET (a connection) or -EBADF. */
long netc_call(word_t label, word_t n, word_t *w, struct psock *k);
/* The region's bytes for SEND and RECV, and its one POLL entry. */
#define NETC_DATA (SOCK_REGION_SIZE - 8)
char *netc_data(void);
struct cairn_pollsock *netc_pollent(void);
/* The service's life now: a socket of another is gone. */
unsigned netc_gen(void);
/* A held call: the server's 1 s tick starts (a restarted service sends
 * no signal: the tick finds it). */
void netc_tick_on(void);

/* sockopt.c: Linux's sockaddr_in at va (len bytes) into address and
 * port, host order: 0 or -errno. */
int sockaddr_get(struct lproc *p, word_t va, word_t len, uint32_t *addr,
		 uint16_t *port);
/* Write address and port at va as a sockaddr_in, with the value-result
 * length at lenva (its value read first; 0 va: nothing): 0 or -errno. */
int sockaddr_put(struct lproc *p, word_t va, word_t lenva, uint32_t addr,
		 uint16_t port);
/* May a sockaddr be written at va, its length at lenva (0: none)? 0 or
 * -errno, as sockaddr_put would answer before it writes. */
int sockaddr_can(struct lproc *p, word_t va, word_t lenva);

#endif
