/*
 * tcb: thread control blocks and their methods.  Decoders check every
 * argument and change nothing; then an invoke step does the work.  It
 * cannot fail, but for deleting capabilities from the thread's own slots
 * (CONFIGURE, SET_FAULT_HANDLER), which stops at preemption points and
 * may destroy what CONFIGURE named (see configure_clear).
 */
#include "tcb.h"

#include <cairn/fault.h>
#include <cairn/invocation.h>
#include <cairn/layout.h>

#include "arch.h"
#include "cstring.h"
#include "regs.h"
#include "sched.h"

void
tcb_init(struct tcb *t)
{
	arch_tcb_init(t);
	t->state = TS_INACTIVE;
	t->timeslice = TIMESLICE_TICKS;
	debug_track(t);
}

uint64_t *
tcb_ipc_buffer(struct tcb *t)
{
	const struct cap *f = &t->slots[TCB_IPC_BUFFER].cap;

	if (cap_type(f) != CAIRN_OBJ_FRAME) {
		return NULL;
	}
	uint64_t off = t->ipc_buffer & ((1ull << cap_size(f)) - 1);
	return phys_to_virt(cap_phys(f) + off);
}

void
tcb_cancel_ipc(struct tcb *t)
{
	switch (t->state) {
	case TS_BLOCKED_SEND:
	case TS_BLOCKED_RECV:
		ep_cancel(t);
		break;
	case TS_BLOCKED_NTFN:
		ntfn_cancel(t);
		break;
	case TS_BLOCKED_REPLY:
		if (t->reply != NULL) {
			t->reply->caller = NULL;
			t->reply = NULL;
		}
		t->blocked_on = NULL; /* the reply object may be going */
		break;
	default:
		break;
	}
	t->fault_kind = 0;
}

void
tcb_wake_with_error(struct tcb *t, int err)
{
	bool faulted = t->fault_kind != 0;

	if (t->fault_kind == CAIRN_FAULT_UNKNOWN_SYSCALL) {
		arch_syscall_restart(t); /* unanswered: made again */
	}
	tcb_cancel_ipc(t);
	/*
	 * A thread stopped by a fault was not in a system call: its
	 * registers stay as they were, and it runs the faulting
	 * instruction again (and faults again, if nothing changed).
	 */
	if (!faulted) {
		reg_set_status(&t->arch.regs, (uint64_t)err);
		reg_set_info(&t->arch.regs, 0);
	}
	sched_wake(t);
}

void
tcb_suspend(struct tcb *t)
{
	/*
	 * A thread taken out of a blocking system call makes the call
	 * again when resumed, as does one whose unknown system call its
	 * handler has not answered; one stopped by another fault re-runs
	 * its faulting instruction anyway.
	 */
	if (t->state >= TS_BLOCKED_SEND &&
	    (t->fault_kind == 0 ||
	     t->fault_kind == CAIRN_FAULT_UNKNOWN_SYSCALL)) {
		arch_syscall_restart(t);
	}
	tcb_cancel_ipc(t);
	if (t->reply != NULL && t->reply->receiver == t) {
		t->reply->receiver = NULL;
	}
	t->reply = NULL;
	sched_remove(t);
	t->state = TS_INACTIVE;
}

void
tcb_resume(struct tcb *t)
{
	if (t->state == TS_INACTIVE) {
		sched_wake(t);
	}
}

void
tcb_finalise(struct tcb *t)
{
	tcb_suspend(t);
	ntfn_unbind(t);
	arch_tcb_finalise(t);
}

/* Has t what a thread needs to run: a VSpace and a CSpace? */
static bool
can_run(const struct tcb *t)
{
	return tcb_vspace(t) != 0 &&
	       cap_type(&t->slots[TCB_CSPACE].cap) == CAIRN_OBJ_CNODE;
}

/* Put a copy of the capability in src into one of t's own slots. */
static void
set_slot(struct tcb *t, enum tcb_slot i, struct cte *src, struct cap c)
{
	cte_insert(&t->slots[i], c, src, 0);
}

