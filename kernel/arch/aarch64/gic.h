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

/* Make SPI id edge-triggered (an MSI's: a write raises it once). */
void gic_set_edge(unsigned id);

/*
 * The GICv2m MSI frame's SPIs (plat.v2m_base, if the board has one):
 * [*first, *first + count), count returned (0: none); a write of an SPI's
 * INTID to the frame's MSI_SETSPI_NS (GIC_V2M_SETSPI) raises it.
 */
unsigned gic_v2m_lines(unsigned *first);
#define GIC_V2M_SETSPI 0x40

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
