/*
 * The net service's client stubs (net.h).
 */
#include "proto/net.h"

#include "cstring.h"

int
cairn_net_info(cptr_t ep, struct cairn_net_info *i)
{
	struct cairn_msg m = {0};
	int st = cairn_call(ep, CAIRN_NET_INFO, 0, &m);

	if (st == CAIRN_OK) {
		st = (int)m.label;
	}
	if (st == CAIRN_OK) {
		*i = (struct cairn_net_info){m.w[0], m.w[1], m.w[2],
					     m.w[3], m.w[4], m.w[5],
					     m.w[6], m.w[7], m.w[8]};
	}
	return st;
}

int
cairn_net_ping(cptr_t ep, word_t addr, word_t seq, word_t bytes,
	       word_t timeout_ms, word_t *rtt_us, word_t *ttl)
{
	struct cairn_msg m = {0};

	m.w[0] = addr;
	m.w[1] = seq;
	m.w[2] = bytes;
	m.w[3] = timeout_ms;
	int st = cairn_call(ep, CAIRN_NET_PING, 4, &m);
	if (st == CAIRN_OK) {
		st = (int)m.label;
	}
	if (st == CAIRN_OK) {
		*rtt_us = m.w[0];
		*ttl = m.w[1];
	}
	return st;
}

/*
 * The name goes in the message's words after the timeout and its length;
 * a name longer than any the service takes (CAIRN_NET_NAME_MAX and a
 * dot) is sent with its length and only that many of its bytes, for the
 * service to refuse.
 */
int
cairn_net_resolve(cptr_t ep, const char *name, word_t timeout_ms, word_t *addr)
{
	struct cairn_msg m = {0};
	size_t n = strlen(name);
	size_t send = n > CAIRN_NET_NAME_MAX + 1 ? CAIRN_NET_NAME_MAX + 1 : n;

	m.w[0] = timeout_ms;
	m.w[1] = n;
	memcpy(&m.w[2], name, send);
	int st =
	    cairn_call(ep, CAIRN_NET_RESOLVE,
		       2 + (send + sizeof(word_t) - 1) / sizeof(word_t), &m);
	if (st == CAIRN_OK) {
		st = (int)m.label;
	}
	if (st != CAIRN_OK) {
		return -st;
	}
	*addr = m.w[1];
	return (int)m.w[0];
}

const char *
cairn_net_resolve_text(int result)
{
	static const char *const text[CAIRN_RESOLVE_NRESULTS] = {
	    "found",
	    "no such host",
	    "no answer from the DNS server in time",
	    "no DNS server known",
	    "not a host name",
	    "too many names being resolved at once",
	};

	return result >= 0 && result < CAIRN_RESOLVE_NRESULTS
		   ? text[result]
		   : "the net service failed";
}
