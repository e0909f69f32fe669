/*
 * irq: interrupt lines and I/O ports as capabilities.  An IRQ handler
 * capability names one I/O APIC line (a GSI); bound to a notification, an
 * interrupt on the line signals it with the handler's badge and masks the
 * line until the driver acknowledges.  An I/O port capability names a
 * range of ports that IN and OUT invocations may use; the kernel keeps
 * the ports it uses itself out of every range.
 */
#ifndef CAIRN_X86_IRQ_H
#define CAIRN_X86_IRQ_H

#include "acpi.h"
#include "cap.h"

struct invocation;
struct notification;

#define IRQ_LINES 24

/* Remember the interrupt source overrides and the kernel's own ports. */
void irq_init(const struct acpi_info *ai);

/* An interrupt arrived on line gsi. */
void irq_deliver(unsigned gsi);

/* The last IRQ handler capability for its line, or I/O port capability
 * for its range, is gone. */
void irq_finalise(struct cap *c);

/* Methods of IRQ control, IRQ handler, I/O port control and I/O port. */
int decode_irq_port(struct invocation *iv);

#endif
