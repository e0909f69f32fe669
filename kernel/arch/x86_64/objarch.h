/*
 * objarch: the kinds of x86_64's own capability types (cap_kind in
 * cap.h): its I/O ports.  Inline: the derivation tree asks on every
 * comparison.
 */
#ifndef CAIRN_X86_OBJARCH_H
#define CAIRN_X86_OBJARCH_H

#include <cairn/object.h>

static inline enum cap_kind
arch_cap_kind(unsigned type)
{
	switch (type) {
	case CAIRN_CAP_IOPORT:
		return CAP_KIND_KEYED;
	case CAIRN_CAP_IOPORT_CONTROL:
		return CAP_KIND_SINGLE;
	default:
		return CAP_KIND_NONE;
	}
}

#endif