static int
check_ipc_buffer(uint64_t vaddr, const struct cte *frame)
{
	if (frame == NULL) {
		return CAIRN_OK;
	}
	if (vaddr % (1u << CAIRN_IPC_BUFFER_BITS) != 0) {
		return CAIRN_E_ALIGNMENT;
	}
	if (vaddr >= CAIRN_USER_TOP) {
		return CAIRN_E_BAD_ADDRESS; /* a register will point at it */
	}
	if (frame->cap.w1 & FRAME_DEVICE) {
		return CAIRN_E_INVALID_CAP;
	}
	return CAIRN_OK;
}

/* Look up an optional capability of type: cptr 0 means none. */
static int
lookup_optional(struct tcb *t, uint64_t cptr, unsigned type, struct cte **s)
{
	int err = CAIRN_OK;

	*s = NULL;
	if (cptr != 0) {
		*s = cspace_lookup_type(t, cptr, type, &err);
	}
	return err;
}

/* The capabilities CONFIGURE names, looked up and checked. */
struct config {
	struct cte *fault, *cspace, *vspace, *frame;
	uint64_t guard, ipcbuf;
};

static int
configure_lookup(struct tcb *me, struct config *c)
{
	int err;

	c->guard = msg_get(me, 2);
	c->ipcbuf = msg_get(me, 4);
	if ((err = lookup_optional(me, msg_get(me, 0), CAIRN_OBJ_ENDPOINT,
				   &c->fault)) != CAIRN_OK ||
	    (err = lookup_optional(me, msg_get(me, 1), CAIRN_OBJ_CNODE,
				   &c->cspace)) != CAIRN_OK ||
	    (err = lookup_optional(me, msg_get(me, 3), CAIRN_OBJ_VSPACE,
				   &c->vspace)) != CAIRN_OK ||
	    (err = lookup_optional(me, msg_get(me, 5), CAIRN_OBJ_FRAME,
				   &c->frame)) != CAIRN_OK) {
		return err;
	}
	if (!cnode_guard_valid(c->guard,
			       c->cspace ? cap_size(&c->cspace->cap) : 0)) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	return check_ipc_buffer(c->ipcbuf, c->frame);
}

/* Does any of t's own slots hold a capability? */
static bool
has_slots(const struct tcb *t)
{
	for (int i = 0; i < TCB_SLOTS; i++) {
		if (!cap_is_null(&t->slots[i].cap)) {
			return true;
		}
	}
	return false;
}

/*
 * Empty t's own slots, which may stop at a preemption point
 * (E_PREEMPTED).  That may destroy what c names, even t itself (its old
 * CSpace may have held the last capabilities): CAIRN_E_DELETED, the one
 * refusal no decode step can foresee.  The caller may be t, its CSpace
 * now gone, so the slots found by the decode step are checked, not
 * looked up again: a destroyed CNode's slots are empty.
 */
static int
configure_clear(struct invocation *iv, struct tcb *t, const struct config *c)
{
	const struct cte *named[4] = {c->fault, c->cspace, c->vspace, c->frame};
	struct cap was[4];

	for (int i = 0; i < 4; i++) {
		was[i] = named[i] != NULL ? named[i]->cap : cap_null();
	}
	for (int i = 0; i < TCB_SLOTS; i++) {
		int err = cte_delete(&t->slots[i]);
		if (err != CAIRN_OK) {
			return err;
		}
	}
	if (cap_type(&iv->slot->cap) != CAIRN_OBJ_TCB ||
	    cap_obj(&iv->slot->cap) != t) {
		return CAIRN_E_DELETED;
	}
	for (int i = 0; i < 4; i++) {
		if (named[i] != NULL && (named[i]->cap.w0 != was[i].w0 ||
					 named[i]->cap.w1 != was[i].w1)) {
			return CAIRN_E_DELETED;
		}
	}
	return CAIRN_OK;
}

/*
 * CONFIGURE, decoded into c: clear t's slots (the long work, behind
 * preemption points; see configure_clear), then fill them from c.
 */
