/*
 * bench: the in-OS benchmarks, run as the root task of a benchmark boot
 * (make bench).  Each figure is the median (and minimum) of RUNS timed
 * runs after WARMUP untimed ones, timed with lfence; rdtsc ... rdtscp;
 * lfence, less the cost of the timing itself.  Under QEMU's TCG with
 * -icount shift=0 the TSC counts guest instructions, so the figures are
 * exact instruction counts; under KVM they are cycles.
 */
#ifndef CAIRN_BENCH_H
#define CAIRN_BENCH_H

#include "cairn.h"

#define RUNS   1000
#define WARMUP 100

static inline uint64_t
bench_start(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return (uint64_t)hi << 32 | lo;
}

static inline uint64_t
bench_stop(void)
{
	uint32_t lo, hi, aux;

	__asm__ volatile("rdtscp; lfence"
			 : "=a"(lo), "=d"(hi), "=c"(aux)::"memory");
	return (uint64_t)hi << 32 | lo;
}

/* Print "bench <name> <median> <unit>" and the minimum, from n samples. */
void bench_report(const char *name, uint64_t *samples, int n);

/* Slots and memory for the benchmarks. */
cptr_t bench_slot(void);
cptr_t bench_make(word_t type, word_t size);

/*
 * A new address space that maps this program's image at its own
 * addresses (copies of the root's frames: data is shared), plus a fresh
 * stack and IPC buffer, and a thread in it running fn(arg) at prio.
 */
cptr_t bench_thread_in(cptr_t vspace, void (*fn)(word_t), word_t arg,
		       word_t prio, cptr_t fault_ep);
cptr_t bench_space(void);

#endif
