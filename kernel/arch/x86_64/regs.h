/*
 * regs: where the system-call ABI (docs/abi.md) puts each value in a
 * thread's saved registers.  The portable kernel reads and writes
 * messages only through these.
 */
#ifndef CAIRN_X86_REGS_H
#define CAIRN_X86_REGS_H

#include <stdint.h>

#include <cairn/arch/registers.h>
#include <cairn/message.h>

#include "cpu.h"
#include "trap.h"

/* Where the thread is: its instruction pointer. */
static inline uint64_t
reg_ip(const struct trap_frame *r)
{
	return r->rip;
}

/* Its stack pointer and flags, for the fault words. */
static inline uint64_t
reg_sp(const struct trap_frame *r)
{
	return r->rsp;
}

static inline uint64_t
reg_flags(const struct trap_frame *r)
{
	return r->rflags;
}

/* Where an emulated system call's answer goes (an unknown system call's
 * fault handler replies): rax, as Linux returns its result. */
static inline void
reg_set_result(struct trap_frame *r, uint64_t v)
{
	r->rax = v;
}

/*
 * READ_REGISTERS and WRITE_REGISTERS (<cairn/arch/registers.h>): the
 * index of the flags, which a thread may set only in part
 * (reg_user_flags: arithmetic, TF, DF, AC, ID; IF stays on), and of the
 * IPC buffer's register (the FS base), which must stay in user space.
 */
#define REG_FLAGS      CAIRN_REG_RFLAGS
#define REG_IPC_BUFFER CAIRN_REG_FS_BASE

static inline uint64_t
reg_user_flags(uint64_t v)
{
	return (v & 0x240DD5) | RFLAGS_IF | 2;
}

/* In: rax number, rdi capability, rsi message info, rbx reply object. */
static inline int64_t
reg_syscall(const struct trap_frame *r)
{
	return (int64_t)r->rax;
}

static inline uint64_t
reg_cptr(const struct trap_frame *r)
{
	return r->rdi;
}

static inline uint64_t
reg_info(const struct trap_frame *r)
{
	return r->rsi;
}

static inline uint64_t
reg_reply(const struct trap_frame *r)
{
	return r->rbx;
}

/*
 * The arguments of a Linux system call, 0-5 (i < REG_SYSCALL_ARGS): rdi,
 * rsi, rdx, r10, r8, r9, for an unknown system call's fault words.  In
 * Cairn's convention they are the capability, the message info and
 * message words 0-3.
 */
#define REG_SYSCALL_ARGS 6

static inline uint64_t
reg_arg(const struct trap_frame *r, unsigned i)
{
	switch (i) {
	case 0:
		return r->rdi;
	case 1:
		return r->rsi;
	case 2:
		return r->rdx;
	case 3:
		return r->r10;
	case 4:
		return r->r8;
	default:
		return r->r9;
	}
}

/* Out: rax status, rdi badge, rsi message info. */
static inline void
reg_set_status(struct trap_frame *r, uint64_t v)
{
	r->rax = v;
}

static inline void
reg_set_badge(struct trap_frame *r, uint64_t v)
{
	r->rdi = v;
}

static inline void
reg_set_info(struct trap_frame *r, uint64_t v)
{
	r->rsi = v;
}

/* Message registers 0-7 as word indices into struct trap_frame. */
static const uint8_t reg_mr_index[CAIRN_MSG_REGS] = {
    __builtin_offsetof(struct trap_frame, rdx) / 8,
    __builtin_offsetof(struct trap_frame, r10) / 8,
    __builtin_offsetof(struct trap_frame, r8) / 8,
    __builtin_offsetof(struct trap_frame, r9) / 8,
    __builtin_offsetof(struct trap_frame, r12) / 8,
    __builtin_offsetof(struct trap_frame, r13) / 8,
    __builtin_offsetof(struct trap_frame, r14) / 8,
    __builtin_offsetof(struct trap_frame, r15) / 8,
};

/* Message registers 0-7: rdx, r10, r8, r9, r12, r13, r14, r15. */
static inline uint64_t *
reg_mr(struct trap_frame *r, unsigned i)
{
	switch (i) {
	case 0:
		return &r->rdx;
	case 1:
		return &r->r10;
	case 2:
		return &r->r8;
	case 3:
		return &r->r9;
	case 4:
		return &r->r12;
	case 5:
		return &r->r13;
	case 6:
		return &r->r14;
	default:
		return &r->r15;
	}
}

#endif
