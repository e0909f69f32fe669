/*
 * The net service's client stubs (net.h).
 */
#include "proto/net.h"

int
cairn_net_info(cptr_t ep, struct cairn_net_info *i)
{
	struct cairn_msg m = {0};
	int st = cairn_call(ep, CAIRN_NET_INFO, 0, &m);

	if (st == CAIRN_OK) {
		st = (int)m.label;
	}
	if (st == CAIRN_OK) {
		*i = (struct cairn_net_info){m.w[0], m.w[1], m.w[2], m.w[3],
					     m.w[4], m.w[5], m.w[6], m.w[7]};
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
