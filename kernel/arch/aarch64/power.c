/*
 * power: off with a verdict, on aarch64.  The status goes on the console
 * ("power: off, status N"); under QEMU with -semihosting the semihosting
 * SYS_EXIT call carries it to the host as QEMU's exit status; then PSCI
 * SYSTEM_OFF (QEMU exits 0), for a machine without semihosting.  The
 * Raspberry Pi has no PSCI: its watchdog resets it with the partition
 * number 63 in PM_RSTS, which its firmware (and QEMU) take for "halt".
 */
#include "arch.h"
#include "console.h"
#include "firmware.h"
#include "mmio.h"
#include "mmu.h"
#include "plat.h"
#include "sysreg.h"

enum {
	PM_RSTC = 0x1c,
	PM_RSTS = 0x20,
	PM_WDOG = 0x24,
	PM_PASSWORD = 0x5a000000,
	RSTC_WRCFG_CLR = 0xffffffcf,
	RSTC_WRCFG_FULL_RESET = 0x20,
	RSTS_HALT = 0x555, /* partition 63, its bits spread over 0-10 */
	WDOG_TICKS = 10,
};

/* The BCM2835 watchdog: reset soon, or halt with the halt partition. */
static void
pm_reset(int halt_after)
{
	uintptr_t pm = (uintptr_t)phys_to_virt(plat.pm_base);

	if (halt_after) {
		uint32_t rsts = mmio_read32(pm + PM_RSTS);
		mmio_write32(pm + PM_RSTS, PM_PASSWORD | rsts | RSTS_HALT);
	}
	mmio_write32(pm + PM_WDOG, PM_PASSWORD | WDOG_TICKS);
	uint32_t rstc = mmio_read32(pm + PM_RSTC) & RSTC_WRCFG_CLR;
	mmio_write32(pm + PM_RSTC, PM_PASSWORD | rstc | RSTC_WRCFG_FULL_RESET);
}

static int64_t
psci(uint64_t fid)
{
	switch (plat.psci) {
	case PSCI_HVC:
		return psci_hvc(fid);
	case PSCI_SMC:
		return psci_smc(fid);
	default:
		return -1;
	}
}

static _Noreturn void
halt(void)
{
	irq_disable();
	for (;;) {
		cpu_wfi();
	}
}

void
arch_poweroff(enum power_status status)
{
	const uint64_t block[2] = {SEMIHOST_APP_EXIT, (uint64_t)status};

	irq_disable();
	kprintf("power: off, status %d\n", status);
	semihost_call(SEMIHOST_SYS_EXIT, block);
	psci(PSCI_SYSTEM_OFF);
	if (plat.pm_base != 0) {
		pm_reset(1);
		for (int i = 0; i < 100000000; i++) {
			__asm__ volatile("" : : : "memory");
		}
	}
	kprintf("power: could not power off; halted\n");
	halt();
}

void
arch_reboot(void)
{
	irq_disable();
	psci(PSCI_SYSTEM_RESET);
	if (plat.pm_base != 0) {
		pm_reset(0);
	}
	kprintf("power: reset failed\n");
}

void
arch_halt_after_panic(void)
{
	arch_poweroff(POWER_PANIC);
}
