/*
 * switch: loading a thread onto the CPU, shared by the scheduler's exit
 * (context.c) and the fast path, which inlines it.  Each arch has a
 * switch.h with switch_to; the fast path's exit (fastpath.c) is
 * portable over it.
 */
#ifndef CAIRN_X86_SWITCH_H
#define CAIRN_X86_SWITCH_H

#include "cpu.h"
#include "fpu.h"
#include "gdt.h"
#include "kobject.h"
#include "percpu.h"
#include "trap.h"
#include "vspace.h"

/* Leave the kernel for the thread whose saved registers are f (entry.S). */
_Noreturn void arch_restore_user(struct trap_frame *f);

/*
 * Make t's context the CPU's: its kernel entry points (TSS.rsp0, just
 * past its saved registers, and syscall_sp, at their ss word), its address
 * space vs (the PML4's physical address, tcb_vspace(t)), FS base and FPU trap,
 * each only where it changes.
 */
static inline __attribute__((always_inline)) void
switch_to(struct tcb *t, uint64_t vs)
{
	uint64_t top = (uint64_t)(&t->arch.regs + 1);

	gdt_set_kstack(top);
	cpu0.syscall_sp = (uint64_t)&t->arch.regs.ss;
	if (vs != cpu0.cr3) {
		write_cr3(vspace_cr3(vs, t->slots[TCB_VSPACE].cap.w1 &
					     MAP_ASID_MASK));
		cpu0.cr3 = vs;
	}
	/*
	 * By thread, not by value: user code can change its FS base itself
	 * (loading the FS selector clears it), so the value last written
	 * says nothing about what the register holds now.
	 */
	if (t != cpu0.fs_thread) {
		wrmsr(MSR_FS_BASE, t->arch.fs_base);
		cpu0.fs_thread = t;
	}
	fpu_switch(t);
}

#endif
