/*
 * nictest: the NIC driver from a client's side (docs/net.md, "The NIC
 * protocol"), on QEMU's user network (run-qemu.sh --net: slirp, the
 * guest 10.0.2.15, the gateway 10.0.2.2).
 *
 *	nictest			refusals, the NIC's facts, an ARP request
 *				for the gateway and its answer, ten pings
 *				of the gateway, the driver's figures
 *	nictest loop N		N pings, each sent again (up to 5 times)
 *				if its answer does not come in a second
 *	nictest crash K N	`nictest loop N` while the driver is
 *				crashed K times (init's CRASH: boot.conf's
 *				allow control)
 *
 * Every wait is bounded: the timer service signals the same
 * notification as the driver (another badge), so a lost frame fails
 * the test instead of hanging it.
 */
#include <cairn/manifest.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frames.h"
#include "procrt.h"
#include "proto/nic.h"

CAIRN_MANIFEST("name nictest\n"
	       "description checks the NIC driver\n"
	       "quota 512K\n"
	       "receive\n"
	       "needs nic\n"
	       "needs timer\n"
	       "needs serial\n");

#define REGION	  (64ul << 10)
#define RX_AREA	  4096 /* TX frames below it, RX records above */
#define BIT_NIC	  1ul  /* the notification's badges */
#define BIT_TIMER 2ul
#define TIMER_ID  1
#define MS	  1000000ul
#define PINGS	  10u
#define ID	  0xca19

static struct cairn_nic nic;
static cptr_t ntfn, timer;
static uint8_t gw_mac[6];
static word_t signals; /* the driver's, seen */

/* The notification, its copies for the driver and the timer, and the
 * timer that bounds each wait.  0, or 1 after saying why. */
static int
setup(void)
{
	const struct cairn_grant *tg =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "timer");
	int st;

	ntfn = cairn_make(CAIRN_OBJ_NOTIFICATION, &st);
	cptr_t tsig = ntfn ? cairn_ntfn_badged(ntfn, BIT_TIMER) : 0;
	if (tg == NULL || tsig == 0) {
		printf("nictest: no notification or timer: status %d\n", st);
		return 1;
	}
	timer = tg->slot;
	st = cairn_timer_arm(timer, TIMER_ID, 1000 * MS, 0);
	if (st == CAIRN_OK) {
		st = cairn_timer_signal(timer, TIMER_ID, tsig);
	}
	if (st != CAIRN_OK) {
		printf("nictest: the timer refused: status %d\n", st);
		return 1;
	}
	return 0;
}

static word_t
now_ns(void)
{
	word_t ns = 0;

	cairn_timer_now(timer, &ns);
	return ns;
}

/* Wait until the driver signals (1) or deadline passes (0). */
static int
wait_frames(word_t deadline)
{
	for (;;) {
		word_t now = now_ns(), bits = 0;
		if (now >= deadline) {
			return 0;
		}
		cairn_timer_arm(timer, TIMER_ID, deadline - now, 0);
		cairn_wait(ntfn, &bits);
		if (bits & BIT_NIC) {
			signals++;
			return 1;
		}
	}
}

/* A frame that is not the one waited for: answer ARP for our address. */
static void
other(uint8_t *f, size_t len)
{
	uint8_t *tx = (uint8_t *)nic.addr;
	size_t out;

	if (len <= RX_AREA && arp_answer(f, len, nic.mac, &out)) {
		memcpy(tx, f, out);
		cairn_nic_tx(&nic, tx, out);
	}
}

/*
 * Take frames until match says one is it (1, or -1: it is, but wrong),
 * answering others; 0 once deadline passes.
 */
static int
receive(int (*match)(uint8_t *f, size_t len, void *arg), void *arg,
	word_t deadline)
{
	uint8_t *buf = (uint8_t *)nic.addr + RX_AREA;

	for (;;) {
		word_t frames, used, more;
		int st = cairn_nic_rx(&nic, buf, nic.size - RX_AREA, &frames,
				      &used, &more);
		if (st != CAIRN_OK) {
			printf("nictest: RX: status %d\n", st);
			return -1;
		}
		for (word_t at = 0, i = 0; i < frames && at + 2 <= used; i++) {
			size_t len = buf[at] | buf[at + 1] << 8;
			if (at + CAIRN_NIC_REC_HDR + len > used) {
				printf("nictest: a record past the end\n");
				return -1;
			}
			uint8_t *f = buf + at + CAIRN_NIC_REC_HDR;
			int m = match(f, len, arg);
			if (m != 0) {
				return m;
			}
			other(f, len);
			at += CAIRN_NIC_REC_SIZE(len);
		}
		if (more == 0 && !wait_frames(deadline)) {
			return 0;
		}
	}
}

