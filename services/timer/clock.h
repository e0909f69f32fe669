/*
 * clock: the timer service's interrupt source, one per arch, with the
 * service's manifest: the PIT on x86_64 (arch/x86_64/pit.c), the generic
 * timer's virtual timer on aarch64 (arch/aarch64/cntv.c).  Time itself
 * is the counter cairn_rdtsc reads, at the procinfo's tsc_hz.
 */
#ifndef CAIRN_TIMER_CLOCK_H
#define CAIRN_TIMER_CLOCK_H

#include <stdint.h>

/*
 * Take the source's registers from this program's grants and quiet it:
 * it interrupts only when clock_arm asks.  tsc_hz is the counter's
 * frequency.  Returns 0, or -1 if a grant is missing.
 */
int clock_init(uint64_t tsc_hz);

/* Interrupt once, about ticks counter ticks from now (maybe sooner). */
void clock_arm(uint64_t ticks);

/* Nothing is due: no interrupt until the next clock_arm. */
void clock_stop(void);

#endif
