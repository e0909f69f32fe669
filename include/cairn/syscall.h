/*
 * System call numbers and the register convention (docs/abi.md).
 *
 * SYSCALL with the number in rax.  In: rdi the capability, rsi the
 * message info, rbx the reply object (receives), rdx r10 r8 r9 r12 r13
 * r14 r15 message words 0-7.  Out: rax the status (enum cairn_error),
 * rdi the badge, rsi the message info, the same eight message words.
 * rcx and r11 are clobbered (SYSCALL uses them).  Native numbers are
 * negative; a non-negative number is an unknown-syscall fault.
 */
#ifndef CAIRN_SYSCALL_H
#define CAIRN_SYSCALL_H

enum cairn_syscall {
	CAIRN_SYS_SEND = -1,	     /* send; blocks until received */
	CAIRN_SYS_NBSEND = -2,	     /* send if a receiver waits */
	CAIRN_SYS_CALL = -3,	     /* send and wait for the reply;
					on a kernel object: invoke it */
	CAIRN_SYS_RECV = -4,	     /* receive; blocks */
	CAIRN_SYS_NBRECV = -5,	     /* receive if a sender waits */
	CAIRN_SYS_REPLY = -6,	     /* reply through a reply object */
	CAIRN_SYS_REPLY_RECV = -7,   /* reply, then receive */
	CAIRN_SYS_YIELD = -8,	     /* give up the rest of the timeslice */
	CAIRN_SYS_NULL = -9,	     /* do nothing: status CAIRN_OK; the cost
					of entering and leaving the kernel */
	CAIRN_SYS_DEBUG_FLOOR = -16, /* return at once: SYSCALL/SYSRET's
					own cost, for benchmarks */
};

#endif
