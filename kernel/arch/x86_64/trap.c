/*
 * trap: exception names and crash reports.  A CPU exception in the
 * kernel is a kernel bug: it is reported, with a backtrace, and the
 * machine stops.  (Exceptions in user mode are faults: context.c.)
 */
#include "trap.h"

#include "arch.h"
#include "backtrace.h"
#include "console.h"
#include "cpu.h"

static const char *const names[32] = {
    "divide error",
    "debug",
    "non-maskable interrupt",
    "breakpoint",
    "overflow",
    "bound range exceeded",
    "invalid opcode",
    "device not available",
    "double fault",
    "coprocessor segment overrun",
    "invalid TSS",
    "segment not present",
    "stack-segment fault",
    "general protection fault",
    "page fault",
    "reserved (15)",
    "x87 floating-point error",
    "alignment check",
    "machine check",
    "SIMD floating-point error",
    "virtualization exception",
    "control protection exception",
    "reserved (22)",
    "reserved (23)",
    "reserved (24)",
    "reserved (25)",
    "reserved (26)",
    "reserved (27)",
    "hypervisor injection exception",
    "VMM communication exception",
    "security exception",
    "reserved (31)",
};

const char *
trap_name(uint64_t v)
{
	return v < 32 ? names[v] : "interrupt";
}

static void
print_pf_error(uint64_t err)
{
	kprintf("  access: %s, %s mode, %s%s%s\n",
		err & 2	     ? "write"
		: (err & 16) ? "instruction fetch"
			     : "read",
		err & 4 ? "user" : "kernel",
		err & 1 ? "protection violation" : "page not present",
		err & 8 ? ", reserved bit set" : "",
		err & 32 ? ", protection key" : "");
}

/*
 * The kernel refused a present page of the user half (below 2^47): a
 * fetch is SMEP's refusal, a data access with AC clear SMAP's.  Say so.
 */
static void
print_pf_cause(const struct trap_frame *f)
{
	uint64_t cr4 = read_cr4();

	if ((f->error & 5) != 1 || read_cr2() >= 1ul << 47) {
		return;
	}
	if ((f->error & 16) && (cr4 & CR4_SMEP)) {
		kprintf("  cause: SMEP: the kernel ran code in a user page\n");
	} else if (!(f->error & 16) && (cr4 & CR4_SMAP) &&
		   !(f->rflags & RFLAGS_AC)) {
		kprintf("  cause: SMAP: the kernel touched a user page\n");
	}
}

void
trap_dump(const struct trap_frame *f)
{
	kprintf("  vector %lu (%s), error code 0x%lx\n", f->vector,
		trap_name(f->vector), f->error);
	if (f->vector == VEC_PF) {
		print_pf_error(f->error);
		print_pf_cause(f);
	}
	kprintf("  rip %016lx  cs %04lx  rflags %016lx\n", f->rip, f->cs,
		f->rflags);
	kprintf("  rsp %016lx  ss %04lx\n", f->rsp, f->ss);
	kprintf("  rax %016lx  rbx %016lx  rcx %016lx\n", f->rax, f->rbx,
		f->rcx);
	kprintf("  rdx %016lx  rsi %016lx  rdi %016lx\n", f->rdx, f->rsi,
		f->rdi);
	kprintf("  rbp %016lx  r8  %016lx  r9  %016lx\n", f->rbp, f->r8, f->r9);
	kprintf("  r10 %016lx  r11 %016lx  r12 %016lx\n", f->r10, f->r11,
		f->r12);
	kprintf("  r13 %016lx  r14 %016lx  r15 %016lx\n", f->r13, f->r14,
		f->r15);
	kprintf("  cr0 %016lx  cr2 %016lx  cr3 %016lx\n", read_cr0(),
		read_cr2(), read_cr3());
	kprintf("  cr4 %016lx\n", read_cr4());
}

void
kernel_exception(struct trap_frame *f)
{
	uint64_t rip = f->rip;

	kprintf("\nPANIC: %s in the kernel at ", trap_name(f->vector));
	print_symbol(rip);
	kprintf("\n");
	trap_dump(f);
	backtrace(f->rbp, rip, f->rsp);
	arch_halt_after_panic();
}

/*
 * NMI, double fault and machine check, from either mode.  An NMI is
 * reported and survived (a watchdog or a button on the front panel); the
 * other two mean the machine or the kernel is broken.
 */
void trap_paranoid(struct trap_frame *f);

void
trap_paranoid(struct trap_frame *f)
{
	if (f->vector == 2) {
		kprintf("nmi: non-maskable interrupt at 0x%lx (%s mode); "
			"going on\n",
			f->rip, (f->cs & 3) ? "user" : "kernel");
		return;
	}
	kprintf("\nPANIC: %s at ", trap_name(f->vector));
	print_symbol(f->rip);
	kprintf(" (%s mode)\n", (f->cs & 3) ? "user" : "kernel");
	trap_dump(f);
	if (!(f->cs & 3)) {
		backtrace(f->rbp, f->rip, f->rsp);
	}
	arch_halt_after_panic();
}
