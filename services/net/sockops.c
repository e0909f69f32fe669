/*
 * sockops: the socket calls of the net protocol (proto/sock.h), over
 * lwIP's raw API.  Every call here is answered at once; POLL (poll.c)
 * is the one that waits.
 */
#include <errno.h>
#include <string.h>

#include "net.h"
#include "sock.h"

/* A word of the answer: the result, >= 0 or -errno. */
#define RESULT(m, r) ((m)->w[0] = (word_t)(long)(r), CAIRN_OK)

static ip_addr_t
ip_of(word_t host)
{
	ip_addr_t a;

	ip_addr_set_ip4_u32_val(a, lwip_htonl((uint32_t)host));
	return a;
}

static word_t
host_of(const ip_addr_t *a)
{
	return lwip_ntohl(ip4_addr_get_u32(ip_2_ip4(a)));
}

/* lwIP's errors as errno. */
static long
errno_of(err_t e)
{
	switch (e) {
	case ERR_OK:
		return 0;
	case ERR_MEM:
	case ERR_BUF:
		return -ENOBUFS;
	case ERR_USE:
		return -EADDRINUSE;
	case ERR_ISCONN:
		return -EISCONN;
	case ERR_ALREADY:
	case ERR_INPROGRESS:
		return -EALREADY;
	case ERR_RTE:
		return -EHOSTUNREACH;
	case ERR_CONN:
		return -ENOTCONN;
	case ERR_RST:
		return -ECONNRESET;
	case ERR_ABRT:
	case ERR_CLSD:
		return -ECONNABORTED;
	default:
		return -EINVAL;
	}
}

/* The socket MR0 names, or NULL with the answer set. */
static struct sock *
target(struct cairn_msg *m, word_t *st)
{
	struct sock *k;

	if (!client_attached(m->badge)) {
		*st = CAIRN_E_INVALID_CAP;
		return NULL;
	}
	k = sock_get(m->badge, m->w[0]);
	*st = k != NULL ? CAIRN_OK : RESULT(m, -EBADF);
	return k;
}

/* A pending error, taken (SO_ERROR's, and a call's after a failure). */
static long
take_err(struct sock *k)
{
	long e = k->err;

	k->err = 0;
	return e;
}

static word_t
op_attach(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t addr = 0, size = 0;

	(void)s;
	*len = 1;
	int st = cairn_serve_map_region(net_recv_slot, m, &addr, &size);
	if (st != CAIRN_OK) {
		return (word_t)st;
	}
	return RESULT(m, client_attach(m->badge, addr, size));
}

static word_t
op_socket(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t type = m->w[0];
	struct sock *k;

	(void)s;
	*len = 1;
	if (!client_attached(m->badge)) {
		return CAIRN_E_INVALID_CAP;
	}
	if (type != NET_TCP && type != NET_UDP) {
		return RESULT(m, -EPROTONOSUPPORT);
	}
	if ((k = client_new_sock(m->badge, (int)type)) == NULL) {
		return RESULT(m, -ENFILE);
	}
	if (type == NET_TCP) {
		struct tcp_pcb *pcb = tcp_new();
		if (pcb != NULL) {
			sock_tcp_hook(k, pcb);
		}
	} else {
		struct udp_pcb *pcb = udp_new();
		if (pcb != NULL) {
			sock_udp_hook(k, pcb);
		}
	}
	if (k->pcb.tcp == NULL && k->pcb.udp == NULL) {
		sock_free(k);
		return RESULT(m, -ENOBUFS);
	}
	return RESULT(m, sock_id(k));
}

static word_t
op_bind(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t st;
	struct sock *k = target(m, &st);

	(void)s;
	*len = 1;
	if (k == NULL) {
		return st;
	}
	ip_addr_t a = ip_of(m->w[1]);
	if (m->w[2] > 0xffff) {
		return RESULT(m, -EINVAL);
	}
	if (k->state != SOCK_S_NEW || k->pcb.tcp == NULL) {
		return RESULT(m, -EINVAL);
	}
	/* Bound already: Linux's EINVAL (and lwIP's tcp_bind would put the
	 * pcb on its bound list a second time). */
	if ((k->type == NET_TCP ? k->pcb.tcp->local_port
				: k->pcb.udp->local_port) != 0) {
		return RESULT(m, -EINVAL);
	}
	err_t e = ERR_USE;
	/* In use: perhaps by a client that has ended and not yet been
	 * swept (a server started again at once). */
	for (int pass = 0; pass < 2 && e == ERR_USE; pass++) {
		if (pass == 1) {
			client_sweep();
		}
		if (k->type == NET_TCP) {
			e = tcp_bind(k->pcb.tcp, &a, (u16_t)m->w[2]);
		} else {
			e = udp_bind(k->pcb.udp, &a, (u16_t)m->w[2]);
		}
	}
	return RESULT(m, e == ERR_VAL ? -EADDRNOTAVAIL : errno_of(e));
}

