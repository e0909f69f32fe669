/* tcb: threads, their registers and their state. */
#ifndef CAIRN_TCB_H
#define CAIRN_TCB_H

#include "kobject.h"

/* Set up a zeroed TCB: inactive, priority 0, user-mode registers. */
void tcb_init(struct tcb *t);

/* Stop t: out of every queue, inactive. */
void tcb_suspend(struct tcb *t);

/* Make an inactive t run (from its saved registers). */
void tcb_resume(struct tcb *t);

/* Take t out of whatever IPC it is blocked in; it stays off the run
 * queue.  Its status register is left for the caller to set. */
void tcb_cancel_ipc(struct tcb *t);

/* Wake t, blocked in some IPC, with status err (CAIRN_E_*); a thread
 * blocked by a fault instead runs its faulting instruction again. */
void tcb_wake_with_error(struct tcb *t, int err);

/* The thread's IPC buffer through the direct map, or NULL if it has
 * none. */
uint64_t *tcb_ipc_buffer(struct tcb *t);

/* The address space t runs in (its VSpace root), or 0. */
static inline uint64_t
tcb_vspace(const struct tcb *t)
{
	const struct cap *v = &t->slots[TCB_VSPACE].cap;

	return cap_type(v) == CAIRN_OBJ_VSPACE ? cap_phys(v) : 0;
}

#endif