static int
is_arp_reply(uint8_t *f, size_t len, void *arg)
{
	(void)arg;
	return arp_is_reply(f, len, nic.mac, gateway_ip, gw_mac);
}

/* Ask for the gateway's MAC, up to 5 times: 0, or 1 after saying why. */
static int
arp_gateway(int quiet)
{
	uint8_t *tx = (uint8_t *)nic.addr;

	for (int i = 0; i < 5; i++) {
		size_t n = arp_request(tx, nic.mac, gateway_ip);
		int st = cairn_nic_tx(&nic, tx, n);
		if (st == CAIRN_OK &&
		    receive(is_arp_reply, NULL, now_ns() + 1000 * MS) == 1) {
			if (!quiet) {
				printf("nictest: ARP: 10.0.2.2 is at "
				       "%02x:%02x:%02x:%02x:%02x:%02x\n",
				       gw_mac[0], gw_mac[1], gw_mac[2],
				       gw_mac[3], gw_mac[4], gw_mac[5]);
			}
			return 0;
		}
	}
	printf("nictest: ARP: no answer from 10.0.2.2 FAILED\n");
	return 1;
}

struct want {
	uint16_t seq;
	const char *why;
};

static int
is_echo_reply(uint8_t *f, size_t len, void *arg)
{
	struct want *w = arg;

	return echo_is_reply(f, len, nic.mac, ID, w->seq, &w->why);
}

/*
 * Ping the gateway with seq, sending again up to tries times: the round
 * trip's microseconds, or -1 after saying why.  *resent counts again.
 */
static long
ping(uint16_t seq, int tries, word_t *resent)
{
	uint8_t *tx = (uint8_t *)nic.addr;
	struct want w = {seq, NULL};

	for (int i = 0; i < tries; i++) {
		size_t n = echo_request(tx, nic.mac, gw_mac, ID, seq);
		uint64_t t0 = cairn_rdtsc();
		word_t deadline = now_ns() + 1000 * MS;
		int st = cairn_nic_tx(&nic, tx, n);
		/* The driver's signal first (it may have come already). */
		int r = st == CAIRN_OK && wait_frames(deadline)
			    ? receive(is_echo_reply, &w, deadline)
			    : 0;
		if (r == 1) {
			uint64_t hz = cairn_procinfo->tsc_hz;
			return (long)((cairn_rdtsc() - t0) * 1000000 /
				      (hz ? hz : 1));
		}
		if (r < 0) {
			printf("nictest: ping %u: bad reply: %s FAILED\n", seq,
			       w.why ? w.why : "RX failed");
			return -1;
		}
		*resent += 1;
	}
	printf("nictest: ping %u: no reply FAILED\n", seq);
	return -1;
}

/* One refusal: label's call of n words must answer want. */
static int
refused(const char *what, word_t label, word_t n, word_t a, word_t b, int want)
{
	struct cairn_msg m = {0};

	m.w[0] = a;
	m.w[1] = b;
	int st = cairn_call(nic.ep, label, n, &m);
	if (st == CAIRN_OK) {
		st = (int)m.label;
	}
	if (st != want) {
		printf("nictest: %s: status %d, expected %d FAILED\n", what, st,
		       want);
		return 1;
	}
	return 0;
}

/* ATTACH with an endpoint of our own, which nobody serves. */
static int
foreign_attach(void)
{
	struct cairn_msg m = {0};
	int st;
	cptr_t ep = cairn_make(CAIRN_OBJ_ENDPOINT, &st);

	if (ep == 0) {
		printf("nictest: no endpoint of our own: status %d\n", st);
		return 1;
	}
	m.caps = 1;
	cairn_ipcbuf()->caps[0] = ep;
	st = cairn_call(nic.ep, CAIRN_NIC_ATTACH, 0, &m);
	st = st == CAIRN_OK ? (int)m.label : st;
	if (st != CAIRN_E_INVALID_CAP) {
		printf("nictest: a foreign endpoint as region: status %d "
		       "FAILED\n",
		       st);
		return 1;
	}
	return 0;
}

