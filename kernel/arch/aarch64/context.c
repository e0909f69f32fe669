/*
 * context: threads on aarch64: their registers, entering and leaving the
 * kernel, switching between them, and turning exceptions into faults.
 *
 * Every entry from EL0 saves the thread's registers into its TCB
 * (vectors.S) and comes to trap_user on this CPU's kernel stack; the
 * kernel leaves for whichever thread runs next by arch_restore_user.
 */
#include <cairn/arch/registers.h>
#include <cairn/fault.h>
#include <cairn/layout.h>
#include <cairn/syscall.h>

#include "arch.h"
#include "console.h"
#include "fastpath.h"
#include "fpu.h"
#include "kdebug.h"
#include "kobject.h"
#include "percpu.h"
#include "rootarch.h"
#include "sched.h"
#include "switch.h"
#include "sysreg.h"
#include "tcb.h"
#include "timer.h"

_Static_assert(__builtin_offsetof(struct tcb, arch.regs) == 0,
	       "vectors.S saves the registers as the thread");
_Static_assert(sizeof(struct trap_frame) % 16 == 0,
	       "SP_EL1 stays 16-byte aligned past the frame");

void
arch_tcb_init(struct tcb *t)
{
	t->arch.regs.pstate = SPSR_EL0T; /* EL0, interrupts unmasked */
}

void
arch_tcb_start(struct tcb *t, uint64_t entry, uint64_t sp, uint64_t arg)
{
	root_code_sync();
	t->arch.regs.pc = entry;
	t->arch.regs.sp = sp;
	t->arch.regs.x[0] = arg;
}

void
arch_tcb_set_ipc_buffer(struct tcb *t, uint64_t vaddr)
{
	t->arch.tpidrro = vaddr;
}

void
arch_tcb_finalise(struct tcb *t)
{
	if (cpu0.fpu_owner == t) {
		cpu0.fpu_owner = NULL;
	}
	debug_untrack(t);
}

void
arch_switch_to(struct tcb *t)
{
	switch_to(t, tcb_vspace(t));
}

void
arch_tcb_changed(struct tcb *t)
{
	if (t == cpu0.cur) {
		cpu0.reload = 1;
	}
}

/*
 * The clock of the stretches with interrupts off: the cycle counter
 * (PMCCNTR_EL0, started by kmain.c), as x86_64 uses its TSC, so that
 * under -icount shift=0 a stretch is counted in instructions (the
 * generic counter moves once in 16 there); plus one so that a stamp is
 * never 0 (an entry_stamp of 0 says "not timed").
 */
static inline uint64_t
stamp(void)
{
	return READ_SYSREG(pmccntr_el0) + 1;
}

static inline void
account(uint64_t from, uint64_t now)
{
	if (now - from > cpu0.max_stretch) {
		cpu0.max_stretch = now - from;
	}
}

/* A point where the kernel would notice an interrupt: was the stretch
 * since the last one (or the entry) the longest? */
static inline void
account_point(void)
{
	if (cpu0.entry_stamp != 0) {
		uint64_t now = stamp();
		account(cpu0.entry_stamp, now);
		cpu0.entry_stamp = now;
	}
}

uint64_t
arch_max_stretch(void)
{
	uint64_t m = cpu0.max_stretch;

	cpu0.max_stretch = 0;
	return m;
}

void
arch_return_to(struct tcb *t)
{
	account_point();
	cpu0.entry_stamp = 0;
	cpu0.idle = 0;
	arch_restore_user(&t->arch.regs);
}

/* Wait for interrupts on the kernel stack, fresh; an IRQ taken here
 * (trap_kernel_irq) leaves through kernel_exit. */
void
arch_idle(void)
{
	account_point();
	cpu0.entry_stamp = 0;
	cpu0.idle = 1;
	__asm__ volatile("mov sp, %0\n\t"
			 "msr daifclr, #2\n"
			 "1:\twfi\n\t"
			 "b 1b"
			 :
			 : "r"(cpu0.kstack_top)
			 : "memory");
	__builtin_unreachable();
}

extern char vectors[], vectors_fast[];

void
arch_fastpath_set(bool on)
{
	fastpath_on = CONFIG_FASTPATH && on;
	/* The vector table that dispatches on the number (fastentry.S), or
	 * the one that goes to trap_user always (vectors.S). */
	WRITE_SYSREG(vbar_el1,
		     (uint64_t)(fastpath_on ? vectors_fast : vectors));
	__asm__ volatile("isb" : : : "memory");
}

void
arch_syscall_restart(struct tcb *t)
{
	/* Only a thread stopped in SVC: registers written since are the
	 * writer's to choose (arch_regs_written clears the frame's kind). */
	if (t->arch.regs.kind == TRAP_EL0_SYNC &&
	    esr_class(t->arch.regs.esr) == EC_SVC64) {
		t->arch.regs.pc -= 4; /* the length of SVC */
	}
}

bool
arch_preemption_pending(void)
{
	account_point();
	return (READ_SYSREG(isr_el1) & (1ul << 7)) != 0; /* ISR_EL1.I */
}

/* Where register i of READ_REGISTERS and WRITE_REGISTERS is kept: its
 * offset in the TCB. */
