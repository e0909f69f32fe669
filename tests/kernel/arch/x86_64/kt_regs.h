/*
 * ktest's view of x86_64's registers (include/arch/x86_64/cairn/arch/
 * registers.h): the roles the portable tests need, and how a thread
 * starts.  Each arch has one (tests/kernel/arch/<arch>/kt_regs.h).
 */
#ifndef CAIRN_KT_REGS_H
#define CAIRN_KT_REGS_H

#include "cairn.h"

enum {
	KT_REG_ARG1 = CAIRN_REG_RSI,
	KT_REG_ARG2 = CAIRN_REG_RDX,
	/* The register through which a thread finds its IPC buffer. */
	KT_REG_IPCBUF = CAIRN_REG_FS_BASE,
	KT_REG_FLAGS = CAIRN_REG_RFLAGS,
	/* The status a system call returns. */
	KT_REG_STATUS = CAIRN_REG_RAX,
	/* How many registers kt_regs_start sets, from 0. */
	KT_REG_START_N = CAIRN_REG_RDI + 1,
	/* A register that only the test's own code sets, and another. */
	KT_REG_SCRATCH0 = CAIRN_REG_RAX,
	KT_REG_SCRATCH1 = CAIRN_REG_RSI,
};

/* The arch's own root capabilities, {slot, type}, to a {0, 0}. */
#define KT_ARCH_ROOT_CAPS                                                      \
	{                                                                      \
		{CAIRN_ROOT_IOPORT_CONTROL, CAIRN_CAP_IOPORT_CONTROL},         \
		{                                                              \
			0, 0                                                   \
		}                                                              \
	}

/*
 * IRQ lines for the tests of IRQ control (t_irq.c): two free ISA lines,
 * and lines GET refuses with RANGE (past the 16 ISA lines).
 */
#define KT_IRQ_LINE  7
#define KT_IRQ_LINE2 3
/* Both are edge lines, which GET_SHARED refuses; IRQ 5 is level (QEMU's
 * MADT says so of 5, 9, 10 and 11) and free, for the shared tests. */
#define KT_IRQ_EDGE_LINE  KT_IRQ_LINE
#define KT_IRQ_LEVEL_LINE 5
#define KT_IRQ_BAD_LINES                                                       \
	{                                                                      \
		16, 24, 255, 1ull << 32, ~0ull                                 \
	}

/* The stack pointer at a function's entry, for a stack that ends at top. */
static inline word_t
kt_entry_sp(word_t top)
{
	return top - 8; /* as if a call had pushed its return address */
}

/* Do the flags of a thread at user level look right (interrupts on)? */
static inline int
kt_user_flags(word_t f)
{
	return (f & 0x200) != 0; /* IF */
}

/*
 * Fill regs (KT_REG_START_N words) so that a thread starts at ip with
 * stack pointer sp, interrupts on and arguments a0, a1, a2.
 */
static inline void
kt_regs_start(word_t *regs, word_t ip, word_t sp, word_t a0, word_t a1,
	      word_t a2)
{
	regs[CAIRN_REG_RIP] = ip;
	regs[CAIRN_REG_RSP] = sp;
	regs[CAIRN_REG_RFLAGS] = 0x202;
	regs[CAIRN_REG_RDI] = a0;
	regs[CAIRN_REG_RSI] = a1;
	regs[CAIRN_REG_RDX] = a2;
}

/* Is ip the system-call instruction (SYSCALL)?  Its length is the next. */
static inline int
kt_at_syscall(word_t ip)
{
	const uint8_t *p = (const uint8_t *)ip;

	return p[0] == 0x0F && p[1] == 0x05;
}
#define KT_SYSCALL_LEN 2

/* Machine code that returns 42: mov $42, %eax; ret. */
#define KT_CODE42                                                              \
	{                                                                      \
		0xB8, 0x2A, 0x00, 0x00, 0x00, 0xC3                             \
	}
/* The byte of it to change, and its value, to return 43 instead. */
#define KT_CODE43_AT   1
#define KT_CODE43_BYTE 43

