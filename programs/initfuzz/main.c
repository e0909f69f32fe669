/*
 * initfuzz: throws random calls at init (every label but EXIT) and at
 * the serial driver, with random words and lengths, from a seed it
 * prints; then checks that both still answer.
 * A process can send init anything: init must refuse, never fail.
 */
#include <cairn/manifest.h>
#include <stdio.h>
#include <stdlib.h>

#include "procrt.h"

CAIRN_MANIFEST("name initfuzz\n"
	       "description random calls to init and the serial driver\n"
	       "quota 2M\n"
	       "needs serial\n");

static uint64_t seed;

static uint64_t
next(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

/* Words that are often small, sometimes edge values, sometimes wild. */
static word_t
word(void)
{
	static const word_t edges[] = {0,    1,	   2,	       3,
				       4095, 4096, ~0ull,      1ull << 63,
				       480,  496,  1ull << 20, 0x1000000};
	switch (next() % 4) {
	case 0:
		return next() % 16;
	case 1:
		return edges[next() % (sizeof(edges) / sizeof(edges[0]))];
	default:
		return next();
	}
}

int
main(int argc, char **argv)
{
	/* Every label but EXIT; those that act on others or on the machine
	 * are refused to it (it has no "control" or "spawn" in boot.conf). */
	static const word_t labels[] = {0,
					CAIRN_INIT_MORECORE,
					CAIRN_INIT_SPAWN,
					CAIRN_INIT_KILL,
					CAIRN_INIT_WAIT,
					CAIRN_INIT_PS,
					CAIRN_INIT_MEM,
					CAIRN_INIT_CAPS,
					CAIRN_INIT_LS,
					CAIRN_INIT_READ,
					CAIRN_INIT_POWEROFF,
					CAIRN_INIT_REBOOT,
					CAIRN_INIT_LOG,
					CAIRN_INIT_CRASH,
					CAIRN_INIT_TEST,
					CAIRN_INIT_SHM_CREATE,
					CAIRN_INIT_MAKE,
					CAIRN_INIT_BENCH,
					99,
					~0ull >> 12};
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "serial");
	long count = argc > 1 ? strtol(argv[1], NULL, 0) : 2000;

	seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x5EED;
	seed = seed ? seed : 1;
	printf("initfuzz: %ld calls, seed 0x%lx\n", count, seed);
	for (long i = 0; i < count; i++) {
		struct cairn_msg m = {0};
		word_t len = next() % (CAIRN_MSG_MAX_LENGTH + 1);
		for (word_t k = 0; k < len; k++) {
			m.w[k] = word();
		}
		if (next() % 4 == 0 && g != NULL) {
			/* The driver: writes of any claimed length. */
			m.w[0] = word() % 1024;
			cairn_call(g->slot, CAIRN_SERIAL_WRITE, len, &m);
			continue;
		}
		word_t label =
		    labels[next() % (sizeof(labels) / sizeof(labels[0]))];
		if (label == CAIRN_INIT_WAIT) {
			m.w[0] |= 1ull << 40; /* never a real child: no wait */
		}
		cairn_call(CAIRN_PROC_INIT, label, len, &m);
	}
	struct cairn_msg m = {0};
	int st = cairn_init_call(CAIRN_INIT_MEM, 0, &m);
	printf("\ninitfuzz: init %s, the console answers\n",
	       st == CAIRN_OK ? "answers" : "DOES NOT answer");
	return st != CAIRN_OK;
}
