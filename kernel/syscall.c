/*
 * syscall: the system calls, portable part.  Every call names a
 * capability: an endpoint or notification (IPC), a reply object, or a
 * kernel object whose method the message label picks (an invocation).
 */
#include <cairn/fault.h>
#include <cairn/invocation.h>
#include <cairn/syscall.h>

#include "arch.h"
#include "fastpath.h"
#include "kobject.h"
#include "sched.h"
#include "tcb.h"

bool fastpath_on = CONFIG_FASTPATH;

uint64_t
msg_get_buffer(struct tcb *t, unsigned i)
{
	uint64_t *b = tcb_ipc_buffer(t);

	return b != NULL && i < CAIRN_MSG_MAX_LENGTH ? b[i] : 0;
}

void
msg_set(struct tcb *t, unsigned i, uint64_t v)
{
	if (i < CAIRN_MSG_REGS) {
		*reg_mr(&t->arch.regs, i) = v;
		return;
	}
	uint64_t *b = tcb_ipc_buffer(t);
	if (b != NULL && i < CAIRN_MSG_MAX_LENGTH) {
		b[i] = v;
	}
}

/*
 * A capability address that names nothing usable: a capability fault for
 * a thread that has a fault handler (the call is made again after the
 * handler replies), else an error status.
 */
static void
lookup_failed(struct tcb *t, uint64_t cptr, int err)
{
	if (!cap_is_null(&t->slots[TCB_FAULT_HANDLER].cap)) {
		arch_syscall_restart(t);
		t->fault_vector = 0;
		fault_raise(t, CAIRN_FAULT_CAP, cptr, (uint64_t)err);
		return;
	}
	reg_set_status(&t->arch.regs, (uint64_t)err);
}

static int
invoke(struct tcb *t, struct cte *slot, uint64_t info)
{
	struct invocation iv = {
	    .caller = t,
	    .slot = slot,
	    .cap = slot->cap,
	    .label = cairn_msginfo_label(info),
	    .len = cairn_msginfo_length(info),
	    .nresults = 0,
	};

	int err = object_decode(&iv);

	/*
	 * The results: MR0... and a message info giving their number.  A
	 * preempted call keeps its registers: it is made again as it was.
	 */
	if (err != E_PREEMPTED) {
		reg_set_info(
		    &t->arch.regs,
		    cairn_msginfo(0, 0, err == CAIRN_OK ? iv.nresults : 0));
	}
	return err;
}

void
syscall_invoke(struct tcb *t, struct cte *s)
{
	int err = invoke(t, s, reg_info(&t->arch.regs));

	if (err == E_PREEMPTED) {
		arch_syscall_restart(t);
	} else {
		reg_set_status(&t->arch.regs, (uint64_t)err);
	}
}

static void
do_send(struct tcb *t, bool blocking, bool call)
{
	uint64_t cptr = reg_cptr(&t->arch.regs);
	int err = CAIRN_OK;
	struct cte *s = cspace_lookup(t, cptr, &err);

	if (s == NULL) {
		lookup_failed(t, cptr, err);
		return;
	}
	switch (cap_type(&s->cap)) {
	case CAIRN_OBJ_ENDPOINT:
		if (!(cap_rights(&s->cap) & CAIRN_RIGHT_WRITE)) {
			reg_set_status(&t->arch.regs, CAIRN_E_NO_RIGHTS);
			return;
		}
		ep_send(t, cap_obj(&s->cap), &s->cap, blocking, call);
		return;
	case CAIRN_OBJ_NOTIFICATION:
		if (!(cap_rights(&s->cap) & CAIRN_RIGHT_WRITE)) {
			reg_set_status(&t->arch.regs, CAIRN_E_NO_RIGHTS);
			return;
		}
		ntfn_signal(cap_obj(&s->cap), s->cap.w1);
		reg_set_status(&t->arch.regs, CAIRN_OK);
		return;
	default:
		break;
	}
	syscall_invoke(t, s);
}

