/*
 * Kernel object types, capability rights and the sizes of objects made by
 * retyping Untyped memory (docs/abi.md, "Objects").
 */
#ifndef CAIRN_OBJECT_H
#define CAIRN_OBJECT_H

#include <cairn/arch/object.h>
#include <cairn/types.h>

/*
 * Object and capability types.  The first group can be made by Untyped
 * retype, with the arch's from 8 to CAIRN_OBJ_RETYPE_MAX
 * (<cairn/arch/object.h>: its page tables); the second exists only as
 * capabilities the kernel hands the root task at boot, with the arch's
 * own (x86_64's I/O ports).
 */
enum cairn_object_type {
	CAIRN_OBJ_NULL = 0,
	CAIRN_OBJ_UNTYPED = 1, /* size: log2 bytes, 4 KiB to 2^47 */
	CAIRN_OBJ_TCB = 2,
	CAIRN_OBJ_ENDPOINT = 3,
	CAIRN_OBJ_NOTIFICATION = 4,
	CAIRN_OBJ_CNODE = 5, /* size: log2 slots, 1 to 20 */
	CAIRN_OBJ_REPLY = 6,
	CAIRN_OBJ_FRAME = 7, /* size: 12 (4 KiB) or 21 (2 MiB) */

	CAIRN_CAP_IRQ_CONTROL = 16,
	CAIRN_CAP_IRQ_HANDLER = 17,
	CAIRN_CAP_DEBUG = 20,
};

/*
 * Sizes, log2 bytes, of the objects whose size does not vary.  A TCB
 * holds the machine's registers, so its size is the arch's.
 */
#define CAIRN_TCB_BITS		CAIRN_ARCH_TCB_BITS
#define CAIRN_ENDPOINT_BITS	6
#define CAIRN_NOTIFICATION_BITS 6
#define CAIRN_REPLY_BITS	6
#define CAIRN_PAGE_BITS		12
#define CAIRN_LARGE_PAGE_BITS	21
#define CAIRN_SLOT_BITS		5 /* a CNode slot is 32 bytes */
#define CAIRN_CNODE_MAX_RADIX	20
#define CAIRN_UNTYPED_MIN_BITS	12
#define CAIRN_UNTYPED_MAX_BITS	47

/*
 * The size, log2 bytes, of one object of type made by retype with size
 * argument size (log2 bytes for Untyped and frames, log2 slots for
 * CNodes), or -1 if retype makes no such object.  The kernel's retype
 * and every user-space allocator use this one table.
 */
static inline int
cairn_object_bits(word_t type, word_t size)
{
	switch (type) {
	case CAIRN_OBJ_UNTYPED:
		return size >= CAIRN_UNTYPED_MIN_BITS &&
			       size <= CAIRN_UNTYPED_MAX_BITS
			   ? (int)size
			   : -1;
	case CAIRN_OBJ_FRAME:
		return size == CAIRN_PAGE_BITS || size == CAIRN_LARGE_PAGE_BITS
			   ? (int)size
			   : -1;
	case CAIRN_OBJ_CNODE:
		return size >= 1 && size <= CAIRN_CNODE_MAX_RADIX
			   ? (int)size + CAIRN_SLOT_BITS
			   : -1;
	case CAIRN_OBJ_TCB:
		return CAIRN_TCB_BITS;
	case CAIRN_OBJ_ENDPOINT:
		return CAIRN_ENDPOINT_BITS;
	case CAIRN_OBJ_NOTIFICATION:
		return CAIRN_NOTIFICATION_BITS;
	case CAIRN_OBJ_REPLY:
		return CAIRN_REPLY_BITS;
	default:
		return cairn_arch_object_bits(type);
	}
}

/* Rights a capability carries. */
enum cairn_rights {
	CAIRN_RIGHT_READ = 1 << 0,
	CAIRN_RIGHT_WRITE = 1 << 1,
	CAIRN_RIGHT_EXEC = 1 << 2,	  /* frames */
	CAIRN_RIGHT_GRANT = 1 << 3,	  /* endpoints: send capabilities */
	CAIRN_RIGHT_GRANT_REPLY = 1 << 4, /* endpoints: calls may grant */
	CAIRN_RIGHTS_ALL = 0x1F,
};

#endif
