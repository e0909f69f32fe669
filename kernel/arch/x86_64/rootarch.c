/*
 * rootarch: the machine's part of building the root task (root.c): the
 * page-table levels, mapping flags, the PC's device memory, the I/O-port
 * capability and the TSC in the bootinfo.
 */
#include <cairn/bootinfo.h>

#include "acpi.h"
#include "arch.h"
#include "cpu.h"
#include "kobject.h"
#include "mapping.h"
#include "multiboot.h"
#include "platform.h"
#include "pmem.h"
#include "root.h"
#include "timer.h"
#include "vspace.h"

const struct acpi_info *boot_acpi;

unsigned
arch_table_type(unsigned level)
{
	static const unsigned types[] = {0, CAIRN_OBJ_PAGE_TABLE,
					 CAIRN_OBJ_PAGE_DIR, CAIRN_OBJ_PDPT};

	return types[level];
}

bool
arch_root_has_table(uint64_t asid, uint64_t vaddr, unsigned level)
{
	return vspace_has_table(asid, vaddr, (int)level);
}

int
arch_root_map(struct cap *c, uint64_t asid, uint64_t vaddr, unsigned rights)
{
	return vspace_map_cap(c, asid, vaddr, rights);
}

/*
 * What lies below 4 GiB outside every memory-map region, less the first
 * MiB and the devices the kernel drives itself: the local APIC, the I/O
 * APICs and the HPET.
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
}
