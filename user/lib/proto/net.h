/*
 * The net service's protocol (docs/net.md, "The net service"): the
 * service `provides net` (services/net, on lwIP), programs `needs net`.
 * Every answer's label is a status.  These are the interface's facts,
 * ping and host names; the sockets are proto/sock.h's.
 */
#ifndef CAIRN_PROTO_NET_H
#define CAIRN_PROTO_NET_H

#include "cairn.h"

enum cairn_net_call {
	CAIRN_NET_INFO = 1,    /* -> struct cairn_net_info's words */
	CAIRN_NET_PING = 2,    /* MR0 IPv4 address (a.b.c.d as a << 24 | ...),
				  MR1 sequence number, MR2 payload bytes
				  (0-1400), MR3 timeout in ms (1-10000) ->
				  MR0 round trip in microseconds, MR1 the
				  reply's TTL; CAIRN_E_WOULD_BLOCK if none
				  came in time */
	CAIRN_NET_RESOLVE = 3, /* MR0 timeout in ms (1-10000), MR1 the
				  name's bytes (no NUL), MR2... the bytes,
				  8 a word in memory's order -> MR0 an
				  enum cairn_net_resolve_result, MR1 the
				  address (as NET_PING's) if found */
};

/* NET_RESOLVE's answer in MR0.  The caller is held until the DNS server
 * answers or the timeout passes; numeric names and "localhost" are
 * answered at once. */
enum cairn_net_resolve_result {
	CAIRN_RESOLVE_FOUND = 0,
	CAIRN_RESOLVE_NOT_FOUND = 1, /* the server says no such name (or
					has no IPv4 address for it) */
	CAIRN_RESOLVE_TIMED_OUT = 2, /* no answer in time */
	CAIRN_RESOLVE_NO_SERVER = 3, /* no DNS server known */
	CAIRN_RESOLVE_BAD_NAME = 4,  /* empty, over CAIRN_NET_NAME_MAX,
					or not a host name (lib/dns.h) */
	CAIRN_RESOLVE_BUSY = 5,	     /* every pending place is taken */
	CAIRN_RESOLVE_NRESULTS = 6,
};

#define CAIRN_NET_NAME_MAX     255   /* bytes of a name (a dot more) */
#define CAIRN_NET_RESOLVE_WAIT 10000 /* the longest timeout, ms */

/* NET_INFO's flags. */
#define CAIRN_NET_UP	  1ul  /* the interface has an address */
#define CAIRN_NET_DHCP	  2ul  /* the address came by DHCP */
#define CAIRN_NET_LINK	  4ul  /* the NIC says its link is up */
#define CAIRN_NET_NO_NIC  8ul  /* no NIC driver answered */
#define CAIRN_NET_DNS_ARG 16ul /* the DNS server came from the arguments */

/* NET_INFO's answer: addresses as NET_PING's, the MAC as the NIC
 * protocol's, the interface's counters, then the DNS server (0: none). */
struct cairn_net_info {
	word_t addr, netmask, gateway, mac, mtu, flags;
	word_t rx_frames, tx_frames;
	word_t dns;
};

/* The stubs: 0 or a status. */
int cairn_net_info(cptr_t ep, struct cairn_net_info *i);
int cairn_net_ping(cptr_t ep, word_t addr, word_t seq, word_t bytes,
		   word_t timeout_ms, word_t *rtt_us, word_t *ttl);
/* Resolve name (NUL-ended), waiting at most timeout_ms: an enum
 * cairn_net_resolve_result (*addr set if FOUND), or a negated status
 * if the call itself failed. */
int cairn_net_resolve(cptr_t ep, const char *name, word_t timeout_ms,
		      word_t *addr);
/* What a resolve's result means, in a few words. */
const char *cairn_net_resolve_text(int result);

#endif
