/*
 * sysentry: the SYSCALL instruction's set-up.  The calls themselves are in
 * kernel/syscall.c; the register convention in regs.h and docs/abi.md.
 */
#include "sysentry.h"

#include "arch.h"
#include "cpu.h"
#include "fastpath.h"
#include "gdt.h"

extern char syscall_entry[], syscall_entry_fast[];

void
syscall_init(void)
{
	wrmsr(MSR_STAR, (uint64_t)SEL_UBASE << 48 | (uint64_t)SEL_KCODE << 32);
	arch_fastpath_set(fastpath_on);
	/* Enter with interrupts, traps, alignment checks and DF clear. */
	wrmsr(MSR_FMASK, RFLAGS_IF | RFLAGS_AC | (1 << 8) /* TF */ |
			     (1 << 10) /* DF */ | (1 << 14) /* NT */);
}

void
arch_fastpath_set(bool on)
{
	fastpath_on = CONFIG_FASTPATH && on;
	wrmsr(MSR_LSTAR,
	      (uint64_t)(fastpath_on ? syscall_entry_fast : syscall_entry));
}