static int
invoke_configure(struct invocation *iv, struct tcb *t, const struct config *c)
{
	int err;

	if (has_slots(t) && (err = configure_clear(iv, t, c)) != CAIRN_OK) {
		return err;
	}
	if (c->fault != NULL) {
		set_slot(t, TCB_FAULT_HANDLER, c->fault, c->fault->cap);
	}
	if (c->cspace != NULL) {
		struct cap cn = c->cspace->cap;
		cn.w1 = cnode_w1(c->guard >> 6, c->guard & 63);
		set_slot(t, TCB_CSPACE, c->cspace, cn);
	}
	if (c->vspace != NULL) {
		set_slot(t, TCB_VSPACE, c->vspace, c->vspace->cap);
	}
	t->ipc_buffer = c->ipcbuf;
	arch_tcb_changed(t);
	if (c->frame != NULL) {
		struct cap f = c->frame->cap;
		f.w1 &= FRAME_DEVICE; /* a copy is not mapped */
		set_slot(t, TCB_IPC_BUFFER, c->frame, f);
		/* The thread finds its buffer through a register. */
		arch_tcb_set_ipc_buffer(t, c->ipcbuf);
		((struct cairn_ipc_buffer *)tcb_ipc_buffer(t))->self =
		    c->ipcbuf;
	}
	return CAIRN_OK;
}

/*
 * CONFIGURE: MR0 fault endpoint, MR1 CSpace root CNode, MR2 its guard
 * (guard << 6 | guard bits), MR3 VSpace, MR4 IPC buffer address, MR5 IPC
 * buffer frame.  A capability address of 0 leaves that slot empty.
 */
static int
decode_configure(struct invocation *iv, struct tcb *t)
{
	struct config c;
	int err;

	if (iv->len < 6) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if ((err = configure_lookup(iv->caller, &c)) != CAIRN_OK) {
		return err;
	}
	return invoke_configure(iv, t, &c);
}

/* SET_PRIORITY or SET_MCP (mcp): t's becomes p. */
static void
invoke_priority(struct tcb *t, uint8_t p, bool mcp)
{
	if (mcp) {
		t->mcp = p;
	} else {
		sched_set_prio(t, p);
	}
}

/* Priority and MCP: bounded by the authority thread's MCP. */
static int
decode_priority(struct invocation *iv, struct tcb *t, bool mcp)
{
	struct tcb *me = iv->caller;
	int err = CAIRN_OK;

	if (iv->len < 2) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	struct cte *a =
	    cspace_lookup_type(me, msg_get(me, 0), CAIRN_OBJ_TCB, &err);
	if (a == NULL) {
		return err;
	}
	uint64_t p = msg_get(me, 1);
	struct tcb *auth = cap_obj(&a->cap);
	if (p > 255) {
		return CAIRN_E_RANGE;
	}
	if (p > auth->mcp) {
		return CAIRN_E_NO_RIGHTS;
	}
	invoke_priority(t, (uint8_t)p, mcp);
	return CAIRN_OK;
}

/* READ_REGISTERS: t's first n registers into the caller's message. */
static void
invoke_read_regs(struct invocation *iv, struct tcb *t, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		msg_set(iv->caller, i, *arch_reg_slot(t, i));
	}
	iv->nresults = n;
}

/* READ_REGISTERS: MR0 count; the registers come back in that order. */
static int
decode_read_regs(struct invocation *iv, struct tcb *t)
{
	struct tcb *me = iv->caller;
	uint64_t n = iv->len >= 1 ? msg_get(me, 0) : 0;

	if (t == me) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	if (n == 0 || n > CAIRN_REG_COUNT) {
		return CAIRN_E_RANGE;
	}
	if (n > CAIRN_MSG_REGS && tcb_ipc_buffer(me) == NULL) {
		return CAIRN_E_BAD_ADDRESS;
	}
	invoke_read_regs(iv, t, (unsigned)n);
	return CAIRN_OK;
}

/* May register i be written with v?  The instruction pointer and the
 * IPC buffer's register stay in user space. */
static bool
reg_valid(unsigned i, uint64_t v)
{
	return (i != CAIRN_REG_IP && i != REG_IPC_BUFFER) || v < CAIRN_USER_TOP;
}

/* Write register i of t with v: the flags only as far as a thread may
 * set them; a new IPC buffer register takes effect. */
static void
reg_write(struct tcb *t, unsigned i, uint64_t v)
{
	if (i == REG_FLAGS) {
		v = reg_user_flags(v);
	}
	*arch_reg_slot(t, i) = v;
	if (i == REG_IPC_BUFFER) {
		arch_tcb_changed(t);
	}
}

