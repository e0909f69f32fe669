/*
 * irq: the board's interrupt controller, whichever it is (plat.intc):
 * set-up, the one report line, and the dispatch every IRQ vector calls.
 */
#include "bcm2836.h"
#include "console.h"
#include "gic.h"
#include "plat.h"
#include "trap.h"

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
irq_dispatch(void)
{
	if (plat.intc == INTC_GICV2) {
		gic_dispatch();
	} else {
		bcm_dispatch();
	}
}
