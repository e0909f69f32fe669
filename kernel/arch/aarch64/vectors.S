/*
 * vectors: every way into the kernel after boot on aarch64.  Each of the
 * sixteen vectors saves x0 and x1, puts its number in x1 and branches to
 * the common code for its origin, which saves the rest of a struct
 * trap_frame (trap.h).
 *
 * From EL0 the frame is saved where SP_EL1 points: the end of the running
 * thread's frame, set by arch_restore_user as it leaves.  Then the kernel
 * switches to this CPU's stack (the first word of the struct TPIDR_EL1
 * points to) and never comes back to the entry: it leaves through
 * arch_restore_user for whichever thread runs next.  From EL1 the frame
 * goes on the kernel stack and the handler returns to it.
 */
#define FRAME		(38 * 8)
#define F_X30		(30 * 8)
#define F_PC		(32 * 8)
#define F_ESR		(34 * 8)
#define F_KIND		(36 * 8)
#define F_TPIDR		(37 * 8)

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

	.text
	.balign 2048
	.globl vectors
vectors:
	VECTOR 0, from_el1
	VECTOR 1, from_el1
	VECTOR 2, from_el1
	VECTOR 3, from_el1
	VECTOR 4, from_el1
	VECTOR 5, from_el1
	VECTOR 6, from_el1
	VECTOR 7, from_el1
	VECTOR 8, from_el0
	VECTOR 9, from_el0
	VECTOR 10, from_el0
	VECTOR 11, from_el0
	VECTOR 12, from_el0
	VECTOR 13, from_el0
	VECTOR 14, from_el0
	VECTOR 15, from_el0

/* From the kernel: the handler returns, and so does the exception. */
from_el1:
	SAVE_REST
	mov	x0, sp
	ldr	x1, [sp, #F_PC]
	stp	x29, x1, [sp, #-16]!	/* a frame record: backtraces */
	mov	x29, sp
	bl	trap_kernel
	add	sp, sp, #16
	RESTORE_ALL
	add	sp, sp, #FRAME
	eret

/* From user mode: save into the thread, then the kernel stack. */
from_el0:
	SAVE_REST
	mov	x0, sp
	mrs	x1, tpidr_el1
	ldr	x1, [x1]
	mov	sp, x1
	mov	x29, xzr
	mov	x30, xzr
	bl	trap_user
1:	b	1b			/* trap_user does not return */

/* arch_restore_user(f): leave for the user frame f. */
	.globl arch_restore_user
arch_restore_user:
	mov	sp, x0
	RESTORE_ALL
	add	sp, sp, #FRAME		/* SP_EL1: the end of f, for next time */
	eret
