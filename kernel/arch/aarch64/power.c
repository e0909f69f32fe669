/*
 * power: off with a verdict, on aarch64.  The status goes on the console
 * ("power: off, status N"); under QEMU with -semihosting the semihosting
 * SYS_EXIT call carries it to the host as QEMU's exit status; then PSCI
 * SYSTEM_OFF (QEMU exits 0), for a machine without semihosting.
 */
#include "arch.h"
#include "console.h"
#include "firmware.h"
#include "plat.h"
#include "sysreg.h"

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
	kprintf("power: could not power off; halted\n");
	halt();
}

void
arch_reboot(void)
{
	irq_disable();
	psci(PSCI_SYSTEM_RESET);
	kprintf("power: reset failed\n");
}

void
arch_halt_after_panic(void)
{
	arch_poweroff(POWER_PANIC);
}
