/*
 * The root task's start: the capabilities in its CNode and the bootinfo
 * page the kernel maps for it (docs/abi.md, "The root task").
 */
#ifndef CAIRN_BOOTINFO_H
#define CAIRN_BOOTINFO_H

#include <cairn/types.h>

/* Slots of the root CNode (radix 15, guard 0 of 49 bits: a cptr is the
 * slot number). */
enum cairn_root_slot {
	CAIRN_ROOT_NULL = 0,
	CAIRN_ROOT_TCB = 1,
	CAIRN_ROOT_CNODE = 2,
	CAIRN_ROOT_VSPACE = 3,
	CAIRN_ROOT_IRQ_CONTROL = 4,
	CAIRN_ROOT_IOPORT_CONTROL = 5,
	CAIRN_ROOT_DEBUG = 6,
	CAIRN_ROOT_BOOTINFO_FRAME = 7,
	CAIRN_ROOT_IPC_BUFFER = 8,
	CAIRN_ROOT_FIRST_DYNAMIC = 9, /* ranges below follow from here */
};

#define CAIRN_ROOT_CNODE_RADIX 15

#define CAIRN_BOOTINFO_MAGIC	   0x4F464E49544F4F42ull /* "BOOTINFO" */
#define CAIRN_BOOTINFO_MAX_UNTYPED 160
#define CAIRN_BOOTINFO_MAX_MODULES 7

/* A block of physical memory the root task holds as Untyped. */
struct cairn_untyped_desc {
	uint64_t phys;
	uint8_t size_bits;
	uint8_t device; /* device memory: frames only, never zeroed */
	uint8_t reserved[6];
};

/* A boot module other than the root task's own file, as frames. */
struct cairn_module_desc {
	cptr_t frames; /* the first of nframes frame capabilities */
	uint64_t nframes;
	uint64_t size; /* bytes */
	char name[48];
};

/*
 * PCI configuration space, memory-mapped (ECAM), as the firmware gives
 * it (x86_64: ACPI's MCFG, segment 0; aarch64: the device tree's generic
 * ECAM host): bus bus_first's 1 MiB at phys, then each bus up to
 * bus_last.  phys 0: none (on x86_64 the legacy ports 0xCF8-0xCFF are
 * the way then).  The pages are in a device Untyped.  On aarch64 the
 * host bridge's windows come too (the device tree's ranges), for the pci
 * service to place BARs no firmware placed: bus addresses [bus, bus +
 * size) are CPU addresses [cpu, cpu + size), in a device Untyped; size
 * 0: none (x86_64's firmware places every BAR).  So does the INTx
 * routing (the device tree's interrupt-map): a function on bus 0 at
 * device d raises pin p (1-4) on the interrupt controller's line of the
 * entry whose dev is d & intx_dev_mask and pin is p & intx_pin_mask
 * (nintx 0: not known; x86_64's firmware writes the line into each
 * function's Interrupt Line register instead).
 */
struct cairn_pci_window {
	uint64_t cpu, bus, size;
};

struct cairn_pci_intx {
	uint8_t dev, pin;
	uint16_t line; /* the GIC's INTID */
};

#define CAIRN_PCI_INTX_MAX 16

struct cairn_pci_ecam {
	uint64_t phys;
	uint8_t bus_first;
	uint8_t bus_last;
	uint8_t nintx;
	uint8_t intx_dev_mask, intx_pin_mask;
	uint8_t reserved[3];
	struct cairn_pci_window mem; /* 32-bit memory */
	struct cairn_pci_window io;  /* I/O ports */
	struct cairn_pci_intx intx[CAIRN_PCI_INTX_MAX];
};

struct cairn_bootinfo {
	uint64_t magic;
	cptr_t free_first; /* empty slots: [free_first, free_end) */
	cptr_t free_end;
	cptr_t untyped_first; /* untyped[i] is in slot untyped_first + i */
	uint64_t nuntyped;
	cptr_t image_first; /* [image_first, image_end): the frames of the */
	cptr_t image_end;   /* root task's image and stack, its page tables */
	uint64_t nmodules;
	uint64_t tsc_hz;	   /* the TSC's frequency */
	uint64_t ipc_buffer;	   /* the root thread's IPC buffer */
	uint64_t boot_tsc;	   /* the TSC when the kernel was entered */
	uint64_t ram_bytes;	   /* RAM above 1 MiB: the Untyped RAM, the
				      modules, and what the kernel and the root
				      task's first objects took at boot */
	struct cairn_pci_ecam pci; /* PCI configuration space, or phys 0 */
	struct cairn_module_desc modules[CAIRN_BOOTINFO_MAX_MODULES];
	struct cairn_untyped_desc untyped[CAIRN_BOOTINFO_MAX_UNTYPED];
	char cmdline[256]; /* the kernel's command line */
	char args[64];	   /* the root task's own module arguments */
};

_Static_assert(sizeof(struct cairn_bootinfo) <= 4096, "one page");

#endif