/* The reply object a receive names in its reply register (0: none). */
static int
recv_reply(struct tcb *t, struct reply **rp)
{
	uint64_t cptr = reg_reply(&t->arch.regs);
	int err = CAIRN_OK;

	*rp = NULL;
	if (cptr == 0) {
		return CAIRN_OK;
	}
	struct cte *s = cspace_lookup_type(t, cptr, CAIRN_OBJ_REPLY, &err);
	if (s == NULL) {
		return err;
	}
	*rp = cap_obj(&s->cap);
	if ((*rp)->caller != NULL ||
	    ((*rp)->receiver != NULL && (*rp)->receiver != t)) {
		return CAIRN_E_IN_USE;
	}
	return CAIRN_OK;
}

static void
do_recv(struct tcb *t, bool blocking)
{
	uint64_t cptr = reg_cptr(&t->arch.regs);
	int err = CAIRN_OK;
	struct cte *s = cspace_lookup(t, cptr, &err);
	struct reply *rp;

	if (s == NULL) {
		lookup_failed(t, cptr, err);
		return;
	}
	unsigned type = cap_type(&s->cap);
	if (type != CAIRN_OBJ_ENDPOINT && type != CAIRN_OBJ_NOTIFICATION) {
		reg_set_status(&t->arch.regs, CAIRN_E_INVALID_CAP);
		return;
	}
	if (!(cap_rights(&s->cap) & CAIRN_RIGHT_READ)) {
		reg_set_status(&t->arch.regs, CAIRN_E_NO_RIGHTS);
		return;
	}
	if (type == CAIRN_OBJ_NOTIFICATION) {
		ntfn_wait(t, cap_obj(&s->cap), blocking);
		return;
	}
	if ((err = recv_reply(t, &rp)) != CAIRN_OK) {
		reg_set_status(&t->arch.regs, (uint64_t)err);
		return;
	}
	if (!ntfn_take_bound(t)) {
		ep_recv(t, cap_obj(&s->cap), rp, blocking);
	}
}

/* Reply through the reply object at cptr.  Returns a status. */
static int
do_reply(struct tcb *t, uint64_t cptr)
{
	int err = CAIRN_OK;
	struct cte *s = cspace_lookup_type(t, cptr, CAIRN_OBJ_REPLY, &err);

	return s == NULL ? err : ep_reply(t, cap_obj(&s->cap));
}

void
syscall_handle(struct tcb *t)
{
	int64_t n = reg_syscall(&t->arch.regs);

	switch (n) {
	case CAIRN_SYS_SEND:
	case CAIRN_SYS_NBSEND:
	case CAIRN_SYS_CALL:
		do_send(t, n != CAIRN_SYS_NBSEND, n == CAIRN_SYS_CALL);
		break;
	case CAIRN_SYS_RECV:
	case CAIRN_SYS_NBRECV:
		do_recv(t, n == CAIRN_SYS_RECV);
		break;
	case CAIRN_SYS_REPLY:
		reg_set_status(&t->arch.regs,
			       (uint64_t)do_reply(t, reg_cptr(&t->arch.regs)));
		break;
	case CAIRN_SYS_REPLY_RECV: {
		/* A reply object with no caller is simply reused. */
		int err = do_reply(t, reg_reply(&t->arch.regs));
		if (err != CAIRN_OK && err != CAIRN_E_NO_REPLY) {
			reg_set_status(&t->arch.regs, (uint64_t)err);
			break;
		}
		do_recv(t, true);
		break;
	}
	case CAIRN_SYS_NULL:
		reg_set_status(&t->arch.regs, CAIRN_OK);
		break;
	case CAIRN_SYS_YIELD:
		sched_rotate(t);
		reg_set_status(&t->arch.regs, CAIRN_OK);
		break;
	default:
		if (n >= 0) {
			t->fault_vector = 0;
			fault_raise(t, CAIRN_FAULT_UNKNOWN_SYSCALL, (uint64_t)n,
				    0);
		} else {
			reg_set_status(&t->arch.regs, CAIRN_E_INVALID_SYSCALL);
		}
		break;
	}
}