/* Before the region is attached: 5 refusals. */
static int
refusals_before(void)
{
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "nic");
	int bad = 0;

	nic.ep = g ? g->slot : 0;
	bad |= refused("TX, no region", CAIRN_NIC_TX, 2, 0x100000, 60,
		       CAIRN_E_INVALID_CAP);
	bad |= refused("RX, no region", CAIRN_NIC_RX, 2, 0x100000, 4096,
		       CAIRN_E_INVALID_CAP);
	bad |= refused("LISTEN, no capability", CAIRN_NIC_LISTEN, 0, 0, 0,
		       CAIRN_E_INVALID_CAP);
	bad |= refused("ATTACH, no capability", CAIRN_NIC_ATTACH, 0, 0, 0,
		       CAIRN_E_INVALID_CAP);
	bad |= foreign_attach();
	return bad;
}

/* With the region attached: 9 refusals. */
static int
refusals_after(void)
{
	word_t a = nic.addr, end = nic.addr + nic.size;
	int bad = 0;

	bad |= refused("TX outside the region", CAIRN_NIC_TX, 2, 0x1000, 60,
		       CAIRN_E_RANGE);
	bad |= refused("TX across its end", CAIRN_NIC_TX, 2, end - 30, 60,
		       CAIRN_E_RANGE);
	bad |= refused("TX too short", CAIRN_NIC_TX, 2, a, 13, CAIRN_E_RANGE);
	bad |= refused("TX too long", CAIRN_NIC_TX, 2, a, 1515, CAIRN_E_RANGE);
	bad |= refused("TX, one word", CAIRN_NIC_TX, 1, a, 0,
		       CAIRN_E_INVALID_ARGUMENT);
	bad |= refused("RX outside the region", CAIRN_NIC_RX, 2, 0x1000, 4096,
		       CAIRN_E_RANGE);
	bad |= refused("RX across its end", CAIRN_NIC_RX, 2, end - 100, 4096,
		       CAIRN_E_RANGE);
	bad |= refused("RX into too little room", CAIRN_NIC_RX, 2, a, 100,
		       CAIRN_E_RANGE);
	bad |= refused("unknown call", 77, 0, 0, 0, CAIRN_E_ILLEGAL_OPERATION);
	return bad;
}

/* Hand over capability cap by LISTEN: the status. */
static int
listen_with(cptr_t cap)
{
	struct cairn_msg m = {0};

	m.caps = 1;
	cairn_ipcbuf()->caps[0] = cap;
	int st = cairn_call(nic.ep, CAIRN_NIC_LISTEN, 0, &m);
	return st == CAIRN_OK ? (int)m.label : st;
}

/*
 * An endpoint of ours passed off as the notification: the driver cannot
 * tell, but signalling it must not hold the driver up (nobody receives
 * on it).  A frame comes meanwhile; RX still answers.  0, or 1.
 */
static int
endpoint_as_notification(void)
{
	int st;
	cptr_t ep = cairn_make(CAIRN_OBJ_ENDPOINT, &st);
	uint8_t *tx = (uint8_t *)nic.addr;
	word_t frames, used, more;

	if (ep == 0 || listen_with(ep) != CAIRN_OK) {
		printf("nictest: LISTEN with an endpoint refused FAILED\n");
		return 1;
	}
	cairn_nic_tx(&nic, tx, arp_request(tx, nic.mac, gateway_ip));
	cairn_timer_sleep(timer, 50 * MS);
	st = cairn_nic_rx(&nic, (uint8_t *)nic.addr + RX_AREA,
			  nic.size - RX_AREA, &frames, &used, &more);
	int again = listen_with(nic.ntfn);
	if (st != CAIRN_OK || frames == 0 || again != CAIRN_OK) {
		printf("nictest: after an endpoint as notification: RX status "
		       "%d, %lu frames; LISTEN again %d FAILED\n",
		       st, frames, again);
		return 1;
	}
	printf("nictest: an endpoint given as the notification does not hold "
	       "the driver\n");
	return 0;
}

