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
	PCI_SPACE_IO = 1, /* phys.hi bits 25:24 of a PCI address */
};

/* The nodes of the kernel's own devices: not the root task's. */
static int gic_node = -1;

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
		plat.ram[i] = (struct plat_mmio){mem[i].base, mem[i].size};
	}
	plat.nram = (unsigned)n;
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

/* /reserved-memory and the reservation map: neither RAM nor devices. */
static void
dt_reserved(const struct fdt *f)
{
	struct devtree_range r[PLAT_RAM_MAX];
	int n;

	if (devtree_reserved(f, r, PLAT_RAM_MAX, &n) != FDT_OK) {
		return;
	}
	for (int i = 0; i < n; i++) {
		plat.resv[i] = (struct plat_mmio){r[i].base, r[i].size};
	}
	plat.nresv = (unsigned)n;
}

/*
 * The console's registers and line: move the console if the tree says
 * elsewhere.
 */
static void
dt_uart(const struct fdt *f)
{
	struct devtree_device d;
	struct devtree_gic_irq irq;

	if (devtree_find(f, "arm,pl011", -1, &d) != FDT_OK || d.nreg < 1) {
		return;
	}
	if (d.has_irq && devtree_gic_irq(&d.irq, &irq) == FDT_OK) {
		plat.uart_intid = irq.intid;
	}
	if (d.reg[0].base != plat.uart_base &&
	    mmu_add_device(d.reg[0].base, PAGE_SIZE) == 0) {
		plat.uart_base = d.reg[0].base;
		arch_console_init();
	}
}

/*
 * The GIC's MSI frame (GICv2m), the kernel's: a device that could write
 * its MSI_SETSPI register would raise any of its SPIs, so its page is in
 * plat.mmio, out of the root task's device memory.
 */
static void
dt_v2m(const struct fdt *f)
{
	struct devtree_device d;

	if (devtree_find(f, "arm,gic-v2m-frame", -1, &d) != FDT_OK ||
	    d.nreg < 1 || plat.nmmio == PLAT_MMIO_MAX ||
	    mmu_add_device(d.reg[0].base, PAGE_SIZE) != 0) {
		return;
	}
	plat.v2m_base = d.reg[0].base;
	plat.mmio[plat.nmmio++] = (struct plat_mmio){d.reg[0].base, PAGE_SIZE};
}

