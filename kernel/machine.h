/*
 * machine: what the portable kernel asks of every arch, once.  Every
 * function here starts with arch_ and is implemented in
 * kernel/arch/<arch>/; each arch's arch.h includes this file and adds
 * its constants and whatever only it has.  The hooks of the mapping,
 * IRQ and register code are declared beside it (mapping.h, irqcap.h,
 * the arch's vspace.h and regs.h); docs/arch.md lists them all.
 */
#ifndef CAIRN_MACHINE_H
#define CAIRN_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

/* Exit statuses of arch_poweroff, reported to the host (docs/boot.md). */
enum power_status {
	POWER_OK = 0,	  /* the root task powered off with status 0 */
	POWER_FAILED = 1, /* another status, or nothing could run */
	POWER_FAULT = 2,  /* every thread stopped, one by a fault */
	POWER_PANIC = 3,  /* the kernel panicked */
};

/* The kernel's console: polled output, the kernel log. */
void arch_console_init(void);
void arch_console_putc(char c);

/* Turn the machine off, the status carried to the host where it can be
 * (under QEMU). */
_Noreturn void arch_poweroff(enum power_status status);

/* Reset the machine; returns only if that did not work. */
void arch_reboot(void);

/* The direct map's address of a kernel image address. */
void *arch_alias(const void *image_addr);

/*
 * For the deliberate SMEP and SMAP faults: the address, in a user-
 * accessible alias of the kernel image's page that holds image_addr, of
 * image_addr; NULL where the arch makes no such alias (aarch64) or has
 * no memory for its tables.
 */
void *arch_user_alias(const void *image_addr);

/* Send this CPU a non-maskable interrupt (cairn.test=nmi), or panic
 * saying that the machine has none. */
void arch_self_nmi(void);

/* After a panic report: end the test run, or halt for a person to read. */
_Noreturn void arch_halt_after_panic(void);

struct tcb;

/* Threads: registers, entry and exit (context.c). */
void arch_tcb_init(struct tcb *t);
void arch_tcb_finalise(struct tcb *t);
void arch_switch_to(struct tcb *t);
/* t's address space or IPC buffer changed: reload them if it is running. */
void arch_tcb_changed(struct tcb *t);
_Noreturn void arch_return_to(struct tcb *t);
/* The fast path's exit is inline, over switch.h's switch_to. */
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
 * t's FP and SIMD state as CAIRN_FPU_WORDS words (the arch's layout,
 * registers.h), for READ_FPU and WRITE_FPU: moved out of the registers
 * if t owns them, made the state a new thread starts with if t never
 * used them.  t is not the running thread.
 */
uint64_t *arch_fpu_words(struct tcb *t);
/* May word i of that state be written with v? */
bool arch_fpu_word_valid(unsigned i, uint64_t v);

/*
 * The longest stretch (in the arch's clock's ticks) the kernel ran with
 * interrupts off between the points where it would notice one (entry,
 * preemption points, exit), since the last call; the fast path is not
 * counted.
 */
uint64_t arch_max_stretch(void);

/*
 * Zero bytes of memory at p, both multiples of 8: the machine's fastest
 * way (an Untyped's reset zeroes everything a retype hands out).
 */
void arch_zero(void *p, uint64_t bytes);

/*
 * Building the root task (root.c, which maps its tables and frames by
 * mapping.c).  arch_root_frame_mapped hears of each frame mapped with
 * the rights given (aarch64 keeps the executable ones, to make the code
 * copied into them visible to instruction fetch).  arch_device_memory
 * adds to dev every physical range that is device memory the root task
 * may have (not RAM, not the kernel's own devices); arch_root_caps puts
 * the arch's boot capabilities in the root CNode; arch_root_bootinfo
 * fills the arch's bootinfo fields.
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
 * t starts at entry with stack pointer sp (the top of its stack, as the
 * arch's ABI wants it before a call) and arg as its first argument.
 */
void arch_tcb_start(struct tcb *t, uint64_t entry, uint64_t sp, uint64_t arg);

/* Point t's IPC-buffer register (the arch's: regs.h, REG_IPC_BUFFER) at
 * its IPC buffer. */
void arch_tcb_set_ipc_buffer(struct tcb *t, uint64_t vaddr);

#endif
