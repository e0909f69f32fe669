/*
 * el0test: user mode on aarch64, as the portable kernel will use it.
 * user.S's program runs at EL0 in an address space of its own (TTBR0,
 * ASID 1) at the addresses x86_64's root tasks use, and asks the kernel
 * by SVC (the number in x8) for what each step needs:
 *
 *   CAIRN_SYS_NULL  answer 0 (the first call is reported; then 1,000
 *                   more, timed by the program with the virtual counter)
 *   SYS_REPORT      print the null call's answer and cost, and the ticks
 *                   that came while it spun at EL0
 *   SYS_SWITCH      switch to the other address space (ASID 2 <-> 1),
 *                   where the same address holds another frame
 *   SYS_SPACES      print what the program read there and back
 *   SYS_UNMAP       unmap that page from ASID 1 (tlbi by VA and ASID)
 *   SYS_STALE       the read after the unmap did not fault: a stale
 *                   translation; the test has failed
 *
 * Its last read, of the page just unmapped, must fault: the report of
 * that fault is the end of the test, and the verdict is whether every
 * step gave what it should.
 */
#include <cairn/layout.h>
#include <cairn/syscall.h>

#include "arch.h"
#include "cache.h"
#include "console.h"
#include "cstring.h"
#include "el0test.h"
#include "mmu.h"
#include "sysreg.h"
#include "timer.h"
#include "trap.h"

enum {
	USER_CODE = 0x400000,
	SYS_REPORT = -100,
	SYS_SWITCH = -101,
	SYS_SPACES = -102,
	SYS_UNMAP = -103,
	SYS_STALE = -104,
	CNTKCTL_EL0VCTEN = 1 << 1, /* EL0 may read the virtual counter */
	NULL_CALLS = 1000,	   /* user.S times this many */
};

/* In the single layout's first range (docs/memory.md). */
#define SHARED_VA 0x0000010000000000ul
#define WORD_A	  0xa5a5000000000001ul
#define WORD_B	  0xb6b6000000000002ul

extern const char el0_prog[], el0_prog_end[];

/* The EL0 thread: its saved registers; its pages; its two spaces. */
static struct trap_frame user_regs;
static uint8_t code_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t stack_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint64_t page_a[512] __attribute__((aligned(PAGE_SIZE)));
static uint64_t page_b[512] __attribute__((aligned(PAGE_SIZE)));
static uint64_t *space[2];
static const uint16_t asid[2] = {1, 2};
static unsigned cur;
static uint64_t ticks_at_el0, null_calls;
static int steps_ok;

/* Map code, stack and the page of one word in a fresh space; or panic. */
static uint64_t *
make_space(uint64_t *word_page)
{
	uint64_t *s = mmu_new_space();
	uint64_t stack_va = CAIRN_USER_STACK_TOP - PAGE_SIZE;

	if (s == NULL ||
	    mmu_map(s, USER_CODE, virt_to_phys(code_page), PAGE_SIZE,
		    MAP_USER_RX) ||
	    mmu_map(s, stack_va, virt_to_phys(stack_page), PAGE_SIZE,
		    MAP_USER_RW) ||
	    mmu_map(s, SHARED_VA, virt_to_phys(word_page), PAGE_SIZE,
		    MAP_USER_RW)) {
		panic("make_space: no table pages");
	}
	return s;
}

void
el0_test(void)
{
	uint64_t len = (uint64_t)el0_prog_end - (uint64_t)el0_prog;

	memcpy(code_page, el0_prog, len);
	sync_icache((uint64_t)code_page, len);
	page_a[0] = WORD_A;
	page_b[0] = WORD_B;
	space[0] = make_space(page_a);
	space[1] = make_space(page_b);
	mmu_set_user(space[0], asid[0]);
	kprintf("el0: code at 0x%x, stack at 0x%llx, ASID %u; entering EL0\n",
		USER_CODE, CAIRN_USER_STACK_TOP - PAGE_SIZE, asid[0]);
	user_regs.pc = USER_CODE;
	user_regs.sp = CAIRN_USER_STACK_TOP;
	user_regs.pstate = SPSR_EL0T; /* interrupts unmasked */
	ticks_at_el0 = timer_ticks;
	WRITE_SYSREG(cntkctl_el1, CNTKCTL_EL0VCTEN);
	arch_restore_user(&user_regs);
}