/* WRITE_REGISTERS: t's first n registers from the caller's MR2...,
 * then resume t if asked. */
static void
invoke_write_regs(struct tcb *me, struct tcb *t, unsigned n, bool resume)
{
	for (unsigned i = 0; i < n; i++) {
		reg_write(t, i, msg_get(me, 2 + i));
	}
	arch_regs_written(t);
	if (resume) {
		tcb_resume(t);
	}
}

/* WRITE_REGISTERS: MR0 1 to resume after, MR1 count, MR2... values. */
static int
decode_write_regs(struct invocation *iv, struct tcb *t)
{
	struct tcb *me = iv->caller;

	if (iv->len < 2 || t == me) {
		return iv->len < 2 ? CAIRN_E_INVALID_ARGUMENT
				   : CAIRN_E_ILLEGAL_OPERATION;
	}
	uint64_t n = msg_get(me, 1);
	if (n == 0 || n > CAIRN_REG_COUNT || iv->len < 2 + n) {
		return CAIRN_E_RANGE;
	}
	for (unsigned i = 0; i < n; i++) {
		if (!reg_valid(i, msg_get(me, 2 + i))) {
			return CAIRN_E_INVALID_ARGUMENT;
		}
	}
	bool resume = (msg_get(me, 0) & 1) != 0;
	if (resume && !can_run(t)) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	invoke_write_regs(me, t, (unsigned)n, resume);
	return CAIRN_OK;
}

/* READ_FPU and WRITE_FPU's MR0 first word and MR1 count, in range
 * (count words from first, within the state and a message); t not the
 * caller. */
static int
fpu_range(struct invocation *iv, struct tcb *t, unsigned *first, unsigned *n)
{
	struct tcb *me = iv->caller;

	if (iv->len < 2 || t == me) {
		return iv->len < 2 ? CAIRN_E_INVALID_ARGUMENT
				   : CAIRN_E_ILLEGAL_OPERATION;
	}
	uint64_t f = msg_get(me, 0), c = msg_get(me, 1);
	if (c == 0 || c > CAIRN_MSG_MAX_LENGTH - 2 || f >= CAIRN_FPU_WORDS ||
	    c > CAIRN_FPU_WORDS - f) {
		return CAIRN_E_RANGE;
	}
	if (c + 2 > CAIRN_MSG_REGS && tcb_ipc_buffer(me) == NULL) {
		return CAIRN_E_BAD_ADDRESS;
	}
	*first = (unsigned)f;
	*n = (unsigned)c;
	return CAIRN_OK;
}

/* READ_FPU: MR0 first word, MR1 count; the words come back from MR0. */
static int
decode_read_fpu(struct invocation *iv, struct tcb *t)
{
	unsigned first, n;
	int err = fpu_range(iv, t, &first, &n);

	if (err != CAIRN_OK) {
		return err;
	}
	const uint64_t *w = arch_fpu_words(t);
	for (unsigned i = 0; i < n; i++) {
		msg_set(iv->caller, i, w[first + i]);
	}
	iv->nresults = n;
	return CAIRN_OK;
}

/* WRITE_FPU: MR0 first word, MR1 count, MR2... the words; all checked
 * before any is written. */
static int
decode_write_fpu(struct invocation *iv, struct tcb *t)
{
	struct tcb *me = iv->caller;
	unsigned first, n;
	int err = fpu_range(iv, t, &first, &n);

	if (err == CAIRN_OK && iv->len < 2 + n) {
		err = CAIRN_E_RANGE;
	}
	for (unsigned i = 0; err == CAIRN_OK && i < n; i++) {
		if (!arch_fpu_word_valid(first + i, msg_get(me, 2 + i))) {
			err = CAIRN_E_INVALID_ARGUMENT;
		}
	}
	if (err != CAIRN_OK) {
		return err;
	}
	uint64_t *w = arch_fpu_words(t);
	for (unsigned i = 0; i < n; i++) {
		w[first + i] = msg_get(me, 2 + i);
	}
	return CAIRN_OK;
}