static word_t
op_listen(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t st;
	struct sock *k = target(m, &st);
	err_t e = ERR_OK;

	(void)s;
	*len = 1;
	if (k == NULL) {
		return st;
	}
	if (k->type != NET_TCP) {
		return RESULT(m, -EOPNOTSUPP);
	}
	if (k->state == SOCK_S_LISTEN) {
		return RESULT(m, 0);
	}
	if (k->state != SOCK_S_NEW) {
		return RESULT(m, -EINVAL);
	}
	if (k->pcb.tcp->local_port == 0 &&
	    (e = tcp_bind(k->pcb.tcp, IP_ADDR_ANY, 0)) != ERR_OK) {
		return RESULT(m, errno_of(e));
	}
	word_t backlog = m->w[1] < 1 ? 1 : m->w[1];
	backlog = backlog > SOCK_BACKLOG ? SOCK_BACKLOG : backlog;
	struct tcp_pcb *l =
	    tcp_listen_with_backlog_and_err(k->pcb.tcp, (u8_t)backlog, &e);
	if (l == NULL && e == ERR_USE) {
		client_sweep(); /* as in BIND */
		l = tcp_listen_with_backlog_and_err(k->pcb.tcp, (u8_t)backlog,
						    &e);
	}
	if (l == NULL) {
		return RESULT(m, errno_of(e));
	}
	k->state = SOCK_S_LISTEN;
	k->maxback = (int)backlog;
	sock_tcp_hook(k, l);
	return RESULT(m, 0);
}

static word_t
op_accept(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t st;
	struct sock *l = target(m, &st);

	(void)s;
	*len = 1;
	if (l == NULL) {
		return st;
	}
	if (l->state != SOCK_S_LISTEN) {
		return RESULT(m, -EINVAL);
	}
	if (l->nback == 0) {
		return RESULT(m, -EAGAIN);
	}
	struct sock *k = l->backlog[0];
	sock_unqueue(k);
	k->state = SOCK_S_CONNECTED;
	m->w[1] = host_of(&k->pcb.tcp->remote_ip);
	m->w[2] = k->pcb.tcp->remote_port;
	*len = 3;
	return RESULT(m, sock_id(k));
}

static word_t
op_connect(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t st;
	struct sock *k = target(m, &st);

	(void)s;
	*len = 1;
	if (k == NULL) {
		return st;
	}
	ip_addr_t a = ip_of(m->w[1]);
	if (m->w[2] == 0 || m->w[2] > 0xffff) {
		return RESULT(m, -EINVAL);
	}
	if (k->type == NET_UDP) {
		err_t e = udp_connect(k->pcb.udp, &a, (u16_t)m->w[2]);
		k->state = e == ERR_OK ? SOCK_S_CONNECTED : k->state;
		return RESULT(m, errno_of(e));
	}
	switch (k->state) {
	case SOCK_S_CONNECTING:
		return RESULT(m, -EALREADY);
	case SOCK_S_CONNECTED:
		return RESULT(m, -EISCONN);
	case SOCK_S_NEW:
		break;
	default: /* listening, or closed: its error once */
		return RESULT(m, k->err != 0 ? take_err(k) : -EINVAL);
	}
	err_t e =
	    tcp_connect(k->pcb.tcp, &a, (u16_t)m->w[2], sock_on_connected);
	if (e != ERR_OK) {
		return RESULT(m, errno_of(e));
	}
	k->state = SOCK_S_CONNECTING;
	return RESULT(m, -EINPROGRESS);
}

