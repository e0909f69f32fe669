/*
 * The net service's parts (docs/net.md, "The net service"): lwIP on one
 * thread, its interface glued to the NIC driver (nicif.c), ping
 * (ping.c), the platform lwIP needs (port.c), the IPC loop (main.c).
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

/* port.c: milliseconds and microseconds since boot. */
uint64_t net_now_us(void);

#endif
