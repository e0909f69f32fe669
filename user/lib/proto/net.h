/*
 * The net service's protocol (docs/net.md, "The net service"): the
 * service `provides net` (services/net, on lwIP), programs `needs net`.
 * Every answer's label is a status.  Sockets come in a later part of
 * issue 12; these are the interface's facts and ping.
 */
#ifndef CAIRN_PROTO_NET_H
#define CAIRN_PROTO_NET_H

#include "cairn.h"

enum cairn_net_call {
	CAIRN_NET_INFO = 1, /* -> struct cairn_net_info's words */
	CAIRN_NET_PING = 2, /* MR0 IPv4 address (a.b.c.d as a << 24 | ...),
			       MR1 sequence number, MR2 payload bytes
			       (0-1400), MR3 timeout in ms (1-10000) ->
			       MR0 round trip in microseconds, MR1 the
			       reply's TTL; CAIRN_E_WOULD_BLOCK if none
			       came in time */
};

/* NET_INFO's flags. */
#define CAIRN_NET_UP	 1ul /* the interface has an address */
#define CAIRN_NET_DHCP	 2ul /* the address came by DHCP */
#define CAIRN_NET_LINK	 4ul /* the NIC says its link is up */
#define CAIRN_NET_NO_NIC 8ul /* no NIC driver answered */

/* NET_INFO's answer: addresses as NET_PING's, the MAC as the NIC
 * protocol's, then the interface's counters. */
struct cairn_net_info {
	word_t addr, netmask, gateway, mac, mtu, flags;
	word_t rx_frames, tx_frames;
};

/* The stubs: 0 or a status. */
int cairn_net_info(cptr_t ep, struct cairn_net_info *i);
int cairn_net_ping(cptr_t ep, word_t addr, word_t seq, word_t bytes,
		   word_t timeout_ms, word_t *rtt_us, word_t *ttl);

#endif
