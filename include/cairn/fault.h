/*
 * Fault messages: what a thread's fault handler receives when the thread
 * faults (docs/abi.md, "Faults").  The label of the message is the kind;
 * the words are the same for every kind.
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
	CAIRN_FAULT_IP = 0,	/* the instruction pointer */
	CAIRN_FAULT_ADDR = 1,	/* page fault: the address; unknown syscall:
				   the number; capability: the cptr */
	CAIRN_FAULT_CODE = 2,	/* page fault: the access (bits below) or
				   exception error code; capability: the error */
	CAIRN_FAULT_VECTOR = 3, /* the CPU exception vector, or 0 */
	CAIRN_FAULT_SP = 4,	/* the stack pointer */
	CAIRN_FAULT_FLAGS = 5,	/* rflags */
	CAIRN_FAULT_LENGTH = 6,
};

/* Page-fault access bits (the x86 error code). */
#define CAIRN_FAULT_PRESENT 0x1 /* the page was mapped: a rights fault */
#define CAIRN_FAULT_WRITE   0x2
#define CAIRN_FAULT_FETCH   0x10

/* The label a notification delivered to a receiving thread comes with. */
#define CAIRN_LABEL_NOTIFICATION 0xFFFFFFFFFFFFFull

#endif
