/*
 * The net service's parts (docs/net.md, "The net service"): lwIP on one
 * thread, its interface glued to the NIC driver (nicif.c), ping
 * (ping.c), host names (resolve.c), the platform lwIP needs (port.c), the IPC
 * loop (main.c).
 */
#ifndef CAIRN_NET_H
#define CAIRN_NET_H

#include "lwip/netif.h"
#include "procrt.h"
#include "proto/init.h"
#include "proto/nic.h"
#include "serve.h"

/* Badges of the service's notification: what signalled it. */
#define NET_BADGE_NIC	(1ull << 62)
#define NET_BADGE_TIMER (1ull << 61)

/* The timer service's period for lwIP's timeouts, and ping's clock. */
#define NET_TICK_MS 50

extern struct netif net_if;
extern struct cairn_nic net_nic;
extern int net_have_nic;
/* Where capabilities sent to the service arrive (ATTACH's region). */
extern cptr_t net_recv_slot;

/* nicif.c: the interface over the NIC driver. */
err_t nicif_init(struct netif *n);
/* Take every frame the driver holds into lwIP. */
void nicif_poll(void);

/* ping.c */
void ping_init(void);
word_t ping_start(struct cairn_server *s, struct cairn_msg *m);
/* Answer pings whose time ran out. */
void ping_expire(struct cairn_server *s);
extern struct cairn_server *ping_server;
/* Answer a kept caller (*reply, then 0) with status and two words. */
void net_answer(cptr_t *reply, word_t status, word_t w0, word_t w1);

/* resolve.c: NET_RESOLVE. */
word_t resolve_start(struct cairn_server *s, struct cairn_msg *m, word_t *len);
/* Answer resolves whose time ran out. */
void resolve_expire(void);
/* The DNS server the arguments name: it wins over DHCP's. */
void resolve_set_server(const ip4_addr_t *a);
/* Did the arguments name one? */
int resolve_server_from_args(void);
/* The DNS server used (a.b.c.d as a << 24 | ...; 0: none). */
word_t resolve_server(void);

/* port.c: milliseconds and microseconds since boot. */
uint64_t net_now_us(void);

#endif
