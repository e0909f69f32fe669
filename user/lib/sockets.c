/*
 * sockets: the libc's socket hooks (cairn_libc.h, libc_sockets) over the
 * net service's stubs (proto/sock.h), and its resolver over NET_RESOLVE
 * (proto/net.h).
 */
#include "cairn_libc.h"
#include "procrt.h"
#include "proto/init.h"
#include "proto/net.h"
#include "proto/sock.h"

/* How long a program's resolve waits for the DNS server. */
#define RESOLVE_MS 5000

_Static_assert((int)LIBC_SOCK_TCP == NET_TCP && (int)LIBC_SOCK_UDP == NET_UDP,
	       "socket types");
_Static_assert((int)LIBC_SOCKOPT_REUSEADDR == (int)NET_OPT_REUSEADDR &&
		   (int)LIBC_SOCKOPT_KEEPALIVE == (int)NET_OPT_KEEPALIVE &&
		   (int)LIBC_SOCKOPT_NODELAY == (int)NET_OPT_NODELAY &&
		   (int)LIBC_SOCKOPT_ERROR == (int)NET_OPT_ERROR &&
		   (int)LIBC_SOCKOPT_TYPE == (int)NET_OPT_TYPE,
	       "socket options");
_Static_assert(sizeof(struct libc_pollsock) == sizeof(struct cairn_pollsock),
	       "poll entries");
_Static_assert((int)LIBC_RESOLVE_NOT_FOUND == CAIRN_RESOLVE_NOT_FOUND &&
		   (int)LIBC_RESOLVE_TIMED_OUT == CAIRN_RESOLVE_TIMED_OUT &&
		   (int)LIBC_RESOLVE_NO_SERVER == CAIRN_RESOLVE_NO_SERVER &&
		   (int)LIBC_RESOLVE_BAD_NAME == CAIRN_RESOLVE_BAD_NAME &&
		   (int)LIBC_RESOLVE_BUSY == CAIRN_RESOLVE_BUSY &&
		   (int)LIBC_RESOLVE_FAILED == CAIRN_RESOLVE_NRESULTS,
	       "resolve results");

static long
recv_hook(int h, void *buf, size_t n, int peek, uint32_t *addr, uint16_t *port,
	  int nonblock)
{
	return cairn_sock_recv(h, buf, n, peek ? NET_PEEK : 0, addr, port,
			       nonblock);
}

static int
poll_hook(struct libc_pollsock *p, int n, long timeout_ms)
{
	return cairn_sock_poll((struct cairn_pollsock *)p, n, timeout_ms);
}

/* The net service is asked only if it runs: a call to an endpoint nobody
 * serves would wait for ever. */
static int
resolve_hook(const char *name, uint32_t *addr)
{
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "net");
	word_t a = 0;

	if (g == NULL || !cairn_init_running("net")) {
		return LIBC_RESOLVE_FAILED;
	}
	int r = cairn_net_resolve(g->slot, name, RESOLVE_MS, &a);
	if (r < 0 || r >= CAIRN_RESOLVE_NRESULTS) {
		return LIBC_RESOLVE_FAILED;
	}
	*addr = (uint32_t)a;
	return r;
}

static const struct libc_sockops ops = {
    .open = cairn_sock_open,
    .bind = cairn_sock_bind,
    .listen = cairn_sock_listen,
    .accept = cairn_sock_accept,
    .connect = cairn_sock_connect,
    .send = cairn_sock_send,
    .recv = recv_hook,
    .shutdown = cairn_sock_shutdown,
    .close = cairn_sock_close,
    .poll = poll_hook,
    .name = cairn_sock_name,
    .setopt = cairn_sock_setopt,
    .getopt = cairn_sock_getopt,
    .resolve = resolve_hook,
};

const struct libc_sockops *
libc_sockets(void)
{
	return &ops;
}
