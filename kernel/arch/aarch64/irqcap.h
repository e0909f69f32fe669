/*
 * irqcap: device interrupt lines as capabilities on aarch64 (irqcap.c),
 * and what they need of the board's interrupt controller (irq.c).  A
 * line is a GIC INTID (an SPI, 32 and up) on virt, a BCM2835 line (0-63
 * the GPU's, 64-71 the basic ones) on the Raspberry Pi.  An IRQ handler
 * capability names one line in its w1; bound to a notification, an
 * interrupt on it signals the notification with the handler's badge,
 * and a level-sensitive line stays masked until the driver acknowledges.
 */
#ifndef CAIRN_A64_IRQCAP_H
#define CAIRN_A64_IRQCAP_H

#include <stdbool.h>

struct cap;
struct invocation;

/* From now on, interrupts on device lines go to fn (intc's dispatch). */
void intc_route_devices(void (*fn)(unsigned line));

/*
 * May line be handed to user space: a device line the controller has,
 * not one the kernel uses (the timer's, the console's)?
 */
bool intc_line_valid(unsigned line);

/* Is line level-sensitive (as the controller is configured)? */
bool intc_line_level(unsigned line);

/* Mask or unmask line at the controller. */
void intc_mask(unsigned line, bool masked);

/* Take device interrupts from here on (the root task's IRQ control). */
void irqcap_init(void);

/* The last IRQ handler capability for its line is gone: unbind, mask. */
void irq_finalise(struct cap *c);

/* Methods of IRQ control and IRQ handler capabilities. */
int decode_irq(struct invocation *iv);

#endif