static long
tcp_send(struct sock *k, const void *p, word_t n)
{
	struct tcp_pcb *pcb = k->pcb.tcp;

	if (k->err != 0) {
		return take_err(k);
	}
	if (k->state == SOCK_S_CONNECTING) {
		return -EAGAIN;
	}
	if (k->state != SOCK_S_CONNECTED) {
		return k->state == SOCK_S_CLOSED ? -EPIPE : -ENOTCONN;
	}
	if (k->shut_wr || pcb == NULL) {
		return -EPIPE;
	}
	word_t room = tcp_sndbuf(pcb);
	n = n < room ? n : room;
	if (n == 0 || tcp_sndqueuelen(pcb) >= TCP_SND_QUEUELEN) {
		return -EAGAIN;
	}
	err_t e = tcp_write(pcb, p, (u16_t)n, TCP_WRITE_FLAG_COPY);
	if (e == ERR_MEM) {
		return -EAGAIN;
	}
	if (e != ERR_OK) {
		return errno_of(e);
	}
	tcp_output(pcb);
	return (long)n;
}

static long
udp_send_to(struct sock *k, const void *p, word_t n, word_t addr, word_t port)
{
	if (n > SOCK_UDP_MAX) {
		return -EMSGSIZE;
	}
	if ((addr == 0) != (port == 0) || port > 0xffff) {
		return -EINVAL;
	}
	if (addr == 0 && k->state != SOCK_S_CONNECTED) {
		return -EDESTADDRREQ;
	}
	struct pbuf *b = pbuf_alloc(PBUF_TRANSPORT, (u16_t)n, PBUF_RAM);
	if (b == NULL) {
		return -ENOBUFS;
	}
	pbuf_take(b, p, (u16_t)n);
	ip_addr_t a = ip_of(addr);
	err_t e;
	if (addr != 0) {
		e = udp_sendto(k->pcb.udp, b, &a, (u16_t)port);
	} else {
		e = udp_send(k->pcb.udp, b);
	}
	pbuf_free(b);
	return e == ERR_OK ? (long)n : errno_of(e);
}

static word_t
op_send(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t st;
	struct sock *k = target(m, &st);

	(void)s;
	*len = 1;
	if (k == NULL) {
		return st;
	}
	const void *p = client_ptr(m->badge, m->w[1], m->w[2]);
	if (p == NULL) {
		return RESULT(m, -EFAULT);
	}
	if (k->type == NET_UDP) {
		return RESULT(m, udp_send_to(k, p, m->w[2], m->w[3], m->w[4]));
	}
	return RESULT(m, m->w[2] == 0 ? 0 : tcp_send(k, p, m->w[2]));
}

/* Take n bytes off the front of k's received TCP bytes. */
static void
consume(struct sock *k, word_t n)
{
	word_t left = n;

	while (left > 0 && k->rx != NULL) {
		word_t here = k->rx->len - k->rx_off;
		if (left < here) {
			k->rx_off = (uint16_t)(k->rx_off + left);
			break;
		}
		left -= here;
		struct pbuf *next = k->rx->next;
		if (next != NULL) {
			pbuf_ref(next);
		}
		pbuf_free(k->rx); /* frees the first only: next is ours */
		k->rx = next;
		k->rx_off = 0;
	}
	for (word_t done = 0; k->pcb.tcp != NULL && done < n;) {
		word_t w = n - done > 0xffff ? 0xffff : n - done;
		tcp_recved(k->pcb.tcp, (u16_t)w);
		done += w;
	}
}

static long
tcp_take(struct sock *k, void *p, word_t n, word_t flags)
{
	if (k->rx == NULL) {
		if (k->err != 0) {
			return take_err(k);
		}
		if (k->eof || k->shut_rd || k->state == SOCK_S_CLOSED) {
			return 0;
		}
		return k->state == SOCK_S_NEW || k->state == SOCK_S_LISTEN
			   ? -ENOTCONN
			   : -EAGAIN;
	}
	word_t have = k->rx->tot_len - k->rx_off;
	n = n < have ? n : have;
	n = n > 0xffff ? 0xffff : n;
	pbuf_copy_partial(k->rx, p, (u16_t)n, k->rx_off);
	if (!(flags & NET_PEEK)) {
		consume(k, n);
	}
	return (long)n;
}

static long
udp_take(struct sock *k, void *p, word_t n, word_t flags, word_t *w)
{
	if (k->dg_n == 0) {
		return k->shut_rd ? 0 : -EAGAIN;
	}
	struct dgram *d = &k->dg[k->dg_head];
	n = n < d->p->tot_len ? n : d->p->tot_len;
	pbuf_copy_partial(d->p, p, (u16_t)n, 0);
	w[1] = d->addr;
	w[2] = d->port;
	if (!(flags & NET_PEEK)) { /* the rest of it is lost, as UDP's */
		pbuf_free(d->p);
		k->dg_head = (k->dg_head + 1) % SOCK_UDP_QUEUE;
		k->dg_n--;
	}
	return (long)n;
}

