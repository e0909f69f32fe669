/*
 * cap: capabilities, the slots that hold them, and the capability
 * derivation tree (CDT).
 *
 * A capability is two words.  w0 packs the type, the rights, a size and
 * the object's physical address; w1 means what the type says (a badge, a
 * guard, a mapping, a port range...).  A slot (struct cte) is 32 bytes:
 * the capability and its links in the CDT.
 *
 * The CDT is kept, as in seL4's published design, as one doubly linked
 * list in depth-first order: a capability's descendants follow it, and
 * "is b a child of a" is decided by comparing the two (cte_is_parent).
 * All capabilities to one object therefore lie next to each other, so a
 * capability is the last one to its object exactly when neither list
 * neighbour names the same object.
 */
#ifndef CAIRN_CAP_H
#define CAIRN_CAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cairn/object.h>

#include "mmu.h"

/* Kernel-only capability types, after the ABI's. */
enum {
	CAP_ZOMBIE = 30, /* an object being destroyed, slot by slot */
};

struct cap {
	uint64_t w0; /* type 0-4, rights 5-9, size 10-15, phys >> 4 16-63 */
	uint64_t w1;
};

struct cte {
	struct cap cap;
	struct cte *prev;
	uintptr_t next; /* struct cte *, with the MDB_* flags below */
};

_Static_assert(sizeof(struct cte) == 1 << CAIRN_SLOT_BITS, "slot size");

#define MDB_REVOCABLE	 1ul /* may have children */
#define MDB_FIRST_BADGED 2ul /* first capability with its badge */
#define MDB_FLAGS	 3ul

static inline unsigned
cap_type(const struct cap *c)
{
	return c->w0 & 0x1F;
}

static inline unsigned
cap_rights(const struct cap *c)
{
	return (c->w0 >> 5) & 0x1F;
}

static inline unsigned
cap_size(const struct cap *c)
{
	return (c->w0 >> 10) & 0x3F;
}

static inline uint64_t
cap_phys(const struct cap *c)
{
	return (c->w0 >> 16) << 4;
}

static inline void *
cap_obj(const struct cap *c)
{
	return phys_to_virt(cap_phys(c));
}

static inline struct cap
cap_make(unsigned type, unsigned rights, unsigned size, uint64_t phys,
	 uint64_t w1)
{
	struct cap c = {(uint64_t)type | (uint64_t)(rights & 0x1F) << 5 |
			    (uint64_t)(size & 0x3F) << 10 | (phys >> 4) << 16,
			w1};
	return c;
}

static inline struct cap
cap_null(void)
{
	struct cap c = {0, 0};
	return c;
}

static inline bool
cap_is_null(const struct cap *c)
{
	return cap_type(c) == CAIRN_OBJ_NULL;
}

static inline struct cap
cap_with_rights(struct cap c, unsigned rights)
{
	c.w0 = (c.w0 & ~(0x1Ful << 5)) | (uint64_t)(rights & 0x1F) << 5;
	return c;
}

static inline struct cte *
cte_next(const struct cte *s)
{
	return (struct cte *)(s->next & ~MDB_FLAGS);
}

static inline bool
cte_flag(const struct cte *s, uintptr_t f)
{
	return (s->next & f) != 0;
}

/* A CNode capability's guard: w1 holds the guard, its size in bits 58-63. */
static inline unsigned
cnode_guard_bits(const struct cap *c)
{
	return c->w1 >> 58;
}

static inline uint64_t
cnode_guard(const struct cap *c)
{
	return c->w1 & ((1ull << 58) - 1);
}

static inline uint64_t
cnode_w1(uint64_t guard, unsigned guard_bits)
{
	return (uint64_t)guard_bits << 58 | (guard & ((1ull << 58) - 1));
}

/*
 * The one guard check of a CSpace walk: does cptr, of which the low left
 * bits are still to be resolved, carry CNode c's guard in its next
 * guard-bits bits?  Needs left >= c's guard bits (the walk checks that
 * the level fits first).  The fast path's one-level lookup is the case
 * left = 64.
 */
