/*
 * objarch: what the generic object code (objecttype.c, cap.c) asks about
 * x86_64's own object types: the page tables and the I/O ports.
 */
#include "arch.h"
#include "kobject.h"
#include "vspace.h"

enum cap_kind
arch_cap_kind(unsigned type)
{
	switch (type) {
	case CAIRN_OBJ_PAGE_TABLE:
	case CAIRN_OBJ_PAGE_DIR:
	case CAIRN_OBJ_PDPT:
		return CAP_KIND_TABLE;
	case CAIRN_OBJ_VSPACE:
		/* The root table: never mapped into another, so copied. */
		return CAP_KIND_MEMORY;
	case CAIRN_CAP_IOPORT:
		return CAP_KIND_KEYED;
	case CAIRN_CAP_IOPORT_CONTROL:
		return CAP_KIND_SINGLE;
	default:
		return CAP_KIND_NONE;
	}
}

struct cap
arch_object_create(uint64_t type, int bits, uint64_t phys)
{
	uint64_t w1 = 0;

	if (type == CAIRN_OBJ_VSPACE) {
		arch_vspace_init(phys);
		w1 = asid_alloc(phys);
	}
	return cap_make(type, CAIRN_RIGHTS_ALL, (unsigned)bits, phys, w1);
}
