/*
 * aarch64's registers in the order of TCB READ_REGISTERS and
 * WRITE_REGISTERS: word i of the message is register i.  SPSR: only the
 * condition flags (NZCV, bits 31-28) can be written; the thread stays
 * at EL0 with interrupts unmasked.  TPIDR_EL0 is the thread's own
 * register (TLS); TPIDRRO_EL0, which EL0 can read but not write, holds
 * its IPC buffer's address (docs/abi.md, "aarch64").
 */
#ifndef CAIRN_ARCH_REGISTERS_H
#define CAIRN_ARCH_REGISTERS_H

enum cairn_reg {
	CAIRN_REG_PC,
	CAIRN_REG_SP_EL0,
	CAIRN_REG_SPSR,
	CAIRN_REG_X0,
	CAIRN_REG_X30 = CAIRN_REG_X0 + 30,
	CAIRN_REG_TPIDR_EL0,
	CAIRN_REG_TPIDRRO_EL0,
	CAIRN_REG_COUNT,

	CAIRN_REG_IP = CAIRN_REG_PC,
	CAIRN_REG_SP = CAIRN_REG_SP_EL0,
	CAIRN_REG_ARG0 = CAIRN_REG_X0,
};

/*
 * TCB READ_FPU and WRITE_FPU's words: q0-q31 (two words each, the low
 * half first), then FPCR and FPSR (their reserved bits read as 0 and
 * must be written as 0).
 */
#define CAIRN_FPU_WORDS 66
#define CAIRN_FPU_FPCR	64
#define CAIRN_FPU_FPSR	65

#endif
