/*
 * sock: the socket table and lwIP's side of it (sock.h).  lwIP calls
 * these callbacks from the service's one thread, while it handles a
 * frame or a timeout; each notes what changed (sock_touch), so that the
 * serve loop's after hook answers POLL's waiters and signals the owners
 * that gave a notification.
 */
#include "sock.h"

#include <errno.h>
#include <string.h>

struct sock socks[SOCK_MAX];
bool sock_changed;

void
sock_touch(const struct sock *k)
{
	sock_changed = true;
	client_touch(k->owner);
}

int
sock_id(const struct sock *k)
{
	return (int)(k - socks);
}

struct sock *
sock_new(uint64_t owner, int type)
{
	for (int i = 0; i < SOCK_MAX; i++) {
		struct sock *k = &socks[i];
		if (k->owner == 0) {
			memset(k, 0, sizeof(*k));
			k->owner = owner;
			k->type = type;
			k->state = SOCK_S_NEW;
			return k;
		}
	}
	return NULL;
}

struct sock *
sock_get(uint64_t owner, word_t s)
{
	if (s >= SOCK_MAX || owner == 0 || socks[s].owner != owner ||
	    socks[s].state == SOCK_S_PENDING) {
		return NULL;
	}
	return &socks[s];
}

word_t
sock_rx_bytes(const struct sock *k)
{
	word_t n = 0;

	if (k->type == NET_TCP) {
		return k->rx != NULL ? k->rx->tot_len - k->rx_off : 0;
	}
	for (int i = 0; i < k->dg_n; i++) {
		n += k->dg[(k->dg_head + i) % SOCK_UDP_QUEUE].p->tot_len;
	}
	return n;
}

void
sock_unqueue(struct sock *k)
{
	struct sock *l = k->listener;
	int at = 0;

	while (l != NULL && at < l->nback && l->backlog[at] != k) {
		at++;
	}
	if (l != NULL && at < l->nback) {
		for (int i = at + 1; i < l->nback; i++) {
			l->backlog[i - 1] = l->backlog[i];
		}
		l->nback--;
	}
	if (l != NULL && k->pcb.tcp != NULL) {
		tcp_backlog_accepted(k->pcb.tcp);
	}
	k->listener = NULL;
}

static void
tcp_unhook(struct tcp_pcb *pcb, bool listening)
{
	tcp_arg(pcb, NULL);
	if (listening) {
		tcp_accept(pcb, NULL);
		return;
	}
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_err(pcb, NULL);
}

/* A connection's pcb let go: closed, or reset if bytes were left
 * unread or the FIN finds no memory, as Linux does. */
static void
tcp_conn_let_go(struct tcp_pcb *pcb, bool unread)
{
	tcp_unhook(pcb, false);
	if (unread || tcp_close(pcb) != ERR_OK) {
		tcp_abort(pcb);
	}
}

/* k's buffers freed and its entry cleared. */
static void
clear(struct sock *k)
{
	if (k->rx != NULL) {
		pbuf_free(k->rx);
	}
	for (int i = 0; i < k->dg_n; i++) {
		pbuf_free(k->dg[(k->dg_head + i) % SOCK_UDP_QUEUE].p);
	}
	sock_touch(k);
	memset(k, 0, sizeof(*k));
}

/* A listener's pcb let go, and the connections its backlog held. */
static void
tcp_listener_let_go(struct sock *l)
{
	for (int i = 0; i < l->nback; i++) {
		struct sock *k = l->backlog[i];
		if (k->pcb.tcp != NULL) {
			tcp_conn_let_go(k->pcb.tcp, k->rx != NULL);
		}
		clear(k);
	}
	l->nback = 0;
	if (l->pcb.tcp != NULL) {
		tcp_unhook(l->pcb.tcp, true);
		tcp_close(l->pcb.tcp); /* cannot fail for a listener */
	}
}

void
sock_free(struct sock *k)
{
	if (k->owner == 0) {
		return;
	}
	if (k->type == NET_UDP) {
		if (k->pcb.udp != NULL) {
			udp_remove(k->pcb.udp);
		}
	} else if (k->state == SOCK_S_LISTEN) {
		tcp_listener_let_go(k);
	} else if (k->pcb.tcp != NULL) {
		tcp_conn_let_go(k->pcb.tcp, k->rx != NULL);
	}
	sock_unqueue(k);
	clear(k);
}

void
sock_free_owner(uint64_t owner)
{
	for (int i = 0; i < SOCK_MAX; i++) {
		/* Pending ones go with their listener. */
		if (socks[i].owner == owner &&
		    socks[i].state != SOCK_S_PENDING) {
			sock_free(&socks[i]);
		}
	}
}

