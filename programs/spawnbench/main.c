/*
 * spawnbench: the cost of a process, for `make bench`.  It starts itself
 * (with the argument "child", which returns at once) RUNS times and waits
 * for each: init reads the ELF file from the initramfs, checks it and its
 * manifest, makes the process's objects from a fresh block, loads and
 * relocates the image, and starts it; the child runs its start-up code
 * and exits; init reaps it and answers the wait.  Printed as median and
 * minimum in guest microseconds, or, given a unit name (make bench says
 * "instructions" under TCG's -icount, "cycles" under KVM), in ticks of
 * the clock below.
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

#if defined(__aarch64__)
/*
 * The clock on aarch64: the PMU's cycle counter, which the kernel lets
 * EL0 read and QEMU's TCG runs at 1 GHz from the virtual clock (so it
 * counts instructions under -icount shift=0, as x86_64's TSC does),
 * where the generic counter, cairn_rdtsc here, moves once in 16.  Its
 * rate for microseconds is measured against the counter over the runs.
 */
static uint64_t k0, c0;

static inline uint64_t
clock_now(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, pmccntr_el0" : "=r"(v)::"memory");
	return v;
}

static inline void
clock_begin(void)
{
	c0 = cairn_rdtsc();
	k0 = clock_now();
}

/* The clock's rate, given the counter's (hz). */
static inline uint64_t
clock_hz(uint64_t hz)
{
	uint64_t k = clock_now() - k0, c = cairn_rdtsc() - c0;

	return c != 0 ? k * hz / c : 1;
}
#else
/* The clock on x86_64: the TSC, at the bootinfo's rate. */
static inline uint64_t
clock_now(void)
{
	return cairn_rdtsc();
}

static inline void
clock_begin(void)
{
}

static inline uint64_t
clock_hz(uint64_t hz)
{
	return hz;
}
#endif

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
	clock_begin();
	for (int i = 0; i < RUNS; i++) {
		uint64_t t0 = clock_now();
		long pid = cairn_spawn(2, child, 0, why, sizeof(why));
		if (pid < 0) {
			printf("spawnbench: cannot start: %s\n", why);
			return 1;
		}
		if (cairn_wait_pid((word_t)pid) != 0) {
			printf("spawnbench: the child failed\n");
			return 1;
		}
		t[i] = clock_now() - t0;
	}
	hz = clock_hz(hz);
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
