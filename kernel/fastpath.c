/*
 * fastpath: CALL and REPLY_RECV in their common form, straight through.
 *
 * A short message (at most the eight register words, no capability) to a
 * thread that is already waiting, and that will be the most urgent
 * runnable thread once the sender blocks, needs none of the slow path's
 * generality.  Each check below falls back
 * to the slow path (syscall.c), which stays the reference: both must
 * leave the same state behind.
 */
#include "fastpath.h"

#include <cairn/syscall.h>

#include "arch.h"
#include "object.h"
#include "percpu.h"
#include "sched.h"
#include "tcb.h"

/* A one-level CSpace lookup, or NULL: deeper ones take the slow path. */
static inline __attribute__((always_inline)) struct cte *
lookup(struct tcb *t, uint64_t cptr, unsigned type)
{
	const struct cap *root = &t->slots[TCB_CSPACE].cap;
	unsigned radix = cap_size(root);
	unsigned gbits = cnode_guard_bits(root);

	if (cap_type(root) != CAIRN_OBJ_CNODE || radix + gbits != 64 ||
	    (gbits != 0 && (cptr >> radix) != cnode_guard(root))) {
		return NULL;
	}
	struct cte *s =
	    (struct cte *)cap_obj(root) + (cptr & ((1ull << radix) - 1));
	return cap_type(&s->cap) == type ? s : NULL;
}

/* Copy the len message registers of from to to, and the result words. */
static inline __attribute__((always_inline)) void
deliver(struct tcb *from, struct tcb *to, uint64_t badge, uint64_t info,
	uint64_t len)
{
	const uint64_t *src = (const uint64_t *)&from->regs;
	uint64_t *dst = (uint64_t *)&to->regs;

	for (unsigned i = 0; i < len; i++) {
		dst[reg_mr_index[i]] = src[reg_mr_index[i]];
	}
	reg_set_status(&to->regs, CAIRN_OK);
	reg_set_badge(&to->regs, badge);
	reg_set_info(&to->regs,
		     cairn_msginfo(cairn_msginfo_label(info), 0, len));
}

/* Can the message info go by the fast path? */
static inline bool
short_message(uint64_t info)
{
	return cairn_msginfo_caps(info) == 0 &&
	       cairn_msginfo_length(info) <= CAIRN_MSG_REGS;
}

/* CALL on an endpoint a receiver with a reply object waits on. */
static void
fast_call(struct tcb *t)
{
	uint64_t info = reg_info(&t->regs);
	struct cte *s = lookup(t, reg_cptr(&t->regs), CAIRN_OBJ_ENDPOINT);

	if (!short_message(info) || s == NULL ||
	    !(cap_rights(&s->cap) & CAIRN_RIGHT_WRITE)) {
		return;
	}
	struct endpoint *ep = cap_obj(&s->cap);
	struct tcb *r = ep->q.head;
	if (ep->state != EP_RECV || r->reply == NULL || tcb_vspace(r) == 0 ||
	    !sched_hand_over(t, r)) {
		return;
	}
	/* The last check passed, and r runs in t's place: commit. */
	unsigned rights = cap_rights(&s->cap);

	/* The slow path's ep_send, transfer and bind_reply, in one. */
	tq_remove(&ep->q, r);
	if (ep->q.head == NULL) {
		ep->state = EP_IDLE;
	}
	deliver(t, r, s->cap.w1, info, cairn_msginfo_length(info));
	struct reply *rp = r->reply;
	r->reply = NULL;
	rp->receiver = NULL;
	rp->caller = t;
	t->reply = rp;
	t->ipc_flags = (rights & (CAIRN_RIGHT_GRANT | CAIRN_RIGHT_GRANT_REPLY))
			   ? IPC_GRANT_REPLY
			   : 0;
	t->state = TS_BLOCKED_REPLY;
	t->blocked_on = rp;
	arch_fast_switch(r);
}

/* REPLY_RECV answering a caller that may run at once. */
static void
fast_reply_recv(struct tcb *t)
{
	uint64_t info = reg_info(&t->regs);
	struct cte *rs = lookup(t, reg_reply(&t->regs), CAIRN_OBJ_REPLY);
	struct cte *es = lookup(t, reg_cptr(&t->regs), CAIRN_OBJ_ENDPOINT);

	if (!short_message(info) || rs == NULL || es == NULL ||
	    !(cap_rights(&es->cap) & CAIRN_RIGHT_READ) ||
	    (t->bound != NULL && t->bound->word != 0)) {
		return;
	}
	struct reply *rp = cap_obj(&rs->cap);
	struct endpoint *ep = cap_obj(&es->cap);
	struct tcb *c = rp->caller;
	if (c == NULL || c->fault_kind != 0 || ep->state == EP_SEND ||
	    tcb_vspace(c) == 0 || !sched_hand_over(t, c)) {
		return;
	}
	/* The last check passed, and c runs in t's place: commit. */

	/* The slow path's ep_reply, then ep_recv blocking. */
	rp->caller = NULL;
	c->reply = NULL;
	c->blocked_on = NULL;
	deliver(t, c, 0, info, cairn_msginfo_length(info));
	tq_append(&ep->q, t, ep);
	ep->state = EP_RECV;
	t->reply = rp;
	rp->receiver = t;
	t->state = TS_BLOCKED_RECV;
	arch_fast_switch(c);
}

void
fastpath(struct tcb *t)
{
	int64_t n = reg_syscall(&t->regs);

	if (n == CAIRN_SYS_CALL) {
		fast_call(t);
	} else if (n == CAIRN_SYS_REPLY_RECV) {
		fast_reply_recv(t);
	}
}
