/*
 * devtree: what the aarch64 boot needs from the device tree (fdt.h):
 * memory and reserved ranges, the chosen node's boot arguments and
 * console, devices found by compatible string with their MMIO ranges and
 * first interrupt, and how to call PSCI.  Addresses come out as CPU
 * physical addresses: reg is read with its bus's #address-cells and
 * #size-cells (1 or 2 each) and translated through every parent bus's
 * ranges.  Every call returns an enum fdt_error.
 */
#ifndef CAIRN_LIB_DEVTREE_H
#define CAIRN_LIB_DEVTREE_H

#include <stdint.h>

#include "fdt.h"

#define DEVTREE_MAX_REG 4 /* MMIO ranges kept per device */

struct devtree_range {
	uint64_t base;
	uint64_t size;
};

/* An interrupt as its controller's binding encodes it. */
struct devtree_irq {
	int controller;	 /* node of the interrupt controller */
	uint32_t ncells; /* the controller's #interrupt-cells, 1 to 3 */
	uint32_t cells[3];
};

/* A GIC interrupt (3 cells: kind, number, flags), decoded. */
enum devtree_gic_kind { DEVTREE_GIC_SPI = 0, DEVTREE_GIC_PPI = 1 };
struct devtree_gic_irq {
	uint32_t kind;	 /* enum devtree_gic_kind */
	uint32_t number; /* SPI 0-987 or PPI 0-15, as the tree gives it */
	uint32_t intid;	 /* the GIC's interrupt ID: SPI + 32, PPI + 16 */
	uint32_t flags;	 /* trigger type: 1 edge rising, 4 level high... */
};

struct devtree_device {
	int node;
	int nreg; /* ranges in reg */
	struct devtree_range reg[DEVTREE_MAX_REG];
	int has_irq; /* the first entry of interrupts, if it has one */
	struct devtree_irq irq;
};

struct devtree_chosen {
	const char *bootargs;	 /* NULL if none */
	const char *stdout_path; /* as written: "serial0:115200n8" */
};

enum devtree_psci { DEVTREE_PSCI_HVC = 1, DEVTREE_PSCI_SMC = 2 };

/* A window of a PCI host bridge: bus addresses [bus, bus + size) are
 * CPU addresses [cpu, cpu + size); size 0: none. */
struct devtree_pci_window {
	uint64_t cpu, bus, size;
};

/* One line of a host bridge's interrupt-map: a function at device
 * (number & dev_mask) == dev raises its pin (pin & pin_mask) == pin on
 * the GIC's INTID intid (an SPI). */
struct devtree_pci_intx {
	uint8_t dev, pin;
	uint16_t intid;
};

#define DEVTREE_PCI_INTX_MAX 16

/* A PCI host bridge whose configuration space is memory-mapped (ECAM). */
struct devtree_pci {
	int node;
	uint64_t ecam; /* CPU address of bus bus_first's configuration */
	uint64_t size; /* bytes of it: 1 MiB a bus */
	uint32_t bus_first, bus_last;
	/* From its ranges, the first of each (a host on the root bus): */
	struct devtree_pci_window mem; /* 32-bit memory (space 2) */
	struct devtree_pci_window io;  /* I/O ports (space 1) */
	/* Its interrupt-map, the entries for SPIs of a GIC with 3-cell
	 * specifiers (none: nintx 0): how INTx reaches the GIC. */
	uint8_t dev_mask, pin_mask, nintx;
	struct devtree_pci_intx intx[DEVTREE_PCI_INTX_MAX];
};

/*
 * The ranges of every memory node (device_type "memory") under the root,
 * at most max of them, into out; *n gets the count.  Returns FDT_OK,
 * FDT_ERR_NOTFOUND if there is no memory, FDT_ERR_FULL, or the fault of
 * a bad reg (FDT_ERR_CELLS, FDT_ERR_LENGTH).
 */
int devtree_memory(const struct fdt *f, struct devtree_range *out, int max,
		   int *n);

/*
 * The ranges the kernel must not hand out: the reservation map's
 * entries, then the reg of every child of /reserved-memory (a child with
 * only a size is a request, not a reservation, and is skipped).  Same
 * returns as devtree_memory, but no reservation at all is FDT_OK, *n = 0.
 */
int devtree_reserved(const struct fdt *f, struct devtree_range *out, int max,
		     int *n);

/*
 * The /chosen node's bootargs and stdout-path into c (either NULL if
 * missing).  Returns FDT_OK, FDT_ERR_NOTFOUND without /chosen, or
 * FDT_ERR_VALUE for a value that is not one string.
 */
int devtree_chosen(const struct fdt *f, struct devtree_chosen *c);

/*
 * The console's node in *node: stdout-path up to any ':', as a path or
 * as an alias of /aliases.  FDT_OK or FDT_ERR_NOTFOUND.
 */
int devtree_stdout(const struct fdt *f, int *node);

/*
 * The first enabled node after node `after` (from the start if after <
 * 0) whose compatible list holds compat, described in *dev: reg
 * translated to CPU addresses, the first interrupt with its controller.
 * Call again with after = dev->node for the next.  Returns FDT_OK,
 * FDT_ERR_NOTFOUND, or the fault of the first match's reg or interrupts.
 */
int devtree_find(const struct fdt *f, const char *compat, int after,
		 struct devtree_device *dev);

/*
 * Decode irq as a GIC's three cells into *out.  Returns FDT_OK, or
 * FDT_ERR_CELLS if the controller does not use three cells, or
 * FDT_ERR_VALUE for a kind other than SPI or PPI or a number out of its
 * range.
 */
int devtree_gic_irq(const struct devtree_irq *irq, struct devtree_gic_irq *out);

/*
 * The first enabled generic ECAM host bridge ("pci-host-ecam-generic"):
 * its first reg range, its bus-range (0-255 without one), and its first
 * 32-bit memory and I/O windows (its ranges; none if it has no ranges or
 * is not on the root bus) into p.
 * Returns FDT_OK, FDT_ERR_NOTFOUND, a bad reg's fault, or FDT_ERR_VALUE
 * for a bus-range that is not two cells first <= last <= 255, or a reg
 * too small for 1 MiB of configuration a bus.
 */
int devtree_pci_ecam(const struct fdt *f, struct devtree_pci *p);

/*
 * The GIC INTID that pin (1-4) of device dev on bus 0 raises, by p's
 * interrupt-map, or -1 if the map does not say.
 */
int devtree_pci_intx_line(const struct devtree_pci *p, unsigned dev,
			  unsigned pin);

/*
 * How to call PSCI, from the node compatible with arm,psci-1.0,
 * arm,psci-0.2 or arm,psci: *method is an enum devtree_psci.  Returns
 * FDT_OK, FDT_ERR_NOTFOUND, or FDT_ERR_VALUE for an unknown method.
 */
int devtree_psci(const struct fdt *f, int *method);

#endif
