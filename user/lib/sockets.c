/*
 * sockets: the libc's socket hooks (cairn_libc.h, libc_sockets) over the
 * net service's stubs (proto/sock.h).
 */
#include "cairn_libc.h"
#include "proto/sock.h"

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
};

const struct libc_sockops *
libc_sockets(void)
{
	return &ops;
}
