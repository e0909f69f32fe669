/*
 * netc: the server's one client of the net service (sock.h).  It
 * attaches a region when a socket is first made, and gives the service
 * its notification (NET_NOTIFY) after each attach.  A call that finds the
 * service restarted (INVALID_CAP: it knows us not; DELETED: it died with
 * our call) ends the service's life we knew: every socket made in it is
 * gone (a connection answers ECONNRESET, any other EBADF), and the next
 * call for a new socket attaches again.
 */
#include <stdio.h>

#include "procrt.h"
#include "proto/init.h"
#include "proto/timer.h"
#include "sock.h"

#define TICK_ID 2	      /* the timer service's timer: sleep.c has 1 */
#define TICK_NS 1000000000ull /* while calls are held */

static struct {
	struct cairn_client_region r;
	bool attached;
	unsigned gen; /* the service's lives we have seen end */
	cptr_t ntfn;  /* our notification, badged: NOTIFY's */
	bool ticking; /* the 1 s tick runs */
} nc;

_Static_assert(NETC_DATA % 8 == 0, "POLL's entry is aligned");

int
sock_init(word_t badge)
{
	const struct cairn_grant *n =
	    cairn_grant_find(CAIRN_GRANT_NOTIFY, NULL);
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "net");

	nc.ntfn = n != NULL ? cairn_ntfn_badged(n->slot, badge) : 0;
	nc.r.ep = g != NULL ? g->slot : 0;
	return nc.ntfn != 0 && nc.r.ep != 0 ? 0 : -1;
}

char *
netc_data(void)
{
	return (char *)nc.r.addr;
}

struct cairn_pollsock *
netc_pollent(void)
{
	return (struct cairn_pollsock *)(nc.r.addr + NETC_DATA);
}

unsigned
netc_gen(void)
{
	return nc.gen;
}

void
netc_tick_on(void)
{
	const struct cairn_grant *t =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "timer");

	if (nc.ticking || t == NULL) {
		return;
	}
	/* A timer is armed before it is given a notification. */
	if (cairn_timer_arm(t->slot, TICK_ID, TICK_NS, TICK_NS) == 0 &&
	    cairn_timer_signal(t->slot, TICK_ID, nc.ntfn) == 0) {
		nc.ticking = true;
	}
}

/* Attach the region (made the first time) and give the notification:
 * 0 or -errno.  A service that is not running is ENETDOWN: a call to its
 * endpoint would wait until one runs. */
static int
attach(void)
{
	struct cairn_msg m = {0};

	if (nc.r.ep == 0 || nc.ntfn == 0 || !cairn_init_running("net")) {
		return -ENETDOWN;
	}
	int r = cairn_region_attach(&nc.r, NET_ATTACH, SOCK_REGION_SIZE, 3);
	if (r < 0) {
		return r;
	}
	m.caps = 1;
	cairn_ipcbuf()->caps[0] = nc.ntfn;
	int st = cairn_call(nc.r.ep, NET_NOTIFY, 0, &m);
	if (st != CAIRN_OK || m.label != CAIRN_OK || m.w[0] != 0) {
		printf("posix: the net service refused our notification\n");
		return -ENETDOWN;
	}
	nc.attached = true;
	return 0;
}

/* The socket k's number, or -errno if its service's life has ended. */
static long
sid_of(const struct psock *k)
{
	if (k->gen != nc.gen) {
		return k->type == NET_TCP && (k->connected || k->connecting)
			   ? -ECONNRESET
			   : -EBADF;
	}
	return k->sid;
}

long
netc_call(word_t label, word_t n, word_t *w, struct psock *k)
{
	for (int tries = 0; tries < 2; tries++) {
		struct cairn_msg m = {0};
		long s = k != NULL ? sid_of(k) : 0;
		if (s < 0) {
			return s;
		}
		if (!nc.attached) {
			int r = attach();
			if (r < 0) {
				return r;
			}
		}
		for (word_t i = 0; i < n; i++) {
			m.w[i] = w[i];
		}
		if (k != NULL) {
			m.w[0] = (word_t)s;
		}
		int st = cairn_call(nc.r.ep, label, n, &m);
		st = st == CAIRN_OK ? (int)m.label : st;
		if (st == CAIRN_OK) {
			for (int i = 0; i < 3; i++) {
				w[i] = m.w[i];
			}
			return (long)m.w[0];
		}
		if (st != CAIRN_E_INVALID_CAP && st != CAIRN_E_DELETED) {
			return -EIO;
		}
		/* The service restarted: its sockets are gone. */
		nc.attached = false;
		nc.gen++;
	}
	return -EIO;
}
