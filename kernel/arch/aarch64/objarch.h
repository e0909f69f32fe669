/*
 * objarch: the kinds of aarch64's own capability types (cap_kind in
 * cap.h): none; its translation tables are the portable page tables.
 */
#ifndef CAIRN_A64_OBJARCH_H
#define CAIRN_A64_OBJARCH_H

#include <cairn/object.h>

static inline enum cap_kind
arch_cap_kind(unsigned type)
{
	(void)type;
	return CAP_KIND_NONE;
}

#endif
