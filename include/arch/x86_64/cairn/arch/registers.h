/*
 * x86_64's registers in the order of TCB READ_REGISTERS and
 * WRITE_REGISTERS: word i of the message is register i.  Each arch has
 * its own order; CAIRN_REG_IP, CAIRN_REG_SP and CAIRN_REG_ARG0 name the
 * instruction pointer, stack pointer and first argument on every arch.
 */
#ifndef CAIRN_ARCH_REGISTERS_H
#define CAIRN_ARCH_REGISTERS_H

enum cairn_reg {
	CAIRN_REG_RIP,
	CAIRN_REG_RSP,
	CAIRN_REG_RFLAGS,
	CAIRN_REG_RAX,
	CAIRN_REG_RBX,
	CAIRN_REG_RCX,
	CAIRN_REG_RDX,
	CAIRN_REG_RSI,
	CAIRN_REG_RDI,
	CAIRN_REG_RBP,
	CAIRN_REG_R8,
	CAIRN_REG_R9,
	CAIRN_REG_R10,
	CAIRN_REG_R11,
	CAIRN_REG_R12,
	CAIRN_REG_R13,
	CAIRN_REG_R14,
	CAIRN_REG_R15,
	CAIRN_REG_FS_BASE,
	CAIRN_REG_COUNT,

	CAIRN_REG_IP = CAIRN_REG_RIP,
	CAIRN_REG_SP = CAIRN_REG_RSP,
	CAIRN_REG_ARG0 = CAIRN_REG_RDI,
};

/*
 * TCB READ_FPU and WRITE_FPU's words: the 512 bytes FXSAVE stores (x87,
 * MXCSR, xmm0-xmm15), as Linux's struct _fpstate has them.  Word 3 holds
 * MXCSR (low half), whose reserved bits must be written as 0, and
 * MXCSR_MASK (high half, which a write does not change in effect).
 */
#define CAIRN_FPU_WORDS 64
#define CAIRN_FPU_MXCSR 3

#endif
