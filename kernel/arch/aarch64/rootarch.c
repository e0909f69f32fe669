/*
 * rootarch: the machine's part of building the root task (root.c) on
 * aarch64: the table levels, mapping by rights, the board's device
 * memory, the generic timer's counter in the bootinfo, and making the
 * root task's code visible to instruction fetch.
 */
#include <cairn/bootinfo.h>

#include "arch.h"
#include "cache.h"
#include "intc.h"
#include "kobject.h"
#include "mmu.h"
#include "multiboot.h"
#include "plat.h"
#include "pmem.h"
#include "root.h"
#include "rootarch.h"
#include "timer.h"
#include "vspace.h"

uint64_t boot_counter;

/*
 * The executable frames the boot mapped for the root task, to be
 * cleaned to the point of unification once their code is copied in
 * (root_code_sync).  More than fit: every cache line of RAM is.
 */
#define CODE_PAGES 256
static uint64_t code_page[CODE_PAGES];
static unsigned ncode;
static bool code_overflow;

void
arch_root_frame_mapped(const struct cap *c, unsigned rights)
{
	if (rights & CAIRN_RIGHT_EXEC) {
		if (ncode < CODE_PAGES) {
			code_page[ncode++] = cap_phys(c);
		} else {
			code_overflow = true;
		}
	}
}

void
root_code_sync(void)
{
	if (code_overflow) {
		sync_icache((uint64_t)phys_to_virt(plat.ram_base),
			    plat.ram_size);
	} else {
		for (unsigned i = 0; i < ncode; i++) {
			sync_icache((uint64_t)phys_to_virt(code_page[i]),
				    PAGE_SIZE);
		}
	}
	ncode = 0;
	code_overflow = false;
}

/*
 * The root task's device memory: the board's device ranges (plat.dev,
 * from the device tree or the Pi's fixed list), or, with none, what
 * lies below 4 GiB outside RAM (virt booted without a tree).  RAM, the
 * tree's reserved ranges and the devices the kernel drives itself
 * (plat.mmio: the interrupt controller, the Pi's power manager) are
 * taken out.  The console's UART stays in: the kernel only writes to it,
 * polled, and hands it to user land's serial driver, as x86_64 does COM1
 * (docs/aarch64.md, "User land").
 */
void
arch_device_memory(struct pmem *dev, const struct boot_info *bi)
{
	(void)bi;
	if (plat.ndev == 0) {
		pmem_add(dev, 0, 1ull << 32);
	}
	for (unsigned i = 0; i < plat.ndev; i++) {
		pmem_add(dev, plat.dev[i].pa, plat.dev[i].len);
	}
	pmem_reserve(dev, plat.ram_base, plat.ram_size);
	for (unsigned i = 0; i < plat.nram; i++) {
		pmem_reserve(dev, plat.ram[i].pa, plat.ram[i].len);
	}
	for (unsigned i = 0; i < plat.nresv; i++) {
		pmem_reserve(dev, plat.resv[i].pa, plat.resv[i].len);
	}
	for (unsigned i = 0; i < plat.nmmio; i++) {
		if (plat.mmio[i].pa != plat.uart_base) {
			pmem_reserve(dev, plat.mmio[i].pa, plat.mmio[i].len);
		}
	}
}

/*
 * No capability of aarch64's own: it has no I/O ports.  The root task
 * holds IRQ control (root.c), so device interrupts are delivered from
 * now on.
 */
void
arch_root_caps(struct cte *root_cnode)
{
	(void)root_cnode;
	irqcap_init();
}

/* The bootinfo's counter fields carry the generic timer's counter. */
void
arch_root_bootinfo(struct cairn_bootinfo *bi)
{
	bi->tsc_hz = timer_freq();
	bi->pci.phys = plat.pci_ecam;
	bi->pci.bus_first = (uint8_t)plat.pci_bus_first;
	bi->pci.bus_last = (uint8_t)plat.pci_bus_last;
	bi->pci.mem = (struct cairn_pci_window){
	    plat.pci_mem_cpu, plat.pci_mem_bus, plat.pci_mem_size};
	bi->pci.io = (struct cairn_pci_window){plat.pci_io_cpu, plat.pci_io_bus,
					       plat.pci_io_size};
	_Static_assert(CAIRN_PCI_INTX_MAX == DEVTREE_PCI_INTX_MAX, "intx");
	bi->pci.nintx = plat.pci_nintx;
	bi->pci.intx_dev_mask = plat.pci_intx_dev_mask;
	bi->pci.intx_pin_mask = plat.pci_intx_pin_mask;
	for (unsigned i = 0; i < plat.pci_nintx; i++) {
		bi->pci.intx[i] = (struct cairn_pci_intx){
		    plat.pci_intx[i].dev, plat.pci_intx[i].pin,
		    plat.pci_intx[i].intid};
	}
	bi->boot_tsc = boot_counter;
}