static word_t
op_recv(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t st;
	struct sock *k = target(m, &st);

	(void)s;
	*len = 3;
	if (k == NULL) {
		return st;
	}
	void *p = client_ptr(m->badge, m->w[1], m->w[2]);
	if (p == NULL) {
		return RESULT(m, -EFAULT);
	}
	word_t n = m->w[2], flags = m->w[3];
	m->w[1] = m->w[2] = 0;
	if (k->type == NET_UDP) {
		return RESULT(m, udp_take(k, p, n, flags, m->w));
	}
	if (k->pcb.tcp != NULL && k->state == SOCK_S_CONNECTED) {
		m->w[1] = host_of(&k->pcb.tcp->remote_ip);
		m->w[2] = k->pcb.tcp->remote_port;
	}
	return RESULT(m, tcp_take(k, p, n, flags));
}

static word_t
op_shutdown(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t st, how = m->w[1];
	struct sock *k = target(m, &st);

	(void)s;
	*len = 1;
	if (k == NULL) {
		return st;
	}
	if (how > 2) {
		return RESULT(m, -EINVAL);
	}
	if (k->state != SOCK_S_CONNECTED && k->state != SOCK_S_CLOSED) {
		return RESULT(m, -ENOTCONN);
	}
	if (how != 1) {
		k->shut_rd = true;
		if (k->type == NET_TCP && k->rx != NULL) {
			consume(k, k->rx->tot_len - k->rx_off);
		}
	}
	if (how != 0 && !k->shut_wr) {
		k->shut_wr = true;
		if (k->type == NET_TCP && k->pcb.tcp != NULL) {
			tcp_shutdown(k->pcb.tcp, 0, 1);
		}
	}
	sock_touch(k);
	return RESULT(m, 0);
}

static word_t
op_close(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t st;
	struct sock *k = target(m, &st);

	(void)s;
	*len = 1;
	if (k == NULL) {
		return st;
	}
	sock_free(k);
	return RESULT(m, 0);
}

static word_t
op_poll(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	*len = 2;
	return poll_call(s, m);
}

/* k's own end (peer false) or its peer's: 0 and the address and port,
 * or -errno. */
static long
end_of(const struct sock *k, bool peer, word_t *addr, word_t *port)
{
	const ip_addr_t *ip;
	u16_t p;

	if (k->pcb.tcp == NULL) {
		return -EINVAL;
	}
	if (peer && (k->state != SOCK_S_CONNECTED ||
		     (k->type == NET_UDP &&
		      ip_addr_isany_val(k->pcb.udp->remote_ip)))) {
		return -ENOTCONN;
	}
	/* lwIP's tcp_pcb and udp_pcb name their ends alike, in different
	 * places. */
	if (k->type == NET_TCP) {
		ip = peer ? &k->pcb.tcp->remote_ip : &k->pcb.tcp->local_ip;
		p = peer ? k->pcb.tcp->remote_port : k->pcb.tcp->local_port;
	} else {
		ip = peer ? &k->pcb.udp->remote_ip : &k->pcb.udp->local_ip;
		p = peer ? k->pcb.udp->remote_port : k->pcb.udp->local_port;
	}
	*addr = host_of(ip);
	*port = p;
	return 0;
}

static word_t
op_name(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t st;
	struct sock *k = target(m, &st);
	bool peer = m->w[1] != 0;

	(void)s;
	*len = 1;
	if (k == NULL) {
		return st;
	}
	long r = end_of(k, peer, &m->w[1], &m->w[2]);
	if (r == 0) {
		*len = 3;
	}
	return RESULT(m, r);
}

static void
set_flag(u8_t *flags, u8_t flag, bool on)
{
	*flags = on ? (u8_t)(*flags | flag) : (u8_t)(*flags & ~flag);
}

