/*
 * cap: comparing capabilities and keeping the derivation tree.  See cap.h
 * for the list representation.
 */
#include "cap.h"

#include "kdebug.h"
#include "kobject.h"

/* Capabilities that name a memory object of their own. */
static bool
is_physical(unsigned type)
{
	enum cap_kind k = cap_kind(type);

	return k == CAP_KIND_MEMORY || k == CAP_KIND_TABLE;
}

bool
cap_same_object(const struct cap *a, const struct cap *b)
{
	unsigned ta = cap_type(a), tb = cap_type(b);

	if (ta != tb) {
		/* A zombie too: it took the last capability's place. */
		return false;
	}
	switch (cap_kind(ta)) {
	case CAP_KIND_KEYED:
		return a->w1 == b->w1;
	case CAP_KIND_SINGLE:
		return true;
	case CAP_KIND_MEMORY:
	case CAP_KIND_TABLE:
		return cap_phys(a) == cap_phys(b) && cap_size(a) == cap_size(b);
	default:
		return false;
	}
}

bool
cte_is_final(const struct cte *s)
{
	const struct cte *n = cte_next(s);

	if (s->prev != NULL && cap_same_object(&s->prev->cap, &s->cap)) {
		return false;
	}
	return n == NULL || !cap_same_object(&n->cap, &s->cap);
}

/* Does the untyped region of a contain the object of b? */
static bool
region_contains(const struct cap *a, const struct cap *b)
{
	uint64_t a0 = cap_phys(a), a1 = a0 + (1ull << cap_size(a));
	uint64_t b0 = cap_phys(b);

	if (cap_type(b) == CAP_ZOMBIE || cap_type(b) == CAIRN_OBJ_NULL ||
	    !is_physical(cap_type(b))) {
		return cap_type(b) == CAP_ZOMBIE && b0 >= a0 && b0 < a1;
	}
	return b0 >= a0 && b0 + (1ull << cap_obj_bits(b)) <= a1 &&
	       !(cap_type(b) == CAIRN_OBJ_UNTYPED && b0 == a0 &&
		 cap_size(b) == cap_size(a));
}

bool
cte_is_parent(const struct cte *a, const struct cte *b)
{
	const struct cap *ca = &a->cap, *cb = &b->cap;

	if (!cte_flag(a, MDB_REVOCABLE)) {
		return false;
	}
	if (cap_type(ca) == CAIRN_OBJ_UNTYPED) {
		return region_contains(ca, cb);
	}
	if (!cap_same_object(ca, cb)) {
		return false;
	}
	if (cap_type(ca) == CAIRN_OBJ_ENDPOINT ||
	    cap_type(ca) == CAIRN_OBJ_NOTIFICATION) {
		/* A badged capability parents only copies of its badge. */
		return ca->w1 == 0 ||
		       (ca->w1 == cb->w1 && !cte_flag(b, MDB_FIRST_BADGED));
	}
	return true;
}

bool
cte_has_children(const struct cte *s)
{
	const struct cte *n = cte_next(s);

	return n != NULL && cte_is_parent(s, n);
}

static void
set_next(struct cte *s, struct cte *n)
{
	s->next = (uintptr_t)n | (s->next & MDB_FLAGS);
}

void
cte_insert(struct cte *dst, struct cap cap, struct cte *parent, uintptr_t flags)
{
	dst->cap = cap;
	dst->prev = parent;
	dst->next = flags & MDB_FLAGS;
	if (parent != NULL) {
		struct cte *n = cte_next(parent);
		set_next(dst, n);
		if (n != NULL) {
			n->prev = dst;
		}
		set_next(parent, dst);
	}
	invariant_cdt(dst);
}

void
cte_move(struct cte *dst, struct cte *src, struct cap cap)
{
	struct cte *n = cte_next(src);

	dst->cap = cap;
	dst->prev = src->prev;
	dst->next = src->next;
	if (dst->prev != NULL) {
		set_next(dst->prev, dst);
	}
	if (n != NULL) {
		n->prev = dst;
	}
	src->cap = cap_null();
	src->prev = NULL;
	src->next = 0;
	invariant_cdt(dst);
}

void
cte_empty(struct cte *s)
{
	struct cte *n = cte_next(s), *p = s->prev;

	if (s->prev != NULL) {
		set_next(s->prev, n);
	}
	if (n != NULL) {
		n->prev = s->prev;
	}
	s->cap = cap_null();
	s->prev = NULL;
	s->next = 0;
	invariant_cdt(s);
	if (p != NULL || n != NULL) {
		invariant_cdt(p != NULL ? p : n);
	}
}
