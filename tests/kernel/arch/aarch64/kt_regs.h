/*
 * ktest's view of aarch64's registers (include/arch/aarch64/cairn/arch/
 * registers.h): the roles the portable tests need, and how a thread
 * starts.  Each arch has one (tests/kernel/arch/<arch>/kt_regs.h).
 */
#ifndef CAIRN_KT_REGS_H
#define CAIRN_KT_REGS_H

#include "cairn.h"

enum {
	KT_REG_ARG1 = CAIRN_REG_X0 + 1,
	KT_REG_ARG2 = CAIRN_REG_X0 + 2,
	/* The register through which a thread finds its IPC buffer. */
	KT_REG_IPCBUF = CAIRN_REG_TPIDRRO_EL0,
	KT_REG_FLAGS = CAIRN_REG_SPSR,
	/* The status a system call returns (x8). */
	KT_REG_STATUS = CAIRN_REG_X0 + 8,
	/* How many registers kt_regs_start sets, from 0. */
	KT_REG_START_N = CAIRN_REG_X0 + 3,
	/* A register that only the test's own code sets, and another. */
	KT_REG_SCRATCH0 = CAIRN_REG_X0 + 19,
	KT_REG_SCRATCH1 = CAIRN_REG_X0 + 20,
};

/* The arch's own root capabilities, {slot, type}, to a {0, 0}. */
#define KT_ARCH_ROOT_CAPS                                                      \
	{                                                                      \
		{                                                              \
			0, 0                                                   \
		}                                                              \
	}

/*
 * IRQ lines for the tests of IRQ control (t_irq.c): two lines with no
 * device behind them (GIC SPIs of QEMU virt's, BCM2835 lines of the
 * Pi's), and lines GET refuses with RANGE on both boards (past virt's 288
 * lines, past any GIC's; the Pi has 72).  The console's SPI 33 is not
 * refused: user land's serial driver takes it.  KT_IRQ_GIC_PROBE is a
 * line virt's GIC has and the Pi has not; where it is taken, an SGI, the
 * timer's PPI and the GICv2m frame's first and last SPI (virt's MSI
 * lines, GET_MSI's only) (KT_IRQ_GIC_BAD_LINES) must be refused too (on
 * the BCM2835, 0 and 30 are device lines).  Where it is not, the Pi's line
 * for core 0's virtual timer (KT_IRQ_BCM_CNTV) is a device line and the
 * per-core block's other timer sources (KT_IRQ_BCM_BAD_LINES) are not.
 */
#define KT_IRQ_LINE  40
#define KT_IRQ_LINE2 41
/* A level line for the shared tests (every device line here is). */
#define KT_IRQ_LEVEL_LINE KT_IRQ_LINE2
#define KT_IRQ_BAD_LINES                                                       \
	{                                                                      \
		288, 1019, 1020, 1ull << 40, ~0ull                             \
	}
#define KT_IRQ_GIC_PROBE 72
#define KT_IRQ_GIC_BAD_LINES                                                   \
	{                                                                      \
		0, 30, 80, 143                                                 \
	}
#define KT_IRQ_BCM_CNTV 75
#define KT_IRQ_BCM_BAD_LINES                                                   \
	{                                                                      \
		72, 73, 74, 76                                                 \
	}

/* The stack pointer at a function's entry, for a stack that ends at top. */
static inline word_t
kt_entry_sp(word_t top)
{
	return top; /* sp stays 16-byte aligned; nothing is pushed by a call */
}

/* Do the flags of a thread at EL0 look right (EL0t, interrupts unmasked)? */
static inline int
kt_user_flags(word_t f)
{
	return (f & 0x3cf) == 0; /* M[3:0] and DAIF clear */
}

/*
 * Fill regs (KT_REG_START_N words) so that a thread starts at ip with
 * stack pointer sp and arguments a0, a1, a2 (SPSR 0: the flags clear).
 */
static inline void
kt_regs_start(word_t *regs, word_t ip, word_t sp, word_t a0, word_t a1,
	      word_t a2)
{
	regs[CAIRN_REG_PC] = ip;
	regs[CAIRN_REG_SP_EL0] = sp;
	regs[CAIRN_REG_SPSR] = 0;
	regs[CAIRN_REG_X0] = a0;
	regs[CAIRN_REG_X0 + 1] = a1;
	regs[CAIRN_REG_X0 + 2] = a2;
}

