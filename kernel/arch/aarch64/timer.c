/*
 * timer: periodic ticks from CNTP.  The compare value advances by one
 * period each tick, so ticks do not drift with interrupt latency.
 */
#include "timer.h"

#include "sysreg.h"

enum {
	CTL_ENABLE = 1 << 0,
	CTL_IMASK = 1 << 1,
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

void
timer_virtual_set(uint64_t at)
{
	if (at == ~0ull) {
		WRITE_SYSREG(cntv_ctl_el0, 0);
	} else {
		WRITE_SYSREG(cntv_cval_el0, at);
		WRITE_SYSREG(cntv_ctl_el0, CTL_ENABLE);
	}
	__asm__ volatile("isb" : : : "memory");
}
