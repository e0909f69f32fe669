/*
 * untyped: making objects out of Untyped memory.
 *
 * An Untyped capability's w1 holds its watermark (bytes from the base
 * already handed out) and, in bit 63, whether it is device memory.  The
 * kernel keeps one invariant: RAM above an Untyped's watermark is zero.
 * So a retype that finds room above the watermark only moves it and
 * never clears memory.  When an Untyped has no children left, the next
 * retype first resets it: it zeroes what was used, from the top down,
 * lowering the watermark as it goes, so the work can stop at a preemption
 * point and resume on the next attempt.
 *
 * Nothing zeroes RAM ahead of need.  The kernel hands out free RAM at
 * boot as Untypeds "used to the top" (watermark = size, no children): the
 * invariant holds with nothing above the watermark, and the first retype
 * of each resets it, preemptibly, when it is first used.
 *
 * A child Untyped need not be zero, only truthful.  When an Untyped with
 * no children is retyped into Untypeds, the reset stops where the new
 * children end (for an exact split, it zeroes nothing), the children are
 * placed from the base, and each child's watermark covers the part of it
 * that lay below the parent's watermark: that part may hold old data, so
 * the child zeroes it in its own reset, when first used for objects.
 * Memory above the parent's watermark was zero and stays zero above the
 * children's.  The parent's new watermark is where its children end, at
 * or above where its memory is zero, so the invariant holds for both.
 */
#include <cairn/invocation.h>

#include "arch.h"
#include "kobject.h"
#include "mapping.h"
#include "sched.h"
#include "tcb.h"
#include "vspace.h"

#define RESET_CHUNK	   (16 * 1024) /* zeroed between preemption points */
#define RETYPE_MAX_COUNT   256	       /* objects per call: bounded work */
#define RETYPE_MAX_VSPACES 8	       /* each sets up its tables and ASID */

static uint64_t
watermark(const struct cap *c)
{
	return c->w1 & ~UNTYPED_DEVICE;
}

/*
 * Zero the used memory of an Untyped with no children down to floor, from
 * the top, lowering the watermark as it goes, so the work can stop at a
 * preemption point and resume on the next attempt.  Device memory is
 * never zeroed: its watermark simply drops.
 */
static int
reset(struct cte *ut, uint64_t floor)
{
	uint8_t *base = cap_obj(&ut->cap);
	uint64_t dev = ut->cap.w1 & UNTYPED_DEVICE;

	while (watermark(&ut->cap) > floor) {
		uint64_t w = watermark(&ut->cap);
		uint64_t lo = w - floor > RESET_CHUNK ? w - RESET_CHUNK : floor;
		if (dev) {
			lo = floor;
		} else {
			arch_zero(base + lo, w - lo);
		}
		ut->cap.w1 = dev | lo;
		if (lo > floor && arch_preemption_pending()) {
			return E_PREEMPTED;
		}
	}
	return CAIRN_OK;
}

/*
 * How far down to reset an Untyped with no children before a retype of
 * count objects of 2^bits: to its base for objects, which must be zero;
 * only to where the new children end for Untyped ones, which need not be
 * (see the header comment).
 */
static uint64_t
reset_floor(const struct cap *ut, uint64_t type, int bits, uint64_t count)
{
	uint64_t total = 1ull << cap_size(ut);

	if (type != CAIRN_OBJ_UNTYPED || count > total >> bits) {
		return 0;
	}
	return count << bits;
}

/* A RAM child Untyped at offset off of a parent whose memory from known
 * up is zero: its watermark covers the part of it below known. */
static uint64_t
child_watermark(uint64_t known, uint64_t off, int bits)
{
	uint64_t size = 1ull << bits;

	if (known <= off) {
		return 0;
	}
	return known - off < size ? known - off : size;
}

/* A retype, checked by its decode step: what to make, and where. */
struct retype {
	struct cte *ut, *dst;
	uint64_t type, size, count, index;
	uint64_t start; /* offset of the first object */
	uint64_t floor; /* fresh: reset down to here first */
	int bits;
	bool fresh; /* no children: starts again from its base */
};

/*
 * Is there room for r's objects?  An Untyped with no children starts
 * again from its base (its reset comes in the invoke step); one with
 * children goes on from its watermark, aligned.
 */
