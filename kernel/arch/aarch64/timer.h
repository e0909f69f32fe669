/*
 * timer: the Arm generic timer's EL1 physical timer (CNTP), ticking
 * periodically through the interrupt controller.
 */
#ifndef CAIRN_A64_TIMER_H
#define CAIRN_A64_TIMER_H

#include <stdint.h>

/* The counter's frequency (CNTFRQ_EL0) and its value now. */
uint64_t timer_freq(void);
uint64_t timer_now(void);

/* Tick hz times a second from now on (the caller enables the line). */
void timer_start(unsigned hz);

/* The timer's interrupt: re-arm for the next period, count it. */
void timer_tick(void);

/*
 * Program the virtual timer (CNTV) for the holder of its line's handler
 * (user land's timer service): interrupt when the virtual count reaches
 * at; ~0, never (the timer off, its line low).
 */
void timer_virtual_set(uint64_t at);

/* Ticks taken since timer_start. */
extern volatile uint64_t timer_ticks;

#endif
