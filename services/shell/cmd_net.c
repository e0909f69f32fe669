/*
 * cmd_net: the shell's network commands, through the net service
 * (proto/net.h, proto/sock.h): ifconfig, ping and netstat.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"
#include "proto/net.h"
#include "proto/sock.h"
#include "proto/timer.h"
#include "shell.h"

#define PING_BYTES   56
#define PING_WAIT_MS 1000
#define RESOLVE_MS   5000

static cptr_t
service(const char *name)
{
	const struct cairn_grant *g = cairn_grant_find(CAIRN_GRANT_NEEDS, name);

	return g != NULL ? g->slot : 0;
}

/* Sleep ms milliseconds (the timer service), or not at all. */
static void
nap(word_t ms)
{
	cptr_t timer = service("timer");

	if (timer != 0) {
		cairn_timer_sleep(timer, ms * 1000000);
	}
}

/*
 * The net service's endpoint if the service is there, waiting for calls
 * (a call to an endpoint nobody serves would wait for ever: a machine
 * without the service, the Pi's); else 0 after saying so.  Just after
 * boot it may still be starting: it is given up to NET_START_MS.
 */
#define NET_START_MS 10000
#define NAP_MS	     100

static cptr_t
net_service(const char *cmd)
{
	cptr_t ep = service("net");

	for (word_t t = 0; ep != 0 && t < NET_START_MS; t += NAP_MS) {
		struct cairn_msg m = {0};
		if (cairn_nbsend(ep, 0, 0, &m) == CAIRN_OK) {
			return ep;
		}
		nap(NAP_MS);
	}
	printf("%s: the net service is not running\n", cmd);
	return 0;
}

/* Just after boot the NIC's driver may still be coming up (up to NIC_MS),
 * and DHCP still asking (up to DHCP_MS): wait for an address.  0 once
 * there is one, or -1. */
#define NIC_MS	5000
#define DHCP_MS 10000

static int
have_address(cptr_t ep)
{
	struct cairn_net_info i;
	int said = 0;

	for (word_t t = 0; cairn_net_info(ep, &i) == CAIRN_OK; t += NAP_MS) {
		if (i.flags & CAIRN_NET_UP) {
			return 0;
		}
		if ((i.flags & CAIRN_NET_NO_NIC) ? t >= NIC_MS : t >= DHCP_MS) {
			return -1;
		}
		if ((i.flags & CAIRN_NET_DHCP) && !said) {
			printf("(waiting for DHCP)\n");
			said = 1;
		}
		nap(NAP_MS);
	}
	return -1;
}

int
net_ready(const char *cmd)
{
	cptr_t ep = net_service(cmd);

	if (ep == 0) {
		return -1;
	}
	if (have_address(ep) != 0) {
		printf("%s: no address: no network device, or DHCP had no "
		       "answer\n",
		       cmd);
		return -1;
	}
	return 0;
}

static void
print_ip(word_t a)
{
	printf("%lu.%lu.%lu.%lu", a >> 24 & 255, a >> 16 & 255, a >> 8 & 255,
	       a & 255);
}

/* "a.b.c.d" as a word (a << 24 | ...): 0, or -1. */
static int
parse_ip(const char *s, word_t *out)
{
	word_t a = 0;

	for (int i = 0; i < 4; i++) {
		char *end;
		long v = strtol(s, &end, 10);
		if (end == s || v < 0 || v > 255 || (i < 3 && *end != '.') ||
		    (i == 3 && *end != '\0')) {
			return -1;
		}
		a = a << 8 | (word_t)v;
		s = end + 1;
	}
	*out = a;
	return 0;
}

/* May host be pinged: A.B.C.D, or a host name? */
static int
host_ok(const char *host)
{
	word_t a;

	return parse_ip(host, &a) == 0 || dns_name_ok(host, strlen(host)) == 0;
}

/* host's address (A.B.C.D, or a name the net service resolves): 0, or -1
 * after saying why. */
static int
host_address(cptr_t ep, const char *cmd, const char *host, word_t *addr)
{
	if (parse_ip(host, addr) == 0) {
		return 0;
	}
	int r = cairn_net_resolve(ep, host, RESOLVE_MS, addr);
	if (r != CAIRN_RESOLVE_FOUND) {
		printf("%s: %s: %s\n", cmd, host, cairn_net_resolve_text(r));
		return -1;
	}
	return 0;
}

static int
cmd_ifconfig(int argc, char **argv)
{
	struct cairn_net_info i;
	cptr_t ep;

	(void)argv;
	if (argc != 1) {
		printf("ifconfig: takes no arguments\n");
		return 1;
	}
	if ((ep = net_service("ifconfig")) == 0) {
		return 1;
	}
	int st = cairn_net_info(ep, &i);
	if (st != CAIRN_OK) {
		printf("ifconfig: the net service: status %d\n", st);
		return 1;
	}
	if (i.flags & CAIRN_NET_NO_NIC) {
		printf("en0: no network device\n");
		return 0;
	}
	printf("en0: %s, MTU %lu, MAC ",
	       i.flags & CAIRN_NET_LINK ? "link up" : "link down", i.mtu);
	for (int k = 0; k < 6; k++) {
		printf("%s%02lx", k ? ":" : "", i.mac >> (8 * k) & 255);
	}
	printf("\n  inet ");
	if (i.flags & CAIRN_NET_UP) {
		print_ip(i.addr);
		printf(" netmask ");
		print_ip(i.netmask);
		printf(" gateway ");
		print_ip(i.gateway);
		printf(" (%s)\n", i.flags & CAIRN_NET_DHCP ? "DHCP" : "static");
	} else {
		printf("none yet%s\n",
		       i.flags & CAIRN_NET_DHCP ? " (asking DHCP)" : "");
	}
	printf("  RX %lu frames, TX %lu frames\n", i.rx_frames, i.tx_frames);
	printf("  dns ");
	if (i.dns != 0) {
		print_ip(i.dns);
		printf(" (%s)\n",
		       i.flags & CAIRN_NET_DNS_ARG ? "argument" : "DHCP");
	} else {
		printf("none\n");
	}
	return 0;
}

