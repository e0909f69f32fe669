/*
 * The socket stubs (sock.h): one client per process, with the region it
 * attached and its sockets.  The numbers the caller sees are this
 * table's; each holds the service's number and the generation of the
 * service it was made in.  When the service restarts its sockets are
 * gone: the stubs attach again, and a socket of an older generation
 * answers -ECONNRESET (a TCP connection) or -EBADF (anything else).
 *
 * A call that would wait answers -EAGAIN from the service; a blocking
 * stub then waits in NET_POLL for the socket and asks again.
 */
#include "proto/sock.h"

#include <errno.h>

#include "cstring.h"
#include "procrt.h"
#include "proto/init.h"

#define NET_TRIES  100	    /* calls repeated across restarts */
#define NSOCK	   SOCK_MAX /* a process's sockets */
#define POLL_AREA  (SOCK_MAX * sizeof(struct cairn_pollsock))
#define DATA_AREA  (SOCK_REGION_SIZE - POLL_AREA)
#define NO_TIMEOUT (~(word_t)0)

static struct {
	struct cairn_client_region r;
	int attached;
	unsigned gen; /* attaches so far: the service's life we know */
	cptr_t ntfn;  /* NOTIFY's notification, given again at each attach */
	struct {
		uint8_t used, type, connected;
		int32_t sid;
		unsigned gen;
	} s[NSOCK];
} nc;

static int
raw(word_t label, word_t n, struct cairn_msg *m)
{
	int st = cairn_call(nc.r.ep, label, n, m);

	return st == CAIRN_OK ? (int)m->label : st;
}

/* NOTIFY with our notification: 0 or -errno (the service's answer), or
 * a transport status (> 0). */
static int
notify(void)
{
	struct cairn_msg m = {0};

	m.caps = 1;
	cairn_ipcbuf()->caps[0] = nc.ntfn;
	int st = raw(NET_NOTIFY, 0, &m);
	return st == CAIRN_OK ? (int)m.w[0] : st;
}

/* Attach (the first time: find the service, make the region), and give
 * the notification again if there is one (a new service knows none). */
static int
attach(void)
{
	if (nc.r.ep == 0) {
		const struct cairn_grant *g =
		    cairn_grant_find(CAIRN_GRANT_NEEDS, "net");
		if (g == NULL || !cairn_init_running("net")) {
			return -ENETDOWN;
		}
		nc.r.ep = g->slot;
	}
	int st =
	    cairn_region_attach(&nc.r, NET_ATTACH, SOCK_REGION_SIZE, NET_TRIES);
	if (st == 0) {
		nc.attached = 1;
		nc.gen++;
		if (nc.ntfn != 0) {
			notify(); /* a refusal is cairn_sock_notify's to say */
		}
	}
	return st;
}

/* The service's number of socket h, or -errno. */
static int
sid(int h)
{
	if (h < 0 || h >= NSOCK || !nc.s[h].used) {
		return -EBADF;
	}
	if (nc.s[h].gen != nc.gen) {
		return nc.s[h].type == NET_TCP && nc.s[h].connected
			   ? -ECONNRESET
			   : -EBADF;
	}
	return nc.s[h].sid;
}

/*
 * Call label with n words w (the answer's first three back in w): the
 * result, >= 0 or -errno.  Attaches first if needed, and again when the
 * service restarted.  h >= 0 names the caller's socket in w[0].
 */
static long
call(word_t label, word_t n, word_t *w, int h)
{
	for (int tries = 0; tries < NET_TRIES; tries++) {
		struct cairn_msg m = {0};
		if (!nc.attached) {
			int r = attach();
			if (r < 0) {
				return r;
			}
		}
		for (word_t i = 0; i < n; i++) {
			m.w[i] = w[i];
		}
		if (h >= 0) {
			int s = sid(h);
			if (s < 0) {
				return s;
			}
			m.w[0] = (word_t)s;
		}
		int st = raw(label, n, &m);
		if (st == CAIRN_OK) {
			for (word_t i = 0; i < 3; i++) {
				w[i] = m.w[i];
			}
			return (long)m.w[0];
		}
		if (st != CAIRN_E_DELETED && st != CAIRN_E_INVALID_CAP) {
			return st == CAIRN_E_ILLEGAL_OPERATION ? -ENOSYS
							       : -EINVAL;
		}
		nc.attached = 0;
	}
	return -EIO;
}

