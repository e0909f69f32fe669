/*
 * resolve: host names to IPv4 addresses for NET_RESOLVE, by lwIP's DNS
 * client.  As a ping does, a caller waits on a kept reply object until
 * lwIP's callback gives the answer or its time runs out (checked at
 * every tick); the service's loop never waits.  The DNS server is
 * DHCP's (lwIP takes option 6), or the one the arguments name, which
 * wins over DHCP's.
 */
#include <string.h>

#include "dns.h"
#include "lwip/dns.h"
#include "net.h"
#include "proto/net.h"

#define MAX_RESOLVES 8

static struct resolve {
	cptr_t reply; /* the caller's, kept; 0: free */
	uint32_t id;  /* lwIP's callback names the resolve by it */
	uint64_t deadline_us;
} resolves[MAX_RESOLVES];
static uint32_t next_id;

static ip_addr_t server_arg; /* the arguments' server, or any */

void
resolve_set_server(const ip4_addr_t *a)
{
	ip_addr_copy_from_ip4(server_arg, *a);
}

int
resolve_server_from_args(void)
{
	return !ip_addr_isany_val(server_arg);
}

word_t
resolve_server(void)
{
	if (resolve_server_from_args()) {
		dns_setserver(0, &server_arg); /* over DHCP's */
	}
	return lwip_ntohl(ip4_addr_get_u32(ip_2_ip4(dns_getserver(0))));
}

static void
answer(struct resolve *r, word_t result, word_t addr)
{
	net_answer(&r->reply, CAIRN_OK, result, addr);
}

/* lwIP's answer for the resolve arg names (if it still waits): the
 * address, or NULL (the server said no: lwIP retries longer than any
 * caller waits, so this is never a timeout). */
static void
on_found(const char *name, const ip_addr_t *a, void *arg)
{
	(void)name;
	for (int i = 0; i < MAX_RESOLVES; i++) {
		struct resolve *r = &resolves[i];
		if (r->reply != 0 && r->id == (uint32_t)(uintptr_t)arg) {
			answer(
			    r,
			    a ? CAIRN_RESOLVE_FOUND : CAIRN_RESOLVE_NOT_FOUND,
			    a ? lwip_ntohl(ip4_addr_get_u32(ip_2_ip4(a))) : 0);
		}
	}
}

/* The name in m's words into name (NUL-ended, no trailing dot): a
 * result (BAD_NAME: neither a host name nor an address) or
 * CAIRN_RESOLVE_FOUND; INVALID_ARGUMENT in *status if the words are
 * fewer than the length says. */
static word_t
take_name(const struct cairn_msg *m, char name[DNS_NAME_MAX + 2],
	  word_t *status)
{
	word_t n = m->w[1];

	if (n > CAIRN_NET_NAME_MAX + 1) {
		return CAIRN_RESOLVE_BAD_NAME;
	}
	if (m->len < 2 + (n + sizeof(word_t) - 1) / sizeof(word_t)) {
		*status = CAIRN_E_INVALID_ARGUMENT;
		return CAIRN_RESOLVE_BAD_NAME;
	}
	memcpy(name, &m->w[2], n);
	name[n] = '\0';
	ip4_addr_t numeric;
	if (memchr(name, '\0', n) != NULL ||
	    (dns_name_ok(name, n) != 0 && !ip4addr_aton(name, &numeric))) {
		return CAIRN_RESOLVE_BAD_NAME; /* lwIP answers A.B.C.D */
	}
	if (name[n - 1] == '.') {
		name[n - 1] = '\0';
	}
	return CAIRN_RESOLVE_FOUND;
}

/* Start resolving name for the caller, its slot r: a result, or
 * CAIRN_SERVE_KEPT. */
static word_t
start(struct cairn_server *s, struct resolve *r, const char *name, word_t *addr)
{
	ip_addr_t a;

	r->id = ++next_id;
	switch (
	    dns_gethostbyname(name, &a, on_found, (void *)(uintptr_t)r->id)) {
	case ERR_OK: /* numeric, localhost, or known */
		*addr = lwip_ntohl(ip4_addr_get_u32(ip_2_ip4(&a)));
		return CAIRN_RESOLVE_FOUND;
	case ERR_INPROGRESS:
		r->reply = cairn_serve_keep(s);
		return r->reply != 0 ? CAIRN_SERVE_KEPT : CAIRN_RESOLVE_BUSY;
	case ERR_VAL:
		return CAIRN_RESOLVE_NO_SERVER;
	case ERR_MEM: /* lwIP's table */
		return CAIRN_RESOLVE_BUSY;
	default:
		return CAIRN_RESOLVE_BAD_NAME;
	}
}

word_t
resolve_start(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	char name[DNS_NAME_MAX + 2];
	struct resolve *r = NULL;
	word_t status = CAIRN_OK, addr = 0, res;

	if (m->w[0] == 0 || m->w[0] > CAIRN_NET_RESOLVE_WAIT) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	res = take_name(m, name, &status);
	for (int i = 0; i < MAX_RESOLVES && r == NULL; i++) {
		r = resolves[i].reply == 0 ? &resolves[i] : NULL;
	}
	if (res == CAIRN_RESOLVE_FOUND && r == NULL) {
		res = CAIRN_RESOLVE_BUSY;
	} else if (res == CAIRN_RESOLVE_FOUND) {
		resolve_server(); /* the arguments' over DHCP's */
		r->deadline_us = net_now_us() + m->w[0] * 1000u;
		res = start(s, r, name, &addr);
		if (res == CAIRN_SERVE_KEPT) {
			return res;
		}
	}
	m->w[0] = res;
	m->w[1] = addr;
	*len = 2;
	return status;
}

void
resolve_expire(void)
{
	uint64_t now = net_now_us();

	for (int i = 0; i < MAX_RESOLVES; i++) {
		if (resolves[i].reply != 0 && now >= resolves[i].deadline_us) {
			answer(&resolves[i], CAIRN_RESOLVE_TIMED_OUT, 0);
		}
	}
}