static int
cmd_ping(int argc, char **argv)
{
	word_t addr, rtt, ttl, got = 0;
	long count = argc > 2 ? strtol(argv[2], NULL, 10) : 4;
	cptr_t ep;

	char ip[16];

	if (argc < 2 || argc > 3 || !host_ok(argv[1]) || count < 1 ||
	    count > 1000) {
		printf("ping: usage: ping HOST [COUNT 1-1000]\n");
		return 1;
	}
	if ((ep = net_service("ping")) == 0) {
		return 1;
	}
	if (have_address(ep) != 0) {
		printf("ping: no address: no network device, or DHCP had no "
		       "answer\n");
		return 1;
	}
	if (host_address(ep, "ping", argv[1], &addr) != 0) {
		return 1;
	}
	snprintf(ip, sizeof(ip), "%lu.%lu.%lu.%lu", addr >> 24 & 255,
		 addr >> 16 & 255, addr >> 8 & 255, addr & 255);
	if (strcmp(ip, argv[1]) != 0) {
		printf("PING %s (%s): %d data bytes\n", argv[1], ip,
		       PING_BYTES);
	} else {
		printf("PING %s: %d data bytes\n", argv[1], PING_BYTES);
	}
	for (long seq = 1; seq <= count; seq++) {
		int st = cairn_net_ping(ep, addr, (word_t)seq, PING_BYTES,
					PING_WAIT_MS, &rtt, &ttl);
		if (st == CAIRN_OK) {
			got++;
			printf(
			    "%d bytes from %s: seq=%ld ttl=%lu time=%lu.%03lu "
			    "ms\n",
			    PING_BYTES + 8, ip, seq, ttl, rtt / 1000,
			    rtt % 1000);
		} else if (st == CAIRN_E_WOULD_BLOCK) {
			printf("no reply for seq=%ld\n", seq);
		} else {
			printf("ping: %s: status %d (no address yet?)\n", ip,
			       st);
			return 1;
		}
		if (seq < count && st == CAIRN_OK &&
		    rtt < PING_WAIT_MS * 1000) {
			nap(PING_WAIT_MS - rtt / 1000);
		}
	}
	printf("--- %s: %ld sent, %lu received, %lu%% lost\n", argv[1], count,
	       got, (word_t)(count - (long)got) * 100 / (word_t)count);
	return got == 0;
}

/* "a.b.c.d:port" of an end as LIST gives it (address << 16 | port). */
static void
end_text(word_t e, char *out, size_t n)
{
	word_t a = e >> 16;

	if (e == 0) {
		snprintf(out, n, "*:*");
		return;
	}
	snprintf(out, n, "%lu.%lu.%lu.%lu:%lu", a >> 24 & 255, a >> 16 & 255,
		 a >> 8 & 255, a & 255, e & 0xffff);
}

static int
cmd_netstat(int argc, char **argv)
{
	static const char *const states[] = {
	    "?", "new", "listen", "syn-sent", "connected", "closed", "pending",
	};
	struct cairn_sockinfo i;
	word_t next = 0;
	int n = 0, r;

	(void)argv;
	if (argc != 1) {
		printf("netstat: takes no arguments\n");
		return 1;
	}
	if (net_service("netstat") == 0) {
		return 1;
	}
	printf("SOCK PROTO STATE      LOCAL                 REMOTE"
	       "                  PID  RX-Q\n");
	while ((r = cairn_sock_list(next, &i)) == 0) {
		char l[24], rem[24];
		end_text(i.local, l, sizeof(l));
		end_text(i.remote, rem, sizeof(rem));
		printf("%4lu %-5s %-10s %-21s %-21s %4lu %5lu\n", i.sock,
		       i.type == NET_TCP ? "tcp" : "udp",
		       i.state < 7 ? states[i.state] : "?", l, rem, i.owner,
		       i.rx_bytes);
		next = i.sock + 1;
		n++;
	}
	printf("%d sockets\n", n);
	return r == -ENOENT ? 0 : 1;
}

const struct command net_commands[] = {
    {"ifconfig", "", "the network interface", cmd_ifconfig},
    {"ping", "<host> [count]", "ICMP echo, round-trip times", cmd_ping},
    {"netstat", "", "the sockets: ends, state, owner", cmd_netstat},
    {"fetch", "<http://host[:port]/path> [file]",
     "HTTP GET: the body, its size and SHA-256", cmd_fetch},
    {NULL, NULL, NULL, NULL},
};
