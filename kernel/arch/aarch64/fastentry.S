/*
 * fastentry: the vector table of the fast path (CONFIG_FASTPATH,
 * fastpath.h).  arch_fastpath_set points VBAR_EL1 at it or at vectors.S's
 * table, so being able to turn the fast path off costs no test per call,
 * as x86_64's LSTAR does.  It differs in one vector: a synchronous
 * exception from EL0 that is SVC #0 picks its way by the number in x8
 * before anything but x0 and x1 is saved, the commonest first: CALL and
 * REPLY_RECV try the fast path, SEND and RECV try it for notifications,
 * the null call answers here after the full save and before the full
 * restore, a non-negative number is an unknown-syscall fault that may go
 * the fast way too; each of those C functions falls back to syscall_slow
 * itself; any other number goes to syscall_slow at once, and any other
 * exception to vectors.S's from_el0 and trap_user.  The benchmark floor
 * is vectors.S's alone, as x86_64's is its slow entry's.
 */
#include "entry.inc"

	.text
#if CONFIG_FASTPATH
	.balign 2048
	.globl vectors_fast
vectors_fast:
	VECTOR_TABLE el0_sync_fast

el0_sync_fast:
	mrs	x0, esr_el1
	mov	x1, #ESR_SVC0
	cmp	x0, x1
	b.ne	7f
	cmn	x8, #-SYS_CALL
	b.eq	1f
	cmn	x8, #-SYS_REPLY_RECV
	b.eq	2f
	cmn	x8, #-SYS_SEND
	b.eq	3f
	cmn	x8, #-SYS_RECV
	b.eq	4f
	cmn	x8, #-SYS_NULL
	b.eq	5f
	tbz	x8, #63, 6f
	SYNC_TO_C syscall_slow
1:	SYNC_TO_C fastpath_call
2:	SYNC_TO_C fastpath_reply_recv
3:	SYNC_TO_C fastpath_send
4:	SYNC_TO_C fastpath_recv
6:	SYNC_TO_C fastpath_unknown_syscall
7:	mov	x1, #TRAP_EL0_SYNC
	b	from_el0

/*
 * The null call: through the whole entry and exit, as on x86_64 (the
 * figure null_syscall is the cost of both): the frame saved, status
 * CAIRN_OK in its x8, every register loaded back from it.
 */
5:	mov	x1, #TRAP_EL0_SYNC
	SAVE_REST
	str	xzr, [sp, #8 * 8]
	RESTORE_ALL
	add	sp, sp, #FRAME
	eret
#else
	.globl vectors_fast
	.set	vectors_fast, vectors
#endif
