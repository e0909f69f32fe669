/*
 * plat_dt: the board from its device tree (docs/aarch64.md, "The board").
 * The fixed map of plat_virt.c got the kernel this far; the tree
 * corrects it.  Everything read is checked by lib/fdt.c first.
 */
#include "arch.h"
#include "console.h"
#include "devtree.h"
#include "mmu.h"
#include "plat.h"

enum {
	FDT_HEADER = 40,
	MEM_RANGES = 8,
};

/* The /memory range that holds the kernel: RAM grows if it is larger. */
static void
dt_memory(const struct fdt *f)
{
	struct devtree_range mem[MEM_RANGES];
	int n;

	if (devtree_memory(f, mem, MEM_RANGES, &n) != FDT_OK) {
		return;
	}
	for (int i = 0; i < n; i++) {
		uint64_t end = mem[i].base + mem[i].size;
		if (mem[i].base != plat.ram_base ||
		    kernel_phys_base < mem[i].base || kernel_phys_base >= end) {
			continue;
		}
		uint64_t size = mem[i].size & ~(LARGE_SIZE - 1);
		if (size > plat.ram_size &&
		    mmu_add_ram(plat.ram_base + plat.ram_size,
				size - plat.ram_size) == 0) {
			plat.ram_size = size;
		}
	}
}

/* The console's registers: move the console if the tree says elsewhere. */
static void
dt_uart(const struct fdt *f)
{
	struct devtree_device d;

	if (devtree_find(f, "arm,pl011", -1, &d) != FDT_OK || d.nreg < 1 ||
	    d.reg[0].base == plat.uart_base) {
		return;
	}
	if (mmu_add_device(d.reg[0].base, PAGE_SIZE) == 0) {
		plat.uart_base = d.reg[0].base;
		arch_console_init();
	}
}

static void
dt_gic(const struct fdt *f)
{
	struct devtree_device d;

	if (devtree_find(f, "arm,cortex-a15-gic", -1, &d) != FDT_OK ||
	    d.nreg < 2) {
		return;
	}
	if ((d.reg[0].base == plat.gicd_base ||
	     mmu_add_device(d.reg[0].base, PAGE_SIZE) == 0) &&
	    (d.reg[1].base == plat.gicc_base ||
	     mmu_add_device(d.reg[1].base, 2 * PAGE_SIZE) == 0)) {
		plat.gicd_base = d.reg[0].base;
		plat.gicc_base = d.reg[1].base;
	}
}

/* A 32- or 64-bit address property of node, or 0. */
static uint64_t
prop_addr(const struct fdt *f, int node, const char *name)
{
	const void *v;
	uint32_t len;

	if (fdt_prop(f, node, name, &v, &len) != FDT_OK) {
		return 0;
	}
	return len == 8 ? fdt_be64(v) : len == 4 ? fdt_be32(v) : 0;
}

/*
 * /chosen: bootargs as the command line, and the initrd (QEMU's
 * -initrd: linux,initrd-start and -end), which is the boot module, if
 * it lies in the RAM the direct map holds.
 */
static void
dt_chosen(const struct fdt *f)
{
	struct devtree_chosen c;
	int node = fdt_path(f, "/chosen");

	if (devtree_chosen(f, &c) == FDT_OK && c.bootargs != NULL) {
		plat.bootargs = c.bootargs;
	}
	if (node < 0) {
		return;
	}
	uint64_t start = prop_addr(f, node, "linux,initrd-start");
	uint64_t end = prop_addr(f, node, "linux,initrd-end");
	if (start != 0 && end > start && start >= plat.ram_base &&
	    end <= plat.ram_base + plat.ram_size) {
		plat.initrd_start = start;
		plat.initrd_end = end;
	}
}

static void
dt_psci(const struct fdt *f)
{
	int method;

	if (devtree_psci(f, &method) == FDT_OK) {
		plat.psci = method == DEVTREE_PSCI_SMC ? PSCI_SMC : PSCI_HVC;
	}
}

void
plat_from_dtb(void)
{
	const uint8_t *blob = phys_to_virt(plat.dtb);
	uint64_t avail = mmu_dtb_avail();
	struct fdt f;

	if (plat.intc != INTC_GICV2 || avail < FDT_HEADER ||
	    fdt_be32(blob) != FDT_MAGIC) {
		kprintf("dtb: none at 0x%lx; %s's fixed map\n", plat.dtb,
			plat.name);
		return;
	}
	uint32_t size = fdt_be32(blob + 4);
	int err = size <= avail ? fdt_open(&f, blob, size) : FDT_ERR_TRUNCATED;
	if (err != FDT_OK) {
		kprintf(
		    "dtb: at 0x%lx, %u bytes, refused: %s; %s's fixed map\n",
		    plat.dtb, size, fdt_strerror(err), plat.name);
		return;
	}
	dt_memory(&f);
	dt_uart(&f);
	dt_gic(&f);
	dt_psci(&f);
	dt_chosen(&f);
	plat.dtb_size = size;
	kprintf("dtb: at 0x%lx, %u bytes: RAM 0x%lx-0x%lx, pl011 0x%lx, gic "
		"0x%lx 0x%lx, psci %s\n",
		plat.dtb, size, plat.ram_base,
		plat.ram_base + plat.ram_size - 1, plat.uart_base,
		plat.gicd_base, plat.gicc_base,
		plat.psci == PSCI_SMC ? "smc" : "hvc");
}
