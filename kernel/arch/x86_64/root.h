/* root: building and starting the root task from the first boot module. */
#ifndef CAIRN_X86_ROOT_H
#define CAIRN_X86_ROOT_H

#include "acpi.h"
#include "multiboot.h"
#include "pmem.h"

/*
 * Build the root task from module 0: its CNode, TCB, VSpace, image and
 * stack, the bootinfo page, frames for the other modules, and every free
 * byte of memory as Untyped (zeroed), then run it.  Returns only if the
 * module is not a valid program (after saying why).
 */
void root_start(struct pmem *pm, const struct boot_info *bi,
		const struct acpi_info *ai);

/* The TSC at the kernel's entry (boot.S). */
extern uint64_t boot_tsc;

/* RAM the kernel can use: every available byte above the first MiB. */
extern uint64_t ram_usable;

#endif