/* An undefined instruction (ud2), and its length. */
static inline void
kt_undefined_instruction(void)
{
	__asm__ volatile("ud2");
}
#define KT_UNDEFINED_LEN 2

/* Is ip at kt_undefined_instruction's instruction? */
static inline int
kt_at_undefined(word_t ip)
{
	const uint8_t *p = (const uint8_t *)ip;

	return p[0] == 0x0F && p[1] == 0x0B;
}

/* The vector word of an undefined instruction's fault (#UD), a page fault's
 * (#PF). */
static inline int
kt_undefined_vector(word_t v)
{
	return v == 6;
}

static inline int
kt_page_vector(word_t v)
{
	return v == 14;
}

/*
 * Load from va with KT_REG_SCRATCH0 = 0x1111 and KT_REG_SCRATCH1 =
 * 0x2222 (rax and rsi) at the load.
 */
static inline void
kt_scratch_load(word_t va)
{
	__asm__ volatile("mov $0x1111, %%eax\n\t"
			 "mov $0x2222, %%esi\n\t"
			 "mov (%0), %%rcx"
			 :
			 : "r"(va)
			 : "rax", "rsi", "rcx", "memory");
}

/*
 * Make system call n with r when n may be unknown (a Linux program's):
 * return its answer, the reply's word 0 that the fault handler sent
 * (in rax, where the status is) or, for a negative n, the error.
 * KT_ANSWER_IN_CAP: whether the answer overwrites r->cap.
 */
#define KT_ANSWER_IN_CAP 0
static inline word_t
kt_unknown_syscall(word_t n, struct cairn_regs *r)
{
	return cairn_syscall(n, r);
}

/*
 * A Linux system call's arguments 0-5 (rdi, rsi, rdx, r10, r8, r9),
 * which an unknown system call's fault message carries in words 2-7: the
 * register of argument i (for READ_REGISTERS), and where
 * cairn_syscall(n, r) loads it from: r->cap, r->info, r->mr[0]-r->mr[3].
 */
static inline int
kt_syscall_arg_reg(int i)
{
	static const uint8_t regs[6] = {CAIRN_REG_RDI, CAIRN_REG_RSI,
					CAIRN_REG_RDX, CAIRN_REG_R10,
					CAIRN_REG_R8,  CAIRN_REG_R9};

	return regs[i];
}

static inline word_t
kt_syscall_arg(const struct cairn_regs *r, int i)
{
	return i == 0 ? r->cap : i == 1 ? r->info : r->mr[i - 2];
}

/*
 * READ_FPU's words of two SIMD registers (xmm0 and xmm1, 16 bytes each
 * in FXSAVE's image), a word of control that may hold any of the bits
 * KT_FPU_CTL_OK (MXCSR: its rounding bits) but not KT_FPU_CTL_BAD (a
 * reserved bit), and what a new thread has in it (MXCSR's 0x1f80).
 */
#define KT_FPU_V0	   20
#define KT_FPU_V1	   22
#define KT_FPU_CTL	   CAIRN_FPU_MXCSR
#define KT_FPU_CTL_OK	   0x6000ull
#define KT_FPU_CTL_BAD	   (1ull << 31)
#define KT_FPU_CTL_INITIAL 0x1f80ull

/* Load v0 (xmm0) from the 16 bytes at p. */
static inline void
kt_fpu_load_v0(const uint64_t *p)
{
	__asm__ volatile("movdqu (%0), %%xmm0" : : "r"(p) : "memory");
}

/* Store v0 and v1 (xmm0, xmm1) at p (32 bytes). */
static inline void
kt_fpu_store_v0_v1(uint64_t *p)
{
	__asm__ volatile("movdqu %%xmm0, (%0)\n\t"
			 "movdqu %%xmm1, 16(%0)"
			 :
			 : "r"(p)
			 : "memory");
}

/* The control word's value (the low 32 bits of MXCSR's word). */
static inline uint64_t
kt_fpu_ctl(uint64_t w)
{
	return w & 0xffffffffull;
}

#endif
