/*
 * objecttype: what depends on a capability's type, one switch for each
 * concern: an object's size (cairn_object_bits in include/cairn/object.h,
 * shared with user space), making it from Untyped memory, copying a
 * capability to it, destroying it when its last capability goes, and
 * invoking it.  The methods these switches call live in the object files
 * (untyped.c, cnode.c, tcb.c, endpoint.c, notification.c, debug.c and
 * mapping.c, irqcap.c, and the machine's under arch/).  Every arch has
 * the same retype-made objects; its own capabilities (x86_64's I/O
 * ports) are the arch's business: each switch hands them on, and
 * cap_kind (cap.h) tells the generic code what sort of capability each
 * is.
 */
#include <cairn/invocation.h>

#include "irqcap.h"
#include "kobject.h"
#include "mapping.h"
#include "tcb.h"

uint64_t
cap_obj_bits(const struct cap *c)
{
	/* Every capability to memory has the size of one retype makes
	 * (the boot Untyped blocks too: 2^12 to 2^47 bytes). */
	int bits = cairn_object_bits(cap_type(c), cap_size(c));

	return bits < 0 ? 0 : (uint64_t)bits;
}

struct cap
object_create(uint64_t type, uint64_t size, int bits, uint64_t phys,
	      bool device)
{
	unsigned rights = CAIRN_RIGHTS_ALL;

	switch (type) {
	case CAIRN_OBJ_TCB:
		tcb_init(phys_to_virt(phys));
		break;
	case CAIRN_OBJ_UNTYPED:
		return cap_make(type, rights, bits, phys,
				device ? UNTYPED_DEVICE : 0);
	case CAIRN_OBJ_FRAME:
		return cap_make(type, rights, size, phys,
				device ? FRAME_DEVICE : 0);
	case CAIRN_OBJ_CNODE:
		return cap_make(type, rights, size, phys, 0);
	case CAIRN_OBJ_VSPACE:
		/* Its ASID in w1 (the retype counted that one is free). */
		arch_vspace_init(phys);
		return cap_make(type, rights, bits, phys, asid_alloc(phys));
	default:
		/* Endpoints, notifications, replies, page tables: zeroed. */
		break;
	}
	return cap_make(type, rights, bits, phys, 0);
}

int
cap_derive(const struct cte *src, unsigned rights, struct cap *out)
{
	const struct cap *c = &src->cap;

	switch (cap_type(c)) {
	case CAIRN_OBJ_NULL:
		return CAIRN_E_EMPTY_SLOT;
	case CAP_ZOMBIE:
	/*
	 * A copied Untyped would keep its own watermark and hand out the
	 * same memory twice; a copied page table could be mapped twice.
	 * Move them instead.
	 */
	case CAIRN_OBJ_UNTYPED:
		return CAIRN_E_ILLEGAL_OPERATION;
	case CAIRN_OBJ_FRAME:
		/* A copy is not mapped: the mapping is the source's. */
		*out = cap_with_rights(*c, cap_rights(c) & rights);
		out->w1 &= FRAME_DEVICE;
		return CAIRN_OK;
	default:
		if (cap_kind(cap_type(c)) == CAP_KIND_TABLE) {
			return CAIRN_E_ILLEGAL_OPERATION;
		}
		*out = cap_with_rights(*c, cap_rights(c) & rights);
		return CAIRN_OK;
	}
}

bool
object_finalise(struct cap *c)
{
	switch (cap_type(c)) {
	case CAIRN_OBJ_ENDPOINT:
		endpoint_cancel_all(cap_obj(c));
		return false;
	case CAIRN_OBJ_NOTIFICATION:
		notification_cancel_all(cap_obj(c));
		return false;
	case CAIRN_OBJ_REPLY:
		reply_clear(cap_obj(c));
		return false;
	case CAIRN_OBJ_TCB:
		tcb_finalise(cap_obj(c));
		return true;
	case CAIRN_OBJ_CNODE:
		return true;
	case CAIRN_CAP_IRQ_HANDLER:
		irq_finalise(c);
		return false;
	default:
		/* The arch's own: their machine state. */
		arch_finalise(c);
		return false;
	}
}

int
object_decode(struct invocation *iv)
{
	switch (cap_type(&iv->cap)) {
	case CAIRN_OBJ_UNTYPED:
		return decode_untyped(iv);
	case CAIRN_OBJ_CNODE:
		return decode_cnode(iv);
	case CAIRN_OBJ_TCB:
		return decode_tcb(iv);
	case CAIRN_CAP_DEBUG:
		return decode_debug(iv);
	case CAIRN_CAP_IRQ_CONTROL:
	case CAIRN_CAP_IRQ_HANDLER:
		return decode_irq(iv);
	case CAIRN_OBJ_REPLY:
	case CAP_ZOMBIE:
		return CAIRN_E_ILLEGAL_OPERATION;
	default:
		return decode_vspace(iv);
	}
}
