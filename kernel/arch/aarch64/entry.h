/*
 * entry.h: what vectors.S and fastentry.S share, for the assembler only:
 * the offsets of a struct trap_frame (trap.h), saving and restoring it,
 * and one vector of a table.
 */
#define FRAME	(38 * 8)
#define F_X30	(30 * 8)
#define F_PC	(32 * 8)
#define F_ESR	(34 * 8)
#define F_KIND	(36 * 8)
#define F_TPIDR (37 * 8)

	.macro SAVE_REST
	stp	x2, x3, [sp, #2 * 8]
	stp	x4, x5, [sp, #4 * 8]
	stp	x6, x7, [sp, #6 * 8]
	stp	x8, x9, [sp, #8 * 8]
	stp	x10, x11, [sp, #10 * 8]
	stp	x12, x13, [sp, #12 * 8]
	stp	x14, x15, [sp, #14 * 8]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #18 * 8]
	stp	x20, x21, [sp, #20 * 8]
	stp	x22, x23, [sp, #22 * 8]
	stp	x24, x25, [sp, #24 * 8]
	stp	x26, x27, [sp, #26 * 8]
	stp	x28, x29, [sp, #28 * 8]
	mrs	x2, sp_el0
	stp	x30, x2, [sp, #F_X30]
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [sp, #F_PC]
	mrs	x2, esr_el1
	mrs	x3, far_el1
	stp	x2, x3, [sp, #F_ESR]
	mrs	x2, tpidr_el0
	stp	x1, x2, [sp, #F_KIND]
	.endm

	/* Load the frame at sp back into the registers; sp stays. */
	.macro RESTORE_ALL
	ldp	x30, x2, [sp, #F_X30]
	msr	sp_el0, x2
	ldr	x2, [sp, #F_TPIDR]
	msr	tpidr_el0, x2
	ldp	x2, x3, [sp, #F_PC]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	ldp	x0, x1, [sp, #0 * 8]
	ldp	x2, x3, [sp, #2 * 8]
	ldp	x4, x5, [sp, #4 * 8]
	ldp	x6, x7, [sp, #6 * 8]
	ldp	x8, x9, [sp, #8 * 8]
	ldp	x10, x11, [sp, #10 * 8]
	ldp	x12, x13, [sp, #12 * 8]
	ldp	x14, x15, [sp, #14 * 8]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #18 * 8]
	ldp	x20, x21, [sp, #20 * 8]
	ldp	x22, x23, [sp, #22 * 8]
	ldp	x24, x25, [sp, #24 * 8]
	ldp	x26, x27, [sp, #26 * 8]
	ldp	x28, x29, [sp, #28 * 8]
	.endm

	.macro VECTOR n, common
	.balign 0x80
	sub	sp, sp, #FRAME
	stp	x0, x1, [sp]
	mov	x1, #\n
	b	\common
	.endm

	/* The vector that branches to target, saving x0 and x1 only. */
	.macro VECTOR_TO target
	.balign 0x80
	sub	sp, sp, #FRAME
	stp	x0, x1, [sp]
	b	\target
	.endm

	/*
	 * A table of the sixteen vectors: the eight from EL1 to from_el1,
	 * the synchronous one from AArch64 EL0 to el0_sync, the other seven
	 * from EL0 to from_el0.
	 */
	.macro VECTOR_TABLE el0_sync
	VECTOR 0, from_el1
	VECTOR 1, from_el1
	VECTOR 2, from_el1
	VECTOR 3, from_el1
	VECTOR 4, from_el1
	VECTOR 5, from_el1
	VECTOR 6, from_el1
	VECTOR 7, from_el1
	VECTOR_TO \el0_sync
	VECTOR 9, from_el0
	VECTOR 10, from_el0
	VECTOR 11, from_el0
	VECTOR 12, from_el0
	VECTOR 13, from_el0
	VECTOR 14, from_el0
	VECTOR 15, from_el0
	.endm

/* ESR_EL1 of SVC #0 from AArch64: EC 0x15, IL, immediate 0. */
#define ESR_SVC0	0x56000000
#define TRAP_EL0_SYNC	8
#define SYS_SEND	-1
#define SYS_CALL	-3
#define SYS_RECV	-4
#define SYS_REPLY_RECV	-7
#define SYS_NULL	-9
#define SYS_DEBUG_FLOOR -16

	/*
	 * Leave the entry from EL0 for C on this CPU's kernel stack: the
	 * rest of the frame saved (the vector's kind, 8, in x1), the thread
	 * (its frame, which starts its TCB) in x0; fn does not return.
	 */
	.macro SYNC_TO_C fn
	mov	x1, #TRAP_EL0_SYNC
	SAVE_REST
	mov	x0, sp
	mrs	x1, tpidr_el1
	ldr	x1, [x1]
	mov	sp, x1
	mov	x29, xzr
	mov	x30, xzr
	bl	\fn
	.endm