static int
check_room(struct retype *r)
{
	uint64_t obj = 1ull << r->bits;
	uint64_t total = 1ull << cap_size(&r->ut->cap);

	r->fresh = !cte_has_children(r->ut);
	r->floor = reset_floor(&r->ut->cap, r->type, r->bits, r->count);
	r->start =
	    r->fresh ? 0 : (watermark(&r->ut->cap) + obj - 1) & ~(obj - 1);
	if (r->start > total || r->count > (total - r->start) >> r->bits) {
		return CAIRN_E_NO_MEMORY;
	}
	return CAIRN_OK;
}

/*
 * RETYPE: MR0 type, MR1 size, MR2 destination CNode, MR3 index, MR4
 * count.  Checks everything and changes nothing (an automatic index's
 * search may rewrite MR3 to resume).  Returns a status, or E_PREEMPTED.
 */
static int
decode_retype(struct invocation *iv, struct retype *r)
{
	struct tcb *t = iv->caller;
	struct cte *ut = iv->slot;
	int err = CAIRN_OK;

	if (iv->label != CAIRN_UNTYPED_RETYPE || iv->len < 5) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	r->ut = ut;
	r->type = msg_get(t, 0);
	r->size = msg_get(t, 1);
	r->count = msg_get(t, 4);
	bool device = (ut->cap.w1 & UNTYPED_DEVICE) != 0;
	int bits = cairn_object_bits(r->type, r->size);
	if (bits < 0 || (uint64_t)bits > cap_size(&ut->cap)) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	/* A child Untyped must be smaller: one the parent's size would look
	 * like the parent itself, and leave it seemingly childless. */
	if (r->type == CAIRN_OBJ_UNTYPED &&
	    (uint64_t)bits == cap_size(&ut->cap)) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if (device && r->type != CAIRN_OBJ_FRAME &&
	    r->type != CAIRN_OBJ_UNTYPED) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if (r->type == CAIRN_OBJ_VSPACE && r->count > asid_available()) {
		return CAIRN_E_NO_MEMORY; /* out of address-space IDs */
	}
	struct cte *cn =
	    cspace_lookup_type(t, msg_get(t, 2), CAIRN_OBJ_CNODE, &err);
	if (cn == NULL) {
		return err;
	}
	if (r->count > RETYPE_MAX_COUNT ||
	    (r->type == CAIRN_OBJ_VSPACE && r->count > RETYPE_MAX_VSPACES)) {
		return CAIRN_E_RANGE;
	}
	r->dst = slot_dest(t, &cn->cap, 3, r->count, &r->index, &err);
	if (r->dst == NULL) {
		return err;
	}
	r->bits = bits;
	return check_room(r);
}

/*
 * Make r's objects: first, for an Untyped with no children, its reset,
 * which stops at preemption points (E_PREEMPTED: the call is made again,
 * decoded again, and the reset resumes where it stopped).  Nothing else
 * can fail.
 */
static int
invoke_retype(struct tcb *t, const struct retype *r)
{
	struct cte *ut = r->ut;
	bool device = (ut->cap.w1 & UNTYPED_DEVICE) != 0;

	if (r->fresh && reset(ut, r->floor) != CAIRN_OK) {
		return E_PREEMPTED;
	}
	uint64_t known = watermark(&ut->cap); /* zero from here up */
	uint64_t base = cap_phys(&ut->cap) + r->start;
	for (uint64_t i = 0; i < r->count; i++) {
		struct cap c = object_create(r->type, r->size, r->bits,
					     base + (i << r->bits), device);
		cte_insert(&r->dst[i], c, ut, MDB_REVOCABLE);
	}
	for (uint64_t i = 0;
	     r->type == CAIRN_OBJ_UNTYPED && !device && i < r->count; i++) {
		r->dst[i].cap.w1 =
		    child_watermark(known, r->start + (i << r->bits), r->bits);
	}
	ut->cap.w1 =
	    (ut->cap.w1 & UNTYPED_DEVICE) | (r->start + (r->count << r->bits));
	msg_set(t, 0, r->index);
	return CAIRN_OK;
}

int
decode_untyped(struct invocation *iv)
{
	struct retype r = {0}; /* every field set by a successful decode */
	int err = decode_retype(iv, &r);

	if (err != CAIRN_OK) {
		return err;
	}
	if ((err = invoke_retype(iv->caller, &r)) == CAIRN_OK) {
		iv->nresults = 1;
	}
	return err;
}
