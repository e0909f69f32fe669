/*
 * endpoint: synchronous IPC.  An endpoint holds a queue of threads that
 * all wait the same way (to send or to receive); the first of the other
 * kind to come meets the head of the queue.  Messages are copied at the
 * meeting from the sender's saved registers and IPC buffer to the
 * receiver's.  A call binds the caller to the reply object the receiver
 * brought, and the caller waits there until someone replies through it.
 */
#include "ipc.h"
#include "kobject.h"
#include "sched.h"
#include "tcb.h"

/* r received no call: it keeps no reply object from its wait. */
static void
release_reply(struct tcb *r)
{
	if (r->reply != NULL) {
		r->reply->receiver = NULL;
		r->reply = NULL;
	}
}

/*
 * Move the capabilities s sends (caps[0..n) of its IPC buffer) to r, in
 * order, as seL4 does: one that names the endpoint ep the message goes
 * through, badged, is unwrapped (its badge goes to r's badges[i]); any
 * other is copied into the slot r's buffer names (recv_cnode,
 * recv_index), which takes one.  The first that can be neither ends the
 * transfer quietly.  Returns the message info's caps and unwrapped
 * fields.
 */
static uint64_t
transfer_caps(struct tcb *s, struct tcb *r, uint64_t n,
	      const struct endpoint *ep)
{
	struct cairn_ipc_buffer *sb = (void *)tcb_ipc_buffer(s);
	struct cairn_ipc_buffer *rb = (void *)tcb_ipc_buffer(r);
	struct cte *dst = NULL;
	uint64_t done = 0, unwrapped = 0;
	int err = CAIRN_OK;

	if (sb == NULL || rb == NULL) {
		return 0;
	}
	if (rb->recv_cnode != 0) {
		dst = cspace_slot(r, rb->recv_cnode, rb->recv_index, &err);
	}
	for (; done < n; done++) {
		struct cte *src = cspace_lookup(s, sb->caps[done], &err);
		struct cap c;
		if (src == NULL) {
			break;
		}
		if (ep != NULL && cap_type(&src->cap) == CAIRN_OBJ_ENDPOINT &&
		    cap_obj(&src->cap) == ep && src->cap.w1 != 0) {
			rb->badges[done] = src->cap.w1;
			unwrapped |= 1ull << done;
			continue;
		}
		if (dst == NULL || !cap_is_null(&dst->cap) ||
		    cap_derive(src, CAIRN_RIGHTS_ALL, &c) != CAIRN_OK) {
			break;
		}
		cte_insert(dst, c, src, 0);
		dst = NULL; /* one receive slot */
	}
	return cairn_msginfo_recv(0, done, unwrapped, 0);
}

/*
 * Copy the message s sends (or its fault) to r, with the badge; transfer
 * capabilities if grant.  r's status, badge and info registers are set.
 */
static void
transfer(struct tcb *s, struct tcb *r, uint64_t badge, bool grant,
	 const struct endpoint *ep)
{
	uint64_t info = reg_info(&s->arch.regs);
	uint64_t label = cairn_msginfo_label(info);
	uint64_t len = cairn_msginfo_length(info), caps = 0;

	if (s->fault_kind != 0) {
		label = s->fault_kind;
		len = fault_words(s, r);
	} else {
		len = len > CAIRN_MSG_MAX_LENGTH ? CAIRN_MSG_MAX_LENGTH : len;
		uint64_t *sb = tcb_ipc_buffer(s), *rb = tcb_ipc_buffer(r);
		if (sb == NULL || rb == NULL) {
			len = len > CAIRN_MSG_REGS ? CAIRN_MSG_REGS : len;
		}
		for (unsigned i = 0; i < len; i++) {
			msg_set(r, i, msg_get(s, i));
		}
		if (grant && cairn_msginfo_caps(info) > 0) {
			caps =
			    transfer_caps(s, r, cairn_msginfo_caps(info), ep);
		}
	}
	reg_set_status(&r->arch.regs, CAIRN_OK);
	reg_set_badge(&r->arch.regs, badge);
	/* caps holds the info word's caps and unwrapped fields. */
	reg_set_info(&r->arch.regs, cairn_msginfo(label, 0, len) | caps);
}

/*
 * After a call (or fault) met receiver r, with r's reply object: bind
 * caller s to it, or, if r brought none, let a call go on as a send and
 * leave a faulting thread stopped.
 */
