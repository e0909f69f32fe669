/*
 * irq: x86_64's interrupt lines and I/O ports.  An IRQ handler
 * capability (portable: irqcap.h) names one I/O APIC line (a GSI), which
 * this file's hooks find, route and mask.  An I/O port capability names
 * a range of ports that IN and OUT invocations may use; the kernel keeps
 * the ports it uses itself out of every range.
 */
#ifndef CAIRN_X86_IRQ_H
#define CAIRN_X86_IRQ_H

#include "acpi.h"
#include "cap.h"

struct invocation;
struct notification;

/* Remember the interrupt source overrides and the kernel's own ports. */
void irq_init(const struct acpi_info *ai);

/* The last I/O port capability for its range is gone. */
void port_finalise(struct cap *c);

/* Methods of I/O port control and I/O port capabilities: arch_decode
 * (mapping.h). */

#endif