static word_t
op_setopt(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t st;
	struct sock *k = target(m, &st);
	bool on = m->w[2] != 0;

	(void)s;
	*len = 1;
	if (k == NULL) {
		return st;
	}
	if (k->pcb.tcp == NULL) {
		return RESULT(m, -EINVAL);
	}
	struct tcp_pcb *t = k->type == NET_TCP ? k->pcb.tcp : NULL;
	switch (m->w[1]) {
	case NET_OPT_REUSEADDR:
		set_flag(t != NULL ? &t->so_options : &k->pcb.udp->so_options,
			 SOF_REUSEADDR, on);
		return RESULT(m, 0);
	case NET_OPT_KEEPALIVE:
		if (t == NULL) {
			return RESULT(m, -ENOPROTOOPT);
		}
		set_flag(&t->so_options, SOF_KEEPALIVE, on);
		return RESULT(m, 0);
	case NET_OPT_NODELAY:
		if (t == NULL) {
			return RESULT(m, -ENOPROTOOPT);
		}
		if (k->state != SOCK_S_LISTEN) {
			if (on) {
				tcp_nagle_disable(t);
			} else {
				tcp_nagle_enable(t);
			}
		}
		return RESULT(m, 0);
	default:
		return RESULT(m, -ENOPROTOOPT);
	}
}

static word_t
op_getopt(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t st;
	struct sock *k = target(m, &st);

	(void)s;
	*len = 2;
	if (k == NULL) {
		return st;
	}
	switch (m->w[1]) {
	case NET_OPT_ERROR:
		m->w[1] = (word_t)-take_err(k);
		return RESULT(m, 0);
	case NET_OPT_TYPE:
		m->w[1] = (word_t)k->type;
		return RESULT(m, 0);
	case NET_OPT_NODELAY:
		m->w[1] = k->type == NET_TCP && k->pcb.tcp != NULL &&
			  k->state != SOCK_S_LISTEN &&
			  tcp_nagle_disabled(k->pcb.tcp);
		return RESULT(m, 0);
	default:
		return RESULT(m, -ENOPROTOOPT);
	}
}

static word_t
op_list(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	(void)s;
	*len = 1;
	for (word_t i = m->w[0]; i < SOCK_MAX; i++) {
		const struct sock *k = &socks[i];
		if (k->owner == 0) {
			continue;
		}
		word_t la = 0, lp = 0, ra = 0, rp = 0;
		end_of(k, false, &la, &lp);
		end_of(k, true, &ra, &rp);
		m->w[1] = i;
		m->w[2] = (word_t)k->type;
		m->w[3] = (word_t)k->state;
		m->w[4] = k->owner;
		m->w[5] = la << 16 | lp;
		m->w[6] = ra << 16 | rp;
		m->w[7] = sock_rx_bytes(k);
		*len = 8;
		return RESULT(m, 0);
	}
	return RESULT(m, -ENOENT);
}

/* NOTIFY: the notification sent along is signalled when the caller's
 * sockets may have changed readiness (client.c). */
static word_t
op_notify(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	(void)s;
	*len = 1;
	if (!client_attached(m->badge)) {
		cairn_cnode_delete(CAIRN_PROC_CNODE, net_recv_slot);
		return CAIRN_E_INVALID_CAP;
	}
	if (m->caps < 1 || (m->unwrapped & 1) != 0) {
		cairn_cnode_delete(CAIRN_PROC_CNODE, net_recv_slot);
		return RESULT(m, -EINVAL); /* none came, or a badge only */
	}
	long r = client_notify(m->badge, net_recv_slot);
	sock_changed = r == 0 ? true : sock_changed; /* told at once */
	return RESULT(m, r);
}

const struct cairn_op sock_ops[] = {
    {NET_ATTACH, 0, op_attach},	    {NET_SOCKET, 1, op_socket},
    {NET_BIND, 3, op_bind},	    {NET_LISTEN, 2, op_listen},
    {NET_ACCEPT, 1, op_accept},	    {NET_CONNECT, 3, op_connect},
    {NET_SEND, 5, op_send},	    {NET_RECV, 4, op_recv},
    {NET_SHUTDOWN, 2, op_shutdown}, {NET_CLOSE, 1, op_close},
    {NET_POLL, 3, op_poll},	    {NET_NAME, 2, op_name},
    {NET_SETOPT, 3, op_setopt},	    {NET_GETOPT, 2, op_getopt},
    {NET_LIST, 1, op_list},	    {NET_NOTIFY, 0, op_notify},
};
const size_t sock_nops = sizeof(sock_ops) / sizeof(sock_ops[0]);
