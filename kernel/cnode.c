/*
 * cnode: the methods of a CNode, invoked on the destination CNode:
 * copy, mint, move, mutate, delete, revoke.  Sources are named by a
 * CNode capability address and an index, like destinations.
 */
#include <cairn/invocation.h>

#include "object.h"

/* The destination slot: MR0 of the invocation, or a free one if AUTO. */
static struct cte *
dest_slot(struct invocation *iv, uint64_t index, int *err)
{
	struct cte *slots = cap_obj(&iv->cap);
	uint64_t n = 1ull << cap_size(&iv->cap);

	if (index == CAIRN_SLOT_AUTO) {
		for (uint64_t i = 0; i < n; i++) {
			if (cap_is_null(&slots[i].cap)) {
				return &slots[i];
			}
		}
		*err = CAIRN_E_NO_FREE_SLOT;
		return NULL;
	}
	struct cte *d = cnode_slot(&iv->cap, index, err);
	if (d != NULL && !cap_is_null(&d->cap)) {
		*err = CAIRN_E_SLOT_OCCUPIED;
		return NULL;
	}
	return d;
}

/* Set a badge (endpoints, notifications) or guard (CNodes) on c. */
static int
apply_badge(struct cap *c, uint64_t data)
{
	switch (cap_type(c)) {
	case CAIRN_OBJ_ENDPOINT:
	case CAIRN_OBJ_NOTIFICATION:
		if (c->w1 != 0 && data != c->w1) {
			return CAIRN_E_ILLEGAL_OPERATION; /* no re-badging */
		}
		c->w1 = data;
		return CAIRN_OK;
	case CAIRN_OBJ_CNODE:
		/* The guard must fit its bits, and the level 64 bits. */
		if ((data & 63) + cap_size(c) > 64 ||
		    ((data >> 6) >> (data & 63)) != 0) {
			return CAIRN_E_INVALID_ARGUMENT;
		}
		c->w1 = cnode_w1(data >> 6, data & 63);
		return CAIRN_OK;
	default:
		return data == 0 ? CAIRN_OK : CAIRN_E_INVALID_ARGUMENT;
	}
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
		return CAIRN_E_INVALID_ARGUMENT;
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
	struct cte *dst = dest_slot(iv, msg_get(t, 0), &err);
	if (dst == NULL) {
		return err;
	}
	cte_insert(dst, c, src, flags);
	msg_set(t, 0, (uint64_t)(dst - (struct cte *)cap_obj(&iv->cap)));
	iv->nresults = 1;
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
		return CAIRN_E_INVALID_ARGUMENT;
	}
	struct cte *src = cspace_slot(t, msg_get(t, 1), msg_get(t, 2), &err);
	if (src == NULL) {
		return err;
	}
	struct cap c = src->cap;
	if (cap_is_null(&c)) {
		return CAIRN_E_EMPTY_SLOT;
	}
	if (cap_type(&c) == CAP_ZOMBIE) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	if (mutate && (err = apply_badge(&c, msg_get(t, 3))) != CAIRN_OK) {
		return err;
	}
	struct cte *dst = dest_slot(iv, msg_get(t, 0), &err);
	if (dst == NULL) {
		return err;
	}
	cte_move(dst, src, c);
	msg_set(t, 0, (uint64_t)(dst - (struct cte *)cap_obj(&iv->cap)));
	iv->nresults = 1;
	return CAIRN_OK;
}

int
decode_cnode(struct invocation *iv)
{
	struct tcb *t = iv->caller;
	int err = CAIRN_OK;

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
	case CAIRN_CNODE_REVOKE: {
		if (iv->len < 1) {
			return CAIRN_E_INVALID_ARGUMENT;
		}
		struct cte *s = cnode_slot(&iv->cap, msg_get(t, 0), &err);
		if (s == NULL) {
			return err;
		}
		return iv->label == CAIRN_CNODE_DELETE ? cte_delete(s)
						       : cte_revoke(s);
	}
	default:
		return CAIRN_E_ILLEGAL_OPERATION;
	}
}
