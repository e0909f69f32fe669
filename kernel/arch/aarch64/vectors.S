/*
 * vectors: every way into the kernel after boot on aarch64.  Each of the
 * sixteen vectors saves x0 and x1, puts its number in x1 and branches to
 * the common code for its origin, which saves the rest of a struct
 * trap_frame (trap.h); the synchronous one from EL0 looks at a system
 * call's number first (el0_sync here; with the fast path on, VBAR_EL1
 * points at fastentry.S's table, whose el0_sync_fast dispatches on it).
 *
 * From EL0 the frame is saved where SP_EL1 points: the end of the running
 * thread's frame, set by arch_restore_user as it leaves.  Then the kernel
 * switches to this CPU's stack (the first word of the struct TPIDR_EL1
 * points to) and never comes back to the entry: it leaves through
 * arch_restore_user for whichever thread runs next.  From EL1 the frame
 * goes on the kernel stack and the handler returns to it.
 */
#include "entry.inc"

	.text
	.balign 2048
	.globl vectors
vectors:
	VECTOR_TABLE el0_sync

/*
 * Synchronous from EL0 without the fast path: the benchmark floor
 * (CAIRN_SYS_DEBUG_FLOOR by SVC #0) returns at once, touching nothing
 * but x0 and x1, which it restores; anything else goes to from_el0.
 */
	.globl from_el0, from_el1
el0_sync:
	mrs	x0, esr_el1
	mov	x1, #ESR_SVC0
	cmp	x0, x1
	ccmn	x8, #-SYS_DEBUG_FLOOR, #0, eq
	b.eq	el0_floor
	mov	x1, #TRAP_EL0_SYNC
	b	from_el0
el0_floor:
	ldp	x0, x1, [sp]
	add	sp, sp, #FRAME
	eret

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
