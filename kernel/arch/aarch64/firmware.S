/*
 * firmware: the instructions that call PSCI and semihosting (firmware.h).
 * PSCI may clobber x0-x17 (SMCCC); the kernel saves none of them across
 * a call it does not expect to return from, but a failing call returns.
 */
	.text
	.globl psci_hvc
psci_hvc:
	hvc	#0
	ret

	.globl psci_smc
psci_smc:
	smc	#0
	ret

	.globl semihost_call, semihost_hlt
semihost_call:
semihost_hlt:
	hlt	#0xf000
	ret
