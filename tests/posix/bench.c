/*
 * bench: the personality's figures, in the form tools/bench.sh reads
 * ("bench <name> <median> <min> <unit> <runs>"), beside Linux's in the
 * same QEMU (bench/yardsticks.txt):
 *   posix_getppid: one getppid, the `syscall` instruction itself, to the
 *     answer in rax: a fault round trip through the kernel and the
 *     server's dispatch;
 *   posix_pipe_roundtrip: a byte to a child through one pipe and back
 *     through another;
 *   posix_fork_exec_wait: fork, the child execs /ptest/true, the parent
 *     waits for it;
 *   posix_fork_exit_wait_1m: fork of a process with 1 MiB of written
 *     heap, the child exits at once, the parent waits for it.
 * The clock is the TSC, which counts guest instructions under QEMU's TCG
 * with -icount shift=0; the unit is the first argument.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define RUNS	     1000
#define WARMUP	     100
#define SPAWN_RUNS   20
#define SPAWN_WARMUP 2

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

/* The median and minimum of runs timed runs after warmup untimed ones,
 * less the clock's own cost. */
static void
report(const char *name, uint64_t overhead, const char *unit, int warmup,
       int runs)
{
	qsort(samples + warmup, (size_t)runs, sizeof(samples[0]), cmp);
	uint64_t med = samples[warmup + runs / 2], min = samples[warmup];
	printf("bench %s %llu %llu %s %d\n", name,
	       (unsigned long long)(med > overhead ? med - overhead : 0),
	       (unsigned long long)(min > overhead ? min - overhead : 0), unit,
	       runs);
}

/* A byte to a child and back, through two pipes. */
static void
pipe_roundtrip(uint64_t overhead, const char *unit)
{
	int there[2], back[2];
	char c = 'x';

	if (pipe(there) != 0 || pipe(back) != 0) {
		printf("bench: pipe failed\n");
		return;
	}
	pid_t child = fork();
	if (child == 0) {
		/* Only its own ends: the writer's close is then its end. */
		close(there[1]);
		close(back[0]);
		while (read(there[0], &c, 1) == 1 &&
		       write(back[1], &c, 1) == 1) {
		}
		_exit(0);
	}
	close(there[0]);
	close(back[1]);
	for (int i = 0; i < RUNS + WARMUP; i++) {
		uint64_t t0 = clock_start();
		if (write(there[1], &c, 1) != 1 || read(back[0], &c, 1) != 1) {
			printf("bench: the pipe broke\n");
			return;
		}
		samples[i] = clock_stop() - t0;
	}
	close(there[1]);
	waitpid(child, NULL, 0);
	close(back[0]);
	report("posix_pipe_roundtrip", overhead, unit, WARMUP, RUNS);
}

/* fork, exec /ptest/true, wait. */
static void
fork_exec_wait(uint64_t overhead, const char *unit)
{
	char *argv[] = {"true", NULL}, *envp[] = {NULL};

	for (int i = 0; i < SPAWN_RUNS + SPAWN_WARMUP; i++) {
		int st = -1;
		uint64_t t0 = clock_start();
		pid_t child = fork();
		if (child == 0) {
			execve("/ptest/true", argv, envp);
			_exit(127);
		}
		if (child < 0 || waitpid(child, &st, 0) != child || st != 0) {
			printf("bench: fork, exec or wait failed (%d)\n", st);
			return;
		}
		samples[i] = clock_stop() - t0;
	}
	report("posix_fork_exec_wait", overhead, unit, SPAWN_WARMUP,
	       SPAWN_RUNS);
}

/* fork with 1 MiB of written heap, the child exits, the parent waits. */
static void
fork_exit_wait(uint64_t overhead, const char *unit)
{
	size_t size = 1 << 20;
	char *heap = malloc(size);

	if (heap == NULL) {
		printf("bench: no 1 MiB heap\n");
		return;
	}
	memset(heap, 1, size);
	for (int i = 0; i < SPAWN_RUNS + SPAWN_WARMUP; i++) {
		int st = -1;
		uint64_t t0 = clock_start();
		pid_t child = fork();
		if (child == 0) {
			_exit(0);
		}
		if (child < 0 || waitpid(child, &st, 0) != child || st != 0) {
			printf("bench: fork, exit or wait failed (%d)\n", st);
			free(heap);
			return;
		}
		samples[i] = clock_stop() - t0;
	}
	free(heap);
	report("posix_fork_exit_wait_1m", overhead, unit, SPAWN_WARMUP,
	       SPAWN_RUNS);
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
	report("posix_getppid", overhead, unit, WARMUP, RUNS);
	printf("bench: ppid %ld\n", ppid);
	pipe_roundtrip(overhead, unit);
	fork_exec_wait(overhead, unit);
	fork_exit_wait(overhead, unit);
	return 0;
}
