/*
 * untyped: making objects out of Untyped memory.
 *
 * An Untyped capability's w1 holds its watermark (bytes from the base
 * already handed out) and, in bit 63, whether it is device memory.  The
 * kernel keeps one invariant: RAM above an Untyped's watermark is zero.
 * The kernel zeroes all free RAM at boot, so a retype only moves the
 * watermark and never clears memory.  When an Untyped has no children
 * left, the next retype first resets it: it zeroes what was used, from
 * the top down, lowering the watermark as it goes, so the work can stop
 * at a preemption point and resume on the next attempt.
 */
#include <cairn/invocation.h>

#include "cstring.h"
#include "object.h"
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

/* Zero used memory of an Untyped with no children, preemptibly. */
static int
reset(struct cte *ut)
{
	uint8_t *base = cap_obj(&ut->cap);
	uint64_t dev = ut->cap.w1 & UNTYPED_DEVICE;

	while (watermark(&ut->cap) > 0) {
		uint64_t w = watermark(&ut->cap);
		uint64_t lo = w > RESET_CHUNK ? w - RESET_CHUNK : 0;
		if (!dev) {
			memset(base + lo, 0, w - lo);
		}
		ut->cap.w1 = dev | lo;
		if (lo > 0 && arch_preemption_pending()) {
			return E_PREEMPTED;
		}
	}
	return CAIRN_OK;
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
	if (!cte_has_children(ut)) {
		err = reset(ut);
		if (err != CAIRN_OK) {
			return err;
		}
	}
	uint64_t obj = 1ull << bits;
	uint64_t start = (watermark(&ut->cap) + obj - 1) & ~(obj - 1);
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
	ut->cap.w1 = (ut->cap.w1 & UNTYPED_DEVICE) | (start + (count << bits));
	msg_set(t, 0, index);
	iv->nresults = 1;
	return CAIRN_OK;
}
