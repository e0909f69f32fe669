/*
 * gic: the GICv2 interrupt controller of QEMU virt: the distributor
 * (shared) and this CPU's interface.  INTIDs 16-31 are per-CPU (PPIs:
 * the timers), 32 up shared (SPIs: devices).
 */
#ifndef CAIRN_A64_GIC_H
#define CAIRN_A64_GIC_H

#include <stdbool.h>
#include <stdint.h>

#define GIC_SPURIOUS 1023

/*
 * Set the distributor and this CPU's interface up with every interrupt
 * disabled, all at one priority, SPIs routed to CPU 0.  Returns the
 * number of INTIDs the distributor implements.
 */
unsigned gic_init(void);

/* The number of INTIDs the distributor implements (after gic_init). */
unsigned gic_lines(void);

/* Let INTID id through. */
void gic_enable(unsigned id);

/* Hold INTID id back: it stays pending while asserted, undelivered. */
void gic_disable(unsigned id);

/* Is INTID id level-sensitive (GICD_ICFGR), rather than edge-triggered? */
bool gic_is_level(unsigned id);

/* Take the highest pending interrupt: its IAR value (INTID in 9:0). */
uint32_t gic_ack(void);

/* End the interrupt gic_ack returned iar for. */
void gic_eoi(uint32_t iar);

/*
 * Take and end every pending interrupt, handing each to its driver: the
 * timer's to the timer, any other to device (which may disable a
 * level-sensitive line before it is ended), if device is not NULL.
 */
void gic_dispatch(void (*device)(unsigned id));

#endif
