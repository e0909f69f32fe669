/*
 * bringup: Cairn's aarch64 machine layer, end to end, before the
 * portable kernel runs on it: console, MMU, vectors, the interrupt
 * controller and the generic timer, then EL0 (el0test.c), and power-off
 * with a status (docs/aarch64.md).
 *
 * Its console lines are what tests/system/aarch64.py checks.
 */
#include <stdarg.h>

#include "arch.h"
#include "console.h"
#include "cstring.h"
#include "el0test.h"
#include "fmt.h"
#include "mmu.h"
#include "plat.h"
#include "sysreg.h"
#include "timer.h"
#include "trap.h"

enum {
	TICK_HZ = 100,
	BOOT_TICKS = 10,
};

extern char boot_stack_top[];

void kmain(uint64_t dtb, uint64_t phys_base, uint64_t entry_el);

static void
panic_sink(void *ctx, char c)
{
	(void)ctx;
	arch_console_putc(c);
}

/*
 * The bring-up's panic: the message and power-off.  (kernel/panic.c,
 * with its backtrace, is still x86_64's.)
 */
void
panic(const char *fmt, ...)
{
	va_list ap;

	kprintf("\nPANIC: ");
	va_start(ap, fmt);
	fmt_vformat(panic_sink, NULL, fmt, ap);
	va_end(ap);
	kprintf("\n");
	arch_halt_after_panic();
}

static void
report_boot(uint64_t phys_base, uint64_t entry_el)
{
	kprintf("boot: %s, entered at EL%lu, running at EL%u, image at "
		"0x%lx\n",
		plat.name, entry_el, current_el(), phys_base + TEXT_OFFSET);
}

/* Does the word at t (ended by a space or NUL) equal want? */
static int
word_is(const char *t, const char *want)
{
	size_t n = strlen(want);

	return strncmp(t, want, n) == 0 && (t[n] == ' ' || t[n] == '\0');
}

/* A function to write to, and a ret instruction (0xd65f03c0) in data. */
static void __attribute__((noinline)) text_target(void)
{
	__asm__ volatile("" : : : "memory");
}

static uint32_t data_ret[1] = {0xd65f03c0};

/*
 * The deliberate kernel faults of cairn.test= (docs/boot.md), those that
 * aarch64 has: each must end in a PANIC report and status 3.
 */
static void
deliberate(const char *args)
{
	const char *t = strstr(args, "cairn.test=");

	if (t == NULL) {
		return;
	}
	t += strlen("cairn.test=");
	if (word_is(t, "panic")) {
		*(volatile uint64_t *)0xfffffe0000000000ul = 1;
	} else if (word_is(t, "write-text")) {
		*(volatile uint32_t *)(uintptr_t)text_target = 0;
	} else if (word_is(t, "write-text-alias")) {
		uint64_t pa = virt_to_phys((const void *)text_target);
		*(volatile uint32_t *)phys_to_virt(pa) = 0;
	} else if (word_is(t, "exec-data")) {
		((void (*)(void))(uintptr_t)data_ret)();
	} else {
		kprintf("test: unknown test %s\n", t);
		return;
	}
	kprintf("test: %s: not refused; the kernel goes on\n", t);
}

static void
ticks_test(void)
{
	intc_init();
	uint64_t t0 = timer_now();
	timer_start(TICK_HZ);
	irq_enable();
	while (timer_ticks < BOOT_TICKS) {
		cpu_wfi();
	}
	irq_disable();
	uint64_t us = (timer_now() - t0) * 1000000 / timer_freq();
	kprintf("timer: %lu ticks at %u Hz in %lu us (CNTP, %lu Hz, %s %u)\n",
		timer_ticks, TICK_HZ, us, timer_freq(),
		plat.intc == INTC_GICV2 ? "INTID" : "core source",
		plat.timer_intid);
}

void
kmain(uint64_t dtb, uint64_t phys_base, uint64_t entry_el)
{
	plat_init(phys_base, entry_el, dtb);
	mmu_init(phys_base);
	arch_console_init();
	kprintf("Cairn %s (aarch64)\n", CAIRN_VERSION);
	report_boot(phys_base, entry_el);
	plat_from_dtb();
	mmu_report();
	trap_init((uint64_t)boot_stack_top);
	kprintf("boot: command line \"%s\"\n", plat.bootargs);
	deliberate(plat.bootargs);
	ticks_test();
	el0_test();
}
