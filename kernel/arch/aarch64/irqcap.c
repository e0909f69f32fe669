/*
 * irqcap: aarch64's hooks of the IRQ capabilities (the portable part is
 * kernel/irqcap.c): which lines user space may take, over the board's
 * interrupt controller (irq.c, intc.h), and delivery from its dispatch.
 */
#include "intc.h"

#include <cairn/error.h>

#include "arch.h"
#include "gic.h"
#include "irqcap.h"
#include "kdebug.h"
#include "plat.h"
#include "timer.h"

void
irqcap_init(void)
{
	intc_route_devices(irq_deliver);
}

int
arch_irq_line(uint64_t number, struct irq_line *l)
{
	unsigned first, count = arch_msi_lines(&first);

	if (number >= ARCH_IRQ_LINES || !intc_line_valid((unsigned)number)) {
		return refuse(CAIRN_E_RANGE, "irq_get: not a device line");
	}
	if (number >= first && number < first + count) {
		return refuse(CAIRN_E_RANGE, "irq_get: an MSI line: GET_MSI");
	}
	l->line = (unsigned)number;
	l->level = intc_line_level(l->line);
	l->low = false; /* the GIC's SPIs and the BCM2835's are active high */
	return CAIRN_OK;
}

/* MSI lines: the GICv2m frame's SPIs (virt); the Pi has none. */
unsigned
arch_msi_lines(unsigned *first)
{
	*first = 0;
	return plat.intc == INTC_GICV2 ? gic_v2m_lines(first) : 0;
}

/* A device raises an MSI SPI by writing its INTID to the frame. */
void
arch_msi_message(unsigned line, uint64_t *addr, uint32_t *data)
{
	*addr = plat.v2m_base + GIC_V2M_SETSPI;
	*data = line;
}

void
arch_irq_issue(const struct irq_line *l)
{
	if (l->msi) {
		gic_set_edge(l->line);
	}
	if (l->line == plat.vtimer_intid) {
		timer_virtual_set(~0ull); /* off until its holder arms it */
	}
}

/* The virtual timer's handler programs CNTV through the kernel: EL0 may
 * not touch it (CNTKCTL_EL1.EL0VTEN stays clear), so no other thread can
 * delay or stop its holder's interrupts. */
int
arch_irq_set_timer(unsigned line, uint64_t at)
{
	if (line != plat.vtimer_intid || line == 0) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	timer_virtual_set(at);
	return CAIRN_OK;
}
