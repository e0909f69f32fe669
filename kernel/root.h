/* root: building and starting the root task from the first boot module. */
#ifndef CAIRN_ROOT_H
#define CAIRN_ROOT_H

#include "multiboot.h"
#include "pmem.h"

/*
 * Build the root task from module 0: its CNode, TCB, VSpace, image and
 * stack, the bootinfo page, frames for the other modules, and every free
 * byte of memory as Untyped (zeroed), then run it.  Returns only if the
 * module is not a valid program (after saying why).
 */
void root_start(struct pmem *pm, const struct boot_info *bi);

/* RAM the kernel can use (the arch's boot code counts it). */
extern uint64_t ram_usable;

#endif
