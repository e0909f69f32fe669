/* platform: what the PC's boot sequence found, for the rest of the arch. */
#ifndef CAIRN_X86_PLATFORM_H
#define CAIRN_X86_PLATFORM_H

#include "acpi.h"

/* The ACPI tables' findings (kmain.c), set before the root task is built. */
extern const struct acpi_info *boot_acpi;

#endif
