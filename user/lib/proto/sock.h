/*
 * The net service's sockets (docs/net.md, "Sockets"): TCP and UDP over
 * IPv4, on the net service's endpoint (proto/net.h), and the client
 * stubs (sock.c) that the libc's BSD calls use.
 *
 * As the file protocol does, a client makes a shared region and sends
 * its capability once (NET_ATTACH); SEND and RECV name their bytes by
 * pointers into it, so no bulk data goes through IPC.  The service
 * touches a client's region only while it serves that client's call:
 * every call but POLL is answered at once, and a call that would have
 * to wait answers -EAGAIN.  Waiting is POLL's alone: it holds its
 * caller until one of the sockets it names is ready or the time runs
 * out, and says only how many are; the stubs then ask again.
 *
 * A served call is answered CAIRN_OK with MR0 its result, >= 0 or a
 * negative Linux errno; an answer's label other than CAIRN_OK is the
 * transport's (INVALID_CAP: not attached, the service restarted).
 * Sockets are the caller's own, by its badge (the pid): SOCK_MAX in all,
 * freed by CLOSE, all of a client's by a new ATTACH from it, and those
 * of a client that no longer runs when the service next looks.
 *
 * A client that cannot wait in POLL (a server, such as posix, that holds
 * its own callers) gives a notification with NOTIFY instead: the service
 * signals it whenever one of the client's sockets may have become ready,
 * and the client asks again.
 */
#ifndef CAIRN_PROTO_SOCK_H
#define CAIRN_PROTO_SOCK_H

#include <stddef.h>
#include <stdint.h>

#include "cairn.h"

enum cairn_sock_call {
	NET_ATTACH = 16,   /* the region's capability sent along -> MR0 0 */
	NET_SOCKET = 17,   /* MR0 type (NET_TCP, NET_UDP) -> MR0 socket */
	NET_BIND = 18,	   /* MR0 socket, MR1 address, MR2 port (0: any) */
	NET_LISTEN = 19,   /* MR0 socket, MR1 backlog */
	NET_ACCEPT = 20,   /* MR0 socket -> MR0 the new socket, MR1 the
			      peer's address, MR2 its port */
	NET_CONNECT = 21,  /* MR0 socket, MR1 address, MR2 port -> 0 (UDP;
			      TCP already connected), -EINPROGRESS (POLL
			      for NET_POLLOUT, then NET_OPT_ERROR says) */
	NET_SEND = 22,	   /* MR0 socket, MR1 buffer, MR2 bytes, MR3 UDP's
			      address, MR4 its port (both 0: the connected
			      peer) -> MR0 bytes taken */
	NET_RECV = 23,	   /* MR0 socket, MR1 buffer, MR2 bytes, MR3 flags
			      (NET_PEEK) -> MR0 bytes (0: the peer closed),
			      MR1 the sender's address, MR2 its port */
	NET_SHUTDOWN = 24, /* MR0 socket, MR1 how (0 rd, 1 wr, 2 both) */
	NET_CLOSE = 25,	   /* MR0 socket */
	NET_POLL = 26,	   /* MR0 struct cairn_pollsock *, MR1 how many
			      (1..SOCK_MAX), MR2 timeout in ms (~0: none)
			      -> MR0 sockets ready.  With timeout 0 the
			      revents are written; else the caller is held
			      and nothing is written (ask again with 0) */
	NET_NAME = 27,	   /* MR0 socket, MR1 0 local, 1 peer -> MR0 0,
			      MR1 address, MR2 port */
	NET_SETOPT = 28,   /* MR0 socket, MR1 option, MR2 value */
	NET_GETOPT = 29,   /* MR0 socket, MR1 option -> MR0 0, MR1 value */
	NET_LIST = 30,	   /* MR0 index -> MR0 0 and struct
			      cairn_sockinfo's words in MR1..., or -ENOENT
			      past the last socket */
	NET_NOTIFY = 31,   /* a notification capability sent along -> MR0
			      0 (-EINVAL: none came): signalled from now on
			      whenever one of the caller's sockets may have
			      changed readiness (and once at once); kept
			      until the caller attaches again or ends */
};