static void
stats(void)
{
	struct cairn_nic_stats s;

	if (cairn_nic_stats(&nic, &s) == CAIRN_OK) {
		printf("nictest: driver: rx %lu frames (%lu bytes), tx %lu "
		       "frames (%lu bytes), %lu dropped, %lu full, %lu "
		       "interrupts, %lu resets; %lu calls retried here\n",
		       s.rx_frames, s.rx_bytes, s.tx_frames, s.tx_bytes,
		       s.rx_dropped, s.tx_full, s.interrupts, s.resets,
		       nic.retries);
	}
}

static int
open_nic(void)
{
	cptr_t sig = cairn_ntfn_badged(ntfn, BIT_NIC);
	int st =
	    sig ? cairn_nic_open(&nic, 0, REGION, sig) : CAIRN_E_NO_FREE_SLOT;

	if (st != CAIRN_OK) {
		printf("nictest: cannot open the NIC: status %d FAILED\n", st);
		return 1;
	}
	return 0;
}

static int
full(void)
{
	int bad = refusals_before();
	word_t resent = 0;

	if (open_nic() != 0) {
		return 1;
	}
	printf("nictest: mac %02x:%02x:%02x:%02x:%02x:%02x, mtu %lu, link "
	       "%s\n",
	       nic.mac[0], nic.mac[1], nic.mac[2], nic.mac[3], nic.mac[4],
	       nic.mac[5], nic.mtu,
	       nic.flags & CAIRN_NIC_LINK_UP ? "up" : "down");
	bad |= refusals_after();
	if (!bad) {
		printf("nictest: 14 bad calls refused as they should be\n");
	}
	bad |= endpoint_as_notification();
	if (arp_gateway(0) != 0) {
		return 1;
	}
	for (uint16_t seq = 1; seq <= PINGS; seq++) {
		long us = ping(seq, 1, &resent);
		if (us < 0) {
			return 1;
		}
		printf("nictest: ping %u: reply from 10.0.2.2, %ld us\n", seq,
		       us);
	}
	printf("nictest: %u pings answered, payload and checksums right; "
	       "%lu signals\n",
	       PINGS, signals);
	stats();
	if (signals < PINGS) {
		printf("nictest: fewer signals than replies FAILED\n");
		bad = 1;
	}
	return bad;
}

static int
loop(unsigned long n)
{
	word_t resent = 0;

	if (open_nic() != 0 || arp_gateway(1) != 0) {
		return 1;
	}
	for (unsigned long i = 1; i <= n; i++) {
		if (ping((uint16_t)i, 5, &resent) < 0) {
			return 1;
		}
		cairn_timer_sleep(timer, 10 * MS);
	}
	printf("nictest: loop: %lu pings answered, %lu sent again; %lu calls "
	       "retried\n",
	       n, resent, nic.retries);
	return 0;
}

/* `nictest loop n` while the driver is crashed k times, 300 ms apart. */
static int
crash(unsigned long k, const char *n)
{
	const char *argv[] = {"nictest", "loop", n};
	char why[100];
	long pid = cairn_spawn(3, argv, 0, why, sizeof(why));

	if (pid < 0) {
		printf("nictest: cannot start the loop: %s\n", why);
		return 1;
	}
	for (unsigned long i = 0; i < k; i++) {
		cairn_timer_sleep(timer, 300 * MS);
		int st = cairn_init_crash("virtio-net");
		printf("nictest: crash %lu of virtio-net: status %d\n", i + 1,
		       st);
	}
	long st = cairn_wait_pid((word_t)pid);
	printf("nictest: crash test %s (the loop's status %ld)\n",
	       st == 0 ? "passed" : "FAILED", st);
	return st != 0;
}

static int
run(int argc, char **argv)
{
	if (argc == 1) {
		int bad = full();
		printf("nictest: %s\n", bad ? "FAILED" : "all passed");
		return bad;
	}
	if (argc == 3 && strcmp(argv[1], "loop") == 0) {
		return loop(strtoul(argv[2], NULL, 10));
	}
	if (argc == 4 && strcmp(argv[1], "crash") == 0) {
		return crash(strtoul(argv[2], NULL, 10), argv[3]);
	}
	printf("usage: nictest [loop N | crash K N]\n");
	return 2;
}

int
main(int argc, char **argv)
{
	if (setup() != 0) {
		return 1;
	}
	int st = run(argc, argv);
	/* The timer service keeps a copy of our notification until the
	 * timer goes: it must not signal one that ended with us. */
	cairn_timer_cancel(timer, TIMER_ID);
	return st;
}
