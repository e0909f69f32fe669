/*
 * benchcpu: what the benchmarks ask of aarch64: the clock, the FP/SIMD
 * registers to touch, and how a new thread's registers start.  Each arch
 * has one (bench/arch/<arch>).
 *
 * The clock is the PMU's cycle counter, PMCCNTR_EL0, which the kernel
 * lets EL0 read (kmain.c).  Under QEMU's TCG it follows the virtual
 * clock at 1 GHz, and with -icount shift=0 that clock moves one
 * nanosecond an instruction: the counter counts guest instructions, as
 * x86_64's TSC does there.  The generic timer's CNTVCT_EL0 follows the
 * same clock at its own rate (62.5 MHz on QEMU 7.2's virt: 16
 * instructions a tick), too coarse for these figures.
 */
#ifndef CAIRN_BENCH_CPU_H
#define CAIRN_BENCH_CPU_H

#include <stdint.h>

#include "cairn.h"

/* The cycle counter, after everything before it. */
static inline uint64_t
bench_now(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, pmccntr_el0" : "=r"(v)::"memory");
	return v;
}

/* The start of a timed stretch. */
static inline uint64_t
bench_start(void)
{
	return bench_now();
}

/* Its end. */
static inline uint64_t
bench_stop(void)
{
	return bench_now();
}

/* Touch FP/SIMD (d0) so that it has to be this thread's. */
static inline void
bench_use_fpu(word_t v)
{
	/* No clobber: code built general-registers-only keeps nothing in
	 * d0. */
	__asm__ volatile(".arch_extension fp\n\tfmov d0, %0" ::"r"(v));
}

/*
 * A new thread's registers: its flags (SPSR: nothing to set), where its
 * second argument goes, and how far below a stack's top it starts (the
 * stack pointer stays 16-byte aligned).
 */
#define BENCH_FLAGS	 0
#define BENCH_REG_FLAGS	 CAIRN_REG_SPSR
#define BENCH_REG_ARG1	 (CAIRN_REG_X0 + 1)
#define BENCH_STACK_SKIP 16

#endif
