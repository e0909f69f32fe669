/*
 * objarch: the kinds of aarch64's own capability types (cap_kind in
 * cap.h): its four levels of translation tables.  Inline: the
 * derivation tree asks on every comparison.
 */
#ifndef CAIRN_A64_OBJARCH_H
#define CAIRN_A64_OBJARCH_H

#include <cairn/object.h>

static inline enum cap_kind
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
	default:
		return CAP_KIND_NONE;
	}
}

#endif
