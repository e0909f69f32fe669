/*
 * proc: the boot program, the one user program of this stage: loaded from
 * the first boot module, run in ring 3 in an address space of its own,
 * ended by its exit call or by a fault.  The capability kernel replaces
 * this with threads and address-space objects.
 */
#ifndef CAIRN_PROC_H
#define CAIRN_PROC_H

#include <stdint.h>

#include "bootinfo.h"

struct trap_frame;

/*
 * Check the module's ELF file and load it into a new address space.
 * Returns 0, or -1 after saying why (a bad file maps nothing).
 */
int proc_load(const struct boot_module *m);

/* Enter the loaded program.  Does not return. */
_Noreturn void proc_start(void);

/* The program asked to exit with status. */
_Noreturn void proc_exit(uint64_t status);

/* The program took a CPU exception described by f. */
_Noreturn void proc_fault(struct trap_frame *f);

/* The program made a system call with a non-negative number. */
_Noreturn void proc_unknown_syscall(struct trap_frame *f);

#endif