/* Is ip the system-call instruction (svc #0)?  Its length is the next. */
static inline int
kt_at_syscall(word_t ip)
{
	return *(const uint32_t *)ip == 0xd4000001u;
}
#define KT_SYSCALL_LEN 4

/* Machine code that returns 42: mov w0, #42; ret. */
#define KT_CODE42                                                              \
	{                                                                      \
		0x40, 0x05, 0x80, 0x52, 0xC0, 0x03, 0x5F, 0xD6                 \
	}
/* The byte of it to change, and its value, to return 43 instead (the
 * immediate is bits 5-20 of the mov). */
#define KT_CODE43_AT   0
#define KT_CODE43_BYTE 0x60

/* An undefined instruction (udf #0), and its length. */
static inline void
kt_undefined_instruction(void)
{
	__asm__ volatile("udf #0");
}
#define KT_UNDEFINED_LEN 4

/* Is ip at kt_undefined_instruction's instruction? */
static inline int
kt_at_undefined(word_t ip)
{
	return *(const uint32_t *)ip == 0;
}

/*
 * The vector word (ESR_EL1) of an undefined instruction's fault (EC 0,
 * unknown reason), a page fault's (EC 0x20 or 0x24: an instruction or
 * data abort from EL0).
 */
static inline int
kt_undefined_vector(word_t v)
{
	return v >> 26 == 0;
}

static inline int
kt_page_vector(word_t v)
{
	return v >> 26 == 0x20 || v >> 26 == 0x24;
}

/*
 * Load from va with KT_REG_SCRATCH0 = 0x1111 and KT_REG_SCRATCH1 =
 * 0x2222 (x19 and x20) at the load.
 */
static inline void
kt_scratch_load(word_t va)
{
	__asm__ volatile("mov x19, #0x1111\n\t"
			 "mov x20, #0x2222\n\t"
			 "ldr x21, [%0]"
			 :
			 : "r"(va)
			 : "x19", "x20", "x21", "memory");
}

/*
 * Make system call n with r when n may be unknown (a Linux program's):
 * return its answer, the reply's word 0 that the fault handler sent
 * (in x0, r->cap, as Linux returns its result) or, for a negative n, the
 * error (the status, x8).  KT_ANSWER_IN_CAP: whether the answer
 * overwrites r->cap.
 */
#define KT_ANSWER_IN_CAP 1
static inline word_t
kt_unknown_syscall(word_t n, struct cairn_regs *r)
{
	word_t st = cairn_syscall(n, r);

	return (int64_t)n < 0 ? st : r->cap;
}

/*
 * A Linux system call's arguments 0-5 (x0-x5; the number is in x8),
 * which an unknown system call's fault message carries in words 2-7: the
 * register of argument i (for READ_REGISTERS), and where
 * cairn_syscall(n, r) loads it from: r->cap, r->info, r->mr[0]-r->mr[3].
 */
static inline int
kt_syscall_arg_reg(int i)
{
	return CAIRN_REG_X0 + i;
}

static inline word_t
kt_syscall_arg(const struct cairn_regs *r, int i)
{
	return i == 0 ? r->cap : i == 1 ? r->info : r->mr[i - 2];
}

/*
 * READ_FPU's words of two SIMD registers (q0 and q1), a word of control
 * that may hold any of the bits KT_FPU_CTL_OK (FPCR: its rounding mode)
 * but not KT_FPU_CTL_BAD (a RES0 bit), and what a new thread has in it.
 */
#define KT_FPU_V0	   0
#define KT_FPU_V1	   2
#define KT_FPU_CTL	   CAIRN_FPU_FPCR
#define KT_FPU_CTL_OK	   (3ull << 22)
#define KT_FPU_CTL_BAD	   (1ull << 31)
#define KT_FPU_CTL_INITIAL 0ull

/* Load v0 (q0) from the 16 bytes at p. */
static inline void
kt_fpu_load_v0(const uint64_t *p)
{
	__asm__ volatile("ldr q0, [%0]" : : "r"(p) : "v0", "memory");
}

/* Store v0 and v1 (q0, q1) at p (32 bytes). */
static inline void
kt_fpu_store_v0_v1(uint64_t *p)
{
	__asm__ volatile("str q0, [%0]\n\t"
			 "str q1, [%0, #16]"
			 :
			 : "r"(p)
			 : "memory");
}

/* The control word's value. */
static inline uint64_t
kt_fpu_ctl(uint64_t w)
{
	return w;
}

#endif
