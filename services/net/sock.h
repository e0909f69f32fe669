/*
 * The net service's sockets (proto/sock.h, docs/net.md "Sockets"): the
 * table and lwIP's side of it (sock.c), the calls (sockops.c), the
 * clients' regions (client.c) and POLL's waiters (poll.c).
 */
#ifndef CAIRN_NET_SOCK_H
#define CAIRN_NET_SOCK_H

#include <stdbool.h>

#include "lwip/tcp.h"
#include "lwip/udp.h"
#include "proto/sock.h"
#include "serve.h"

#define SOCK_BACKLOG 64 /* connections a listener holds unaccepted */

/* A datagram waiting in a UDP socket. */
struct dgram {
	struct pbuf *p;
	uint32_t addr; /* the sender's, host order */
	uint16_t port;
};

struct sock {
	uint64_t owner; /* the client's badge (its pid); 0: free */
	int type;	/* NET_TCP, NET_UDP */
	int state;	/* SOCK_S_* */
	int err;	/* a pending error, as -errno (SO_ERROR) */
	bool eof;	/* TCP: the peer sent FIN */
	bool shut_rd, shut_wr;
	union {
		struct tcp_pcb *tcp;
		struct udp_pcb *udp;
	} pcb; /* NULL once lwIP freed it (reset, error) */
	/* TCP: bytes received and not yet taken (rx_off of the first
	 * pbuf's taken already); UDP: datagrams, oldest at udp_head. */
	struct pbuf *rx;
	uint16_t rx_off;
	struct dgram dg[SOCK_UDP_QUEUE];
	int dg_head, dg_n;
	/* A listener's connections, accepted by lwIP, not by the client. */
	struct sock *backlog[SOCK_BACKLOG];
	int nback, maxback;
	struct sock *listener; /* SOCK_S_PENDING: whose backlog holds it */
};

extern struct sock socks[SOCK_MAX];
/* Set when a socket's state changed: POLL's waiters may be ready. */
extern bool sock_changed;
/* k's readiness may have changed: sock_changed, and its owner is told
 * (client_touch). */
void sock_touch(const struct sock *k);

/* sock.c */
struct sock *sock_new(uint64_t owner, int type);
/* The socket number s of owner, or NULL. */
struct sock *sock_get(uint64_t owner, word_t s);
int sock_id(const struct sock *k);
/* Let go of k: its connection closed (or reset if it cannot close). */
void sock_free(struct sock *k);
/* Take k out of its listener's backlog (if in one). */
void sock_unqueue(struct sock *k);
/* Every socket of owner freed. */
void sock_free_owner(uint64_t owner);
/* Ready events of k (NET_POLL*). */
int sock_events(const struct sock *k);
/* lwIP's side: callbacks set on a pcb for socket k. */
void sock_tcp_hook(struct sock *k, struct tcp_pcb *pcb);
void sock_udp_hook(struct sock *k, struct udp_pcb *pcb);
/* CONNECT's completion, for tcp_connect. */
err_t sock_on_connected(void *arg, struct tcp_pcb *pcb, err_t err);
/* Bytes waiting to be taken. */
word_t sock_rx_bytes(const struct sock *k);

/* client.c: the clients' regions. */
int client_attach(uint64_t badge, word_t addr, word_t size);
bool client_attached(uint64_t badge);
/* Is [p, p + n) inside badge's region?  Its address, or NULL. */
void *client_ptr(uint64_t badge, word_t p, word_t n);
/* Free the sockets (and regions) of clients no longer running. */
void client_sweep(void);
/* A free socket for owner after sweeping dead clients' away, or NULL. */
struct sock *client_new_sock(uint64_t owner, int type);
/* NOTIFY: badge's notification is the capability in slot from (moved
 * out of it; the slot is empty after, whatever happens): 0 or -errno. */
int client_notify(uint64_t badge, cptr_t from);
/* A socket of badge's may have changed readiness. */
void client_touch(uint64_t badge);
/* Signal the notifications of the clients touched since last time. */
void client_signal(void);

/* poll.c */
word_t poll_call(struct cairn_server *s, struct cairn_msg *m);
/* Something changed: answer the waiters that have a socket ready. */
void poll_wake(void);
/* Answer the waiters whose time ran out (now in ms). */
void poll_expire(uint64_t now_ms);
/* Waiters of owner forgotten (its sockets went). */
void poll_forget(uint64_t owner);
extern struct cairn_server *poll_server;

/* sockops.c */
extern const struct cairn_op sock_ops[];
extern const size_t sock_nops;

#endif
