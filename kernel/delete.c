/*
 * delete: deleting capabilities, destroying objects, revoking.
 *
 * Deleting a capability that is not the last one to its object only
 * unlinks it.  Deleting the last one destroys the object: an endpoint or
 * notification wakes its waiters with CAIRN_E_DELETED, a reply object
 * fails its caller, a TCB leaves every queue.  Objects that hold
 * capabilities (CNodes, and TCBs for their few slots) cannot be emptied
 * in one step, since a slot may hold the last capability to another
 * CNode, and so on, as deep as a user likes.  Their slot becomes a zombie
 * instead: a capability that stands for the object while its slots are
 * deleted one by one, from the last.  A zombie found inside a zombie is
 * emptied first; the inner one remembers the outer in its w1, so the
 * walk needs no stack and can stop at any slot (a preemption point) and
 * resume when the same deletion is asked for again.
 */
#include "kobject.h"
#include "mapping.h"
#include "sched.h"
#include "vspace.h"

/* Zombie w1: slots left in bits 0-20, the outer zombie's slot above. */
#define ZOMBIE_COUNT_BITS 21

static uint64_t
zombie_count(const struct cap *z)
{
	return z->w1 & ((1ull << ZOMBIE_COUNT_BITS) - 1);
}

static struct cte *
zombie_outer(const struct cap *z)
{
	uint64_t phys = (z->w1 >> ZOMBIE_COUNT_BITS) << CAIRN_SLOT_BITS;

	return phys == 0 ? NULL : phys_to_virt(phys);
}

static struct cap
zombie_make(const struct cap *c, uint64_t count, struct cte *outer)
{
	uint64_t o = outer == NULL ? 0 : virt_to_phys(outer) >> CAIRN_SLOT_BITS;

	return cap_make(CAP_ZOMBIE, 0, cap_type(c), cap_phys(c),
			o << ZOMBIE_COUNT_BITS | count);
}

/* The slots of the object a zombie stands for. */
static struct cte *
zombie_slots(const struct cap *z)
{
	if (cap_size(z) == CAIRN_OBJ_TCB) {
		return ((struct tcb *)cap_obj(z))->slots;
	}
	return (struct cte *)cap_obj(z);
}

/*
 * Per-capability clean-up, on every deletion: a frame or page-table
 * capability owns its mapping.
 */
static void
cap_cleanup(struct cap *c)
{
	if (cap_type(c) == CAIRN_OBJ_FRAME ||
	    cap_kind(cap_type(c)) == CAP_KIND_TABLE) {
		vspace_unmap(c);
	}
}

static uint64_t
slot_count(const struct cap *c)
{
	return cap_type(c) == CAIRN_OBJ_TCB ? TCB_SLOTS : 1ull << cap_size(c);
}

/*
 * Delete the capability in s, which is not a zombie.  If it was the last
 * one to an object with slots, s becomes a zombie (inside outer) and the
 * caller must empty it.  Returns true if s is now empty.
 */
static bool
delete_one(struct cte *s, struct cte *outer)
{
	bool final = cte_is_final(s);

	cap_cleanup(&s->cap);
	if (final && object_finalise(&s->cap)) {
		s->cap = zombie_make(&s->cap, slot_count(&s->cap), outer);
		return false;
	}
	cte_empty(s);
	return true;
}

/* Is s the zombie z or one that z is being emptied inside of? */
static bool
in_chain(const struct cte *z, const struct cte *s)
{
	for (; z != NULL; z = zombie_outer(&z->cap)) {
		if (z == s) {
			return true;
		}
	}
	return false;
}

int
cte_delete(struct cte *top)
{
	struct cte *z = top;
	unsigned work = 0;

	if (cap_is_null(&top->cap)) {
		return CAIRN_OK;
	}
	if (cap_type(&top->cap) != CAP_ZOMBIE && delete_one(top, NULL)) {
		return CAIRN_OK;
	}
	/* z is a zombie: empty its slots, innermost zombie first. */
	for (;;) {
		uint64_t n = zombie_count(&z->cap);
		if (n == 0) {
			struct cte *outer = zombie_outer(&z->cap);
			cte_empty(z);
			if (z == top) {
				return CAIRN_OK;
			}
			/* Back to the outer zombie, or to the slot asked for.
			 */
			z = outer != NULL ? outer : top;
			if (cap_type(&z->cap) != CAP_ZOMBIE) {
				return CAIRN_OK;
			}
			continue;
		}
		struct cte *s = &zombie_slots(&z->cap)[n - 1];
		if (cap_type(&s->cap) == CAP_ZOMBIE && !in_chain(z, s)) {
			z = s; /* resume an inner zombie left half done */
			if (++work % 32 == 0 && arch_preemption_pending()) {
				return E_PREEMPTED;
			}
			continue;
		}
		/*
		 * A zombie of the chain itself (an object that held the last
		 * capability to itself, or to an object that held it) is
		 * emptied when its own turn comes.
		 */
		if (cap_is_null(&s->cap) || cap_type(&s->cap) == CAP_ZOMBIE ||
		    delete_one(s, z)) {
			z->cap.w1--;
		} else {
			z = s;
		}
		if (++work % 32 == 0 && arch_preemption_pending()) {
			return E_PREEMPTED;
		}
	}
}

int
cte_revoke(struct cte *s)
{
	unsigned work = 0;

	for (struct cte *n = cte_next(s); n != NULL && cte_is_parent(s, n);
	     n = cte_next(s)) {
		int err = cte_delete(n);
		if (err != CAIRN_OK) {
			return err;
		}
		if (++work % 32 == 0 && arch_preemption_pending()) {
			return E_PREEMPTED;
		}
	}
	return CAIRN_OK;
}
