/*
 * benchcpu: what the benchmarks ask of x86_64: the clock (the TSC, which
 * counts guest instructions under TCG with -icount shift=0), the FPU to
 * touch, and how a new thread's registers start.  Each arch has one
 * (bench/arch/<arch>).
 */
#ifndef CAIRN_BENCH_CPU_H
#define CAIRN_BENCH_CPU_H

#include <stdint.h>

#include "cairn.h"

/* The start of a timed stretch: lfence; rdtsc. */
static inline uint64_t
bench_start(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return (uint64_t)hi << 32 | lo;
}

/* Its end: rdtscp; lfence. */
static inline uint64_t
bench_stop(void)
{
	uint32_t lo, hi, aux;

	__asm__ volatile("rdtscp; lfence"
			 : "=a"(lo), "=d"(hi), "=c"(aux)::"memory");
	return (uint64_t)hi << 32 | lo;
}

/* A stamp taken by another thread, on the same clock. */
static inline uint64_t
bench_now(void)
{
	return cairn_rdtsc();
}

/* Touch the FPU (SSE) so that it has to be this thread's. */
static inline void
bench_use_fpu(word_t v)
{
	/* No clobber: code built without SSE keeps nothing in xmm0. */
	__asm__ volatile("movq %0, %%xmm0" ::"r"(v));
}

/*
 * A new thread's registers: its flags (interrupts on), where its second
 * argument goes, and how far below a stack's top it starts (as if a call
 * had pushed a return address).
 */
#define BENCH_FLAGS	 0x202
#define BENCH_REG_FLAGS	 CAIRN_REG_RFLAGS
#define BENCH_REG_ARG1	 CAIRN_REG_RSI
#define BENCH_STACK_SKIP 8

#endif