static void
dt_gic(const struct fdt *f)
{
	struct devtree_device d;

	if (devtree_find(f, "arm,cortex-a15-gic", -1, &d) != FDT_OK ||
	    d.nreg < 2) {
		return;
	}
	gic_node = d.node;
	if ((d.reg[0].base == plat.gicd_base ||
	     mmu_add_device(d.reg[0].base, PAGE_SIZE) == 0) &&
	    (d.reg[1].base == plat.gicc_base ||
	     mmu_add_device(d.reg[1].base, 2 * PAGE_SIZE) == 0)) {
		plat.gicd_base = d.reg[0].base;
		plat.gicc_base = d.reg[1].base;
	}
	dt_v2m(f);
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

/*
 * A PCI host bridge's windows (its ranges: a 3-cell PCI address, a CPU
 * address in its parent's cells, a 2-cell size), memory and I/O alike:
 * its devices' BARs lie there.  Only a host on the root bus, whose CPU
 * addresses need no translation.
 */
static int
dt_pci_windows(const struct fdt *f, int node)
{
	const uint8_t *v;
	const void *val;
	uint32_t len, pcells = 2;
	int err = 0;

	if (fdt_parent(f, node) != 0 ||
	    fdt_prop(f, node, "ranges", &val, &len) != FDT_OK) {
		return 0;
	}
	fdt_prop_u32(f, 0, "#address-cells", &pcells);
	if (pcells != 1 && pcells != 2) {
		return 0;
	}
	uint32_t entry = 4 * (3 + pcells + 2);
	for (v = val; len >= entry; v += entry, len -= entry) {
		uint32_t space = (fdt_be32(v) >> 24) & 3;
		uint64_t cpu =
		    pcells == 2 ? fdt_be64(v + 12) : fdt_be32(v + 12);
		if (space >= PCI_SPACE_IO) {
			err |= plat_add_dev(cpu, fdt_be64(v + 12 + 4 * pcells));
		}
	}
	return err;
}

/*
 * One node, after prev in the tree: if it is an enabled device other
 * than the kernel's interrupt controller, its registers (and a PCI
 * host's windows) are device memory; the console's UART is too, for
 * user land's serial driver.  devtree_find, from prev, describes it.
 */
static int
dt_device(const struct fdt *f, int node, int prev)
{
	struct devtree_device d;
	const void *compat;
	uint32_t len;
	int err = 0;

	if (node == gic_node ||
	    fdt_prop(f, node, "compatible", &compat, &len) != FDT_OK ||
	    len == 0 || ((const char *)compat)[len - 1] != '\0' ||
	    devtree_find(f, compat, prev, &d) != FDT_OK || d.node != node) {
		return 0;
	}
	for (int i = 0; i < d.nreg; i++) {
		err |= plat_add_dev(d.reg[i].base, d.reg[i].size);
	}
	return err | dt_pci_windows(f, node);
}

/* Every device's registers (dt_device); the fixed map's if too many. */
static void
dt_devices(const struct fdt *f)
{
	int depth = 0, prev = -1, err = 0;

	plat.ndev = 0;
	for (int n = fdt_next_node(f, -1, &depth); n >= 0;
	     prev = n, n = fdt_next_node(f, n, &depth)) {
		err |= dt_device(f, n, prev);
	}
	if (err != 0) {
		kprintf("dtb: more than %u device ranges: the root task gets "
			"all that is not RAM below 4 GiB\n",
			PLAT_DEV_MAX);
		plat.ndev = 0;
	}
}

/* The generic ECAM host's configuration space, for user land's pci
 * service (the bootinfo's pci); its reg is device memory already. */
static void
dt_pci(const struct fdt *f)
{
	struct devtree_pci p;

	if (devtree_pci_ecam(f, &p) == FDT_OK) {
		plat.pci_ecam = p.ecam;
		plat.pci_bus_first = p.bus_first;
		plat.pci_bus_last = p.bus_last;
		plat.pci_mem_cpu = p.mem.cpu;
		plat.pci_mem_bus = p.mem.bus;
		plat.pci_mem_size = p.mem.size;
		plat.pci_io_cpu = p.io.cpu;
		plat.pci_io_bus = p.io.bus;
		plat.pci_io_size = p.io.size;
		plat.pci_nintx = p.nintx;
		plat.pci_intx_dev_mask = p.dev_mask;
		plat.pci_intx_pin_mask = p.pin_mask;
		for (unsigned i = 0; i < p.nintx; i++) {
			plat.pci_intx[i] = p.intx[i];
		}
		kprintf("dtb: pci ecam 0x%lx, buses %u-%u, memory window "
			"0x%lx+0x%lx, ports at 0x%lx+0x%lx\n",
			p.ecam, p.bus_first, p.bus_last, p.mem.cpu, p.mem.size,
			p.io.cpu, p.io.size);
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

/*
 * The Pi's tree (QEMU -dtb, Cairn's kernel/arch/aarch64/rpi3.dts) is
 * read for /chosen only: the initrd QEMU's loader wrote there, and the
 * command line.  The devices stay the fixed map's (plat_raspi3b.c).
 */
static void
dt_chosen_only(const struct fdt *f, uint32_t size)
{
	dt_chosen(f);
	plat.dtb_size = size;
	kprintf("dtb: at 0x%lx, %u bytes: /chosen only; %s's fixed map\n",
		plat.dtb, size, plat.name);
}

void
plat_from_dtb(void)
{
	const uint8_t *blob = phys_to_virt(plat.dtb);
	uint64_t avail = mmu_dtb_avail();
	struct fdt f;

	if (avail < FDT_HEADER || fdt_be32(blob) != FDT_MAGIC) {
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
	if (plat.intc != INTC_GICV2) {
		dt_chosen_only(&f, size);
		return;
	}
	dt_memory(&f);
	dt_uart(&f);
	dt_gic(&f);
	dt_psci(&f);
	dt_chosen(&f);
	dt_reserved(&f);
	dt_devices(&f);
	plat.dtb_size = size;
	kprintf("dtb: at 0x%lx, %u bytes: RAM 0x%lx-0x%lx, pl011 0x%lx, gic "
		"0x%lx 0x%lx, psci %s\n",
		plat.dtb, size, plat.ram_base,
		plat.ram_base + plat.ram_size - 1, plat.uart_base,
		plat.gicd_base, plat.gicc_base,
		plat.psci == PSCI_SMC ? "smc" : "hvc");
	kprintf("dtb: %u device ranges, %u reserved\n", plat.ndev, plat.nresv);
	dt_pci(&f);
}
