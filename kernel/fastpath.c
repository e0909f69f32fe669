/*
 * fastpath: the common CALL and REPLY_RECV, faults sent to a waiting
 * handler, and signalling and waiting on notifications, straight through;
 * and a CALL that invokes a kernel object, to the slow path's invocation
 * step with the slot already found.
 *
 * A short message (at most the eight register words, no capability) to a
 * thread that is already waiting, and that will be the most urgent
 * runnable thread once the sender blocks, needs none of the slow path's
 * generality.  Each function below is a chain of checks that changes
 * nothing, then straight-line code that cannot fail; the first surprise
 * sends the call to the slow path (syscall.c, endpoint.c, fault.c),
 * which stays the reference: both leave the same state behind, and they
 * share the steps of ipc.h.  A direct switch touches no run queue: the
 * running thread is never linked into one (sched.c).
 */
#include "fastpath.h"

#include <cairn/fault.h>
#include <cairn/syscall.h>

#include "arch.h"
#include "ipc.h"
#include "kobject.h"
#include "sched.h"
#include "switch.h"
#include "tcb.h"

#define FAST static inline __attribute__((always_inline))

/*
 * The fast path's exit: switch to t (the arch's switch_to, inline),
 * whose address space is vs, make it the running thread and return to
 * it.
 */
static inline __attribute__((always_inline, noreturn)) void
fast_switch(struct tcb *t, uint64_t vs)
{
	switch_to(t, vs);
	cpu0.cur = t;
	arch_restore_user(&t->arch.regs);
}

/*
 * A CSpace whose root CNode alone resolves every cptr: its guard and
 * radix make up all 64 bits (the radix is never 64, so there is always a
 * guard).  Then the cptr of slot i is first + i, where first is the
 * guard shifted into place, and a cptr names a slot exactly when
 * cptr - first < 2^radix: the guard check of cnode_guard_matches for a
 * whole cptr, in one subtraction.  Deeper CSpaces take the slow path.
 */
struct root {
	struct cte *slots;
	uint64_t first;
	unsigned radix;
};

FAST bool
one_level(const struct tcb *t, struct root *r)
{
	const struct cap *c = &t->slots[TCB_CSPACE].cap;

	r->radix = cap_size(c);
	r->first = cnode_guard(c) << r->radix;
	r->slots = cap_obj(c);
	return cap_type(c) == CAIRN_OBJ_CNODE &&
	       r->radix + cnode_guard_bits(c) == 64;
}

/*
 * Does cptr name a slot of the one-level CSpace r?  If so, *s is that
 * slot, full or empty.  The slot's address is formed only for an index
 * in range: past the CNode it could wrap around the address space.
 */
FAST bool
lookup_any(const struct root *r, uint64_t cptr, struct cte **s)
{
	uint64_t i = cptr - r->first;

	if ((i >> r->radix) != 0) {
		return false;
	}
	*s = &r->slots[i];
	return true;
}

/* The slot cptr names in the one-level CSpace r if it holds a type. */
FAST struct cte *
lookup(const struct root *r, uint64_t cptr, unsigned type)
{
	struct cte *s;

	return !lookup_any(r, cptr, &s) || cap_type(&s->cap) != type ? NULL : s;
}

/* Can the message info go by the fast path? */
FAST bool
short_message(uint64_t info)
{
	return cairn_msginfo_caps(info) == 0 &&
	       cairn_msginfo_length(info) <= CAIRN_MSG_REGS;
}

/* Copy message registers [0, len) of from to to; len is at most 8. */
FAST void
copy_mrs(struct tcb *to, struct tcb *from, uint64_t len)
{
	struct trap_frame *d = &to->arch.regs, *s = &from->arch.regs;

	switch (len) {
	case 8:
		*reg_mr(d, 7) = *reg_mr(s, 7);
		__attribute__((fallthrough));
	case 7:
		*reg_mr(d, 6) = *reg_mr(s, 6);
		__attribute__((fallthrough));
	case 6:
		*reg_mr(d, 5) = *reg_mr(s, 5);
		__attribute__((fallthrough));
	case 5:
		*reg_mr(d, 4) = *reg_mr(s, 4);
		__attribute__((fallthrough));
	case 4:
		*reg_mr(d, 3) = *reg_mr(s, 3);
		__attribute__((fallthrough));
	case 3:
		*reg_mr(d, 2) = *reg_mr(s, 2);
		__attribute__((fallthrough));
	case 2:
		*reg_mr(d, 1) = *reg_mr(s, 1);
		__attribute__((fallthrough));
	case 1:
		*reg_mr(d, 0) = *reg_mr(s, 0);
		__attribute__((fallthrough));
	default:
		break;
	}
}

