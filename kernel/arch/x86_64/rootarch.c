/*
 * rootarch: the machine's part of building the root task (root.c): the
 * PC's device memory, the I/O-port capability and the TSC in the
 * bootinfo.
 */
#include <cairn/bootinfo.h>

#include "acpi.h"
#include "arch.h"
#include "cpu.h"
#include "kobject.h"
#include "multiboot.h"
#include "platform.h"
#include "pmem.h"
#include "root.h"
#include "timer.h"
#include "vspace.h"

const struct acpi_info *boot_acpi;

void
arch_root_frame_mapped(const struct cap *c, unsigned rights)
{
	(void)c; /* instruction fetch sees what the boot copied */
	(void)rights;
}

/*
 * What lies below 4 GiB outside every memory-map region, less the first
 * MiB and the devices the kernel drives itself: the local APIC, the I/O
 * APICs and the HPET; and PCI's configuration space (MCFG), which the
 * memory map calls reserved.
 */
void
arch_device_memory(struct pmem *dev, const struct boot_info *bi)
{
	pmem_add(dev, 0, 1ull << 32);
	for (int i = 0; i < bi->nregions; i++) {
		pmem_reserve(dev, bi->regions[i].base, bi->regions[i].len);
	}
	pmem_reserve(dev, 0, 0x100000);
	pmem_reserve(dev, rdmsr(0x1B) & PTE_ADDR, PAGE_SIZE);
	for (int i = 0; i < boot_acpi->nioapics; i++) {
		pmem_reserve(dev, boot_acpi->ioapic[i].phys, PAGE_SIZE);
	}
	if (boot_acpi->has_hpet) {
		pmem_reserve(dev, boot_acpi->hpet_phys, PAGE_SIZE);
	}
	/* The firmware's memory map calls PCI's configuration space
	 * reserved; it is a device's, for user land's pci service. */
	if (boot_acpi->has_mcfg) {
		pmem_add(dev, boot_acpi->ecam_phys,
			 ((uint64_t)boot_acpi->ecam_bus_last -
			  boot_acpi->ecam_bus_first +
			  1) << 20);
	}
}

void
arch_root_caps(struct cte *root_cnode)
{
	cte_insert(
	    &root_cnode[CAIRN_ROOT_IOPORT_CONTROL],
	    cap_make(CAIRN_CAP_IOPORT_CONTROL, CAIRN_RIGHTS_ALL, 0, 0, 0), NULL,
	    MDB_REVOCABLE);
}

void
arch_root_bootinfo(struct cairn_bootinfo *bi)
{
	bi->tsc_hz = tsc_hz;
	bi->boot_tsc = boot_tsc;
	if (boot_acpi->has_mcfg) {
		bi->pci.phys = boot_acpi->ecam_phys;
		bi->pci.bus_first = boot_acpi->ecam_bus_first;
		bi->pci.bus_last = boot_acpi->ecam_bus_last;
	}
}
