/*
 * notification: a word of signal bits.  Signal ORs the badge in and
 * wakes one waiter, which takes the whole word; a notification bound to
 * a thread also wakes that thread while it waits on an endpoint.
 */
#include <cairn/fault.h>

#include "ipc.h"
#include "irqcap.h"
#include "kobject.h"
#include "sched.h"
#include "tcb.h"

void
ntfn_signal(struct notification *n, uint64_t badge)
{
	struct tcb *t = n->q.head;

	if (t != NULL) {
		tq_remove(&n->q, t);
		ntfn_deliver(t, n->word | badge, 0);
		n->word = 0;
		sched_wake(t);
	} else if (n->bound != NULL && n->bound->state == TS_BLOCKED_RECV) {
		t = n->bound;
		ep_cancel(t);
		ntfn_deliver(t, n->word | badge, CAIRN_LABEL_NOTIFICATION);
		n->word = 0;
		sched_wake(t);
	} else {
		n->word |= badge;
	}
}

void
ntfn_wait(struct tcb *t, struct notification *n, bool blocking)
{
	if (n->word != 0) {
		ntfn_deliver(t, n->word, 0);
		n->word = 0;
		return;
	}
	if (!blocking) {
		reg_set_status(&t->arch.regs, CAIRN_E_WOULD_BLOCK);
		reg_set_badge(&t->arch.regs, 0);
		return;
	}
	tq_append(&n->q, t, n);
	t->state = TS_BLOCKED_NTFN;
	sched_remove(t);
}

/*
 * A thread about to wait on an endpoint first takes its bound
 * notification's pending signals, if any.  Returns true if it did.
 */
bool
ntfn_take_bound(struct tcb *t)
{
	struct notification *n = t->bound;

	if (n == NULL || n->word == 0) {
		return false;
	}
	ntfn_deliver(t, n->word, CAIRN_LABEL_NOTIFICATION);
	n->word = 0;
	return true;
}

void
ntfn_cancel(struct tcb *t)
{
	if (t->blocked_on != NULL) {
		tq_remove(&((struct notification *)t->blocked_on)->q, t);
	}
}

void
ntfn_bind(struct notification *n, struct tcb *t)
{
	n->bound = t;
	t->bound = n;
}

void
ntfn_unbind(struct tcb *t)
{
	if (t->bound != NULL) {
		t->bound->bound = NULL;
		t->bound = NULL;
	}
}

void
notification_cancel_all(struct notification *n)
{
	while (n->q.head != NULL) {
		tcb_wake_with_error(n->q.head, CAIRN_E_DELETED);
	}
	if (n->bound != NULL) {
		ntfn_unbind(n->bound);
	}
	irq_ntfn_finalise(n);
}
