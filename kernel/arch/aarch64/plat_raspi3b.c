/*
 * plat_raspi3b: the Raspberry Pi 3 (BCM2837), as QEMU 7.2's raspi3b has
 * it: peripherals at 0x3f000000, the per-core block at 0x40000000.
 */
#include "plat.h"

#include "bcm2836.h"

enum {
	PI_RAM_SIZE = 0x3c000000, /* below the GPU's 64 MiB at the top */
	PI_UART = 0x3f201000,
	PI_UART_CLOCK = 48000000, /* the firmware's default */
	PI_ARMCTRL = 0x3f00b200,
	PI_PM = 0x3f100000,
	PI_LOCAL = 0x40000000,
	PI_PERIPHERALS = 0x3f000000,
	PI_PERIPHERALS_SIZE = 0x01000000,
	PI_TIMER_CNTPNS = 1, /* the per-core block's source bit for CNTP */
	PI_UART_IRQ = 57,    /* the PL011's BCM2835 line (GPU IRQ 57) */
};

void
plat_raspi3b(uint64_t dtb)
{
	plat.name = "Raspberry Pi 3";
	plat.ram_base = 0;
	plat.ram_size = PI_RAM_SIZE;
	plat.uart_base = PI_UART;
	plat.uart_clock = PI_UART_CLOCK;
	plat.intc = INTC_BCM2836;
	plat.local_base = PI_LOCAL;
	plat.armctrl_base = PI_ARMCTRL;
	plat.timer_intid = PI_TIMER_CNTPNS;
	plat.vtimer_intid = BCM_LINE_CNTV;
	plat.uart_intid = PI_UART_IRQ;
	plat.psci = PSCI_NONE;
	plat.pm_base = PI_PM;
	plat.dtb = dtb;
	plat.bootargs = "";
	plat.mmio[0] = (struct plat_mmio){PI_UART, 0x1000};
	plat.mmio[1] = (struct plat_mmio){PI_ARMCTRL & ~0xfffu, 0x1000};
	plat.mmio[2] = (struct plat_mmio){PI_PM, 0x1000};
	plat.mmio[3] = (struct plat_mmio){PI_LOCAL, 0x1000};
	plat.nmmio = 4;
	/* The peripherals (less the kernel's, above) for the root task. */
	plat.ndev = 0;
	plat_add_dev(PI_PERIPHERALS, PI_PERIPHERALS_SIZE);
}