/* Socket types. */
#define NET_TCP 1
#define NET_UDP 2

/* RECV's flags. */
#define NET_PEEK 1

/* POLL's events, as poll(2)'s. */
#define NET_POLLIN   0x001
#define NET_POLLOUT  0x004
#define NET_POLLERR  0x008
#define NET_POLLHUP  0x010
#define NET_POLLNVAL 0x020

/* Options for SETOPT and GETOPT. */
enum {
	NET_OPT_REUSEADDR = 1, /* SO_REUSEADDR */
	NET_OPT_KEEPALIVE = 2, /* SO_KEEPALIVE */
	NET_OPT_NODELAY = 3,   /* TCP_NODELAY */
	NET_OPT_ERROR = 4,     /* SO_ERROR: get only, and clears it */
	NET_OPT_TYPE = 5,      /* SO_TYPE: get only */
};

#define SOCK_MAX	 160	    /* sockets, of all clients */
#define SOCK_UDP_QUEUE	 16	    /* datagrams a UDP socket holds */
#define SOCK_UDP_MAX	 65507	    /* the largest datagram */
#define SOCK_REGION_SIZE (64 << 10) /* the stubs' region */

/* One entry of POLL's array, in the caller's region. */
struct cairn_pollsock {
	int32_t sock;
	int16_t events, revents;
};

/* Socket states, as LIST reports them. */
enum {
	SOCK_S_NEW = 1,	       /* made, neither listening nor connected */
	SOCK_S_LISTEN = 2,     /* listening */
	SOCK_S_CONNECTING = 3, /* TCP: SYN sent */
	SOCK_S_CONNECTED = 4,  /* TCP: established; UDP: connected */
	SOCK_S_CLOSED = 5,     /* TCP: the peer closed, reset, or gone */
	SOCK_S_PENDING = 6,    /* TCP: accepted by the stack, not yet by
				  the program */
};

/* LIST's answer. */
struct cairn_sockinfo {
	word_t sock, type, state, owner;
	word_t local;  /* address << 16 | port */
	word_t remote; /* address << 16 | port */
	word_t rx_bytes;
};

/*
 * The stubs (sock.c): >= 0 or -errno.  Addresses and ports are host
 * order (a.b.c.d as a << 24 | ...).  A blocking call waits in POLL; a
 * nonblocking one answers -EAGAIN.  Buffers may be anywhere: the stubs
 * copy through their region.
 */
int cairn_sock_open(int type);
int cairn_sock_bind(int s, uint32_t addr, uint16_t port);
int cairn_sock_listen(int s, int backlog);
int cairn_sock_accept(int s, int nonblock, uint32_t *addr, uint16_t *port);
int cairn_sock_connect(int s, uint32_t addr, uint16_t port, int nonblock);
long cairn_sock_send(int s, const void *buf, size_t n, uint32_t addr,
		     uint16_t port, int nonblock);
long cairn_sock_recv(int s, void *buf, size_t n, int flags, uint32_t *addr,
		     uint16_t *port, int nonblock);
int cairn_sock_shutdown(int s, int how);
int cairn_sock_close(int s);
/* fds[i].sock is a socket; timeout_ms < 0 waits for ever. */
int cairn_sock_poll(struct cairn_pollsock *fds, int n, long timeout_ms);
int cairn_sock_name(int s, int peer, uint32_t *addr, uint16_t *port);
int cairn_sock_setopt(int s, int opt, word_t value);
int cairn_sock_getopt(int s, int opt, word_t *value);
int cairn_sock_list(word_t index, struct cairn_sockinfo *i);
/* NOTIFY with ntfn (a capability of the caller's; the service keeps a
 * copy), and again after every attach: 0 or -errno. */
int cairn_sock_notify(cptr_t ntfn);

#endif
