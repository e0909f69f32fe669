/*
 * plat_virt: QEMU's virt board, as its fixed memory map has it (QEMU
 * 7.2, hw/arm/virt.c).  Until the kernel reads the device tree these
 * are the addresses it uses.
 */
#include "plat.h"

struct plat plat;

enum {
	VIRT_RAM = 0x40000000,
	VIRT_RAM_SIZE = 128 << 20, /* QEMU's default -m */
	VIRT_GICD = 0x08000000,
	VIRT_GICC = 0x08010000,
	VIRT_UART = 0x09000000,
	VIRT_UART_CLOCK = 24000000,
	PPI_BASE = 16,
	PPI_EL1_PHYS_TIMER = 14, /* the non-secure EL1 physical timer */
	PPI_VIRT_TIMER = 11,	 /* the virtual timer: user land's */
	SPI_BASE = 32,
	SPI_UART = 1,
};

void
plat_virt(uint64_t entry_el, uint64_t dtb)
{
	plat.name = "QEMU virt";
	plat.ram_base = VIRT_RAM;
	plat.ram_size = VIRT_RAM_SIZE;
	plat.uart_base = VIRT_UART;
	plat.uart_clock = VIRT_UART_CLOCK;
	plat.intc = INTC_GICV2;
	plat.gicd_base = VIRT_GICD;
	plat.gicc_base = VIRT_GICC;
	plat.timer_intid = PPI_BASE + PPI_EL1_PHYS_TIMER;
	plat.vtimer_intid = PPI_BASE + PPI_VIRT_TIMER;
	plat.uart_intid = SPI_BASE + SPI_UART;
	plat.psci = entry_el == 2 ? PSCI_SMC : PSCI_HVC;
	/* An ELF loaded by QEMU gets no x0: the DTB is at RAM's start. */
	plat.dtb = dtb != 0 ? dtb : VIRT_RAM;
	plat.bootargs = "";
	plat.mmio[0] = (struct plat_mmio){VIRT_UART, 0x1000};
	plat.mmio[1] = (struct plat_mmio){VIRT_GICD, 0x1000};
	plat.mmio[2] = (struct plat_mmio){VIRT_GICC, 0x2000};
	plat.nmmio = 3;
}

int
plat_add_dev(uint64_t pa, uint64_t len)
{
	uint64_t b = pa & ~0xfffull, e = (pa + len + 0xfff) & ~0xfffull;

	if (len == 0 || pa + len < pa) {
		return 0;
	}
	for (unsigned i = 0; i < plat.ndev; i++) {
		struct plat_mmio *d = &plat.dev[i];
		if (b <= d->pa + d->len && e >= d->pa) {
			uint64_t end = e > d->pa + d->len ? e : d->pa + d->len;
			d->pa = b < d->pa ? b : d->pa;
			d->len = end - d->pa;
			return 0;
		}
	}
	if (plat.ndev == PLAT_DEV_MAX) {
		return -1;
	}
	plat.dev[plat.ndev++] = (struct plat_mmio){b, e - b};
	return 0;
}

void
plat_init(uint64_t phys_base, uint64_t entry_el, uint64_t dtb)
{
	if (phys_base == 0) {
		plat_raspi3b(dtb);
	} else {
		plat_virt(entry_el, dtb);
	}
}
