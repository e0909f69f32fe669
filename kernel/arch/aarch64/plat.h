/*
 * plat: what the kernel needs to know of the board: where RAM and each
 * device is, which interrupt is whose, how to power off.  The bring-up
 * fills it with QEMU virt's fixed map (plat_virt.c) or the Raspberry Pi
 * 3's (plat_raspi3b.c); the device-tree parser (lib/devtree) is meant to
 * fill it from the DTB instead.
 */
#ifndef CAIRN_A64_PLAT_H
#define CAIRN_A64_PLAT_H

#include <stdint.h>

#include "devtree.h"

enum psci_conduit {
	PSCI_NONE,
	PSCI_HVC,
	PSCI_SMC,
};

/* The interrupt controller: which of irq.c's drivers. */
enum plat_intc {
	INTC_GICV2,   /* gic.c: QEMU virt */
	INTC_BCM2836, /* bcm2836.c: the Pi 3's per-core block and BCM2835 */
};

#define PLAT_MMIO_MAX 6
#define PLAT_DEV_MAX  32 /* device ranges for the root task, merged */
#define PLAT_RAM_MAX  8	 /* /memory ranges, and reserved ranges */

/* A range of device registers, mapped Device-nGnRE in the direct map. */
struct plat_mmio {
	uint64_t pa, len;
};

struct plat {
	const char *name;
	uint64_t ram_base, ram_size; /* the RAM the direct map covers */
	uint64_t uart_base;	     /* PL011 registers (4 KiB) */
	uint32_t uart_clock;	     /* its reference clock; 0: leave it */
	enum plat_intc intc;
	uint64_t gicd_base;    /* GICv2 distributor (4 KiB) */
	uint64_t gicc_base;    /* GICv2 CPU interface (8 KiB) */
	uint64_t v2m_base;     /* GICv2m MSI frame (4 KiB), or 0 */
	uint64_t local_base;   /* BCM2836 per-core block */
	uint64_t armctrl_base; /* BCM2835 interrupt controller */
	/* The timer's line: a GIC PPI's INTID, or a per-core source bit. */
	unsigned timer_intid;
	/* The virtual timer's line (CNTV: virt's PPI, the Pi's BCM_LINE_CNTV),
	 * or 0: the one per-CPU line handed out, to user land's timer
	 * service (docs/aarch64.md, "User land"). */
	unsigned vtimer_intid;
	/* The console's line (a GIC INTID or a BCM2835 line).  The kernel
	 * polls its console and never takes the line: user land's serial
	 * driver may, as its registers (docs/aarch64.md, "User land"). */
	unsigned uart_intid;
	enum psci_conduit psci;
	uint64_t pm_base;     /* BCM2835 power manager (watchdog), or 0 */
	uint64_t dtb;	      /* the DTB's physical address, or 0 */
	uint64_t dtb_size;    /* its size, once plat_from_dtb took it */
	const char *bootargs; /* the command line: "", or in the DTB */
	/* PCI configuration space (ECAM) from the DTB's generic host, or 0:
	 * bus pci_bus_first's at pci_ecam, 1 MiB a bus. */
	uint64_t pci_ecam;
	unsigned pci_bus_first, pci_bus_last;
	/* Its 32-bit memory and I/O windows (size 0: none). */
	uint64_t pci_mem_cpu, pci_mem_bus, pci_mem_size;
	uint64_t pci_io_cpu, pci_io_bus, pci_io_size;
	/* Its INTx routing (the DTB's interrupt-map), for the bootinfo. */
	struct devtree_pci_intx pci_intx[DEVTREE_PCI_INTX_MAX];
	uint8_t pci_nintx, pci_intx_dev_mask, pci_intx_pin_mask;
	/* The initrd the loader put in RAM (the DTB's /chosen), or 0. */
	uint64_t initrd_start, initrd_end;
	struct plat_mmio mmio[PLAT_MMIO_MAX]; /* every device range */
	unsigned nmmio;
	/*
	 * The device memory the root task gets (rootarch.c), whole pages:
	 * from the device tree, every enabled device's reg and each PCI
	 * host's windows; or the board's fixed list.  None (ndev 0): all
	 * below 4 GiB that is not RAM.  The kernel's own (mmio) and RAM
	 * are taken out of it.
	 */
	struct plat_mmio dev[PLAT_DEV_MAX];
	unsigned ndev;
	/* Every /memory range, and /reserved-memory with the memory
	 * reservation map: never device memory. */
	struct plat_mmio ram[PLAT_RAM_MAX], resv[PLAT_RAM_MAX];
	unsigned nram, nresv;
};

extern struct plat plat;

/*
 * Add [pa, pa + len), grown to whole pages, to plat.dev, merged with a
 * range it overlaps or touches.  Returns 0, or -1 if plat.dev is full.
 */
int plat_add_dev(uint64_t pa, uint64_t len);

/*
 * Fill plat with QEMU virt's map (docs/aarch64.md).  entry_el is the
 * level the kernel was entered at: QEMU's PSCI answers HVC, or SMC
 * when it emulates EL2 (-M virt,virtualization=on).  dtb is x0 at entry.
 */
void plat_virt(uint64_t entry_el, uint64_t dtb);

/*
 * Fill plat with the Raspberry Pi 3's map (BCM2837, QEMU's raspi3b): RAM
 * from 0, the PL011, the BCM2836 per-core block and the BCM2835
 * interrupt controller; no PSCI (the watchdog powers off).
 */
void plat_raspi3b(uint64_t dtb);

/*
 * Fill plat for the board the image was loaded on: base 0 is a
 * Raspberry Pi 3 (its firmware and QEMU put kernel8.img at 0x80000),
 * anything else QEMU virt.  The DTB's compatible string is to decide
 * once the tree is parsed.
 */
void plat_init(uint64_t phys_base, uint64_t entry_el, uint64_t dtb);

/*
 * Correct plat from the device tree at plat.dtb (lib/devtree), once the
 * MMU and the console are up: RAM from /memory (the range that holds the
 * kernel; more of it mapped if the tree says so), the PL011 and the
 * GICv2 by compatible, the PSCI method, /chosen's bootargs and initrd.  What
 * the tree lacks, or a tree that does not parse, leaves the board's fixed map
 * as it was; one line on the console says which.  For GIC boards only, so far.
 */
void plat_from_dtb(void);

#endif
