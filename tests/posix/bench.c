/*
 * bench: the personality's figures, in the form tools/bench.sh reads
 * ("bench <name> <median> <min> <unit> <runs>").  posix_getppid: one
 * getppid, the `syscall` instruction itself, to the answer in rax: a
 * fault round trip through the kernel and the server's dispatch.  The
 * clock is the TSC, which counts guest instructions under QEMU's TCG
 * with -icount shift=0; the unit is the first argument.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>

#define RUNS   1000
#define WARMUP 100

static uint64_t samples[RUNS + WARMUP];

static inline uint64_t
clock_start(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return (uint64_t)hi << 32 | lo;
}

static inline uint64_t
clock_stop(void)
{
	uint32_t lo, hi, aux;

	__asm__ volatile("rdtscp; lfence"
			 : "=a"(lo), "=d"(hi), "=c"(aux)::"memory");
	return (uint64_t)hi << 32 | lo;
}

static long
raw_getppid(void)
{
	long r = SYS_getppid;

	__asm__ volatile("syscall" : "+a"(r) : : "rcx", "r11", "memory");
	return r;
}

static int
cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The median and minimum of the timed runs, less the clock's own cost. */
static void
report(const char *name, uint64_t overhead, const char *unit)
{
	qsort(samples + WARMUP, RUNS, sizeof(samples[0]), cmp);
	uint64_t med = samples[WARMUP + RUNS / 2], min = samples[WARMUP];
	printf("bench %s %llu %llu %s %d\n", name,
	       (unsigned long long)(med > overhead ? med - overhead : 0),
	       (unsigned long long)(min > overhead ? min - overhead : 0), unit,
	       RUNS);
}

int
main(int argc, char **argv)
{
	const char *unit = argc > 1 ? argv[1] : "cycles";
	long ppid = 0;

	for (int i = 0; i < RUNS + WARMUP; i++) {
		uint64_t t0 = clock_start();
		samples[i] = clock_stop() - t0;
	}
	qsort(samples + WARMUP, RUNS, sizeof(samples[0]), cmp);
	uint64_t overhead = samples[WARMUP + RUNS / 2];
	for (int i = 0; i < RUNS + WARMUP; i++) {
		uint64_t t0 = clock_start();
		ppid = raw_getppid();
		samples[i] = clock_stop() - t0;
	}
	report("posix_getppid", overhead, unit);
	printf("bench: ppid %ld\n", ppid);
	return 0;
}