static int
decode_bind(struct invocation *iv, struct tcb *t)
{
	struct tcb *me = iv->caller;
	int err = CAIRN_OK;

	if (iv->len < 1) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	struct cte *n = cspace_lookup_type(me, msg_get(me, 0),
					   CAIRN_OBJ_NOTIFICATION, &err);
	if (n == NULL) {
		return err;
	}
	if (!(cap_rights(&n->cap) & CAIRN_RIGHT_READ)) {
		return CAIRN_E_NO_RIGHTS;
	}
	struct notification *ntfn = cap_obj(&n->cap);
	if (t->bound != NULL || ntfn->bound != NULL) {
		return CAIRN_E_IN_USE;
	}
	ntfn_bind(ntfn, t);
	return CAIRN_OK;
}

static int
decode_set_name(struct invocation *iv, struct tcb *t)
{
	uint64_t w[2] = {0, 0};

	for (unsigned i = 0; i < 2 && i < iv->len; i++) {
		w[i] = msg_get(iv->caller, i);
	}
	memcpy(t->name, w, sizeof(t->name) - 1);
	t->name[sizeof(t->name) - 1] = '\0';
	/* The kernel log prints it: nothing a terminal would act on. */
	for (char *c = t->name; *c != '\0'; c++) {
		if (*c < ' ' || *c > '~') {
			*c = '?';
		}
	}
	return CAIRN_OK;
}

/*
 * SET_FAULT_HANDLER: the old fault handler capability goes (a deletion,
 * behind preemption points: E_PREEMPTED), then ep's comes (NULL: none).
 * Deleting an endpoint capability destroys no slot, so ep survives it.
 */
static int
invoke_fault_handler(struct tcb *t, struct cte *ep)
{
	int err;

	if ((err = cte_delete(&t->slots[TCB_FAULT_HANDLER])) != CAIRN_OK) {
		return err;
	}
	if (ep != NULL) {
		set_slot(t, TCB_FAULT_HANDLER, ep, ep->cap);
	}
	return CAIRN_OK;
}

/* SET_FAULT_HANDLER: MR0 the endpoint (0: none). */
static int
decode_fault_handler(struct invocation *iv, struct tcb *t)
{
	struct cte *ep;
	int err;

	if (iv->len < 1) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	err = lookup_optional(iv->caller, msg_get(iv->caller, 0),
			      CAIRN_OBJ_ENDPOINT, &ep);
	if (err != CAIRN_OK) {
		return err;
	}
	return invoke_fault_handler(t, ep);
}

int
decode_tcb(struct invocation *iv)
{
	struct tcb *t = cap_obj(&iv->cap);

	switch (iv->label) {
	case CAIRN_TCB_CONFIGURE:
		return decode_configure(iv, t);
	case CAIRN_TCB_SET_PRIORITY:
		return decode_priority(iv, t, false);
	case CAIRN_TCB_SET_MCP:
		return decode_priority(iv, t, true);
	case CAIRN_TCB_READ_REGISTERS:
		return decode_read_regs(iv, t);
	case CAIRN_TCB_WRITE_REGISTERS:
		return decode_write_regs(iv, t);
	case CAIRN_TCB_RESUME:
		if (!can_run(t)) {
			return CAIRN_E_ILLEGAL_OPERATION;
		}
		tcb_resume(t);
		return CAIRN_OK;
	case CAIRN_TCB_SUSPEND:
		tcb_suspend(t);
		return CAIRN_OK;
	case CAIRN_TCB_BIND_NOTIFICATION:
		return decode_bind(iv, t);
	case CAIRN_TCB_UNBIND_NOTIFICATION:
		if (t->bound == NULL) {
			return CAIRN_E_ILLEGAL_OPERATION;
		}
		ntfn_unbind(t);
		return CAIRN_OK;
	case CAIRN_TCB_SET_NAME:
		return decode_set_name(iv, t);
	case CAIRN_TCB_SET_FAULT_HANDLER:
		return decode_fault_handler(iv, t);
	case CAIRN_TCB_READ_FPU:
		return decode_read_fpu(iv, t);
	case CAIRN_TCB_WRITE_FPU:
		return decode_write_fpu(iv, t);
	default:
		return CAIRN_E_ILLEGAL_OPERATION;
	}
}
