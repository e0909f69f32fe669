/*
 * intc: what the IRQ capabilities (portable: kernel/irqcap.c; aarch64's
 * hooks: irqcap.c here) need of the board's interrupt controller
 * (irq.c).  A line is a GIC INTID (an SPI, 32 and up) on virt, a BCM2835
 * line (0-63 the GPU's, 64-71 the basic ones) on the Raspberry Pi.
 * intc_mask, a portable hook, is declared in kernel/irqcap.h.
 */
#ifndef CAIRN_A64_INTC_H
#define CAIRN_A64_INTC_H

#include <stdbool.h>

/* From now on, interrupts on device lines go to fn (intc's dispatch). */
void intc_route_devices(void (*fn)(unsigned line));

/*
 * May line be handed to user space: a device line the controller has,
 * not one the kernel uses (the timer's, the console's)?
 */
bool intc_line_valid(unsigned line);

/* Is line level-sensitive (as the controller is configured)? */
bool intc_line_level(unsigned line);

/* Take device interrupts from here on (the root task's IRQ control). */
void irqcap_init(void);

#endif