static void
bind_reply(struct tcb *s, struct tcb *r, bool grant_reply)
{
	struct reply *rp = r->reply;

	r->reply = NULL;
	if (rp != NULL) {
		reply_bind(rp, s, grant_reply);
		sched_remove(s);
	} else if (s->fault_kind != 0) {
		/* Delivered, but nobody can answer: the thread stays stopped.
		 */
		sched_remove(s);
		s->state = TS_INACTIVE;
		s->fault_kind = 0;
	} else {
		reg_set_status(&s->arch.regs, CAIRN_OK);
		sched_wake(s);
	}
}

void
ep_send(struct tcb *t, struct endpoint *ep, const struct cap *cap,
	bool blocking, bool call)
{
	unsigned rights = cap_rights(cap);
	bool grant = (rights & CAIRN_RIGHT_GRANT) != 0;
	bool grant_reply = grant || (rights & CAIRN_RIGHT_GRANT_REPLY);

	if (ep->state == EP_RECV) {
		struct tcb *r = ep->q.head;
		ep_dequeue_head(ep, r);
		transfer(t, r, cap->w1, grant, ep);
		if (call || t->fault_kind != 0) {
			bind_reply(t, r, grant_reply);
		} else {
			release_reply(r);
			reg_set_status(&t->arch.regs, CAIRN_OK);
		}
		sched_wake_first(r);
		return;
	}
	if (!blocking) {
		reg_set_status(&t->arch.regs, CAIRN_E_WOULD_BLOCK);
		return;
	}
	ep->state = EP_SEND;
	tq_append(&ep->q, t, ep);
	t->ipc_badge = cap->w1;
	t->ipc_flags = (call ? IPC_CALL : 0) | (grant ? IPC_GRANT : 0) |
		       (grant_reply ? IPC_GRANT_REPLY : 0);
	t->state = TS_BLOCKED_SEND;
	sched_remove(t);
}

void
ep_recv(struct tcb *t, struct endpoint *ep, struct reply *rp, bool blocking)
{
	if (ep->state == EP_SEND) {
		struct tcb *s = ep->q.head;
		ep_dequeue_head(ep, s);
		t->reply = rp;
		transfer(s, t, s->ipc_badge, s->ipc_flags & IPC_GRANT, ep);
		if ((s->ipc_flags & IPC_CALL) || s->fault_kind != 0) {
			bind_reply(s, t, s->ipc_flags & IPC_GRANT_REPLY);
		} else {
			reg_set_status(&s->arch.regs, CAIRN_OK);
			sched_wake(s);
		}
		t->reply = NULL;
		return;
	}
	if (!blocking) {
		reg_set_status(&t->arch.regs, CAIRN_E_WOULD_BLOCK);
		reg_set_badge(&t->arch.regs, 0);
		return;
	}
	ep_block_recv(ep, t, rp);
	sched_remove(t);
}

int
ep_reply(struct tcb *t, struct reply *rp)
{
	struct tcb *c = rp->caller;

	if (c == NULL) {
		return CAIRN_E_NO_REPLY;
	}
	reply_unbind(rp, c);
	if (c->fault_kind != 0) {
		/* The handler answered a fault: resume the thread. */
		fault_resume(c, msg_get(t, 0));
		c->fault_kind = 0;
	} else {
		transfer(t, c, 0, c->ipc_flags & IPC_GRANT_REPLY, NULL);
	}
	sched_wake_first(c);
	return CAIRN_OK;
}

void
ep_cancel(struct tcb *t)
{
	struct endpoint *ep = t->blocked_on;

	if (ep != NULL) {
		ep_dequeue(ep, t);
	}
	if (t->state == TS_BLOCKED_RECV && t->reply != NULL) {
		t->reply->receiver = NULL;
		t->reply = NULL;
	}
}

void
endpoint_cancel_all(struct endpoint *ep)
{
	while (ep->q.head != NULL) {
		tcb_wake_with_error(ep->q.head, CAIRN_E_DELETED);
	}
}

void
reply_clear(struct reply *rp)
{
	if (rp->caller != NULL) {
		tcb_wake_with_error(rp->caller, CAIRN_E_DELETED);
	}
	if (rp->receiver != NULL) {
		rp->receiver->reply = NULL;
		rp->receiver = NULL;
	}
}