/* The result registers of a delivered message, as transfer sets them. */
FAST void
set_result(struct tcb *to, uint64_t badge, uint64_t info)
{
	reg_set_status(&to->arch.regs, CAIRN_OK);
	reg_set_badge(&to->arch.regs, badge);
	reg_set_info(&to->arch.regs, info);
}

/*
 * The receiver waiting on the endpoint cap names, if a call to it can be
 * handed over at once: it brought a reply object and may run in the
 * caller's place.  Else NULL.
 */
FAST struct tcb *
waiting_receiver(const struct cap *cap, uint64_t *vs)
{
	struct endpoint *ep = cap_obj(cap);
	struct tcb *r = ep->q.head;

	if (!(cap_rights(cap) & CAIRN_RIGHT_WRITE) || ep->state != EP_RECV ||
	    r->reply == NULL || (*vs = tcb_vspace(r)) == 0 ||
	    !sched_hand_over(r)) {
		return NULL;
	}
	ep_dequeue_head(ep, r);
	return r;
}

/* Bind caller t to r's reply object, as bind_reply does for a call. */
FAST void
bind_caller(struct tcb *t, struct tcb *r, const struct cap *cap)
{
	struct reply *rp = r->reply;

	r->reply = NULL;
	reply_bind(rp, t,
		   cap_rights(cap) &
		       (CAIRN_RIGHT_GRANT | CAIRN_RIGHT_GRANT_REPLY));
}

/*
 * CALL on the endpoint in slot s, which a receiver with a reply object
 * waits on.  Returns only if the fast path does not apply, having
 * changed nothing.
 */
FAST void
try_call(struct tcb *t, struct cte *s)
{
	uint64_t info = reg_info(&t->arch.regs), vs;
	struct cap cap = s->cap;
	struct tcb *r;

	if (!short_message(info) || (r = waiting_receiver(&cap, &vs)) == NULL) {
		return;
	}
	uint64_t len = cairn_msginfo_length(info);
	copy_mrs(r, t, len);
	set_result(r, cap.w1, cairn_msginfo(cairn_msginfo_label(info), 0, len));
	bind_caller(t, r, &cap);
	fast_switch(r, vs);
}

/* REPLY_RECV answering a caller that may run at once; or returns. */
FAST void
try_reply_recv(struct tcb *t)
{
	uint64_t info = reg_info(&t->arch.regs), vs;
	struct root root;
	struct cte *rs, *es;

	if (!short_message(info) || !one_level(t, &root) ||
	    (rs = lookup(&root, reg_reply(&t->arch.regs), CAIRN_OBJ_REPLY)) ==
		NULL ||
	    (es = lookup(&root, reg_cptr(&t->arch.regs), CAIRN_OBJ_ENDPOINT)) ==
		NULL ||
	    !(cap_rights(&es->cap) & CAIRN_RIGHT_READ) ||
	    (t->bound != NULL && t->bound->word != 0)) {
		return;
	}
	struct reply *rp = cap_obj(&rs->cap);
	struct endpoint *ep = cap_obj(&es->cap);
	struct tcb *c = rp->caller;
	if (c == NULL || ep->state == EP_SEND || (vs = tcb_vspace(c)) == 0 ||
	    !sched_hand_over(c)) {
		return;
	}
	/* The slow path's ep_reply, then ep_recv blocking. */
	reply_unbind(rp, c);
	if (c->fault_kind != 0) {
		/* The handler answered a fault: resume the thread. */
		fault_resume(c, *reg_mr(&t->arch.regs, 0));
		c->fault_kind = 0;
	} else {
		uint64_t len = cairn_msginfo_length(info);
		copy_mrs(c, t, len);
		set_result(c, 0,
			   cairn_msginfo(cairn_msginfo_label(info), 0, len));
	}
	ep_block_recv(ep, t, rp);
	fast_switch(c, vs);
}

/*
 * SEND on a notification (a signal), as ntfn_signal: the badge is ORed
 * into the word, or the word and the badge go to the first waiter, which
 * becomes runnable and runs at once if it is more urgent than the
 * signaller.  A bound thread waiting on an endpoint, a waiter that would
 * not run first among its equals, or one with no address space takes
 * the slow path.  Returns only then, having changed nothing.
 */
