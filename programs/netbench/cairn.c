/*
 * netbench's hooks for Cairn: the manifest and ping through the net
 * service (NET_PING), timed here around the call as Linux's is around
 * its socket (the clock is the arch's, in arch/<arch>/clock.c).  httpd
 * already runs from boot.conf.
 */
#include <cairn/manifest.h>
#include <stdio.h>

#include "netbench.h"
#include "procrt.h"
#include "proto/net.h"

CAIRN_MANIFEST("name netbench\n"
	       "description the guest end of make bench's network figures\n"
	       "quota 512K\n"
	       "receive\n"
	       "needs serial\n"
	       "needs net\n");

#define PING_BYTES 56
#define PING_WAIT  1000

int
netbench_setup(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
netbench_ping(uint32_t addr, uint16_t seq, uint64_t *ticks)
{
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "net");
	word_t rtt, ttl;
	uint64_t t0 = netbench_clock();

	if (g == NULL || cairn_net_ping(g->slot, addr, seq, PING_BYTES,
					PING_WAIT, &rtt, &ttl) != CAIRN_OK) {
		return -1;
	}
	*ticks = netbench_clock() - t0;
	return 0;
}

int
netbench_done(int status)
{
	printf("netbench: %s\n", status == 0 ? "done" : "failed");
	return status;
}
