/*
 * context: threads on x86_64: their registers, entering and leaving the
 * kernel, switching between them, and turning CPU exceptions into faults.
 */
#include <cairn/fault.h>
#include <cairn/invocation.h>
#include <cairn/layout.h>
#include <cairn/syscall.h>

#include "apic.h"
#include "arch.h"
#include "console.h"
#include "cpu.h"
#include "fastpath.h"
#include "fpu.h"
#include "gdt.h"
#include "irq.h"
#include "irqcap.h"
#include "kdebug.h"
#include "kobject.h"
#include "percpu.h"
#include "sched.h"
#include "switch.h"
#include "tcb.h"

_Static_assert(sizeof(struct trap_frame) % 16 == 0,
	       "the CPU pushes to a 16-byte aligned TSS.rsp0");
_Static_assert(__builtin_offsetof(struct tcb, arch.regs) == 0,
	       "entry.S passes the saved registers as the thread");

void arch_idle_on(uint64_t stack) __attribute__((noreturn));

void
arch_tcb_init(struct tcb *t)
{
	t->arch.regs.cs = SEL_UCODE;
	t->arch.regs.ss = SEL_UDATA;
	t->arch.regs.rflags = RFLAGS_IF | 2;
}

void
arch_tcb_start(struct tcb *t, uint64_t entry, uint64_t sp, uint64_t arg)
{
	t->arch.regs.rip = entry;
	t->arch.regs.rsp = sp - 8; /* as after a call: rsp + 8 is 16-aligned */
	t->arch.regs.rdi = arg;
}

void
arch_tcb_set_ipc_buffer(struct tcb *t, uint64_t vaddr)
{
	t->arch.fs_base = vaddr;
	arch_tcb_changed(t);
}

void
arch_tcb_finalise(struct tcb *t)
{
	if (cpu0.fpu_owner == t) {
		cpu0.fpu_owner = NULL;
	}
	if (cpu0.fs_thread == t) {
		cpu0.fs_thread = NULL; /* the memory may hold a new thread */
	}
	debug_untrack(t);
}

void
arch_switch_to(struct tcb *t)
{
	switch_to(t, tcb_vspace(t));
}

/*
 * The clock of the stretches with interrupts off: the TSC's low 32 bits,
 * plus one so that a stamp is never 0 (an entry_tsc of 0 says "not
 * timed").  A stretch is far shorter than 2^32 ticks, so the difference
 * of two stamps taken mod 2^32 is exact, and a stamp needs no shift and
 * OR to join the TSC's halves.
 */
static inline uint64_t
stamp(void)
{
	uint64_t t;

	__asm__ volatile("rdtsc\n\tlea 1(%%rax), %%rax" : "=a"(t) : : "rdx");
	return t;
}

/* Note the stretch from stamp from to stamp now if it is the longest. */
static inline void
account(uint64_t from, uint64_t now)
{
	uint64_t d = (uint32_t)(now - from);

	if (d > cpu0.max_stretch) {
		cpu0.max_stretch = d;
	}
}

/*
 * A point where the kernel would notice an interrupt (a preemption point,
 * or leaving): was the stretch since the last such point (or the entry)
 * the longest?  That bounds how long an interrupt waits.
 */
static inline void
account_point(void)
{
	if (cpu0.entry_tsc != 0) { /* 0: the fast path, not timed */
		uint64_t now = stamp();
		account(cpu0.entry_tsc, now);
		cpu0.entry_tsc = now;
	}
}

static inline void
account_stretch(void)
{
	account_point();
	cpu0.entry_tsc = 0;
}

uint64_t
arch_max_stretch(void)
{
	uint64_t m = cpu0.max_stretch;

	cpu0.max_stretch = 0;
	return m;
}

void
arch_tcb_changed(struct tcb *t)
{
	if (t == cpu0.fs_thread) {
		cpu0.fs_thread = NULL; /* its FS base may be new */
	}
	if (t == cpu0.cur) {
		cpu0.reload = 1;
	}
}

void
arch_return_to(struct tcb *t)
{
	account_stretch();
	cpu0.idle = 0;
	arch_restore_user(&t->arch.regs);
}

void
arch_idle(void)
{
	account_stretch();
	cpu0.idle = 1;
	arch_idle_on(cpu0.kstack_top);
}

void
arch_syscall_restart(struct tcb *t)
{
	/* Only a thread stopped in SYSCALL: registers written since are
	 * the writer's to choose (arch_regs_written clears the vector). */
	if (t->arch.regs.vector == TRAP_SYSCALL) {
		t->arch.regs.rip -= 2; /* the length of SYSCALL */
	}
}

/* Where register i of READ_REGISTERS and WRITE_REGISTERS is kept: its
 * offset in the TCB (a constant table: no table built per call). */
