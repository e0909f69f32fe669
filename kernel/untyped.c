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

#include "cstring.h"
#include "kobject.h"
#include "sched.h"
#include "tcb.h"
#include "vspace.h"

#define RESET_CHUNK	 (16 * 1024) /* zeroed between preemption points */
#define RETYPE_MAX_COUNT 256	     /* objects per call: bounded work */

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
			memset(base + lo, 0, w - lo);
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

int
decode_untyped(struct invocation *iv)
{
	struct tcb *t = iv->caller;
	struct cte *ut = iv->slot;
	int err = CAIRN_OK;

	if (iv->label != CAIRN_UNTYPED_RETYPE || iv->len < 5) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	uint64_t type = msg_get(t, 0), size = msg_get(t, 1);
	uint64_t cnode = msg_get(t, 2), index;
	uint64_t count = msg_get(t, 4);
	bool device = (ut->cap.w1 & UNTYPED_DEVICE) != 0;
	int bits = cairn_object_bits(type, size);
	if (bits < 0 || (uint64_t)bits > cap_size(&ut->cap)) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	/* A child Untyped must be smaller: one the parent's size would look
	 * like the parent itself, and leave it seemingly childless. */
	if (type == CAIRN_OBJ_UNTYPED && (uint64_t)bits == cap_size(&ut->cap)) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if (device && type != CAIRN_OBJ_FRAME && type != CAIRN_OBJ_UNTYPED) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if (type == CAIRN_OBJ_VSPACE && msg_get(t, 4) > asid_available()) {
		return CAIRN_E_NO_MEMORY; /* out of address-space IDs */
	}
	struct cte *cn = cspace_lookup_type(t, cnode, CAIRN_OBJ_CNODE, &err);
	if (cn == NULL) {
		return err;
	}
	if (count > RETYPE_MAX_COUNT) {
		return CAIRN_E_RANGE;
	}
	struct cte *dst = slot_dest(t, &cn->cap, 3, count, &index, &err);
	if (dst == NULL) {
		return err;
	}
	/* An Untyped with no children starts again from its base. */
	bool fresh = !cte_has_children(ut);
	if (fresh) {
		err = reset(ut, reset_floor(&ut->cap, type, bits, count));
		if (err != CAIRN_OK) {
			return err;
		}
	}
	uint64_t obj = 1ull << bits;
	uint64_t known = watermark(&ut->cap); /* zero from here up */
	uint64_t start = fresh ? 0 : (known + obj - 1) & ~(obj - 1);
	uint64_t total = 1ull << cap_size(&ut->cap);
	if (start > total || count > (total - start) >> bits) {
		return CAIRN_E_NO_MEMORY;
	}

	/* Invoke: nothing can fail from here. */
	uint64_t base = cap_phys(&ut->cap) + start;
	for (uint64_t i = 0; i < count; i++) {
		struct cap c =
		    object_create(type, size, bits, base + (i << bits), device);
		cte_insert(&dst[i], c, ut, MDB_REVOCABLE);
	}
	for (uint64_t i = 0; type == CAIRN_OBJ_UNTYPED && !device && i < count;
	     i++) {
		dst[i].cap.w1 =
		    child_watermark(known, start + (i << bits), bits);
	}
	ut->cap.w1 = (ut->cap.w1 & UNTYPED_DEVICE) | (start + (count << bits));
	msg_set(t, 0, index);
	iv->nresults = 1;
	return CAIRN_OK;
}
