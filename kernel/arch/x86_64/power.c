/*
 * power: off with a verdict.  Tests run QEMU with isa-debug-exit and the
 * command-line option cairn.debug_exit, so the exit status reaches the
 * host as (status << 1) | 1; a person's QEMU gets ACPI S5 (SLP_TYP from
 * the DSDT's \_S5, SLP_EN in PM1 control) and exits 0.
 */
#include "arch.h"
#include "console.h"
#include "cpu.h"
#include "power.h"
#include "timer.h"

enum {
	DEBUG_EXIT_PORT = 0xF4,
	KBC_COMMAND = 0x64,
	KBC_PULSE_RESET = 0xFE,
	PM1_SCI_EN = 1 << 0,
	PM1_SLP_EN = 1 << 13,
};

static struct {
	int debug_exit;
	int has_s5;
	uint16_t pm1a, pm1b;
	uint16_t typa, typb;
	uint16_t smi_cmd;
	uint8_t acpi_enable;
} pw;

void
power_init(const struct acpi_info *ai, int debug_exit)
{
	pw.debug_exit = debug_exit;
	pw.has_s5 = ai->has_fadt && ai->has_s5 && ai->pm1a_cnt != 0;
	pw.pm1a = (uint16_t)ai->pm1a_cnt;
	pw.pm1b = (uint16_t)ai->pm1b_cnt;
	pw.typa = ai->slp_typa;
	pw.typb = ai->slp_typb;
	pw.smi_cmd = (uint16_t)ai->smi_cmd;
	pw.acpi_enable = ai->acpi_enable;
}

static void
acpi_s5(void)
{
	/* Firmware that still owns power management must hand it over. */
	if (!(inw(pw.pm1a) & PM1_SCI_EN) && pw.smi_cmd != 0 &&
	    pw.acpi_enable != 0) {
		outb(pw.smi_cmd, pw.acpi_enable);
		for (int i = 0; i < 1000000 && !(inw(pw.pm1a) & PM1_SCI_EN);
		     i++) {
			cpu_relax();
		}
	}
	/* SLP_TYP is three bits (10-12); keep the DSDT's value to them. */
	outw(pw.pm1a, (uint16_t)((pw.typa & 7) << 10 | PM1_SLP_EN));
	if (pw.pm1b != 0) {
		outw(pw.pm1b, (uint16_t)((pw.typb & 7) << 10 | PM1_SLP_EN));
	}
}

void
arch_reboot(void)
{
	irq_disable();
	outb(KBC_COMMAND, KBC_PULSE_RESET);
	/* The reset takes a moment: give it 100 ms. */
	uint64_t t0 = rdtsc();
	while (rdtsc() - t0 < (tsc_hz != 0 ? tsc_hz : 4000000000ul) / 10) {
		cpu_relax();
	}
	kprintf("power: reset failed\n");
}

void
arch_poweroff(enum power_status status)
{
	irq_disable();
	kprintf("power: off, status %d\n", status);
	if (pw.debug_exit) {
		outl(DEBUG_EXIT_PORT, status);
	}
	if (pw.has_s5) {
		acpi_s5();
	}
	/* The machine may take a moment to go: give it one second. */
	uint64_t t0 = rdtsc();
	while (rdtsc() - t0 < (tsc_hz != 0 ? tsc_hz : 4000000000ul)) {
		cpu_relax();
	}
	kprintf("power: could not power off; halted\n");
	cpu_halt_forever();
}

void
arch_halt_after_panic(void)
{
	if (pw.debug_exit) {
		arch_poweroff(POWER_PANIC);
	}
	kprintf("halted\n");
	cpu_halt_forever();
}
