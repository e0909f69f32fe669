/* power: turning the machine off. */
#ifndef CAIRN_X86_POWER_H
#define CAIRN_X86_POWER_H

#include "acpi.h"

/*
 * Remember how to power off: ACPI S5 from ai, and whether QEMU's
 * isa-debug-exit device at port 0xf4 should carry the status out.
 */
void power_init(const struct acpi_info *ai, int debug_exit);

#endif
