/*
 * arch: what the portable kernel asks of the machine, on aarch64.  So
 * far the part the bring-up implements; the x86_64 arch.h lists the
 * rest that the port is to provide (docs/aarch64.md, "Left to do").
 */
#ifndef CAIRN_ARCH_H
#define CAIRN_ARCH_H

#include <stdint.h>

/* Exit statuses of arch_poweroff, reported to the host (docs/boot.md). */
enum power_status {
	POWER_OK = 0,	  /* the root task powered off with status 0 */
	POWER_FAILED = 1, /* another status, or nothing could run */
	POWER_FAULT = 2,  /* every thread stopped, one by a fault */
	POWER_PANIC = 3,  /* the kernel panicked */
};

/* The PL011 console (pl011.c): polled output, the kernel log. */
void arch_console_init(void);
void arch_console_putc(char c);

/*
 * Turn the machine off: the status on the console, to the host by
 * semihosting when QEMU has it, then PSCI SYSTEM_OFF (power.c).
 */
_Noreturn void arch_poweroff(enum power_status status);

/* PSCI SYSTEM_RESET; returns only if the firmware refused. */
void arch_reboot(void);

/* After a panic report: end the run with POWER_PANIC. */
_Noreturn void arch_halt_after_panic(void);

#endif
