/*
 * bcm2836: the per-core block (BCM2836 "QA7" document: core timer
 * interrupt control at 0x40, IRQ source at 0x60, one word per core) and
 * the BCM2835 controller (BCM2835 ARM Peripherals, section 7: enable and
 * disable registers at 0x210-0x224 from its base).
 */
#include "bcm2836.h"

#include <stddef.h>

#include "mmio.h"
#include "mmu.h"
#include "plat.h"
#include "timer.h"

enum {
	LOCAL_TIMER_CTL0 = 0x40, /* core 0: which timers interrupt */
	LOCAL_IRQ_SRC0 = 0x60,	 /* core 0: what is pending */
	SRC_GPU = 1 << 8,
	SRC_CNTV = 1 << 3, /* the core's virtual timer: line BCM_LINE_CNTV */
	ARM_PENDING_BASIC = 0x00,
	ARM_PENDING1 = 0x04,
	ARM_PENDING2 = 0x08,
	ARM_ENABLE1 = 0x10,
	ARM_ENABLE2 = 0x14,
	ARM_ENABLE_BASIC = 0x18,
	ARM_DISABLE1 = 0x1c,
	ARM_DISABLE2 = 0x20,
	ARM_DISABLE_BASIC = 0x24,
	PERIPHERAL_IRQS = 72,
};

/* Core 0's per-core timer sources: the kernel's (plat.timer_intid) and,
 * once handed out as line BCM_LINE_CNTV, the virtual timer. */
static uint32_t timer_ctl;

static uintptr_t local, armctrl;

unsigned
bcm_init(void)
{
	local = (uintptr_t)phys_to_virt(plat.local_base);
	armctrl = (uintptr_t)phys_to_virt(plat.armctrl_base);
	mmio_write32(armctrl + ARM_DISABLE1, 0xffffffff);
	mmio_write32(armctrl + ARM_DISABLE2, 0xffffffff);
	mmio_write32(armctrl + ARM_DISABLE_BASIC, 0xff);
	timer_ctl = 1u << plat.timer_intid;
	mmio_write32(local + LOCAL_TIMER_CTL0, timer_ctl);
	return PERIPHERAL_IRQS;
}

void
bcm_mask(unsigned line, bool masked)
{
	static const unsigned enable[] = {ARM_ENABLE1, ARM_ENABLE2,
					  ARM_ENABLE_BASIC};
	static const unsigned disable[] = {ARM_DISABLE1, ARM_DISABLE2,
					   ARM_DISABLE_BASIC};

	if (line == BCM_LINE_CNTV) {
		timer_ctl =
		    masked ? timer_ctl & ~SRC_CNTV : timer_ctl | SRC_CNTV;
		mmio_write32(local + LOCAL_TIMER_CTL0, timer_ctl);
		return;
	}
	if (line >= PERIPHERAL_IRQS) {
		return;
	}
	unsigned bank = line / 32;
	mmio_write32(armctrl + (masked ? disable[bank] : enable[bank]),
		     1u << (line % 32));
}

/* Each line set in pending word bits, the bank's first being base. */
static void
deliver(uint32_t bits, unsigned base, void (*device)(unsigned line))
{
	for (unsigned i = 0; bits != 0; i++, bits >>= 1) {
		if (bits & 1) {
			device(base + i);
		}
	}
}

void
bcm_dispatch(void (*device)(unsigned line))
{
	uint32_t src = mmio_read32(local + LOCAL_IRQ_SRC0);

	/* Level-triggered: re-arming the timer takes its source down. */
	if (src & (1u << plat.timer_intid)) {
		timer_tick();
	}
	if ((src & SRC_CNTV) && device != NULL) {
		device(BCM_LINE_CNTV);
	}
	/* The BCM2835's pending registers show enabled lines only. */
	if ((src & SRC_GPU) && device != NULL) {
		deliver(mmio_read32(armctrl + ARM_PENDING1), 0, device);
		deliver(mmio_read32(armctrl + ARM_PENDING2), 32, device);
		deliver(mmio_read32(armctrl + ARM_PENDING_BASIC) & 0xff, 64,
			device);
	}
}
