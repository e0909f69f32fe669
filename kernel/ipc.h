/*
 * ipc: the steps of IPC that the endpoint code (endpoint.c) and the fast
 * path (fastpath.c) share, so both leave the same state behind.
 */
#ifndef CAIRN_IPC_H
#define CAIRN_IPC_H

#include "kobject.h"

/* The fast path is straight-line code: these are always inlined. */
#define IPC_INLINE static inline __attribute__((always_inline))

/* Take t, the head of ep's queue, out of it; an emptied queue is idle. */
IPC_INLINE void
ep_dequeue(struct endpoint *ep, struct tcb *t)
{
	tq_remove(&ep->q, t);
	if (ep->q.head == NULL) {
		ep->state = EP_IDLE;
	}
}

/* The same for t at the head of the queue, as the fast path knows. */
IPC_INLINE void
ep_dequeue_head(struct endpoint *ep, struct tcb *t)
{
	struct tcb *next = t->q_next;

	ep->q.head = next;
	if (next != NULL) {
		next->q_prev = NULL;
	} else {
		ep->q.tail = NULL;
		ep->state = EP_IDLE;
	}
	t->q_next = NULL;
	t->blocked_on = NULL;
}

/* t waits on ep to receive, with the reply object rp (or NULL). */
IPC_INLINE void
ep_block_recv(struct endpoint *ep, struct tcb *t, struct reply *rp)
{
	ep->state = EP_RECV;
	tq_append(&ep->q, t, ep);
	t->reply = rp;
	if (rp != NULL) {
		rp->receiver = t;
	}
	t->state = TS_BLOCKED_RECV;
}

/*
 * Caller s waits on rp, the reply object the receiver brought, for the
 * answer; grant_reply says the answer may carry capabilities.  The
 * caller's place in the run queue is the caller's business.
 */
IPC_INLINE void
reply_bind(struct reply *rp, struct tcb *s, bool grant_reply)
{
	rp->receiver = NULL;
	rp->caller = s;
	s->reply = rp;
	s->ipc_flags = grant_reply ? IPC_GRANT_REPLY : 0;
	s->state = TS_BLOCKED_REPLY;
	s->blocked_on = rp;
}

/* Take the caller c that waits on rp off it, to be answered. */
IPC_INLINE void
reply_unbind(struct reply *rp, struct tcb *c)
{
	rp->caller = NULL;
	c->reply = NULL;
	c->blocked_on = NULL;
}

/* A notification's signal word reaches t: its status, badge and info. */
IPC_INLINE void
ntfn_deliver(struct tcb *t, uint64_t word, uint64_t label)
{
	reg_set_status(&t->arch.regs, CAIRN_OK);
	reg_set_badge(&t->arch.regs, word);
	reg_set_info(&t->arch.regs, cairn_msginfo(label, 0, 0));
}

#endif
