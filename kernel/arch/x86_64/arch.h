/*
 * arch: what the portable kernel asks of the machine, on x86_64: the
 * functions every arch has (machine.h), implemented in this directory,
 * and what only the PC adds.  What differs from machine.h's general
 * contracts:
 *
 *  - arch_poweroff: QEMU's isa-debug-exit device (when the command line
 *    asked for it) carries status to the host, else ACPI S5;
 *    arch_reboot resets by the keyboard controller.
 *  - arch_user_alias maps the page of the kernel image once more,
 *    user-accessible, readable and executable, at a low address of the
 *    kernel's own page tables (which no address space shares).
 *  - arch_max_stretch counts TSC ticks; the IPC buffer's register is
 *    the FS base; a new thread's rsp is as after a call (sp - 8).
 */
#ifndef CAIRN_ARCH_H
#define CAIRN_ARCH_H

#include <stdint.h>

#include "machine.h"

/* The lines IRQ handler capabilities may name (irqcap.h): the first I/O
 * APIC's 24 GSIs, then 24 MSI lines; line n arrives on vector 0x30 + n
 * (trap.h). */
#define ARCH_IOAPIC_LINES 24
#define ARCH_MSI_LINES	  24
#define ARCH_IRQ_LINES	  (ARCH_IOAPIC_LINES + ARCH_MSI_LINES)

/* Backtraces (backtrace.h): a return address points just past its
 * call, which pushed it on the stack. */
#define ARCH_RETURN_BACK     1
#define ARCH_RETURN_ON_STACK 1

/* Can the kernel read the 8 bytes at va without faulting? */
int arch_kernel_readable(uint64_t va);

#endif