static void
null_call(struct trap_frame *f, uint32_t imm)
{
	if (null_calls++ == 0) {
		kprintf("svc: from EL0 at 0x%lx, svc #%u, x8 %ld (null): "
			"answered 0\n",
			f->pc - 4, imm, (int64_t)f->x[8]);
	}
	f->x[0] = 0;
}

/* x0: the first null call's answer, x1: a word, x2: counter ticks. */
static void
report(const struct trap_frame *f)
{
	uint64_t ns = f->x[2] * 1000000000ul / timer_freq();

	kprintf("el0: null call returned %lu, word 0x%lx; %lu ticks since "
		"entering EL0\n",
		f->x[0], f->x[1], timer_ticks - ticks_at_el0);
	kprintf("el0: %d null calls in %lu ns, %lu ns each (under -icount "
		"shift=0: instructions)\n",
		NULL_CALLS, ns, ns / NULL_CALLS);
	steps_ok = f->x[0] == 0 && null_calls == NULL_CALLS + 1;
}

static void
switch_space(void)
{
	cur ^= 1;
	mmu_set_user(space[cur], asid[cur]);
}

/* x3, x4, x5: the word read in ASID 1, then 2, then 1 again. */
static void
spaces(const struct trap_frame *f)
{
	kprintf("asid: 0x%lx read at 0x%lx in ASID 1, 0x%lx in ASID 2, 0x%lx "
		"in ASID 1 again\n",
		f->x[3], SHARED_VA, f->x[4], f->x[5]);
	steps_ok &= f->x[3] == WORD_A && f->x[4] == WORD_B &&
		    f->x[5] == WORD_A && cur == 0;
}

static void
unmap(void)
{
	if (mmu_unmap(space[0], SHARED_VA, asid[0]) != 0) {
		panic("unmap: 0x%lx was not mapped", SHARED_VA);
	}
	kprintf("el0: unmapped 0x%lx from ASID %u (tlbi vae1is)\n", SHARED_VA,
		asid[0]);
}

static void
user_svc(struct trap_frame *f, uint32_t imm)
{
	switch ((int64_t)f->x[8]) {
	case CAIRN_SYS_NULL:
		null_call(f, imm);
		break;
	case SYS_REPORT:
		report(f);
		break;
	case SYS_SWITCH:
		switch_space();
		break;
	case SYS_SPACES:
		spaces(f);
		break;
	case SYS_UNMAP:
		unmap();
		break;
	case SYS_STALE:
		kprintf("el0: read 0x%lx at 0x%lx after the unmap: a stale "
			"translation\n",
			f->x[6], SHARED_VA);
		arch_poweroff(POWER_FAILED);
	default:
		kprintf("svc: unknown number %ld (an unknown-syscall fault)\n",
			(int64_t)f->x[8]);
		f->x[0] = (uint64_t)-1;
	}
}

static _Noreturn void
user_fault(struct trap_frame *f)
{
	unsigned ec = esr_class(f->esr);

	kprintf("fault: %s at pc 0x%lx, far 0x%lx, esr 0x%lx",
		esr_class_name(ec), f->pc, f->far, f->esr);
	if (ec == EC_DABT_LOW || ec == EC_IABT_LOW) {
		char why[48];
		kprintf(" (%s, %s)", abort_status(f->esr, why, sizeof(why)),
			ec == EC_IABT_LOW      ? "fetch"
			: esr_is_write(f->esr) ? "write"
					       : "read");
	}
	kprintf("\n");
	int ok = steps_ok && ec == EC_DABT_LOW && f->far == SHARED_VA;
	kprintf("bringup: %s\n", ok ? "all steps done" : "a step failed");
	arch_poweroff(ok ? POWER_OK : POWER_FAULT);
}

/* The bring-up's entry from EL0 (vectors.S, on the kernel stack). */
void
trap_user(struct trap_frame *f)
{
	switch (f->kind) {
	case TRAP_EL0_IRQ:
		irq_dispatch();
		break;
	case TRAP_EL0_SYNC:
		if (esr_class(f->esr) == EC_SVC64) {
			user_svc(f, esr_iss(f->esr) & 0xffff);
		} else {
			user_fault(f);
		}
		break;
	default:
		/* FIQ, SError, AArch32: nothing of the user's can do this. */
		kprintf("\nPANIC: unexpected vector %lu from user mode\n",
			f->kind);
		trap_dump(f);
		arch_poweroff(POWER_PANIC);
	}
	arch_restore_user(f);
}

/* The bring-up's IRQs in the kernel: only the timer's. */
void
trap_kernel_irq(void)
{
	irq_dispatch();
}
