/*
 * irqcap: device interrupt lines as capabilities, on every arch
 * (irqcap.c).  The root task's IRQ control capability issues, for a
 * line the arch accepts, one IRQ handler capability whose w1 is the
 * line; bound to a notification, an interrupt on the line signals it
 * with the handler's badge, and a level-sensitive line stays masked
 * until the driver acknowledges (docs/abi.md, "Interrupts").
 *
 * What a line is, and its controller, are the arch's: the hooks below,
 * with ARCH_IRQ_LINES (arch.h), the most lines the arch may have.
 */
#ifndef CAIRN_IRQCAP_H
#define CAIRN_IRQCAP_H

#include <stdbool.h>
#include <stdint.h>

struct cap;
struct invocation;
struct notification;

/* A device line the arch found for an IRQ control GET or GET_MSI. */
struct irq_line {
	unsigned line; /* the controller's number, below ARCH_IRQ_LINES */
	bool level;    /* level-sensitive: masked from delivery to the ack */
	bool low;      /* active low, where the controller must be told */
	bool msi;      /* a message-signalled interrupt's line (edge) */
};

/*
 * The arch's hook: the line that number (a GET's MR0, in the arch's
 * numbering: an ISA IRQ on x86_64, a GIC INTID or BCM2835 line on
 * aarch64) names, into l, if user space may have it.  Changes nothing.
 * Returns CAIRN_OK, or CAIRN_E_RANGE (refused, with the reason logged).
 */
int arch_irq_line(uint64_t number, struct irq_line *l);

/* The arch's hook: l's handler is being issued; route the line to this
 * CPU, masked.  Cannot fail. */
void arch_irq_issue(const struct irq_line *l);

/*
 * The arch's hooks for message-signalled interrupts (MSI, MSI-X): the
 * lines set aside for them, [*first, *first + count), count returned (0:
 * the machine has none); and what a device writes, where, to raise line
 * (a PCI device's MSI address and data).  An MSI line is edge-triggered
 * and reached by GET_MSI only, never by GET.
 */
unsigned arch_msi_lines(unsigned *first);
void arch_msi_message(unsigned line, uint64_t *addr, uint32_t *data);

/*
 * The arch's hook: IRQ handler SET_TIMER.  If line is a timer the kernel
 * programs for the handler's holder (aarch64's virtual timer), make it
 * interrupt when its counter reaches at (~0: never, the timer off) and
 * return CAIRN_OK; otherwise change nothing and return
 * CAIRN_E_ILLEGAL_OPERATION.
 */
int arch_irq_set_timer(unsigned line, uint64_t at);

/* The arch's hook: mask or unmask line at the interrupt controller. */
void intc_mask(unsigned line, bool masked);

/*
 * An interrupt arrived on line (the arch's dispatch, after or before
 * its end-of-interrupt as the controller needs): signal the bound
 * notification; mask a level line until the ack, and an unbound one.
 */
void irq_deliver(unsigned line);

/* The last IRQ handler capability c for its line is gone: unbind, mask. */
void irq_finalise(struct cap *c);

/* Notification n is being destroyed: unbind and mask its lines. */
void irq_ntfn_finalise(struct notification *n);

/* Methods of IRQ control and IRQ handler capabilities. */
int decode_irq(struct invocation *iv);

#endif
