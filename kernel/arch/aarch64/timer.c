/*
 * timer: periodic ticks from CNTP.  The compare value advances by one
 * period each tick, so ticks do not drift with interrupt latency.
 */
#include "timer.h"

#include "sysreg.h"

enum {
	CTL_ENABLE = 1 << 0,
	CTL_IMASK = 1 << 1,
	CNTKCTL_EL0VTEN = 1 << 8, /* EL0 may program the virtual timer */
};

volatile uint64_t timer_ticks;
static uint64_t period, next;

uint64_t
timer_freq(void)
{
	return READ_SYSREG(cntfrq_el0);
}

uint64_t
timer_now(void)
{
	__asm__ volatile("isb" : : : "memory");
	return READ_SYSREG(cntpct_el0);
}

void
timer_start(unsigned hz)
{
	period = timer_freq() / hz;
	next = timer_now() + period;
	WRITE_SYSREG(cntp_cval_el0, next);
	WRITE_SYSREG(cntp_ctl_el0, CTL_ENABLE);
}

void
timer_tick(void)
{
	next += period;
	/* Behind by more than a period (a long stop): skip, do not race. */
	uint64_t now = timer_now();
	if (next <= now) {
		next = now + period;
	}
	WRITE_SYSREG(cntp_cval_el0, next);
	timer_ticks++;
}

/*
 * Every thread may then program CNTV, not only the timer service: at
 * worst a program delays or hastens the service's interrupts, which
 * checks its deadlines against the counter (TODO: trap EL0's accesses
 * but the holder's, or switch CNTV with the thread).
 */
void
timer_user_virtual(void)
{
	WRITE_SYSREG(cntkctl_el1, READ_SYSREG(cntkctl_el1) | CNTKCTL_EL0VTEN);
	__asm__ volatile("isb" : : : "memory");
}
