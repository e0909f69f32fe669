/*
 * irq: the board's interrupt controller, whichever it is (plat.intc):
 * set-up, the one report line, the dispatch every IRQ vector calls, and
 * the device lines that IRQ handler capabilities (irqcap.c) hand out.
 */
#include <stddef.h>

#include "bcm2836.h"
#include "console.h"
#include "gic.h"
#include "plat.h"
#include "trap.h"

enum {
	GIC_FIRST_SPI = 32, /* below: SGIs and PPIs, per CPU */
	BCM_LINES = 72,	    /* the BCM2835's 64 GPU lines and 8 basic */
};

/* Who takes device lines: irqcap's delivery, once the root task runs. */
static void (*device_line)(unsigned line);

void
intc_init(void)
{
	if (plat.intc == INTC_GICV2) {
		unsigned lines = gic_init();
		gic_enable(plat.timer_intid);
		kprintf("gic: GICv2, distributor at 0x%lx, cpu interface at "
			"0x%lx, %u interrupts\n",
			plat.gicd_base, plat.gicc_base, lines);
	} else {
		unsigned lines = bcm_init();
		kprintf("intc: BCM2836 per-core block at 0x%lx, BCM2835 "
			"controller at 0x%lx, %u interrupts, all masked\n",
			plat.local_base, plat.armctrl_base, lines);
	}
}

void
intc_route_devices(void (*fn)(unsigned line))
{
	device_line = fn;
}

bool
intc_line_valid(unsigned line)
{
	if (plat.intc == INTC_GICV2) {
		return (line >= GIC_FIRST_SPI && line < gic_lines()) ||
		       (line == plat.vtimer_intid && line != 0);
	}
	return line < BCM_LINES || line == plat.vtimer_intid;
}

bool
intc_line_level(unsigned line)
{
	return plat.intc == INTC_GICV2 ? gic_is_level(line) : true;
}

void
intc_mask(unsigned line, bool masked)
{
	if (plat.intc != INTC_GICV2) {
		bcm_mask(line, masked);
	} else if (masked) {
		gic_disable(line);
	} else {
		gic_enable(line);
	}
}

void
irq_dispatch(void)
{
	if (plat.intc == INTC_GICV2) {
		gic_dispatch(device_line);
	} else {
		bcm_dispatch(device_line);
	}
}
