/*
 * cntv: the timer service's interrupts on aarch64, from the generic
 * timer's virtual timer (CNTV), which compares with the counter that
 * cairn_rdtsc reads (CNTVCT_EL0).  The kernel keeps the physical timer
 * for its ticks and hands out the virtual timer's line (the board's
 * manifest.c names it: INTID 27 on virt, line 75 on the Pi).  EL0 may
 * not program CNTV itself: the line's handler does, by SET_TIMER, so no
 * other program can move or stop this service's interrupts.  Its line
 * is level-sensitive: the compare stays true until moved or stopped.
 */
#include "../../clock.h"
#include "procrt.h"

static cptr_t irq; /* the virtual timer's handler */

void
clock_arm(uint64_t ticks)
{
	uint64_t at = cairn_rdtsc() + ticks;

	if (at < ticks || at == ~0ull) {
		at = ~0ull - 1; /* the counter's end: never, in practice */
	}
	cairn_irq_set_timer(irq, at);
}

void
clock_stop(void)
{
	cairn_irq_set_timer(irq, ~0ull);
}

int
clock_init(uint64_t tsc_hz)
{
	const struct cairn_grant *gi = cairn_grant_find(CAIRN_GRANT_IRQ, NULL);

	(void)tsc_hz;
	if (gi == NULL) {
		return -1;
	}
	irq = gi->slot;
	clock_stop();
	return 0;
}
