/*
 * Fault messages: what a thread's fault handler receives when the thread
 * faults (docs/abi.md, "Faults").  The label of the message is the kind.
 * Every kind but the unknown system call has the same six words
 * (CAIRN_FAULT_LENGTH); an unknown system call has eight
 * (CAIRN_FAULT_SYSCALL_LENGTH): the instruction pointer, the number and
 * the six argument registers of Linux's convention, so that a server
 * that emulates Linux needs no READ_REGISTERS to serve the call.
 */
#ifndef CAIRN_FAULT_H
#define CAIRN_FAULT_H

enum cairn_fault_kind {
	CAIRN_FAULT_PAGE = 1,		 /* a page fault */
	CAIRN_FAULT_EXCEPTION = 2,	 /* any other CPU exception */
	CAIRN_FAULT_UNKNOWN_SYSCALL = 3, /* a non-negative syscall number */
	CAIRN_FAULT_CAP = 4,		 /* a capability lookup failed */
};

/* The words of a fault message. */
enum cairn_fault_word {
	CAIRN_FAULT_IP = 0,	/* the instruction pointer (an unknown
				   syscall's: past the syscall instruction) */
	CAIRN_FAULT_ADDR = 1,	/* page fault: the address; unknown syscall:
				   the number; capability: the cptr */
	CAIRN_FAULT_CODE = 2,	/* page fault: the access (bits below) or
				   exception error code; capability: the error */
	CAIRN_FAULT_VECTOR = 3, /* the CPU exception vector, or 0 */
	CAIRN_FAULT_SP = 4,	/* the stack pointer */
	CAIRN_FAULT_FLAGS = 5,	/* rflags */
	CAIRN_FAULT_LENGTH = 6, /* every kind but the unknown syscall */

	/* An unknown system call's words from 1 on. */
	CAIRN_FAULT_NUMBER = 1, /* the number (CAIRN_FAULT_ADDR) */
	CAIRN_FAULT_ARG0 = 2,	/* the first argument; arguments 0-5 in words
				   2-7 (x86_64: rdi rsi rdx r10 r8 r9;
				   aarch64: x0-x5) */
	CAIRN_FAULT_SYSCALL_LENGTH = 8,
};

/* Page-fault access bits (the x86 error code). */
#define CAIRN_FAULT_PRESENT 0x1 /* the page was mapped: a rights fault */
#define CAIRN_FAULT_WRITE   0x2
#define CAIRN_FAULT_FETCH   0x10

/* The label a notification delivered to a receiving thread comes with. */
#define CAIRN_LABEL_NOTIFICATION 0xFFFFFFFFFFFFFull

#endif
