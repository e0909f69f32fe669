/*
 * serialtest: the serial driver's calls for a server that must never
 * wait: READ_NB and NOTIFY, their refusals, then a line typed on the
 * console read through both (the system test types it).  `serialtest
 * crash N` instead crashes the driver after N seconds (run in the
 * background: the posix server must arm its notification again).
 */
#include <cairn/manifest.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procrt.h"

CAIRN_MANIFEST("name serialtest\n"
	       "description the serial driver's READ_NB and NOTIFY\n"
	       "quota 128K\n"
	       "notify\n"
	       "needs serial\n"
	       "needs timer\n");

static int failed;

static void
check(const char *what, long got, long want)
{
	printf("serialtest: %s: %ld%s\n", what, got,
	       got == want ? "" : " (WRONG)");
	failed |= got != want;
}

/* A call of label with MR0 w0 and len words: its status. */
static long
call(cptr_t ep, word_t label, word_t w0, word_t len)
{
	struct cairn_msg m = {0};

	m.w[0] = w0;
	int st = cairn_call(ep, label, len, &m);
	return st != CAIRN_OK ? st : (long)m.label;
}

static void
refusals(cptr_t ep)
{
	char b[8];

	check("READ_NB of 0 bytes", call(ep, CAIRN_SERIAL_READ_NB, 0, 1),
	      CAIRN_E_INVALID_ARGUMENT);
	check("READ_NB without its length",
	      call(ep, CAIRN_SERIAL_READ_NB, 5, 0), CAIRN_E_INVALID_ARGUMENT);
	check("READ of 0 bytes", call(ep, CAIRN_SERIAL_READ, 0, 1),
	      CAIRN_E_INVALID_ARGUMENT);
	check("NOTIFY without a capability",
	      call(ep, CAIRN_SERIAL_NOTIFY, 1, 1), CAIRN_E_INVALID_CAP);
	check("NOTIFY 2", call(ep, CAIRN_SERIAL_NOTIFY, 2, 1),
	      CAIRN_E_INVALID_ARGUMENT);
	check("NOTIFY without its word", call(ep, CAIRN_SERIAL_NOTIFY, 1, 0),
	      CAIRN_E_INVALID_ARGUMENT);
	check("NOTIFY 0 with none armed", call(ep, CAIRN_SERIAL_NOTIFY, 0, 1),
	      CAIRN_OK);
	check("READ_NB with nothing typed", cairn_serial_read_nb(ep, b, 8), 0);
	check("UNREAD without a notification armed",
	      cairn_serial_unread(ep, "x", 1), CAIRN_E_ILLEGAL_OPERATION);
}

/* Wait for a line through the notification, read by READ_NB. */
static void
line(cptr_t ep, cptr_t ntfn)
{
	char got[128] = "";
	size_t n = 0;
	int signals = 0;
	bool whole = false;
	word_t bits;

	check("NOTIFY", cairn_serial_notify(ep, ntfn), CAIRN_OK);
	check("UNREAD of 0 bytes", call(ep, CAIRN_SERIAL_UNREAD, 0, 1),
	      CAIRN_E_INVALID_ARGUMENT);
	check("UNREAD of more bytes than came",
	      call(ep, CAIRN_SERIAL_UNREAD, 9, 1), CAIRN_E_INVALID_ARGUMENT);
	check("UNREAD of 497 bytes", call(ep, CAIRN_SERIAL_UNREAD, 497, 64),
	      CAIRN_E_INVALID_ARGUMENT);
	printf("serialtest: type a line\n");
	while (!whole && n < sizeof(got)) {
		cairn_wait(ntfn, &bits);
		signals++;
		long k;
		while (n < sizeof(got) &&
		       (k = cairn_serial_read_nb(ep, got + n,
						 sizeof(got) - n)) > 0) {
			n += (size_t)k;
			whole = got[n - 1] == '\r' || got[n - 1] == '\n';
		}
	}
	printf("serialtest: read '%.*s' after %d signals\n", (int)n - 1, got,
	       signals);
	/* Given back: the next read has it first, before what waits. */
	check("UNREAD", cairn_serial_unread(ep, "back", 4), CAIRN_OK);
	long k = cairn_serial_read_nb(ep, got, sizeof(got));
	check("READ_NB after UNREAD has its bytes",
	      k == 4 && memcmp(got, "back", 4) == 0, 1);
	check("NOTIFY 0", cairn_serial_notify(ep, 0), CAIRN_OK);
	failed |= !whole;
}

int
main(int argc, char **argv)
{
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "serial");
	const struct cairn_grant *n =
	    cairn_grant_find(CAIRN_GRANT_NOTIFY, NULL);

	if (argc > 2 && strcmp(argv[1], "crash") == 0) {
		const struct cairn_grant *t =
		    cairn_grant_find(CAIRN_GRANT_NEEDS, "timer");
		if (t == NULL) {
			return 1;
		}
		cairn_timer_sleep(t->slot,
				  strtoul(argv[2], NULL, 0) * 1000000000ul);
		return cairn_init_crash("serial") != CAIRN_OK;
	}
	if (g == NULL || n == NULL) {
		printf("serialtest: no serial or notify grant\n");
		return 1;
	}
	refusals(g->slot);
	line(g->slot, n->slot);
	printf("serialtest: %s\n", failed ? "FAILED" : "ok");
	return failed;
}
