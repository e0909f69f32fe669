/*
 * plat: what the kernel needs to know of the board: where RAM and each
 * device is, which interrupt is whose, how to power off.  The bring-up
 * fills it with QEMU virt's fixed map (plat_virt.c); the device-tree
 * parser (lib/devtree) is meant to fill it from the DTB instead.
 */
#ifndef CAIRN_A64_PLAT_H
#define CAIRN_A64_PLAT_H

#include <stdint.h>

enum psci_conduit {
	PSCI_NONE,
	PSCI_HVC,
	PSCI_SMC,
};

struct plat {
	const char *name;
	uint64_t ram_base, ram_size; /* the RAM the direct map covers */
	uint64_t uart_base;	     /* PL011 registers (4 KiB) */
	uint32_t uart_clock;	     /* its reference clock; 0: leave it */
	uint64_t gicd_base;	     /* GICv2 distributor (4 KiB) */
	uint64_t gicc_base;	     /* GICv2 CPU interface (8 KiB) */
	unsigned timer_intid;	     /* EL1 physical timer (a PPI) */
	enum psci_conduit psci;
	uint64_t dtb; /* the DTB's physical address, or 0 */
};

extern struct plat plat;

/*
 * Fill plat with QEMU virt's map (docs/aarch64.md).  entry_el is the
 * level the kernel was entered at: QEMU's PSCI answers HVC, or SMC
 * when it emulates EL2 (-M virt,virtualization=on).  dtb is x0 at entry.
 */
void plat_virt(uint64_t entry_el, uint64_t dtb);

#endif
