/*
 * kmain: the aarch64 boot sequence (docs/aarch64.md), from boot.S to the
 * root task: the board, the MMU, the console, the device tree, the
 * vectors, the interrupt controller and the timer, then the memory
 * account and the portable root_start with the initrd as boot module.
 */
#include <stdint.h>

#include "arch.h"
#include "console.h"
#include "cstring.h"
#include "deliberate.h"
#include "fastpath.h"
#include "fpu.h"
#include "mmu.h"
#include "multiboot.h"
#include "percpu.h"
#include "plat.h"
#include "pmem.h"
#include "root.h"
#include "rootarch.h"
#include "sysreg.h"
#include "timer.h"
#include "trap.h"
#include "vspace.h"

enum {
	TICK_HZ = 100,		   /* as x86_64's TIMER_HZ */
	CNTKCTL_EL0VCTEN = 1 << 1, /* EL0 may read the virtual counter */
	PMCR_E = 1 << 0,	   /* the PMU's counters count */
	PMCR_LC = 1 << 6,	   /* the cycle counter is 64 bits wide */
	PMCNTEN_C = 1u << 31,	   /* the cycle counter is on */
	PMUSERENR_EN_CR = 5,	   /* EL0 may read the cycle counter */
};

uint64_t ram_usable;
static struct boot_info bi;
static struct pmem pm;

extern char _image_start[], _end[], boot_stack_top[];

void kmain(uint64_t dtb, uint64_t phys_base, uint64_t entry_el);

/*
 * Where the initramfs starts in a boot bundle, or 0.  A bundle (make
 * ARCH=aarch64 builds BUILD/aarch64/boot.img) is the root task's ELF
 * file, padded to a page, then the initramfs, a ustar archive: one
 * -initrd carries the two modules that x86_64 gets from Multiboot.  The
 * ELF file ends where its section headers end (lld writes them last).
 */