#define REG_AT(field) ((uint16_t) __builtin_offsetof(struct tcb, field))
static const uint16_t reg_offset[CAIRN_REG_COUNT] = {
    [CAIRN_REG_RIP] = REG_AT(arch.regs.rip),
    [CAIRN_REG_RSP] = REG_AT(arch.regs.rsp),
    [CAIRN_REG_RFLAGS] = REG_AT(arch.regs.rflags),
    [CAIRN_REG_RAX] = REG_AT(arch.regs.rax),
    [CAIRN_REG_RBX] = REG_AT(arch.regs.rbx),
    [CAIRN_REG_RCX] = REG_AT(arch.regs.rcx),
    [CAIRN_REG_RDX] = REG_AT(arch.regs.rdx),
    [CAIRN_REG_RSI] = REG_AT(arch.regs.rsi),
    [CAIRN_REG_RDI] = REG_AT(arch.regs.rdi),
    [CAIRN_REG_RBP] = REG_AT(arch.regs.rbp),
    [CAIRN_REG_R8] = REG_AT(arch.regs.r8),
    [CAIRN_REG_R9] = REG_AT(arch.regs.r9),
    [CAIRN_REG_R10] = REG_AT(arch.regs.r10),
    [CAIRN_REG_R11] = REG_AT(arch.regs.r11),
    [CAIRN_REG_R12] = REG_AT(arch.regs.r12),
    [CAIRN_REG_R13] = REG_AT(arch.regs.r13),
    [CAIRN_REG_R14] = REG_AT(arch.regs.r14),
    [CAIRN_REG_R15] = REG_AT(arch.regs.r15),
    [CAIRN_REG_FS_BASE] = REG_AT(arch.fs_base),
};

uint64_t *
arch_reg_slot(struct tcb *t, unsigned i)
{
	return (uint64_t *)(void *)((char *)t + reg_offset[i]);
}

void
arch_regs_written(struct tcb *t)
{
	/* Leave by iretq, every register as written, in 64-bit user mode. */
	t->arch.regs.vector = 0;
	t->arch.regs.cs = SEL_UCODE;
	t->arch.regs.ss = SEL_UDATA;
}

bool
arch_preemption_pending(void)
{
	account_point();
	return lapic_irq_pending();
}

/* An interrupt: the timer's, a device line's (portable irqcap.c, then
 * the EOI: a level line is masked first, or the I/O APIC, seeing it
 * still asserted at the EOI, would raise it again at once) or a stray
 * one.  Inlined always into its two callers, as the
 * compiler did before the device lines' delivery moved out of irq.c. */
static inline __attribute__((always_inline)) void
interrupt(struct trap_frame *f)
{
	if (f->vector == VEC_TIMER) {
		cpu0.ticks++;
		lapic_eoi();
		sched_tick();
	} else if (f->vector >= VEC_IRQ_BASE && f->vector < VEC_IRQ_END) {
		irq_deliver((unsigned)(f->vector - VEC_IRQ_BASE));
		lapic_eoi();
	} else if (f->vector == VEC_SPURIOUS ||
		   (f->vector >= VEC_PIC_BASE &&
		    f->vector < VEC_PIC_BASE + 16)) {
		/* Spurious: no EOI. */
	} else {
		kprintf("trap: unexpected interrupt vector %lu\n", f->vector);
		lapic_eoi();
	}
}

/*
 * Leave the kernel after the slow path's work for the running thread,
 * which entered it.  If kernel_exit would choose it and change nothing
 * (sched_keeps_cur), return to it straight: the stretch since the entry
 * (timed: entry_tsc is set) is accounted, and cpu0.idle is clear already,
 * since the thread entered from user mode.  Else kernel_exit chooses.
 */
static inline __attribute__((always_inline, noreturn)) void
leave(void)
{
	struct tcb *t = cpu0.cur;

	if (sched_keeps_cur()) {
		invariant_threads(t);
		account(cpu0.entry_tsc, stamp());
		cpu0.entry_tsc = 0;
		arch_restore_user(&t->arch.regs);
	}
	kernel_exit();
}

/* Every entry from user mode but SYSCALL: f is the current thread's. */
void trap_user(struct trap_frame *f) __attribute__((noreturn));

void
trap_user(struct trap_frame *f)
{
	struct tcb *t = cpu0.cur;

	cpu0.entry_tsc = stamp();
	if (f->vector >= 32) {
		interrupt(f);
	} else if (f->vector == 7 && fpu_trap(t)) {
		/* The FPU is this thread's now; nothing else changed. */
		leave();
	} else {
		t->fault_vector = f->vector;
		if (f->vector == VEC_PF) {
			uint64_t addr = read_cr2();
			if (CONFIG_FASTPATH && fastpath_on) {
				fastpath_fault(t, CAIRN_FAULT_PAGE, addr,
					       f->error);
			}
			fault_raise(t, CAIRN_FAULT_PAGE, addr, f->error);
		} else {
			fault_raise(t, CAIRN_FAULT_EXCEPTION, 0, f->error);
		}
	}
	kernel_exit();
}

void
syscall_slow(struct tcb *t)
{
	cpu0.entry_tsc = stamp();
	syscall_handle(t);
	leave();
}

void
syscall_slow_invoke(struct tcb *t, struct cte *s)
{
	cpu0.entry_tsc = stamp();
	syscall_invoke(t, s);
	leave();
}

/* Entries from kernel mode: interrupts while idle, or kernel faults. */
void trap_kernel(struct trap_frame *f);

void
trap_kernel(struct trap_frame *f)
{
	if (f->vector < 32) {
		kernel_exception(f);
		return;
	}
	interrupt(f);
	if (cpu0.idle) {
		kernel_exit();
	}
}
