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
#define LX_AF_UNIX	   1
#define LX_AF_INET	   2
#define LX_AF_MAX	   46
#define LX_SOCK_STREAM	   1
#define LX_SOCK_DGRAM	   2
#define LX_SOCK_RAW	   3
#define LX_SOCK_SEQPACKET  5
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

/* The longest AF_UNIX address: sun_path's bytes. */
#define UNIX_PATH 108

/* An AF_UNIX socket's part of its psock (unix.c). */
struct usock {
	int type;	   /* LX_SOCK_STREAM, _DGRAM, _SEQPACKET */
	int rx, tx;	   /* a connection's pipes (-1: none) */
	bool solo;	   /* rx is its own (a datagram socket's): it holds the
			      writer's end too */
	int listener;	   /* a connection not yet accepted: whose */
	unsigned seq;	   /* its place in the listener's queue */
	int backlog;	   /* a listener's */
	int shut;	   /* shutdown's: 1 reads, 2 writes */
	int err;	   /* the next read's error, once (ECONNRESET) */
	bool named;	   /* bound: the name is its own */
	uint32_t ino;	   /* the bound path's inode (0: abstract) */
	uint8_t len, plen; /* the name's bytes, the peer's */
	char name[UNIX_PATH]; /* bound: sun_path as given */
	char peer[UNIX_PATH]; /* the peer's name */
	int32_t cred[3];      /* the peer's pid, uid, gid (SO_PEERCRED) */
};

/* A socket: the open file's (OF_SOCKET, its h the index here). */
struct psock {
	bool used;
	int family;	 /* LX_AF_INET, LX_AF_UNIX */
	int sid;	 /* the service's number */
	unsigned gen;	 /* the service's life it was made in */
	int type;	 /* NET_TCP, NET_UDP; 0: AF_UNIX's (a stream) */
	bool connected;	 /* TCP: was connected (after a restart:
			    ECONNRESET, not EBADF) */
	bool connecting; /* TCP: a connect in progress that no call of
			    the program has seen end yet */
	bool listening;
	bool reuseaddr, keepalive; /* as set, for getsockopt */
	int rcvbuf, sndbuf;	   /* as set (Linux's doubled value) */
	uint64_t timeo[2];	   /* SO_RCVTIMEO, SO_SNDTIMEO: ns, 0 none */
	struct usock u;		   /* AF_UNIX's */
};

/* Every socket, by its open file's h. */
extern struct psock psocks[OPEN_FILES];

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

/* sock.c: a new socket entry (its options Linux's first ones), or NULL;
 * a descriptor of p's for socket k (flags: SOCK_NONBLOCK, SOCK_CLOEXEC),
 * or -errno with k freed. */
struct psock *psock_new(void);
long psock_install(struct lproc *p, struct psock *k, word_t flags);

/* A call's buffers: its iovecs, or one, checked (sockio.c). */
struct iov_set {
	word_t n, total;
	struct lx_iov v[LX_IOV_MAX];
};

/*
 * unix.c: AF_UNIX sockets (streams, datagrams, packets).  The calls
 * sock.c, sockio.c and sockopt.c hand over for one: each answers as the
 * Linux call would, or SOCK_WAIT (made again when a socket moves:
 * unix_stirred).
 */
word_t unix_socket(struct lproc *p, word_t type, word_t flags);
word_t unix_socketpair(struct lproc *p, word_t type, word_t flags, word_t va);
word_t unix_bind(struct lproc *p, struct psock *k, word_t va, word_t len);
word_t unix_listen(struct lproc *p, struct psock *k, int backlog);
word_t unix_accept(struct lproc *p, struct ofile *f, struct psock *k,
		   const word_t *a);
word_t unix_connect(struct lproc *p, struct ofile *f, struct psock *k,
		    word_t va, word_t len);
word_t unix_shutdown(struct psock *k, word_t how);
void unix_close(struct psock *k);
int unix_revents(const struct psock *k);
/* getsockname (peer: getpeername) into va, its length at lenva. */
word_t unix_name(struct lproc *p, const struct psock *k, bool peer, word_t va,
		 word_t lenva);
/* Send v's bytes through k (send's flags; to the sockaddr_un at name,
 * namelen bytes, if namelen is not 0): bytes, -errno, or SOCK_WAIT if
 * none moved and it must wait. */
word_t unix_send(struct lproc *p, struct ofile *f, struct psock *k,
		 const struct iov_set *v, word_t flags, word_t name,
		 word_t namelen);
/* Receive into v through k (recv's flags): bytes (0 at the end), -errno,
 * or SOCK_WAIT; the sender's name to name, its length at lenva, unless
 * lenva is 0; MSG_TRUNC in *mflags if a message was cut. */
word_t unix_recv(struct lproc *p, struct ofile *f, struct psock *k,
		 const struct iov_set *v, word_t flags, word_t name,
		 word_t lenva, int *mflags);
/* The bytes a read of k would find (FIONREAD), or -errno. */
long unix_unread(const struct psock *k);

/* unix.c's, for unixio.c. */
#define USHUT_RD 1 /* usock's shut: reads, writes (not Linux's SHUT_*) */
#define USHUT_WR 2
/* The connections queued on listener l. */
int unix_queued(const struct psock *l);
/* Give datagram socket k a pipe of its own to receive on: 0, -ENFILE. */
int unix_own_rx(struct psock *k);
/* The socket that holds the name (n bytes) for p: it, or NULL with *err
 * (-ENOENT and the like from the path; none: -ECONNREFUSED). */
struct psock *unix_find(struct lproc *p, const char *name, uint8_t n,
			long *err);
/* The sockaddr_un at va (len bytes) as a name into name (*n bytes; 0:
 * sun_path empty): 0 or -errno.  Write the name (n bytes) as one at va,
 * its length at lenva (read first): 0 or -errno. */
int unix_addr_in(struct lproc *p, word_t va, word_t len, char *name,
		 uint8_t *n);
long unix_addr_out(struct lproc *p, const char *name, uint8_t n, word_t va,
		   word_t lenva);

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
/* The value-result length at lenva (Linux's int): it, or -errno. */
long sock_namelen(struct lproc *p, word_t lenva);
/* May a sockaddr be written at va, its length at lenva (0: none)? 0 or
 * -errno, as sockaddr_put would answer before it writes. */
int sockaddr_can(struct lproc *p, word_t va, word_t lenva);

#endif