static inline bool
cnode_guard_matches(const struct cap *c, uint64_t cptr, unsigned left)
{
	unsigned gbits = cnode_guard_bits(c);

	if (gbits == 0) {
		return true;
	}
	return ((cptr >> (left - gbits)) & (~0ull >> (64 - gbits))) ==
	       cnode_guard(c);
}

/*
 * The one check of a guard argument (CNode MINT and MUTATE, TCB
 * CONFIGURE), guard << 6 | bits: may a CNode of 2^radix slots carry it?
 * Its bits and the radix must fit a cptr's 64, and the guard its bits.
 */
static inline bool
cnode_guard_valid(uint64_t word, unsigned radix)
{
	unsigned bits = word & 63;

	return bits + radix <= 64 && ((word >> 6) >> bits) == 0;
}

/*
 * The object a capability names occupies [start, start + 2^bits); 0 for
 * capabilities that name no memory (objecttype.c).
 */
uint64_t cap_obj_bits(const struct cap *c);

/*
 * What a capability's type says to the generic code about the object it
 * names.  cap_kind knows the generic types and the page tables (every
 * arch has the four levels) and asks arch_cap_kind (each arch's
 * objarch.h) about the arch's own.
 */
enum cap_kind {
	CAP_KIND_NONE,	 /* no capability: null, zombie, unknown */
	CAP_KIND_MEMORY, /* an object in memory of its own (retype made it) */
	CAP_KIND_TABLE,	 /* a page table: memory, mapped at most once, so
			    moved, never copied */
	CAP_KIND_KEYED,	 /* no memory: w1 says what it grants (an IRQ
			    line, a range of I/O ports) */
	CAP_KIND_SINGLE, /* one of a kind, given at boot (a control
			    capability, the debug capability) */
};

#include "objarch.h"

static inline enum cap_kind
cap_kind(unsigned type)
{
	switch (type) {
	case CAIRN_OBJ_UNTYPED:
	case CAIRN_OBJ_TCB:
	case CAIRN_OBJ_ENDPOINT:
	case CAIRN_OBJ_NOTIFICATION:
	case CAIRN_OBJ_CNODE:
	case CAIRN_OBJ_REPLY:
	case CAIRN_OBJ_FRAME:
	case CAIRN_OBJ_VSPACE: /* the root table: never mapped into another,
				  so copied */
		return CAP_KIND_MEMORY;
	case CAIRN_OBJ_PAGE_TABLE:
	case CAIRN_OBJ_PAGE_DIR:
	case CAIRN_OBJ_PDPT:
		return CAP_KIND_TABLE;
	case CAIRN_CAP_IRQ_HANDLER:
		return CAP_KIND_KEYED;
	case CAIRN_CAP_IRQ_CONTROL:
	case CAIRN_CAP_DEBUG:
		return CAP_KIND_SINGLE;
	case CAIRN_OBJ_NULL:
	case CAP_ZOMBIE:
		return CAP_KIND_NONE;
	default:
		return arch_cap_kind(type);
	}
}

/* Do a and b name the same object (or the same untyped region)? */
bool cap_same_object(const struct cap *a, const struct cap *b);

/* Is the capability in s the last one naming its object? */
bool cte_is_final(const struct cte *s);

/* Is the capability in b a CDT child of the one in a? */
bool cte_is_parent(const struct cte *a, const struct cte *b);

/* Has the capability in s any CDT children? */
bool cte_has_children(const struct cte *s);

/*
 * Put cap into the empty slot dst as a child of parent (NULL: a root of
 * the tree, for the capabilities the kernel makes at boot).
 */
void cte_insert(struct cte *dst, struct cap cap, struct cte *parent,
		uintptr_t flags);

/* Move the capability in src to the empty slot dst, keeping its place. */
void cte_move(struct cte *dst, struct cte *src, struct cap cap);

/* Take the capability out of s and the CDT, leaving s empty. */
void cte_empty(struct cte *s);

#endif
