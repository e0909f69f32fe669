/*
 * trap: the register frame of an entry into the kernel on aarch64, and
 * the decoding of the exception syndrome (ESR_EL1).
 */
#ifndef CAIRN_A64_TRAP_H
#define CAIRN_A64_TRAP_H

#include <stdint.h>

/*
 * What vectors.S saves, lowest address first.  From EL0 it is saved
 * where SP_EL1 points, the end of the running thread's frame (as x86's
 * TSS.rsp0 points into its TCB); from EL1 on the kernel stack.
 */
struct trap_frame {
	uint64_t x[31];	 /* x0-x30; x29 the frame pointer, x30 the link */
	uint64_t sp;	 /* SP_EL0: the user stack pointer */
	uint64_t pc;	 /* ELR_EL1 */
	uint64_t pstate; /* SPSR_EL1 */
	uint64_t esr;
	uint64_t far;
	uint64_t kind;	/* the vector: enum trap_kind */
	uint64_t tpidr; /* TPIDR_EL0: the thread's own register (TLS) */
};

_Static_assert(sizeof(struct trap_frame) == 38 * 8, "vectors.S frame size");
_Static_assert(sizeof(struct trap_frame) % 16 == 0, "sp stays aligned");

/* The sixteen vectors, in table order. */
enum trap_kind {
	TRAP_EL1T_SYNC = 0, /* EL1 with SP_EL0: never used */
	TRAP_EL1H_SYNC = 4, /* from the kernel */
	TRAP_EL1H_IRQ = 5,
	TRAP_EL1H_FIQ = 6,
	TRAP_EL1H_SERROR = 7,
	TRAP_EL0_SYNC = 8, /* from user mode, AArch64 */
	TRAP_EL0_IRQ = 9,
	TRAP_EL0_FIQ = 10,
	TRAP_EL0_SERROR = 11,
	TRAP_EL0_32 = 12, /* AArch32 user mode: never used */
};

/* Exception classes, ESR_EL1[31:26]. */
enum esr_class {
	EC_UNKNOWN = 0x00,
	EC_WFX = 0x01,
	EC_FP = 0x07,
	EC_ILLEGAL = 0x0e,
	EC_SVC64 = 0x15,
	EC_HVC64 = 0x16,
	EC_SMC64 = 0x17,
	EC_SYSREG = 0x18,
	EC_IABT_LOW = 0x20,
	EC_IABT_CUR = 0x21,
	EC_PC_ALIGN = 0x22,
	EC_DABT_LOW = 0x24,
	EC_DABT_CUR = 0x25,
	EC_SP_ALIGN = 0x26,
	EC_SERROR = 0x2f,
	EC_BRK64 = 0x3c,
};

static inline unsigned
esr_class(uint64_t esr)
{
	return (unsigned)(esr >> 26) & 0x3f;
}

/* The instruction-specific syndrome: the SVC immediate, abort status. */
static inline uint32_t
esr_iss(uint64_t esr)
{
	return (uint32_t)esr & 0x1ffffff;
}

/* Data aborts: was it a write (WnR)? */
static inline _Bool
esr_is_write(uint64_t esr)
{
	return ((esr >> 6) & 1) != 0;
}

/* Install the vector table on this CPU; kstack_top is the kernel stack. */
void trap_init(uint64_t kstack_top);

/* The name of an exception class, e.g. "data abort from a lower EL". */
const char *esr_class_name(unsigned ec);

/*
 * Describe an abort's fault status (ISS[5:0]) into buf, e.g.
 * "translation fault, level 2"; returns buf.
 */
const char *abort_status(uint64_t esr, char *buf, unsigned len);

/* Print the registers of f. */
void trap_dump(const struct trap_frame *f);

/* Leave the kernel for the user frame f (vectors.S); SP_EL1 = f + 1. */
_Noreturn void arch_restore_user(struct trap_frame *f);

/*
 * An IRQ taken in the kernel (trap_kernel): the kernel's handler
 * (context.c) or the bring-up's (el0test.c).  Entries from EL0 go to
 * trap_user, which each of them defines too, and never returns.
 */
void trap_kernel_irq(void);
_Noreturn void trap_user(struct trap_frame *f);

/* Report an exception taken in the kernel, and stop. */
_Noreturn void kernel_exception(struct trap_frame *f);

/*
 * Set up the board's interrupt controller with only the timer's line
 * open, and report it (irq.c).
 */
void intc_init(void);

/* An interrupt arrived (from either level): the controller's driver. */
void irq_dispatch(void);

#endif
