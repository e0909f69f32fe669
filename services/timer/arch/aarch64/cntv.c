/*
 * cntv: the timer service's interrupts on aarch64, from the generic
 * timer's virtual timer (CNTV), which compares with the counter that
 * cairn_rdtsc reads (CNTVCT_EL0).  The kernel keeps the physical timer
 * for its ticks and hands out the virtual timer's line (the board's
 * manifest.c names it: INTID 27 on virt, line 75 on the Pi); taking it
 * lets EL0 program CNTV_CVAL_EL0 and CNTV_CTL_EL0.  Its line is
 * level-sensitive: the compare stays true until moved or stopped.
 */
#include "../../clock.h"
#include "procrt.h"

enum { CTL_ENABLE = 1 << 0, CTL_IMASK = 1 << 1 };

void
clock_arm(uint64_t ticks)
{
	uint64_t at = cairn_rdtsc() + ticks;

	if (at < ticks) {
		at = ~0ull; /* the counter's end: never, in practice */
	}
	__asm__ volatile("msr cntv_cval_el0, %0\n\t"
			 "msr cntv_ctl_el0, %1\n\t"
			 "isb" ::"r"(at),
			 "r"((uint64_t)CTL_ENABLE)
			 : "memory");
}

void
clock_stop(void)
{
	__asm__ volatile(
	    "msr cntv_ctl_el0, %0\n\tisb" ::"r"((uint64_t)CTL_IMASK)
	    : "memory");
}

int
clock_init(uint64_t tsc_hz)
{
	(void)tsc_hz;
	clock_stop();
	return 0;
}
