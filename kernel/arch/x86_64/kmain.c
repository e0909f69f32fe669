/*
 * kmain: the PC boot sequence (docs/boot.md), from the boot loader's
 * hand-over to the first user program.
 */
#include <stdint.h>

#include "acpi.h"
#include "apic.h"
#include "arch.h"
#include "multiboot.h"
#include "console.h"
#include "cpu.h"
#include "deliberate.h"
#include "gdt.h"
#include "mmu.h"
#include "percpu.h"
#include "platform.h"
#include "pmem.h"
#include "power.h"
#include "fpu.h"
#include "irq.h"
#include "root.h"
#include "sysentry.h"
#include "timer.h"
#include "trap.h"
#include "vspace.h"

struct percpu cpu0;

static struct boot_info bi;
static struct pmem pm;
uint64_t ram_usable;
static struct acpi_info ai;
/* The kernel stack, above an unmapped guard page. */
static uint8_t kstack[PAGE_SIZE + 16384] __attribute__((aligned(4096)));

extern char _phys_start[], _phys_end[], boot_stack_guard[], boot_pml4[];

static const char *const mem_names[] = {
    "?", "available", "reserved", "acpi", "nvs", "bad",
};

static void
show_boot(void)
{
	kprintf("boot: multiboot%d, command line \"%s\"\n", bi.protocol,
		bi.cmdline);
	for (int i = 0; i < bi.nregions; i++) {
		const struct boot_region *r = &bi.regions[i];
		kprintf("mem: %016lx-%016lx %s\n", r->base,
			r->base + r->len - 1, mem_names[r->type]);
	}
	for (int i = 0; i < bi.nmodules; i++) {
		const struct boot_module *m = &bi.modules[i];
		kprintf("module %d: %08lx-%08lx %lu bytes \"%s\"\n", i,
			m->start, m->end, m->end - m->start, m->name);
	}
	if (bi.regions_cut || bi.modules_cut) {
		kprintf("boot: warning: more regions or modules than fit\n");
	}
}

/* Free memory: available regions less everything else in use. */
static void
account_memory(void)
{
	uint64_t avail = 0, mods = 0;
	uint64_t kernel = (uint64_t)_phys_end - (uint64_t)_phys_start;

	pmem_init(&pm);
	for (int i = 0; i < bi.nregions; i++) {
		const struct boot_region *r = &bi.regions[i];
		if (r->type != BOOT_MEM_AVAILABLE) {
			continue;
		}
		/* Memory the direct map cannot reach is left unused. */
		uint64_t end =
		    r->base + r->len < r->base ? ~0ul : r->base + r->len;
		end = end > phys_limit ? phys_limit : end;
		if (r->base < end) {
			pmem_add(&pm, r->base, end - r->base);
		}
	}
	avail = pmem_free_bytes(&pm);
	/* Overlapping reports: whatever is not available wins. */
	for (int i = 0; i < bi.nregions; i++) {
		if (bi.regions[i].type != BOOT_MEM_AVAILABLE) {
			pmem_reserve(&pm, bi.regions[i].base,
				     bi.regions[i].len);
		}
	}
	/* The first MiB: real-mode structures, the EBDA, the BIOS. */
	pmem_reserve(&pm, 0, 0x100000);
	ram_usable = pmem_free_bytes(&pm);
	pmem_reserve(&pm, (uint64_t)_phys_start, kernel);
	for (int i = 0; i < bi.nmodules; i++) {
		const struct boot_module *m = &bi.modules[i];
		pmem_reserve(&pm, m->start, m->end - m->start);
		mods += m->end - m->start;
	}
	kprintf("mem: %lu KiB available, kernel %lu KiB, modules %lu KiB, "
		"free %lu KiB in %d ranges\n",
		avail >> 10, kernel >> 10, mods >> 10,
		pmem_free_bytes(&pm) >> 10, pm.n);
}

