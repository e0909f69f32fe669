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
#include <cairn/invocation.h>

#include "kdebug.h"
#include "kobject.h"
#include "sched.h"

/*
 * Slots an automatic search looks at between preemption points: more
 * than the longest run it looks for (256, a retype's most), so that each
 * stop leaves at least SCAN_CHUNK - 255 slots behind it for good.
 */
#define SCAN_CHUNK 384

static uint64_t
mask(unsigned bits)
{
	return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

struct cte *
cnode_slot(const struct cap *cnode, uint64_t index, int *err)
{
	if (cap_type(cnode) != CAIRN_OBJ_CNODE) {
		*err = refuse(CAIRN_E_INVALID_CAP, "cnode_slot: not a CNode");
		return NULL;
	}
	if (index >= 1ull << cap_size(cnode)) {
		*err =
		    refuse(CAIRN_E_RANGE, "cnode_slot: index past the CNode");
		return NULL;
	}
	return (struct cte *)cap_obj(cnode) + index;
}

/*
 * The first run of count empty slots of the n at slots, from index from
 * on.  Stops at a preemption point every SCAN_CHUNK slots, with word mr
 * of t rewritten to resume at the start of the run it was in.
 */
static struct cte *
scan(struct tcb *t, unsigned mr, struct cte *slots, uint64_t n, uint64_t from,
     uint64_t count, int *err)
{
	uint64_t run = 0;

	for (uint64_t i = from; i < n; i++) {
		run = cap_is_null(&slots[i].cap) ? run + 1 : 0;
		if (run == count) {
			return &slots[i + 1 - count];
		}
		if ((i + 1 - from) % SCAN_CHUNK == 0 && i + 1 < n &&
		    arch_preemption_pending()) {
			msg_set(t, mr, CAIRN_SLOT_AUTO_FROM(i + 1 - run));
			*err = E_PREEMPTED;
			return NULL;
		}
	}
	*err = refuse(CAIRN_E_NO_FREE_SLOT, "slot_dest: no free slot");
	return NULL;
}

struct cte *
slot_dest(struct tcb *t, const struct cap *cn, unsigned mr, uint64_t count,
	  uint64_t *index_out, int *err)
{
	uint64_t n = 1ull << cap_size(cn), index = msg_get(t, mr);
	struct cte *slots = cap_obj(cn);

	if (count == 0 || count > n) {
		*err = refuse(CAIRN_E_RANGE, "slot_dest: count 0 or too many");
		return NULL;
	}
	if (index >= CAIRN_SLOT_AUTO_MIN) {
		struct cte *d = scan(t, mr, slots, n, ~index, count, err);
		*index_out = d == NULL ? 0 : (uint64_t)(d - slots);
		return d;
	}
	if (index >= n || count > n - index) {
		*err = refuse(CAIRN_E_RANGE, "slot_dest: index past the CNode");
		return NULL;
	}
	for (uint64_t i = 0; i < count; i++) {
		if (!cap_is_null(&slots[index + i].cap)) {
			*err = refuse(CAIRN_E_SLOT_OCCUPIED,
				      "slot_dest: destination slot occupied");
			return NULL;
		}
	}
	*index_out = index;
	return &slots[index];
}

struct cte *
cspace_dest(struct tcb *t, unsigned mr, uint64_t count, uint64_t *index,
	    int *err)
{
	struct cte *c =
	    cspace_lookup_type(t, msg_get(t, mr), CAIRN_OBJ_CNODE, err);

	return c == NULL ? NULL
			 : slot_dest(t, &c->cap, mr + 1, count, index, err);
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
		if (!cnode_guard_matches(c, cptr, left)) {
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

/*
 * The slot cptr names in t's CSpace, or NULL and the error.  A root CNode
 * whose guard and radix make up all 64 bits resolves every cptr alone:
 * the slot of cptr is cptr - first, first being the guard shifted into
 * place, and cptr names a slot exactly when that is below 2^radix (the
 * guard check of resolve in one subtraction, as in the fast path).
 */
static inline struct cte *
lookup_slot(struct tcb *t, uint64_t cptr, int *err)
{
	const struct cap *root = &t->slots[TCB_CSPACE].cap;
	unsigned radix = cap_size(root);
	struct cte *s;

	if (cap_type(root) == CAIRN_OBJ_CNODE &&
	    radix + cnode_guard_bits(root) == 64) {
		uint64_t i = cptr - (cnode_guard(root) << radix);
		if ((i >> radix) != 0) {
			*err = CAIRN_E_INVALID_CAP;
			return NULL;
		}
		s = (struct cte *)cap_obj(root) + i;
	} else if ((s = resolve(root, cptr, err)) == NULL) {
		return NULL;
	}
	if (cap_is_null(&s->cap)) {
		*err = CAIRN_E_EMPTY_SLOT;
		return NULL;
	}
	return s;
}

struct cte *
cspace_lookup(struct tcb *t, uint64_t cptr, int *err)
{
	return lookup_slot(t, cptr, err);
}

struct cte *
cspace_lookup_type(struct tcb *t, uint64_t cptr, unsigned type, int *err)
{
	struct cte *s = lookup_slot(t, cptr, err);

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
