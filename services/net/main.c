/*
 * net: the TCP/IP service (docs/net.md, "The net service").  lwIP runs
 * on this one thread with no operating-system layer: the IPC loop hands
 * it received frames when the NIC driver signals, runs its timeouts when
 * the timer service signals (every NET_TICK_MS), and serves the net
 * protocol (proto/net.h).  The interface takes its address by DHCP, or
 * a static one from the arguments:
 *
 *	net				DHCP
 *	net static A.B.C.D/BITS GW	a static address
 *
 * Either may end with `dns A.B.C.D`: the DNS server, over DHCP's.
 */
#include <cairn/manifest.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lwip/dhcp.h"
#include "lwip/dns.h"
#include "lwip/init.h"
#include "lwip/timeouts.h"
#include "net.h"
#include "netif/ethernet.h"
#include "proto/net.h"
#include "proto/timer.h"
#include "sock.h"

CAIRN_MANIFEST("name net\n"
	       "description TCP/IP on lwIP\n"
	       "cspace 7\n"
	       "quota 4M\n"
	       "restart always 100 10\n"
	       "receive\n"
	       "notify\n"
	       "replies 32\n"
	       "provides net\n"
	       "needs nic\n"
	       "needs timer\n"
	       "needs serial\n");

#define REGION (64ul << 10)

struct netif net_if;
struct cairn_nic net_nic;
int net_have_nic;
cptr_t net_recv_slot;
static int dhcp_on;

static word_t
addr_word(const ip4_addr_t *a)
{
	return lwip_ntohl(ip4_addr_get_u32(a));
}

/* The prefix length of a netmask (network order). */
static int
prefix_bits(const ip4_addr_t *mask)
{
	int bits = 0;

	for (uint32_t m = lwip_ntohl(ip4_addr_get_u32(mask)); m & 0x80000000u;
	     m <<= 1) {
		bits++;
	}
	return bits;
}

static void
on_status(struct netif *n)
{
	if (!ip4_addr_isany_val(*netif_ip4_addr(n))) {
		char a[16], g[16];
		ip4addr_ntoa_r(netif_ip4_addr(n), a, sizeof(a));
		ip4addr_ntoa_r(netif_ip4_gw(n), g, sizeof(g));
		printf("net: %s/%d, gateway %s (%s)\n", a,
		       prefix_bits(netif_ip4_netmask(n)), g,
		       dhcp_on ? "DHCP" : "static");
		if (resolve_server() != 0) {
			ip4addr_ntoa_r(ip_2_ip4(dns_getserver(0)), a,
				       sizeof(a));
			printf("net: DNS server %s (%s)\n", a,
			       resolve_server_from_args() ? "argument"
							  : "DHCP");
		}
	}
}

static word_t
op_info(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t mac = 0;

	(void)s;
	for (int i = 0; i < 6; i++) {
		mac |= (word_t)net_if.hwaddr[i] << (8 * i);
	}
	int up = !ip4_addr_isany_val(*netif_ip4_addr(&net_if));
	m->w[0] = addr_word(netif_ip4_addr(&net_if));
	m->w[1] = addr_word(netif_ip4_netmask(&net_if));
	m->w[2] = addr_word(netif_ip4_gw(&net_if));
	m->w[3] = mac;
	m->w[4] = net_if.mtu;
	m->w[5] = (up ? CAIRN_NET_UP : 0) | (dhcp_on ? CAIRN_NET_DHCP : 0) |
		  (net_have_nic && (net_nic.flags & CAIRN_NIC_LINK_UP)
		       ? CAIRN_NET_LINK
		       : 0) |
		  (net_have_nic ? 0 : CAIRN_NET_NO_NIC) |
		  (resolve_server_from_args() ? CAIRN_NET_DNS_ARG : 0);
	m->w[6] = net_if.mib2_counters.ifinucastpkts;
	m->w[7] = net_if.mib2_counters.ifoutucastpkts;
	m->w[8] = resolve_server();
	*len = 9;
	return CAIRN_OK;
}