/* Find the RSDP: the loader's copy, else the BIOS areas (ACPI 5.2.5.1). */
static void
find_acpi(const struct phys_window *w)
{
	const uint8_t *rsdp = bi.has_rsdp ? bi.rsdp : NULL;
	uint64_t phys = 0;

	if (rsdp == NULL) {
		uint64_t ebda =
		    (uint64_t) * (const uint16_t *)phys_to_virt(0x40E) << 4;
		phys = acpi_scan_rsdp(w, ebda, 1024);
		if (phys == 0) {
			phys = acpi_scan_rsdp(w, 0xE0000, 0x20000);
		}
		rsdp = phys != 0 ? phys_to_virt(phys) : NULL;
	}
	int err = rsdp != NULL ? acpi_parse(w, rsdp, &ai) : ACPI_E_NO_RSDP;
	if (err != ACPI_OK) {
		kprintf("acpi: %s; going on without ACPI\n",
			acpi_strerror(err));
		return;
	}
	ai.rsdp = phys;
	kprintf("acpi: rsdp %s rev %d, %d tables (%d refused), %d cpus, "
		"%d i/o apics, hpet %s, s5 %s\n",
		bi.has_rsdp ? "from loader" : "found", ai.revision, ai.ntables,
		ai.nbad, ai.ncpus, ai.nioapics, ai.has_hpet ? "yes" : "no",
		ai.has_s5 ? "yes" : "no");
	if (ai.has_mcfg) {
		kprintf("pci: configuration space at 0x%lx, buses %u-%u "
			"(MCFG)\n",
			ai.ecam_phys, ai.ecam_bus_first, ai.ecam_bus_last);
	} else {
		kprintf("pci: no MCFG; configuration by ports 0xcf8-0xcff\n");
	}
}

static void
start_cpu(void)
{
	cpu0.kstack_top = (uint64_t)&kstack[sizeof(kstack)];
	/* Faults from here on are reported, not triple faults. */
	gdt_init(cpu0.kstack_top);
	idt_init();
	wrmsr(MSR_GS_BASE, (uint64_t)&cpu0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	syscall_init();
}

void kmain(uint32_t magic, uint64_t info);

void
kmain(uint32_t magic, uint64_t info)
{
	struct phys_window early = {DMAP_BASE, BOOT_MAP_LIMIT};
	char opt[32];

	arch_console_init();
	kprintf("Cairn %s (x86_64)\n", CAIRN_VERSION);
	start_cpu();
	cpu_detect();
	phys_limit = cpu_features.phys_bits < 46 ? 1ul << cpu_features.phys_bits
						 : DMAP_SIZE;
	int err = boot_parse(magic, info, &early, &bi);
	if (err != BOOT_OK) {
		panic("boot: %s (magic 0x%x)", boot_strerror(err), magic);
	}
	show_boot();
	account_memory();
	find_acpi(&early);
	cpu_enable_features();
	paging_init(&pm, &bi);
	paging_guard(kstack);
	gdt_guard_stacks();
	paging_guard(boot_stack_guard);
	/* The boot page tables (boot.S: up to the boot stack's guard) are
	 * out of use since paging_init: their pages go to the free pool. */
	pmem_add(&pm, virt_to_phys(boot_pml4),
		 virt_to_phys(boot_stack_guard) - virt_to_phys(boot_pml4));
	vspace_pcid_init();
	kprintf("paging: kernel text rx, rodata r, data rw%s, stack guards; "
		"direct map at 0x%lx; %s; free %lu KiB\n",
		pte_nx ? "-nx" : " (no NX: W^X not enforced)", DMAP_BASE,
		vspace_pcid ? "PCIDs" : "no PCIDs: a switch flushes the TLB",
		pmem_free_bytes(&pm) >> 10);
	power_init(&ai, boot_cmdline_get(bi.cmdline, "cairn.debug_exit", opt,
					 sizeof(opt)));
	pic_disable();
	lapic_init(&ai);
	ioapic_init(&ai);
	timer_init(&ai);
	timer_check(10);
	if (boot_cmdline_get(bi.cmdline, "cairn.test", opt, sizeof(opt))) {
		deliberate_fault(opt);
	}
	irq_init(&ai);
	fpu_init();
	boot_acpi = &ai;
	root_start(&pm, &bi);
	arch_poweroff(POWER_FAILED);
}
