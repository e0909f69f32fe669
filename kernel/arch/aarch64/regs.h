/*
 * regs: where the system-call ABI (docs/abi.md, "aarch64") puts each
 * value in a thread's saved registers.  The portable kernel reads and
 * writes messages only through these.
 *
 * svc #0.  In: x8 the number (as Linux has it, so that a Linux program's
 * call is an unknown-syscall fault with its number), x0 the capability,
 * x1 the message info, x11 the reply object, message words 0-7 in x2-x7,
 * x9, x10.  Out: x8 the status, x0 the badge, x1 the message info, the
 * message words where they came in.
 */
#ifndef CAIRN_A64_REGS_H
#define CAIRN_A64_REGS_H

#include <stdint.h>

#include <cairn/arch/registers.h>
#include <cairn/message.h>

#include "sysreg.h"
#include "trap.h"

/* Where the thread is: its instruction pointer. */
static inline uint64_t
reg_ip(const struct trap_frame *r)
{
	return r->pc;
}

/* Its stack pointer and flags (SPSR), for the fault words. */
static inline uint64_t
reg_sp(const struct trap_frame *r)
{
	return r->sp;
}

static inline uint64_t
reg_flags(const struct trap_frame *r)
{
	return r->pstate;
}

/* Where an emulated system call's answer goes (an unknown system call's
 * fault handler replies): x0, as Linux returns its result. */
static inline void
reg_set_result(struct trap_frame *r, uint64_t v)
{
	r->x[0] = v;
}

/*
 * READ_REGISTERS and WRITE_REGISTERS (<cairn/arch/registers.h>): the
 * index of the flags, of which a thread may set only the condition flags
 * NZCV (reg_user_flags; EL0, interrupts unmasked), and of the IPC
 * buffer's register (TPIDRRO_EL0), which must stay in user space.
 */
#define REG_FLAGS      CAIRN_REG_SPSR
#define REG_IPC_BUFFER CAIRN_REG_TPIDRRO_EL0

static inline uint64_t
reg_user_flags(uint64_t v)
{
	return (v & 0xF0000000ul) | SPSR_EL0T;
}

static inline int64_t
reg_syscall(const struct trap_frame *r)
{
	return (int64_t)r->x[8];
}

static inline uint64_t
reg_cptr(const struct trap_frame *r)
{
	return r->x[0];
}

static inline uint64_t
reg_info(const struct trap_frame *r)
{
	return r->x[1];
}

static inline uint64_t
reg_reply(const struct trap_frame *r)
{
	return r->x[11];
}

/*
 * The arguments of a Linux system call, 0-5 (i < REG_SYSCALL_ARGS): x0-x5,
 * for an unknown system call's fault words (its number is x8,
 * reg_syscall's).  In Cairn's convention they are the capability, the
 * message info and message words 0-3.
 */
#define REG_SYSCALL_ARGS 6

static inline uint64_t
reg_arg(const struct trap_frame *r, unsigned i)
{
	return r->x[i];
}

static inline void
reg_set_status(struct trap_frame *r, uint64_t v)
{
	r->x[8] = v;
}

static inline void
reg_set_badge(struct trap_frame *r, uint64_t v)
{
	r->x[0] = v;
}

static inline void
reg_set_info(struct trap_frame *r, uint64_t v)
{
	r->x[1] = v;
}

/* Message registers 0-7: x2-x7, x9, x10 (x8 carries the number). */
static inline uint64_t *
reg_mr(struct trap_frame *r, unsigned i)
{
	return &r->x[i < 6 ? i + 2 : i + 3];
}

#endif
