/*
 * nosy: an ordinary program that tries what only trusted ones may: kill
 * another process, crash a service, power off or reboot the machine, run
 * the kernel suites, start a program.  init must refuse each; nosy says
 * what it got.  It also sends the serial driver and the timer service
 * calls that pose as their interrupts, or as init: they must answer.
 */
#include <cairn/manifest.h>
#include <stdio.h>
#include <string.h>

#include "procrt.h"

CAIRN_MANIFEST("name nosy\n"
	       "description tries what it may not\n"
	       "quota 128K\n"
	       "needs serial\n"
	       "needs timer\n");

static int
try(const char *what, word_t label, word_t w0, const char *s)
{
	struct cairn_msg m = {0};
	word_t len = 1;

	m.w[0] = w0;
	if (s != NULL) {
		m.w[0] = strlen(s);
		cairn_msg_put(&m, 1, s, strlen(s));
		len = 3;
	}
	int st = cairn_init_call(label, len, &m);
	printf("nosy: %s: %s\n", what,
	       st == CAIRN_E_ILLEGAL_OPERATION ? "refused" : "ALLOWED");
	return st != CAIRN_E_ILLEGAL_OPERATION;
}

int
main(int argc, char **argv)
{
	const char *args[] = {"hello"};
	int bad = 0;

	(void)argc;
	(void)argv;
	bad |= try("kill 1", CAIRN_INIT_KILL, 1, NULL);
	bad |= try("crash serial", CAIRN_INIT_CRASH, 0, "serial");
	bad |= try("test", CAIRN_INIT_TEST, 0, NULL);
	bad |= try("bench", CAIRN_INIT_BENCH, 0, NULL);
	bad |= try("fuzz", CAIRN_INIT_FUZZ, 1, NULL);
	bad |= try("reboot", CAIRN_INIT_REBOOT, 0, NULL);
	bad |= try("poweroff", CAIRN_INIT_POWEROFF, 0, NULL);
	const char *svc[] = {"serial", "timer"};
	for (int i = 0; i < 2; i++) {
		const struct cairn_grant *g =
		    cairn_grant_find(CAIRN_GRANT_NEEDS, svc[i]);
		struct cairn_msg m = {0};
		int st =
		    g == NULL
			? -1
			: cairn_call(g->slot, CAIRN_LABEL_NOTIFICATION, 0, &m);
		printf("nosy: %s, a call posing as its interrupt: %s\n", svc[i],
		       st == CAIRN_OK && m.label == CAIRN_E_ILLEGAL_OPERATION
			   ? "refused"
			   : "ALLOWED");
		bad |=
		    !(st == CAIRN_OK && m.label == CAIRN_E_ILLEGAL_OPERATION);
	}
	const struct cairn_grant *tg =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "timer");
	struct cairn_msg w = {0};
	w.w[0] = 1;
	int wst = cairn_call(tg->slot, CAIRN_TIMER_WAKE_INIT, 1, &w);
	printf("nosy: timer, a wake-up posing as init's: %s\n",
	       wst == CAIRN_OK && w.label == CAIRN_E_ILLEGAL_OPERATION
		   ? "refused"
		   : "ALLOWED");
	bad |= !(wst == CAIRN_OK && w.label == CAIRN_E_ILLEGAL_OPERATION);
	bad |= try("log 0", CAIRN_INIT_LOG, 0, NULL);
	long pid = cairn_spawn(1, args, 0, NULL, 0);
	printf("nosy: run hello: %s\n",
	       pid == -CAIRN_E_ILLEGAL_OPERATION ? "refused" : "ALLOWED");
	bad |= pid != -CAIRN_E_ILLEGAL_OPERATION;
	return bad;
}