int
sock_events(const struct sock *k)
{
	int ev = 0;

	if (k->err != 0) {
		ev |= NET_POLLERR;
	}
	if (k->type == NET_UDP) {
		return ev | NET_POLLOUT | (k->dg_n > 0 ? NET_POLLIN : 0);
	}
	switch (k->state) {
	case SOCK_S_NEW:
		return ev | NET_POLLOUT | NET_POLLHUP; /* as Linux's */
	case SOCK_S_LISTEN:
		return ev | (k->nback > 0 ? NET_POLLIN : 0);
	case SOCK_S_CONNECTING:
		return ev;
	case SOCK_S_CLOSED:
		return ev | NET_POLLIN | NET_POLLHUP;
	default:
		break;
	}
	if (k->rx != NULL || k->eof || k->shut_rd) {
		ev |= NET_POLLIN;
	}
	if (k->shut_wr || (k->pcb.tcp != NULL && tcp_sndbuf(k->pcb.tcp) > 0 &&
			   tcp_sndqueuelen(k->pcb.tcp) < TCP_SND_QUEUELEN)) {
		ev |= NET_POLLOUT;
	}
	if (k->eof && k->shut_wr) {
		ev |= NET_POLLHUP;
	}
	return ev;
}

/* ---- lwIP's callbacks ---- */

static err_t
on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct sock *k = arg;

	(void)err;
	if (p == NULL) {
		k->eof = true;
	} else if (k->shut_rd) {
		tcp_recved(pcb, p->tot_len);
		pbuf_free(p);
	} else if (k->rx == NULL) {
		k->rx = p;
		k->rx_off = 0;
	} else {
		pbuf_cat(k->rx, p);
	}
	sock_touch(k);
	return ERR_OK;
}

static err_t
on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	(void)pcb;
	(void)len;
	sock_touch(arg);
	return ERR_OK;
}

/* The pcb is gone (lwIP freed it): a reset, an abort, a timeout. */
static void
on_err(void *arg, err_t err)
{
	struct sock *k = arg;

	k->pcb.tcp = NULL;
	if (k->state == SOCK_S_PENDING) {
		/* Never accepted by the program: it never hears of it. */
		sock_free(k);
		return;
	}
	if (err == ERR_RST) {
		k->err =
		    k->state == SOCK_S_CONNECTING ? -ECONNREFUSED : -ECONNRESET;
	} else {
		k->err =
		    k->state == SOCK_S_CONNECTING ? -ETIMEDOUT : -ECONNABORTED;
	}
	k->state = SOCK_S_CLOSED;
	sock_touch(k);
}

err_t
sock_on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct sock *k = arg;

	(void)pcb;
	(void)err; /* always ERR_OK in lwIP 2.1 */
	k->state = SOCK_S_CONNECTED;
	sock_touch(k);
	return ERR_OK;
}

static err_t
on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct sock *l = arg, *k;

	if (err != ERR_OK || pcb == NULL || l->nback >= l->maxback ||
	    (k = sock_new(l->owner, NET_TCP)) == NULL) {
		return ERR_MEM; /* lwIP resets the connection */
	}
	k->state = SOCK_S_PENDING;
	k->listener = l;
	l->backlog[l->nback++] = k;
	/* It counts against the backlog until the program takes it: lwIP
	 * drops the SYNs beyond, and the clients try again. */
	tcp_backlog_delayed(pcb);
	sock_tcp_hook(k, pcb);
	sock_touch(l);
	return ERR_OK;
}

void
sock_tcp_hook(struct sock *k, struct tcp_pcb *pcb)
{
	k->pcb.tcp = pcb;
	tcp_arg(pcb, k);
	if (k->state == SOCK_S_LISTEN) {
		tcp_accept(pcb, on_accept);
		return;
	}
	tcp_recv(pcb, on_recv);
	tcp_sent(pcb, on_sent);
	tcp_err(pcb, on_err);
}

static void
on_dgram(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *a,
	 u16_t port)
{
	struct sock *k = arg;

	(void)pcb;
	if (k->dg_n == SOCK_UDP_QUEUE || k->shut_rd) {
		pbuf_free(p); /* full: dropped, as UDP may */
		return;
	}
	k->dg[(k->dg_head + k->dg_n++) % SOCK_UDP_QUEUE] =
	    (struct dgram){p, lwip_ntohl(ip4_addr_get_u32(a)), port};
	sock_touch(k);
}

void
sock_udp_hook(struct sock *k, struct udp_pcb *pcb)
{
	k->pcb.udp = pcb;
	udp_recv(pcb, on_dgram, k);
}