static word_t
op_ping(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	(void)len;
	return ping_start(s, m);
}

static const struct cairn_op net_ops[] = {
    {CAIRN_NET_INFO, 0, op_info},
    {CAIRN_NET_PING, 4, op_ping},
    {CAIRN_NET_RESOLVE, 2, resolve_start},
};

/* The service's calls: the interface's and the sockets'. */
static struct cairn_op ops[sizeof(net_ops) / sizeof(net_ops[0]) + 16];
static size_t nops;

static void
ops_init(void)
{
	for (size_t i = 0; i < sizeof(net_ops) / sizeof(net_ops[0]); i++) {
		ops[nops++] = net_ops[i];
	}
	for (size_t i = 0; i < sock_nops && nops < sizeof(ops) / sizeof(ops[0]);
	     i++) {
		ops[nops++] = sock_ops[i];
	}
}

static int configure(int argc, char **argv);

static int net_argc;
static char **net_argv;
static cptr_t nic_sig;
static unsigned ticks;

/*
 * Is the NIC driver there, waiting for calls?  A call to an endpoint
 * nobody serves would wait for ever, and the service with it: a send
 * that does not block asks first (as fs does for the disk).
 */
static int
driver_there(void)
{
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "nic");
	struct cairn_msg m = {0};

	return g != NULL && cairn_nbsend(g->slot, 0, 0, &m) == CAIRN_OK;
}

/* Open the NIC if its driver is there, and bring the interface up. */
static void
find_nic(void)
{
	int st;

	if (!driver_there()) {
		return;
	}
	if ((st = cairn_nic_open(&net_nic, 0, REGION, nic_sig)) != CAIRN_OK) {
		static int said;
		if (!said) {
			printf("net: the NIC driver refused: status %d\n", st);
			said = 1;
		}
		return;
	}
	net_have_nic = 1;
	memcpy(net_if.hwaddr, net_nic.mac, ETH_HWADDR_LEN);
	net_if.mtu = net_nic.mtu ? (u16_t)net_nic.mtu : 1500;
	printf("net: MAC %02x:%02x:%02x:%02x:%02x:%02x, MTU %u\n",
	       net_nic.mac[0], net_nic.mac[1], net_nic.mac[2], net_nic.mac[3],
	       net_nic.mac[4], net_nic.mac[5], net_if.mtu);
	netif_set_link_up(&net_if);
	if (configure(net_argc, net_argv) != 0) {
		cairn_proc_exit(1);
	}
}

static void
on_signal(struct cairn_server *s, word_t badge)
{
	if (badge & NET_BADGE_NIC) {
		nicif_poll();
	}
	if (badge & NET_BADGE_TIMER) {
		sys_check_timeouts();
		ping_expire(s);
		resolve_expire();
		poll_expire(net_now_us() / 1000);
		/* No NIC yet: look for its driver at every tick (a send
		 * that cannot block).  Else, every second, ask it for frames
		 * even unsignalled: a restarted driver knows our
		 * notification again only from our next call. */
		if (!net_have_nic) {
			find_nic();
		} else if (ticks % (1000 / NET_TICK_MS) == 0) {
			nicif_poll();
		}
		/* Every second: sockets of clients gone are freed. */
		if (++ticks % (1000 / NET_TICK_MS) == 0) {
			client_sweep();
		}
	}
}

/* Hand lwIP what it sent to itself (127.0.0.1, our own address), and
 * the answers that makes, until nothing is left (a bound on rounds: a
 * stream to ourselves goes on at the next message). */
static void
loop_back(void)
{
	for (int round = 0; round < 64; round++) {
		bool any = false;
		struct netif *n;
		NETIF_FOREACH(n)
		{
			any |= n->loop_first != NULL;
		}
		if (!any) {
			return;
		}
		netif_poll_all();
	}
}

/* After every message: answer the POLLs it made ready. */
static void
after(struct cairn_server *s)
{
	(void)s;
	loop_back();
	poll_wake();
}

