/*
 * objarch: what the generic object code (objecttype.c, cap.c) asks about
 * aarch64's own object types: the translation tables.
 */
#include "arch.h"
#include "kobject.h"
#include "objarch.h"
#include "vspace.h"

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
