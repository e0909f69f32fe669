/*
 * trap: exception decoding and crash reports on aarch64.  An exception
 * in the kernel is a kernel bug: reported, and the machine stops, but
 * for IRQs (trap_kernel_irq).  Entries from EL0 go to trap_user: the
 * kernel's (context.c) or the bring-up's (el0test.c).
 */
#include "trap.h"

#include "arch.h"
#include "console.h"
#include "firmware.h"
#include "fmt.h"
#include "percpu.h"
#include "sysreg.h"

/* This CPU's block: TPIDR_EL1 points to it; vectors.S reads kstack_top. */
struct percpu cpu0;

extern char vectors[], boot_stack[], boot_stack_top[];

void
trap_init(uint64_t kstack_top)
{
	cpu0.kstack_top = kstack_top;
	WRITE_SYSREG(tpidr_el1, (uint64_t)&cpu0);
	WRITE_SYSREG(vbar_el1, (uint64_t)vectors);
	__asm__ volatile("isb" : : : "memory");
}

const char *
esr_class_name(unsigned ec)
{
	switch (ec) {
	case EC_UNKNOWN:
		return "undefined instruction";
	case EC_WFX:
		return "wfi or wfe trapped";
	case EC_FP:
		return "FP/SIMD access trapped";
	case EC_ILLEGAL:
		return "illegal execution state";
	case EC_SVC64:
		return "svc";
	case EC_HVC64:
		return "hvc";
	case EC_SMC64:
		return "smc";
	case EC_SYSREG:
		return "system register access trapped";
	case EC_IABT_LOW:
		return "instruction abort from a lower EL";
	case EC_IABT_CUR:
		return "instruction abort";
	case EC_PC_ALIGN:
		return "pc alignment fault";
	case EC_DABT_LOW:
		return "data abort from a lower EL";
	case EC_DABT_CUR:
		return "data abort";
	case EC_SP_ALIGN:
		return "sp alignment fault";
	case EC_SERROR:
		return "SError";
	case EC_BRK64:
		return "brk";
	default:
		return "unexpected exception class";
	}
}

const char *
abort_status(uint64_t esr, char *buf, unsigned len)
{
	unsigned fsc = esr_iss(esr) & 0x3f;
	const char *what;

	switch (fsc >> 2) {
	case 0:
		what = "address size fault";
		break;
	case 1:
		what = "translation fault";
		break;
	case 2:
		what = "access flag fault";
		break;
	case 3:
		what = "permission fault";
		break;
	default:
		fmt_snprintf(buf, len, "fault status 0x%x", fsc);
		return buf;
	}
	fmt_snprintf(buf, len, "%s, level %u", what, fsc & 3);
	return buf;
}

void
trap_dump(const struct trap_frame *f)
{
	kprintf("  esr %016lx (%s)  far %016lx\n", f->esr,
		esr_class_name(esr_class(f->esr)), f->far);
	kprintf("  pc  %016lx  pstate %08lx  sp_el0 %016lx\n", f->pc, f->pstate,
		f->sp);
	for (int i = 0; i < 30; i += 3) {
		kprintf("  x%-2d %016lx  x%-2d %016lx  x%-2d %016lx\n", i,
			f->x[i], i + 1, f->x[i + 1], i + 2, f->x[i + 2]);
	}
	kprintf("  x30 %016lx\n", f->x[30]);
}

/*
 * Follow the frame records (x29 -> {previous x29, return address}) from
 * fp while they stay on the kernel stack, printing each return address.
 */
static void
backtrace(uint64_t pc, uint64_t fp)
{
	uint64_t lo = (uint64_t)boot_stack, hi = (uint64_t)boot_stack_top;

	kprintf("  backtrace: 0x%lx", pc);
	for (int i = 0; i < 16 && fp >= lo && fp + 16 <= hi && !(fp & 15);
	     i++) {
		const uint64_t *rec = (const uint64_t *)fp;
		if (rec[1] == 0) {
			break;
		}
		kprintf(" 0x%lx", rec[1]);
		fp = rec[0];
	}
	kprintf("\n");
}

void
kernel_exception(struct trap_frame *f)
{
	unsigned ec = esr_class(f->esr);

	kprintf("\nPANIC: %s in the kernel at 0x%lx (vector %lu)\n",
		esr_class_name(ec), f->pc, f->kind);
	if (ec == EC_DABT_CUR || ec == EC_IABT_CUR) {
		char why[48];
		kprintf("  access: %s, %s, address 0x%lx\n",
			ec == EC_IABT_CUR      ? "fetch"
			: esr_is_write(f->esr) ? "write"
					       : "read",
			abort_status(f->esr, why, sizeof(why)), f->far);
	}
	trap_dump(f);
	backtrace(f->pc, f->x[29]);
	arch_halt_after_panic();
}

/* Called by vectors.S for an exception taken from EL1. */
void trap_kernel(struct trap_frame *f);

void
trap_kernel(struct trap_frame *f)
{
	if (f->kind == TRAP_EL1H_IRQ) {
		trap_kernel_irq();
		return;
	}
	/* The semihosting probe: without -semihosting, hlt is undefined. */
	if (f->kind == TRAP_EL1H_SYNC && esr_class(f->esr) == EC_UNKNOWN &&
	    f->pc == (uint64_t)semihost_hlt) {
		f->x[0] = SEMIHOST_ABSENT;
		f->pc += 4;
		return;
	}
	kernel_exception(f);
}
