/*
 * arch: what the portable kernel asks of the machine, on aarch64: the
 * functions every arch has (machine.h), implemented in this directory.
 * The bring-up image (bringup.c) uses the console and power part only.
 * What differs from machine.h's general contracts:
 *
 *  - The console is the PL011 (pl011.c).
 *  - arch_poweroff puts the status on the console, to the host by
 *    semihosting when QEMU has it, then PSCI SYSTEM_OFF (power.c);
 *    arch_reboot is PSCI SYSTEM_RESET.
 *  - No kernel page is mapped for EL0, so arch_user_alias is NULL; there
 *    is no NMI, so arch_self_nmi panics saying so; arch_halt_after_panic
 *    ends the run with POWER_PANIC.
 *  - arch_max_stretch counts the cycle counter's ticks; the IPC buffer's
 *    register is TPIDRRO_EL0; a new thread's sp is 16-byte aligned and
 *    its argument in x0, and arch_tcb_start also makes the code the boot
 *    copied into the root task's frames visible to instruction fetch
 *    (rootarch.c).
 */
#ifndef CAIRN_ARCH_H
#define CAIRN_ARCH_H

#include <stdint.h>

#include "machine.h"

/* The interrupt lines that IRQ handler capabilities may name
 * (irqcap.h): a GICv2's most INTIDs; the Pi's BCM2835 has 72. */
#define ARCH_IRQ_LINES 1020

/* Backtraces (backtrace.h): a return address is its bl's plus 4, and
 * bl leaves it in x30, not on the stack (a frame record is x29 ->
 * {the previous x29, x30}). */
#define ARCH_RETURN_BACK     4
#define ARCH_RETURN_ON_STACK 0

#endif
