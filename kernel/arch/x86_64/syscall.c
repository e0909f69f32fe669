/*
 * syscall: SYSCALL/SYSRET set-up and the system call dispatcher.  The
 * calls and their register convention are in include/cairn/syscall.h and
 * docs/abi.md.
 */
#include "syscall.h"

#include <cairn/error.h>
#include <cairn/layout.h>
#include <cairn/syscall.h>

#include "console.h"
#include "cpu.h"
#include "gdt.h"
#include "proc.h"
#include "trap.h"

extern char syscall_entry[];

void
syscall_init(void)
{
	wrmsr(MSR_STAR, (uint64_t)SEL_UBASE << 48 | (uint64_t)SEL_KCODE << 32);
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	/* Enter with interrupts, traps, alignment checks and DF clear. */
	wrmsr(MSR_FMASK, RFLAGS_IF | RFLAGS_AC | (1 << 8) /* TF */ |
			     (1 << 10) /* DF */ | (1 << 14) /* NT */);
}

int
user_copy_in(void *dst, uint64_t src, uint64_t n)
{
	if (src >= CAIRN_USER_TOP || n > CAIRN_USER_TOP - src) {
		return -1;
	}
	if (cpu_features.smap) {
		__asm__ volatile("stac" ::: "memory");
	}
	int r = copy_user(dst, (const void *)src, n);
	if (cpu_features.smap) {
		__asm__ volatile("clac" ::: "memory");
	}
	return r;
}

static uint64_t
sys_debug_write(uint64_t buf, uint64_t len)
{
	static char kbuf[CAIRN_DEBUG_WRITE_MAX];

	if (len > CAIRN_DEBUG_WRITE_MAX) {
		return CAIRN_E_RANGE;
	}
	/* Copy all of it first, so a bad pointer prints nothing. */
	if (user_copy_in(kbuf, buf, len) != 0) {
		return CAIRN_E_BAD_ADDRESS;
	}
	kwrite(kbuf, len);
	return CAIRN_OK;
}

void
syscall_dispatch(struct trap_frame *f)
{
	int64_t n = (int64_t)f->rax;

	switch (n) {
	case CAIRN_SYS_DEBUG_WRITE:
		f->rax = sys_debug_write(f->rdi, f->rsi);
		break;
	case CAIRN_SYS_DEBUG_EXIT:
		proc_exit(f->rdi);
		break;
	default:
		if (n >= 0) {
			proc_unknown_syscall(f);
		}
		f->rax = CAIRN_E_INVALID_SYSCALL;
		break;
	}
}