static int
new_handle(int s, int type)
{
	for (int h = 0; h < NSOCK; h++) {
		if (!nc.s[h].used) {
			nc.s[h].used = 1;
			nc.s[h].type = (uint8_t)type;
			nc.s[h].connected = 0;
			nc.s[h].sid = s;
			nc.s[h].gen = nc.gen;
			return h;
		}
	}
	return -EMFILE;
}

static struct cairn_pollsock *
poll_area(void)
{
	return (struct cairn_pollsock *)nc.r.addr;
}

static char *
data_area(void)
{
	return (char *)nc.r.addr + POLL_AREA;
}

int
cairn_sock_poll(struct cairn_pollsock *fds, int n, long timeout_ms)
{
	word_t asked = timeout_ms < 0 ? NO_TIMEOUT : (word_t)timeout_ms;
	word_t timeout = asked;

	if (n < 1 || n > SOCK_MAX) {
		return -EINVAL;
	}
	for (;;) {
		if (!nc.attached) {
			int r = attach();
			if (r < 0) {
				return r;
			}
		}
		struct cairn_pollsock *p = poll_area();
		for (int i = 0; i < n; i++) {
			p[i] = (struct cairn_pollsock){sid(fds[i].sock),
						       fds[i].events, 0};
		}
		word_t w[3] = {(word_t)p, (word_t)n, timeout};
		long r = call(NET_POLL, 3, w, -1);
		if (r == -EAGAIN) { /* the service holds too many: again */
			cairn_yield();
			continue;
		}
		if (r > 0 && w[1] == 0) {
			timeout = 0; /* held, then ready: ask for the revents */
			continue;
		}
		if (r == 0 && timeout != asked) {
			timeout = asked; /* no longer ready: wait again */
			continue;
		}
		for (int i = 0; r >= 0 && i < n; i++) {
			fds[i].revents = 0;
			if (r > 0) {
				fds[i].revents = p[i].revents;
			}
		}
		return (int)r;
	}
}

/* Wait for events on socket h (for ever). */
static int
wait_for(int h, int events)
{
	struct cairn_pollsock p = {h, (int16_t)events, 0};
	int r = cairn_sock_poll(&p, 1, -1);

	return r < 0 ? r : 0;
}

int
cairn_sock_open(int type)
{
	word_t w[3] = {(word_t)type, 0, 0};
	long r = call(NET_SOCKET, 1, w, -1);

	if (r < 0) {
		return (int)r;
	}
	int h = new_handle((int)r, type);
	if (h < 0) {
		word_t c[3] = {(word_t)r, 0, 0};
		call(NET_CLOSE, 1, c, -1);
	}
	return h;
}

int
cairn_sock_bind(int s, uint32_t addr, uint16_t port)
{
	word_t w[3] = {0, addr, port};

	return (int)call(NET_BIND, 3, w, s);
}

int
cairn_sock_listen(int s, int backlog)
{
	word_t w[3] = {0, (word_t)(backlog < 0 ? 0 : backlog), 0};

	return (int)call(NET_LISTEN, 2, w, s);
}

int
cairn_sock_accept(int s, int nonblock, uint32_t *addr, uint16_t *port)
{
	for (;;) {
		word_t w[3] = {0, 0, 0};
		long r = call(NET_ACCEPT, 1, w, s);
		if (r == -EAGAIN && !nonblock) {
			r = wait_for(s, NET_POLLIN);
			if (r == 0) {
				continue;
			}
		}
		if (r < 0) {
			return (int)r;
		}
		int h = new_handle((int)r, NET_TCP);
		if (h < 0) {
			word_t c[3] = {(word_t)r, 0, 0};
			call(NET_CLOSE, 1, c, -1);
			return h;
		}
		nc.s[h].connected = 1;
		*addr = (uint32_t)w[1];
		*port = (uint16_t)w[2];
		return h;
	}
}

int
cairn_sock_connect(int s, uint32_t addr, uint16_t port, int nonblock)
{
	word_t w[3] = {0, addr, port};
	long r = call(NET_CONNECT, 3, w, s);

	if (r == -EINPROGRESS && !nonblock) {
		word_t e = 0;
		r = wait_for(s, NET_POLLOUT);
		if (r == 0) {
			r = cairn_sock_getopt(s, NET_OPT_ERROR, &e);
		}
		if (r == 0) {
			r = -(long)e;
		}
	}
	if (r == 0 && s >= 0 && s < NSOCK) {
		nc.s[s].connected = 1;
	}
	return (int)r;
}