#define REG_AT(field) ((uint16_t) __builtin_offsetof(struct tcb, field))
static const uint16_t reg_offset[CAIRN_REG_COUNT] = {
    [CAIRN_REG_PC] = REG_AT(arch.regs.pc),
    [CAIRN_REG_SP_EL0] = REG_AT(arch.regs.sp),
    [CAIRN_REG_SPSR] = REG_AT(arch.regs.pstate),
    [CAIRN_REG_TPIDR_EL0] = REG_AT(arch.regs.tpidr),
    [CAIRN_REG_TPIDRRO_EL0] = REG_AT(arch.tpidrro),
};

uint64_t *
arch_reg_slot(struct tcb *t, unsigned i)
{
	if (i >= CAIRN_REG_X0 && i <= CAIRN_REG_X30) {
		return &t->arch.regs.x[i - CAIRN_REG_X0];
	}
	return (uint64_t *)(void *)((char *)t + reg_offset[i]);
}

void
arch_regs_written(struct tcb *t)
{
	/* No longer in the system call it entered by, if any. */
	t->arch.regs.kind = TRAP_EL1T_SYNC;
}

/*
 * An interrupt: the controller's driver takes it (irq.c); a timer tick
 * goes to the scheduler.  Device lines are not given to user space yet,
 * so the timer's is the only one open.
 */
static void
interrupt(void)
{
	uint64_t ticks = timer_ticks;

	irq_dispatch();
	if (timer_ticks != ticks) {
		cpu0.ticks++;
		sched_tick();
	}
}

/*
 * Leave the kernel after the slow path's work for the running thread,
 * which entered it: straight back if kernel_exit would choose it and
 * change nothing (sched_keeps_cur), else through kernel_exit.
 */
static inline __attribute__((always_inline, noreturn)) void
leave(void)
{
	struct tcb *t = cpu0.cur;

	if (sched_keeps_cur()) {
		invariant_threads(t);
		account(cpu0.entry_stamp, stamp());
		cpu0.entry_stamp = 0;
		arch_restore_user(&t->arch.regs);
	}
	kernel_exit();
}

void
syscall_slow(struct tcb *t)
{
	cpu0.entry_stamp = stamp();
	syscall_handle(t);
	leave();
}

void
syscall_slow_invoke(struct tcb *t, struct cte *s)
{
	cpu0.entry_stamp = stamp();
	syscall_invoke(t, s);
	leave();
}

/* SVC #0 from t: the fast path for the calls it knows, else the slow. */
static _Noreturn void
svc(struct tcb *t)
{
	int64_t n = reg_syscall(&t->arch.regs);

	if (CONFIG_FASTPATH && fastpath_on) {
		switch (n) {
		case CAIRN_SYS_CALL:
			fastpath_call(t);
		case CAIRN_SYS_REPLY_RECV:
			fastpath_reply_recv(t);
		case CAIRN_SYS_SEND:
			fastpath_send(t);
		case CAIRN_SYS_RECV:
			fastpath_recv(t);
		default:
			if (n >= 0) {
				fastpath_unknown_syscall(t);
			}
		}
	}
	syscall_slow(t);
}

/*
 * The access bits of an abort (cairn/fault.h): PRESENT for a permission
 * or access-flag fault (the page was mapped), WRITE, FETCH.
 */
static uint64_t
abort_access(uint64_t esr)
{
	unsigned ec = esr_class(esr), fsc = esr_iss(esr) & 0x3f;
	uint64_t code =
	    (fsc >> 2) == 2 || (fsc >> 2) == 3 ? CAIRN_FAULT_PRESENT : 0;

	if (ec == EC_IABT_LOW) {
		return code | CAIRN_FAULT_FETCH;
	}
	return esr_is_write(esr) ? code | CAIRN_FAULT_WRITE : code;
}

/* A synchronous exception from t at EL0 other than SVC #0: a fault. */
static void
user_exception(struct tcb *t, const struct trap_frame *f)
{
	unsigned ec = esr_class(f->esr);

	t->fault_vector = f->esr;
	if (ec == EC_DABT_LOW || ec == EC_IABT_LOW) {
		uint64_t access = abort_access(f->esr);
		if (CONFIG_FASTPATH && fastpath_on) {
			fastpath_fault(t, CAIRN_FAULT_PAGE, f->far, access);
		}
		fault_raise(t, CAIRN_FAULT_PAGE, f->far, access);
	} else {
		fault_raise(t, CAIRN_FAULT_EXCEPTION, f->far, esr_iss(f->esr));
	}
}

/* Every entry from EL0 (vectors.S): f is the current thread's frame. */
void
trap_user(struct trap_frame *f)
{
	struct tcb *t = cpu0.cur;
	unsigned ec = esr_class(f->esr);

	if (f->kind == TRAP_EL0_SYNC && ec == EC_SVC64 &&
	    (esr_iss(f->esr) & 0xffff) == 0) {
		svc(t);
	}
	cpu0.entry_stamp = stamp();
	if (f->kind == TRAP_EL0_IRQ) {
		interrupt();
	} else if (f->kind == TRAP_EL0_SYNC && ec == EC_FP && fpu_trap(t)) {
		/* The FP/SIMD registers are this thread's now. */
		leave();
	} else {
		/* Any other exception, and FIQ, SError or AArch32 state (which
		 * nothing should cause), stop the thread, not the kernel. */
		user_exception(t, f);
	}
	kernel_exit();
}

/* An IRQ taken in the kernel: only while idle, the kernel's loop. */
void
trap_kernel_irq(void)
{
	interrupt();
	if (cpu0.idle) {
		kernel_exit();
	}
}
