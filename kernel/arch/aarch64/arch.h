/*
 * arch: what the portable kernel asks of the machine, on aarch64.
 * Every function here starts with arch_; the same set as x86_64's
 * arch.h (docs/arch.md), implemented in this directory.  The bring-up
 * image (bringup.c) uses the console and power part only.
 */
#ifndef CAIRN_ARCH_H
#define CAIRN_ARCH_H

#include <stdint.h>

/* The interrupt lines that IRQ handler capabilities may name
 * (irqcap.h): a GICv2's most INTIDs; the Pi's BCM2835 has 72. */
#define ARCH_IRQ_LINES 1020

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

/* Print addr as "name+0xoff" from the kernel's symbol table. */
void arch_print_symbol(uint64_t addr);

/*
 * Print a backtrace that starts at pc and follows the frame records
 * (x29 -> {previous x29, return address}) from fp; sp is unused.
 */
void arch_backtrace(uint64_t fp, uint64_t pc, uint64_t sp);

/*
 * Turn the machine off: the status on the console, to the host by
 * semihosting when QEMU has it, then PSCI SYSTEM_OFF (power.c).
 */
_Noreturn void arch_poweroff(enum power_status status);

/* PSCI SYSTEM_RESET; returns only if the firmware refused. */
void arch_reboot(void);

/* The direct map's address of a kernel image address. */
void *arch_alias(const void *image_addr);

/*
 * For the deliberate SMEP and SMAP faults (x86_64's): aarch64 maps no
 * kernel page for EL0, so there is no such alias: NULL.
 */
void *arch_user_alias(const void *image_addr);

/* aarch64 has no NMI: a panic that says so (cairn.test=nmi only). */
void arch_self_nmi(void);

/* After a panic report: end the run with POWER_PANIC. */
_Noreturn void arch_halt_after_panic(void);

struct tcb;

/* Threads: registers, entry and exit (context.c). */
void arch_tcb_init(struct tcb *t);
void arch_tcb_finalise(struct tcb *t);
void arch_switch_to(struct tcb *t);
/* t's address space or IPC buffer changed: reload them if it is running. */
void arch_tcb_changed(struct tcb *t);
_Noreturn void arch_return_to(struct tcb *t);
/* The fast path's exit, arch_fast_switch, is inline: switch.h. */
/* Turn the fast path on or off (only on where built in): fastpath_on. */
void arch_fastpath_set(_Bool on);
_Noreturn void arch_idle(void);
void arch_syscall_restart(struct tcb *t);
/* Where register i (below CAIRN_REG_COUNT) of READ_REGISTERS and
 * WRITE_REGISTERS is kept in t. */
uint64_t *arch_reg_slot(struct tcb *t, unsigned i);
/* t's registers were written: leave by the path that loads them all. */
void arch_regs_written(struct tcb *t);

/*
 * The longest stretch (counter ticks, CNTPCT_EL0) the kernel ran with
 * interrupts off between the points where it would notice one, since
 * the last call; the fast path is not counted.
 */
uint64_t arch_max_stretch(void);

/* Zero bytes of memory at p, both multiples of 8 (DC ZVA where it can). */
void arch_zero(void *p, uint64_t bytes);

/*
 * Building the root task (root.c), as on x86_64 (its arch.h says what
 * each does).
 */
struct cap;
struct cte;
struct pmem;
struct boot_info;
struct cairn_bootinfo;
void arch_root_frame_mapped(const struct cap *c, unsigned rights);
void arch_device_memory(struct pmem *dev, const struct boot_info *bi);
void arch_root_caps(struct cte *root_cnode);
void arch_root_bootinfo(struct cairn_bootinfo *bi);

/*
 * t starts at entry with stack pointer sp (16-byte aligned) and arg in
 * x0.  On aarch64 it also makes the code the boot copied into the root
 * task's frames visible to instruction fetch (rootarch.c).
 */
void arch_tcb_start(struct tcb *t, uint64_t entry, uint64_t sp, uint64_t arg);

/* Point t's IPC-buffer register at its IPC buffer: TPIDRRO_EL0. */
void arch_tcb_set_ipc_buffer(struct tcb *t, uint64_t vaddr);

#endif
