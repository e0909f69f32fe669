/*
 * spawnbench: the cost of a process, for `make bench`.  It starts itself
 * (with the argument "child", which returns at once) RUNS times and waits
 * for each: init reads the ELF file from the initramfs, checks it and its
 * manifest, makes the process's objects from a fresh block, loads and
 * relocates the image, and starts it; the child runs its start-up code
 * and exits; init reaps it and answers the wait.  Printed as median and
 * minimum in guest microseconds, or, given a unit name (make bench says
 * "instructions" under TCG's -icount, "cycles" under KVM), in TSC ticks.
 */
#include <cairn/manifest.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procrt.h"

CAIRN_MANIFEST("name spawnbench\n"
	       "description how long starting a process takes\n"
	       "quota 128K\n"
	       "needs serial\n");

#define RUNS 100

static uint64_t t[RUNS];

static int
cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	const char *child[] = {"spawnbench", "child"};
	uint64_t hz = cairn_procinfo->tsc_hz ? cairn_procinfo->tsc_hz : 1;
	char why[100];

	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		return 0;
	}
	for (int i = 0; i < RUNS; i++) {
		uint64_t t0 = cairn_rdtsc();
		long pid = cairn_spawn(2, child, 0, why, sizeof(why));
		if (pid < 0) {
			printf("spawnbench: cannot start: %s\n", why);
			return 1;
		}
		if (cairn_wait_pid((word_t)pid) != 0) {
			printf("spawnbench: the child failed\n");
			return 1;
		}
		t[i] = cairn_rdtsc() - t0;
	}
	qsort(t, RUNS, sizeof(t[0]), cmp);
	if (argc > 1) {
		printf("bench process_spawn_wait %lu %lu %s %d\n", t[RUNS / 2],
		       t[0], argv[1], RUNS);
	} else {
		printf("bench process_spawn_wait %lu %lu us %d\n",
		       t[RUNS / 2] * 1000000 / hz, t[0] * 1000000 / hz, RUNS);
	}
	return 0;
}