static uint64_t
bundle_split(const uint8_t *p, uint64_t size)
{
	uint64_t shoff;
	uint16_t shentsize, shnum;

	if (size < 64 || memcmp(p, "\177ELF", 4) != 0) {
		return 0;
	}
	memcpy(&shoff, p + 0x28, 8);
	memcpy(&shentsize, p + 0x3a, 2);
	memcpy(&shnum, p + 0x3c, 2);
	if (shoff > size) {
		return 0;
	}
	uint64_t at = shoff + (uint64_t)shentsize * shnum;
	at = (at + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	if (at >= size || size - at < 512 ||
	    memcmp(p + at + 257, "ustar", 5) != 0) {
		return 0;
	}
	return at;
}

static void
add_module(uint64_t start, uint64_t end, const char *name)
{
	struct boot_module *m = &bi.modules[bi.nmodules];

	m->start = start;
	m->end = end;
	memcpy(m->name, name, strlen(name) + 1);
	kprintf("module %d: %08lx-%08lx %lu bytes \"%s\"\n", bi.nmodules,
		m->start, m->end, m->end - m->start, m->name);
	bi.nmodules++;
}

/*
 * The boot modules: QEMU's -initrd, named after the root task it holds,
 * and, if it is a boot bundle, the initramfs after it.
 */
static void
find_module(void)
{
	if (plat.initrd_start == 0) {
		kprintf("boot: no initrd: no boot module\n");
		return;
	}
	uint64_t size = plat.initrd_end - plat.initrd_start;
	uint64_t split = bundle_split(phys_to_virt(plat.initrd_start), size);
	if (split == 0) {
		add_module(plat.initrd_start, plat.initrd_end, "initrd");
		return;
	}
	add_module(plat.initrd_start, plat.initrd_start + split, "initrd");
	add_module(plat.initrd_start + split, plat.initrd_end, "initramfs");
}

/*
 * Free memory: the RAM the direct map holds, less the kernel image (from
 * its 2 MiB aligned base: on the Pi the firmware's spin tables lie
 * below it), the DTB, the boot module, and what the device tree reserves
 * (its /reserved-memory and its memory reservation map: firmware's).
 */
static void
account_memory(uint64_t phys_base)
{
	uint64_t kernel = virt_to_phys(_end) - phys_base;

	pmem_init(&pm);
	pmem_add(&pm, plat.ram_base, plat.ram_size);
	bi.regions[0].base = plat.ram_base;
	bi.regions[0].len = plat.ram_size;
	bi.regions[0].type = BOOT_MEM_AVAILABLE;
	bi.nregions = 1;
	ram_usable = pmem_free_bytes(&pm);
	pmem_reserve(&pm, phys_base, kernel);
	if (plat.dtb_size != 0) {
		pmem_reserve(&pm, plat.dtb, plat.dtb_size);
	}
	for (int i = 0; i < bi.nmodules; i++) {
		pmem_reserve(&pm, bi.modules[i].start,
			     bi.modules[i].end - bi.modules[i].start);
	}
	uint64_t before = pmem_free_bytes(&pm);
	for (unsigned i = 0; i < plat.nresv; i++) {
		pmem_reserve(&pm, plat.resv[i].pa, plat.resv[i].len);
	}
	kprintf("mem: %lu KiB RAM, kernel %lu KiB, reserved by the tree %lu "
		"KiB, free %lu KiB in %d ranges\n",
		ram_usable >> 10, kernel >> 10,
		(before - pmem_free_bytes(&pm)) >> 10,
		pmem_free_bytes(&pm) >> 10, pm.n);
}

/* cairn.test=KIND: a deliberate kernel fault (deliberate.c). */
static void
deliberate(void)
{
	char opt[32];

	if (boot_cmdline_get(bi.cmdline, "cairn.test", opt, sizeof(opt))) {
		deliberate_fault(opt);
	}
}

/*
 * The PMU's cycle counter, PMCCNTR_EL0, running and readable at EL0, as
 * x86_64's TSC is: the benchmarks' clock (bench/arch/aarch64/benchcpu.h).
 * Under QEMU's TCG it follows the virtual clock at 1 GHz, so with
 * -icount shift=0 it counts instructions.  It tells a thread no more
 * than the generic counter it can read anyway, only finer.
 */
static void
cycle_counter_start(void)
{
	WRITE_SYSREG(pmcr_el0, PMCR_E | PMCR_LC);
	WRITE_SYSREG(pmcntenset_el0, PMCNTEN_C);
	WRITE_SYSREG(pmuserenr_el0, PMUSERENR_EN_CR);
	__asm__ volatile("isb" : : : "memory");
}

static void
start_timer(void)
{
	intc_init();
	timer_start(TICK_HZ);
	WRITE_SYSREG(cntkctl_el1, CNTKCTL_EL0VCTEN);
	cycle_counter_start();
	kprintf("timer: %u Hz (CNTP, counter %lu Hz, %s %u)\n", TICK_HZ,
		timer_freq(), plat.intc == INTC_GICV2 ? "INTID" : "core source",
		plat.timer_intid);
}

void
kmain(uint64_t dtb, uint64_t phys_base, uint64_t entry_el)
{
	boot_counter = READ_SYSREG(cntpct_el0);
	plat_init(phys_base, entry_el, dtb);
	mmu_init(phys_base);
	arch_console_init();
	kprintf("Cairn %s (aarch64)\n", CAIRN_VERSION);
	kprintf("boot: %s, entered at EL%lu, running at EL%u, image at "
		"0x%lx\n",
		plat.name, entry_el, current_el(), phys_base + TEXT_OFFSET);
	plat_from_dtb();
	mmu_report();
	trap_init((uint64_t)boot_stack_top);
	arch_fastpath_set(fastpath_on);
	size_t n = strlen(plat.bootargs);
	memcpy(bi.cmdline, plat.bootargs,
	       n < sizeof(bi.cmdline) - 1 ? n : sizeof(bi.cmdline) - 1);
	kprintf("boot: command line \"%s\"\n", bi.cmdline);
	find_module();
	account_memory(phys_base);
	deliberate();
	start_timer();
	fpu_init();
	asid_init();
	root_start(&pm, &bi);
	arch_poweroff(POWER_FAILED);
}