FAST void
try_signal(struct tcb *t)
{
	struct root root;
	struct cte *s;
	uint64_t vs = 0;

	if (!one_level(t, &root) ||
	    (s = lookup(&root, reg_cptr(&t->arch.regs),
			CAIRN_OBJ_NOTIFICATION)) == NULL ||
	    !(cap_rights(&s->cap) & CAIRN_RIGHT_WRITE) || !cpu0.cur_head) {
		return;
	}
	struct notification *n = cap_obj(&s->cap);
	struct tcb *w = n->q.head;
	if (w == NULL) {
		if (n->bound != NULL && n->bound->state == TS_BLOCKED_RECV) {
			return;
		}
		n->word |= s->cap.w1;
		reg_set_status(&t->arch.regs, CAIRN_OK);
		arch_restore_user(&t->arch.regs);
	}
	bool first = w->prio > t->prio;
	if (first &&
	    (sched_queue[w->prio].head != NULL || (vs = tcb_vspace(w)) == 0)) {
		return;
	}
	tq_remove(&n->q, w);
	ntfn_deliver(w, n->word | s->cap.w1, 0);
	n->word = 0;
	reg_set_status(&t->arch.regs, CAIRN_OK);
	if (!first) {
		sched_wake(w);
		arch_restore_user(&t->arch.regs);
	}
	sched_give_way(w);
	fast_switch(w, vs);
}

/*
 * RECV on a notification (a wait), as ntfn_wait: take the pending word,
 * or block and leave for the most urgent runnable thread.  With nothing
 * to run the slow path idles.
 */
FAST void
try_wait(struct tcb *t)
{
	struct root root;
	struct cte *s;
	uint64_t vs;
	int p;

	if (!one_level(t, &root) ||
	    (s = lookup(&root, reg_cptr(&t->arch.regs),
			CAIRN_OBJ_NOTIFICATION)) == NULL ||
	    !(cap_rights(&s->cap) & CAIRN_RIGHT_READ) || !cpu0.cur_head) {
		return;
	}
	struct notification *n = cap_obj(&s->cap);
	if (n->word != 0) {
		ntfn_deliver(t, n->word, 0);
		n->word = 0;
		arch_restore_user(&t->arch.regs);
	}
	struct tcb *next;
	if ((p = sched_highest()) < 0 ||
	    (vs = tcb_vspace(next = sched_queue[p].head)) == 0) {
		return;
	}
	tq_append(&n->q, t, n);
	t->state = TS_BLOCKED_NTFN;
	sched_block_to(next);
	fast_switch(next, vs);
}

void
fastpath_send(struct tcb *t)
{
	try_signal(t);
	syscall_slow(t);
}

void
fastpath_recv(struct tcb *t)
{
	try_wait(t);
	syscall_slow(t);
}

/*
 * A CALL names an endpoint (IPC) or a kernel object (an invocation); in
 * a one-level CSpace the slot is found once, here.  An endpoint tries
 * the fast path; a kernel object goes straight to the slow path's
 * invocation step with the slot found, as do_send would after its own
 * lookup.  Anything else (an empty slot, a notification, a deeper
 * CSpace) takes the whole slow path.
 */
void
fastpath_call(struct tcb *t)
{
	struct root root;
	struct cte *s;

	if (one_level(t, &root) &&
	    lookup_any(&root, reg_cptr(&t->arch.regs), &s)) {
		unsigned type = cap_type(&s->cap);
		if (type == CAIRN_OBJ_ENDPOINT) {
			try_call(t, s);
		} else if (type != CAIRN_OBJ_NULL &&
			   type != CAIRN_OBJ_NOTIFICATION) {
			syscall_slow_invoke(t, s);
		}
	}
	syscall_slow(t);
}

void
fastpath_reply_recv(struct tcb *t)
{
	try_reply_recv(t);
	syscall_slow(t);
}

void
fastpath_unknown_syscall(struct tcb *t)
{
	t->fault_vector = 0;
	fastpath_fault(t, CAIRN_FAULT_UNKNOWN_SYSCALL,
		       (uint64_t)reg_syscall(&t->arch.regs), 0);
	syscall_slow(t);
}

void
fastpath_fault(struct tcb *t, uint32_t kind, uint64_t addr, uint64_t code)
{
	const struct cap *h = &t->slots[TCB_FAULT_HANDLER].cap;
	struct tcb *r;
	uint64_t vs;

	if (cap_type(h) != CAIRN_OBJ_ENDPOINT ||
	    (r = waiting_receiver(h, &vs)) == NULL) {
		return;
	}
	/* fault_raise and ep_send's transfer of a fault, in one. */
	t->fault_kind = kind;
	t->fault_addr = addr;
	t->fault_code = code;
	unsigned n = fault_words(t, r);
	set_result(r, h->w1, cairn_msginfo(kind, 0, n));
	bind_caller(t, r, h);
	fast_switch(r, vs);
}