long
cairn_sock_send(int s, const void *buf, size_t n, uint32_t addr, uint16_t port,
		int nonblock)
{
	size_t done = 0;
	int udp = s >= 0 && s < NSOCK && nc.s[s].type == NET_UDP;

	if (udp && n > DATA_AREA) {
		return -EMSGSIZE;
	}
	do {
		size_t k = n - done < DATA_AREA ? n - done : DATA_AREA;
		if (!nc.attached && attach() < 0) {
			return -ENETDOWN;
		}
		memcpy(data_area(), (const char *)buf + done, k);
		word_t w[5] = {0, (word_t)data_area(), k, addr, port};
		long r = call(NET_SEND, 5, w, s);
		if (r == -EAGAIN && !nonblock &&
		    (r = wait_for(s, NET_POLLOUT)) == 0) {
			continue;
		}
		if (r < 0) {
			return done > 0 ? (long)done : r;
		}
		done += (size_t)r;
		if (nonblock && (size_t)r < k) {
			break;
		}
	} while (done < n);
	return (long)done;
}

long
cairn_sock_recv(int s, void *buf, size_t n, int flags, uint32_t *addr,
		uint16_t *port, int nonblock)
{
	size_t k = n < DATA_AREA ? n : DATA_AREA;

	for (;;) {
		if (!nc.attached && attach() < 0) {
			return -ENETDOWN;
		}
		word_t w[4] = {0, (word_t)data_area(), k, (word_t)flags};
		long r = call(NET_RECV, 4, w, s);
		if (r == -EAGAIN && !nonblock &&
		    (r = wait_for(s, NET_POLLIN)) == 0) {
			continue;
		}
		if (r < 0) {
			return r;
		}
		if ((size_t)r > k) {
			return -EIO; /* more than asked: a broken service */
		}
		memcpy(buf, data_area(), (size_t)r);
		if (addr != NULL) {
			*addr = (uint32_t)w[1];
		}
		if (port != NULL) {
			*port = (uint16_t)w[2];
		}
		return r;
	}
}

int
cairn_sock_shutdown(int s, int how)
{
	word_t w[3] = {0, (word_t)how, 0};

	return (int)call(NET_SHUTDOWN, 2, w, s);
}

int
cairn_sock_close(int s)
{
	word_t w[3] = {0, 0, 0};
	int r = sid(s);

	if (r == -EBADF && (s < 0 || s >= NSOCK || !nc.s[s].used)) {
		return r;
	}
	r = r >= 0 ? (int)call(NET_CLOSE, 1, w, s) : 0; /* an old one: gone */
	nc.s[s].used = 0;
	return r;
}

int
cairn_sock_name(int s, int peer, uint32_t *addr, uint16_t *port)
{
	word_t w[3] = {0, (word_t)(peer != 0), 0};
	long r = call(NET_NAME, 2, w, s);

	if (r == 0) {
		*addr = (uint32_t)w[1];
		*port = (uint16_t)w[2];
	}
	return (int)r;
}

int
cairn_sock_setopt(int s, int opt, word_t value)
{
	word_t w[3] = {0, (word_t)opt, value};

	return (int)call(NET_SETOPT, 3, w, s);
}

int
cairn_sock_getopt(int s, int opt, word_t *value)
{
	word_t w[3] = {0, (word_t)opt, 0};
	long r = call(NET_GETOPT, 2, w, s);

	if (r == 0) {
		*value = w[1];
	}
	return (int)r;
}

int
cairn_sock_list(word_t index, struct cairn_sockinfo *i)
{
	struct cairn_msg m = {0};

	if (!nc.attached) {
		int r = attach();
		if (r < 0) {
			return r;
		}
	}
	m.w[0] = index;
	int st = raw(NET_LIST, 1, &m);
	if (st != CAIRN_OK) {
		nc.attached = st == CAIRN_E_INVALID_CAP ? 0 : nc.attached;
		return -EIO;
	}
	if ((int64_t)m.w[0] < 0) {
		return (int)m.w[0];
	}
	*i = (struct cairn_sockinfo){m.w[1], m.w[2], m.w[3], m.w[4],
				     m.w[5], m.w[6], m.w[7]};
	return 0;
}

int
cairn_sock_notify(cptr_t ntfn)
{
	nc.ntfn = ntfn;
	for (int tries = 0; tries < NET_TRIES; tries++) {
		if (!nc.attached) {
			int r = attach();
			if (r < 0) {
				return r;
			}
		}
		int st = notify();
		if (st != CAIRN_E_DELETED && st != CAIRN_E_INVALID_CAP) {
			return st <= 0 ? st : -EIO;
		}
		nc.attached = 0;
	}
	return -EIO;
}
