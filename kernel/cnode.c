/*
 * cnode: the methods of a CNode, invoked on the destination CNode:
 * copy, mint, move, mutate, delete, revoke.  Sources are named by a
 * CNode capability address and an index, like destinations.  Each
 * method's decode step checks every argument and changes nothing; its
 * invoke step (invoke_*) cannot fail, and deletion, the one long piece
 * of work, stops at preemption points there.
 */
#include <cairn/invocation.h>

#include "kdebug.h"
#include "kobject.h"

/* Set a badge (endpoints, notifications) or guard (CNodes) on c. */
static int
apply_badge(struct cap *c, uint64_t data)
{
	switch (cap_type(c)) {
	case CAIRN_OBJ_ENDPOINT:
	case CAIRN_OBJ_NOTIFICATION:
		if (c->w1 != 0 && data != c->w1) {
			return refuse(CAIRN_E_ILLEGAL_OPERATION,
				      "cnode_mint: the badge is set already");
		}
		c->w1 = data;
		return CAIRN_OK;
	case CAIRN_OBJ_CNODE:
		/* The guard must fit its bits, and the level 64 bits. */
		if (!cnode_guard_valid(data, cap_size(c))) {
			return refuse(CAIRN_E_INVALID_ARGUMENT,
				      "cnode_mint: guard does not fit");
		}
		c->w1 = cnode_w1(data >> 6, data & 63);
		return CAIRN_OK;
	default:
		return data == 0 ? CAIRN_OK
				 : refuse(CAIRN_E_INVALID_ARGUMENT,
					  "cnode_mint: no badge for this type");
	}
}

/* COPY and MINT: c, derived from src, goes into dst (slot index). */
static void
invoke_copy(struct invocation *iv, struct cte *dst, uint64_t index,
	    struct cte *src, struct cap c, uintptr_t flags)
{
	cte_insert(dst, c, src, flags);
	msg_set(iv->caller, 0, index);
	iv->nresults = 1;
}

/* MOVE and MUTATE: src's capability, as c, goes into dst (slot index). */
static void
invoke_move(struct invocation *iv, struct cte *dst, uint64_t index,
	    struct cte *src, struct cap c)
{
	cte_move(dst, src, c);
	msg_set(iv->caller, 0, index);
	iv->nresults = 1;
}

/*
 * COPY and MINT: MR0 destination index, MR1 source CNode, MR2 source
 * index, MR3 rights mask, MR4 (mint) badge or guard.  The new capability
 * is a child of the source.
 */
static int
decode_copy(struct invocation *iv, bool mint)
{
	struct tcb *t = iv->caller;
	int err = CAIRN_OK;
	struct cap c;

	if (iv->len < (mint ? 5u : 4u)) {
		return refuse(CAIRN_E_INVALID_ARGUMENT,
			      "cnode_copy: too short");
	}
	struct cte *src = cspace_slot(t, msg_get(t, 1), msg_get(t, 2), &err);
	if (src == NULL) {
		return err;
	}
	if ((err = cap_derive(src, msg_get(t, 3), &c)) != CAIRN_OK) {
		return err;
	}
	uintptr_t flags = 0;
	if (mint) {
		uint64_t old = c.w1;
		if ((err = apply_badge(&c, msg_get(t, 4))) != CAIRN_OK) {
			return err;
		}
		/* A newly badged capability can be revoked on its own. */
		if ((cap_type(&c) == CAIRN_OBJ_ENDPOINT ||
		     cap_type(&c) == CAIRN_OBJ_NOTIFICATION) &&
		    c.w1 != old) {
			flags = MDB_REVOCABLE | MDB_FIRST_BADGED;
		}
	}
	uint64_t index;
	struct cte *dst = slot_dest(t, &iv->cap, 0, 1, &index, &err);
	if (dst == NULL) {
		return err;
	}
	invoke_copy(iv, dst, index, src, c, flags);
	return CAIRN_OK;
}

/*
 * MOVE and MUTATE: MR0 destination index, MR1 source CNode, MR2 source
 * index, MR3 (mutate) new badge or guard.  The capability keeps its
 * place in the derivation tree.
 */
static int
decode_move(struct invocation *iv, bool mutate)
{
	struct tcb *t = iv->caller;
	int err = CAIRN_OK;

	if (iv->len < (mutate ? 4u : 3u)) {
		return refuse(CAIRN_E_INVALID_ARGUMENT,
			      "cnode_move: too short");
	}
	struct cte *src = cspace_slot(t, msg_get(t, 1), msg_get(t, 2), &err);
	if (src == NULL) {
		return err;
	}
	struct cap c = src->cap;
	if (cap_is_null(&c)) {
		return refuse(CAIRN_E_EMPTY_SLOT, "cnode_move: source empty");
	}
	if (cap_type(&c) == CAP_ZOMBIE) {
		return refuse(CAIRN_E_ILLEGAL_OPERATION,
			      "cnode_move: source being deleted");
	}
	if (mutate && (err = apply_badge(&c, msg_get(t, 3))) != CAIRN_OK) {
		return err;
	}
	uint64_t index;
	struct cte *dst = slot_dest(t, &iv->cap, 0, 1, &index, &err);
	if (dst == NULL) {
		return err;
	}
	invoke_move(iv, dst, index, src, c);
	return CAIRN_OK;
}

/*
 * DELETE and REVOKE: the long work, which stops at preemption points
 * (E_PREEMPTED: the call is made again and resumes where it stopped).
 * Nothing else can fail.
 */
static int
invoke_delete(struct cte *s, bool revoke)
{
	return revoke ? cte_revoke(s) : cte_delete(s);
}

/* DELETE and REVOKE: MR0 the slot's index in the invoked CNode. */
static int
decode_delete(struct invocation *iv)
{
	int err = CAIRN_OK;

	if (iv->len < 1) {
		return refuse(CAIRN_E_INVALID_ARGUMENT,
			      "cnode_delete: no index");
	}
	struct cte *s = cnode_slot(&iv->cap, msg_get(iv->caller, 0), &err);
	if (s == NULL) {
		return err;
	}
	return invoke_delete(s, iv->label == CAIRN_CNODE_REVOKE);
}

int
decode_cnode(struct invocation *iv)
{
	switch (iv->label) {
	case CAIRN_CNODE_COPY:
		return decode_copy(iv, false);
	case CAIRN_CNODE_MINT:
		return decode_copy(iv, true);
	case CAIRN_CNODE_MOVE:
		return decode_move(iv, false);
	case CAIRN_CNODE_MUTATE:
		return decode_move(iv, true);
	case CAIRN_CNODE_DELETE:
	case CAIRN_CNODE_REVOKE:
		return decode_delete(iv);
	default:
		return refuse(CAIRN_E_ILLEGAL_OPERATION,
			      "cnode: no such method");
	}
}
