/*
 * cspace: finding a capability from a capability address (cptr).
 *
 * A CSpace is a tree of CNodes, as in seL4's published design.  A CNode
 * capability carries a radix (the CNode has 2^radix slots) and a guard
 * (guard_bits bits that must match).  A cptr is read from its top bit
 * down: at each CNode the guard is matched, then radix bits pick a slot;
 * if bits are left and the slot holds another CNode capability, the walk
 * goes on there, else it ends at that slot.
 */
#include "object.h"

static uint64_t
mask(unsigned bits)
{
	return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

struct cte *
cnode_slot(const struct cap *cnode, uint64_t index, int *err)
{
	if (cap_type(cnode) != CAIRN_OBJ_CNODE) {
		*err = CAIRN_E_INVALID_CAP;
		return NULL;
	}
	if (index >= 1ull << cap_size(cnode)) {
		*err = CAIRN_E_RANGE;
		return NULL;
	}
	return (struct cte *)cap_obj(cnode) + index;
}

/* Walk the CSpace whose root capability is root for all 64 bits of cptr. */
static struct cte *
resolve(const struct cap *root, uint64_t cptr, int *err)
{
	const struct cap *c = root;
	unsigned left = 64;

	for (;;) {
		if (cap_type(c) != CAIRN_OBJ_CNODE) {
			*err = CAIRN_E_INVALID_CAP;
			return NULL;
		}
		unsigned radix = cap_size(c);
		unsigned gbits = cnode_guard_bits(c);
		unsigned level = radix + gbits;
		if (level == 0 || level > left) {
			*err = CAIRN_E_INVALID_CAP;
			return NULL;
		}
		uint64_t guard = (cptr >> (left - gbits)) & mask(gbits);
		if (gbits != 0 && guard != cnode_guard(c)) {
			*err = CAIRN_E_INVALID_CAP;
			return NULL;
		}
		uint64_t index = (cptr >> (left - level)) & mask(radix);
		struct cte *s = (struct cte *)cap_obj(c) + index;
		left -= level;
		if (left == 0 || cap_type(&s->cap) != CAIRN_OBJ_CNODE) {
			return s;
		}
		c = &s->cap;
	}
}

struct cte *
cspace_lookup(struct tcb *t, uint64_t cptr, int *err)
{
	struct cte *s = resolve(&t->slots[TCB_CSPACE].cap, cptr, err);

	if (s != NULL && cap_is_null(&s->cap)) {
		*err = CAIRN_E_EMPTY_SLOT;
		return NULL;
	}
	return s;
}

struct cte *
cspace_lookup_type(struct tcb *t, uint64_t cptr, unsigned type, int *err)
{
	struct cte *s = cspace_lookup(t, cptr, err);

	if (s != NULL && cap_type(&s->cap) != type) {
		*err = CAIRN_E_INVALID_CAP;
		return NULL;
	}
	return s;
}

struct cte *
cspace_slot(struct tcb *t, uint64_t cnode, uint64_t index, int *err)
{
	struct cte *c = cspace_lookup_type(t, cnode, CAIRN_OBJ_CNODE, err);

	return c == NULL ? NULL : cnode_slot(&c->cap, index, err);
}