/* "A.B.C.D" into a (network order): 0, or -1. */
static int
parse_ip(const char *s, ip4_addr_t *a)
{
	return ip4addr_aton(s, a) ? 0 : -1;
}

/* A last `dns A.B.C.D` in argv: the DNS server, taken off *argc.  0
 * (with or without one), or -1 after saying why. */
static int
dns_arg(int *argc, char **argv)
{
	ip4_addr_t dns;

	if (*argc < 3 || strcmp(argv[*argc - 2], "dns") != 0) {
		return 0;
	}
	if (parse_ip(argv[*argc - 1], &dns) != 0 || ip4_addr_isany_val(dns)) {
		printf("net: dns: bad address\n");
		return -1;
	}
	resolve_set_server(&dns);
	*argc -= 2;
	return 0;
}

/* The address: static from argv, else DHCP; the DNS server if argv
 * names one. 0, or -1 after saying why. */
static int
configure(int argc, char **argv)
{
	ip4_addr_t addr, mask, gw;

	if (dns_arg(&argc, argv) != 0) {
		return -1;
	}
	if (argc == 4 && strcmp(argv[1], "static") == 0) {
		char ip[16];
		const char *slash = strchr(argv[2], '/');
		size_t n = slash ? (size_t)(slash - argv[2]) : 0;
		long bits = slash ? strtol(slash + 1, NULL, 10) : -1;
		if (n == 0 || n >= sizeof(ip) || bits < 1 || bits > 30) {
			printf("net: static wants A.B.C.D/BITS GATEWAY\n");
			return -1;
		}
		memcpy(ip, argv[2], n);
		ip[n] = '\0';
		if (parse_ip(ip, &addr) != 0 || parse_ip(argv[3], &gw) != 0) {
			printf("net: static: bad address\n");
			return -1;
		}
		ip4_addr_set_u32(&mask, lwip_htonl(~0u << (32 - bits)));
		netif_set_addr(&net_if, &addr, &mask, &gw);
		netif_set_up(&net_if);
		return 0;
	}
	if (argc != 1) {
		printf("net: usage: net [static A.B.C.D/BITS GATEWAY] "
		       "[dns A.B.C.D]\n");
		return -1;
	}
	netif_set_up(&net_if);
	dhcp_on = 1;
	return dhcp_start(&net_if) == ERR_OK ? 0 : -1;
}

int
main(int argc, char **argv)
{
	const struct cairn_grant *ge =
	    cairn_grant_find(CAIRN_GRANT_PROVIDES, "net");
	const struct cairn_grant *gn =
	    cairn_grant_find(CAIRN_GRANT_NOTIFY, NULL);
	const struct cairn_grant *gt =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "timer");
	struct cairn_server s;

	if (ge == NULL || gn == NULL || gt == NULL) {
		printf("net: no endpoint, notification or timer granted\n");
		return 1;
	}
	net_argc = argc;
	net_argv = argv;
	nic_sig = cairn_ntfn_badged(gn->slot, NET_BADGE_NIC);
	if (nic_sig == 0) {
		printf("net: no room for its notification's copies\n");
		return 1;
	}
	lwip_init();
	netif_add(&net_if, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4, NULL,
		  nicif_init, ethernet_input);
	netif_set_default(&net_if);
	netif_set_status_callback(&net_if, on_status);
	ping_init();
	find_nic();
	if (cairn_serve_tick(gt->slot, 1, NET_TICK_MS * 1000000ul,
			     NET_BADGE_TIMER) != CAIRN_OK) {
		printf("net: the timer service refused its tick\n");
		return 1;
	}
	net_recv_slot = cairn_slot_alloc();
	cairn_recv_slot(net_recv_slot);
	ops_init();
	cairn_serve_init(&s, ge->slot, ops, nops);
	ping_server = &s;
	poll_server = &s;
	s.irq_badges = NET_BADGE_NIC | NET_BADGE_TIMER;
	s.irq = on_signal;
	s.after = after;
	cairn_serve(&s);
}
