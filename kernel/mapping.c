/*
 * mapping: frames and page-table objects (mapping.h), over the arch's
 * page-table entries (its vspace.h).  Each method's decode step checks
 * everything and changes nothing: a map's fills a struct mapping (the
 * entry to write, its value, the capability's new w1); its invoke step
 * writes them and cannot fail.  A mapping is made only into an empty
 * entry, so nothing is silently replaced.  The walks and checks are
 * inlined always, with a constant level where it is known, so that the
 * map and unmap paths run straight through.
 */
#include "mapping.h"

#include <cairn/invocation.h>
#include <cairn/layout.h>

#include "cstring.h"
#include "kobject.h"
#include "vspace.h"

/* The level an object's entry lives in: 3 the VSpace's ... 1, or -1. */
static int
table_level(unsigned type)
{
	switch (type) {
	case CAIRN_OBJ_PDPT:
		return 3; /* a PDPT is installed in the VSpace's entry */
	case CAIRN_OBJ_PAGE_DIR:
		return 2;
	case CAIRN_OBJ_PAGE_TABLE:
		return 1;
	default:
		return -1;
	}
}

unsigned
vspace_table_type(unsigned level)
{
	static const unsigned types[VSPACE_TABLE_LEVELS + 1] = {
	    0, CAIRN_OBJ_PAGE_TABLE, CAIRN_OBJ_PAGE_DIR, CAIRN_OBJ_PDPT};

	return level <= VSPACE_TABLE_LEVELS ? types[level] : 0;
}

static uint64_t *
entry(uint64_t table, uint64_t vaddr, int level)
{
	return (uint64_t *)phys_to_virt(table) +
	       ((vaddr >> (12 + 9 * level)) & 511);
}

/*
 * The entry for vaddr at level in the address space root, walking only
 * existing tables; NULL if one on the way is missing or a large page.
 * Inlined always: with a constant level the walk is straight-line code.
 */
static inline __attribute__((always_inline)) uint64_t *
pt_lookup(uint64_t root, uint64_t vaddr, int level)
{
	uint64_t table = root;

	for (int l = 3; l > level; l--) {
		uint64_t e = *entry(table, vaddr, l);
		if (!pte_is_table(e)) {
			return NULL;
		}
		table = pte_addr(e);
	}
	return entry(table, vaddr, level);
}

bool
vspace_has_table(uint64_t asid, uint64_t vaddr, int level)
{
	uint64_t root = asid_vspace(asid);
	uint64_t *e = root != 0 ? pt_lookup(root, vaddr, level) : NULL;

	return e != NULL && pte_present(*e);
}

/* A frame's entry level: 0 for 4 KiB pages, 1 for 2 MiB ones. */
static int
frame_level(const struct cap *c)
{
	return cap_size(c) == CAIRN_LARGE_PAGE_BITS ? 1 : 0;
}

/* The entry of a frame at vaddr: a page table's, or a large page's. */
static uint64_t *
frame_entry(uint64_t root, uint64_t vaddr, int level)
{
	return level == 0 ? pt_lookup(root, vaddr, 0)
			  : pt_lookup(root, vaddr, 1);
}

/* Does entry e still map the frame or table c? */
static inline bool
maps(const uint64_t *e, const struct cap *c)
{
	return e != NULL && pte_present(*e) && pte_addr(*e) == cap_phys(c);
}

/* Undo the mapping of w1 (a mapped frame's) at level, found or not. */
static inline __attribute__((always_inline)) void
unmap_frame_at(const struct cap *c, uint64_t w1, uint64_t root, int level)
{
	uint64_t vaddr = w1 & MAP_VADDR_MASK;
	uint64_t *e = pt_lookup(root, vaddr, level);

	if (maps(e, c)) {
		*e = 0;
		vspace_flush(w1 & MAP_ASID_MASK, root, vaddr, false);
	}
}

/* vspace_unmap for a frame: its level's walk, straight through. */
static void
unmap_frame(struct cap *c)
{
	uint64_t w1 = c->w1;
	uint64_t root = asid_vspace(w1 & MAP_ASID_MASK);

	if (!(w1 & MAP_MAPPED)) {
		return;
	}
	c->w1 = w1 & FRAME_DEVICE;
	if (root == 0) {
		return;
	}
	if (frame_level(c) == 0) {
		unmap_frame_at(c, w1, root, 0);
	} else {
		unmap_frame_at(c, w1, root, 1);
	}
}

/*
 * The entry for vaddr at level in root, into *e, if it is empty: else
 * CAIRN_E_NO_TABLE (a table on the way is missing) or CAIRN_E_IN_USE.
 */
static inline __attribute__((always_inline)) int
empty_entry(uint64_t root, uint64_t vaddr, int level, uint64_t **e)
{
	uint64_t *p = pt_lookup(root, vaddr, level);

	if (p == NULL) {
		return CAIRN_E_NO_TABLE;
	}
	if (pte_present(*p)) {
		return CAIRN_E_IN_USE;
	}
	*e = p;
	return CAIRN_OK;
}

/*
 * A mapping checked by its decode step: the entry to write and its new
 * value, the capability's new w1, and, for a remap (the entry was
 * present), what to flush.
 */
struct mapping {
	uint64_t *pte;
	uint64_t val;
	uint64_t w1;
	uint64_t root; /* remap: flush in this space; 0: nothing to flush */
	uint64_t asid, vaddr;
};

/* Make the mapping m of c.  Cannot fail. */
static inline __attribute__((always_inline)) void
invoke_map(struct cap *c, const struct mapping *m)
{
	/* Every check that answers CAIRN_OK fills m; clang-analyzer cannot
	 * see that a lookup that finds nothing always sets its error. */
	/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): see above */
	*m->pte = m->val;
	c->w1 = m->w1;
	vspace_written();
	if (m->root != 0) {
		vspace_flush(m->asid, m->root, m->vaddr, false);
	}
}

/*
 * Check a map of c, which maps already, into m: only a frame at the same
 * place again, for new rights (a remap).  Anywhere else it is in use.
 * Inlined always, like the other checks, so that m never leaves the
 * registers.
 */
static inline __attribute__((always_inline)) int
check_remap(const struct cap *c, uint64_t root, uint64_t asid, uint64_t vaddr,
	    int level, uint64_t bits, struct mapping *m)
{
	uint64_t *e = frame_entry(root, vaddr, level);

	if (cap_type(c) != CAIRN_OBJ_FRAME || (c->w1 & MAP_ASID_MASK) != asid ||
	    (c->w1 & MAP_VADDR_MASK) != vaddr || !maps(e, c)) {
		return CAIRN_E_IN_USE;
	}
	m->pte = e;
	m->val = pte_remap(*e, bits);
	m->w1 = c->w1;
	m->root = root;
	m->asid = asid;
	m->vaddr = vaddr;
	return CAIRN_OK;
}

/*
 * Check a map of frame c, mapped nowhere, at vaddr in the address space
 * root of asid with the entry bits given, into m.  An empty entry was
 * in no TLB, so nothing will be flushed.
 */
static inline __attribute__((always_inline)) int
check_frame_at(const struct cap *c, uint64_t root, uint64_t asid,
	       uint64_t vaddr, uint64_t bits, int level, struct mapping *m)
{
	uint64_t span = level == 0 ? PAGE_SIZE : LARGE_SIZE;

	if (vaddr % span != 0) {
		return CAIRN_E_ALIGNMENT;
	}
	/* All of it below CAIRN_USER_TOP (the last page stays empty), and
	 * page 0 stays unmapped. */
	if (vaddr < PAGE_SIZE || vaddr >= CAIRN_USER_TOP ||
	    span > CAIRN_USER_TOP - vaddr) {
		return CAIRN_E_BAD_ADDRESS;
	}
	int err = empty_entry(root, vaddr, level, &m->pte);
	if (err != CAIRN_OK) {
		return err;
	}
	m->val = pte_frame(cap_phys(c), level, bits);
	m->w1 = (c->w1 & FRAME_DEVICE) | MAP_MAPPED | vaddr | asid;
	m->root = 0;
	return CAIRN_OK;
}

/* Check a map of frame c with the entry bits given (vspace_map_cap's
 * contract) into m: each level's body straight through. */
static inline __attribute__((always_inline)) int
check_frame(const struct cap *c, uint64_t asid, uint64_t vaddr, uint64_t bits,
	    struct mapping *m)
{
	uint64_t root = asid_vspace(asid);
	int level = frame_level(c);

	if (root == 0) {
		return CAIRN_E_INVALID_CAP;
	}
	if (c->w1 & MAP_MAPPED) {
		return check_remap(c, root, asid, vaddr, level, bits, m);
	}
	if (level == 0) {
		return check_frame_at(c, root, asid, vaddr, bits, 0, m);
	}
	return check_frame_at(c, root, asid, vaddr, bits, 1, m);
}

/* The same for a page-table object c: it covers an aligned span. */
static int
check_table(const struct cap *c, uint64_t asid, uint64_t vaddr,
	    struct mapping *m)
{
	uint64_t root = asid_vspace(asid);
	int level = table_level(cap_type(c));

	if (root == 0 || level < 0) {
		return CAIRN_E_INVALID_CAP;
	}
	if (c->w1 & MAP_MAPPED) {
		return CAIRN_E_IN_USE; /* only a frame is remapped */
	}
	vaddr &= ~((1ull << (12 + 9 * level)) - 1);
	if (vaddr >= CAIRN_USER_TOP) {
		return CAIRN_E_BAD_ADDRESS;
	}
	int err = empty_entry(root, vaddr, level, &m->pte);
	if (err != CAIRN_OK) {
		return err;
	}
	m->val = pte_table(cap_phys(c));
	m->w1 = (c->w1 & FRAME_DEVICE) | MAP_MAPPED | (vaddr & MAP_VADDR_MASK) |
		asid;
	m->root = 0;
	return CAIRN_OK;
}

int
vspace_map_cap(struct cap *c, uint64_t asid, uint64_t vaddr, uint64_t rights)
{
	/* Zeroed: clang-analyzer cannot see that a refusal always says so. */
	struct mapping m = {0};
	int err = cap_type(c) == CAIRN_OBJ_FRAME
		      ? check_frame(c, asid, vaddr, pte_bits(c, rights), &m)
		      : check_table(c, asid, vaddr, &m);

	if (err != CAIRN_OK) {
		return err;
	}
	invoke_map(c, &m);
	return CAIRN_OK;
}

void
vspace_unmap(struct cap *c)
{
	unsigned type = cap_type(c);
	uint64_t asid = c->w1 & MAP_ASID_MASK;
	uint64_t vaddr = c->w1 & MAP_VADDR_MASK;
	uint64_t root = asid_vspace(asid);

	if (type == CAIRN_OBJ_FRAME) {
		unmap_frame(c);
		return;
	}
	if (!(c->w1 & MAP_MAPPED)) {
		return;
	}
	c->w1 &= FRAME_DEVICE;
	uint64_t *e =
	    root != 0 ? pt_lookup(root, vaddr, table_level(type)) : NULL;
	if (maps(e, c)) {
		*e = 0;
		vspace_flush(asid, root, vaddr, true);
	}
	/*
	 * An unmapped table is emptied, found or not: entries left in it
	 * would outlive the frames they name (which cannot find them once
	 * the table is out of the tree) and come back if it were mapped
	 * again.
	 */
	memset(phys_to_virt(cap_phys(c)), 0, PAGE_SIZE);
}

/* MAP on a table: MR0 the VSpace, MR1 the address it is to cover. */
static int
decode_table_map(struct invocation *iv, const struct cap *c, struct mapping *m)
{
	struct tcb *t = iv->caller;
	int err = CAIRN_OK;

	if (table_level(cap_type(c)) < 0) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	if (iv->len < 2) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	struct cte *vs =
	    cspace_lookup_type(t, msg_get(t, 0), CAIRN_OBJ_VSPACE, &err);
	if (vs == NULL) {
		return err != CAIRN_OK ? err : CAIRN_E_INVALID_CAP;
	}
	return check_table(c, vs->cap.w1 & MAP_ASID_MASK, msg_get(t, 1), m);
}

/* MAP on a frame: MR0 the VSpace, MR1 the address, MR2 the rights. */
static int
decode_frame_map(struct invocation *iv, const struct cap *c, struct mapping *m)
{
	struct tcb *t = iv->caller;
	int err = CAIRN_OK;

	if (cap_type(c) != CAIRN_OBJ_FRAME) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	if (iv->len < 3) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	uint64_t rights = msg_get(t, 2);
	struct cte *vs =
	    cspace_lookup_type(t, msg_get(t, 0), CAIRN_OBJ_VSPACE, &err);
	if (vs == NULL) {
		return err != CAIRN_OK ? err : CAIRN_E_INVALID_CAP;
	}
	if ((rights & ~cap_rights(c) &
	     (CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE | CAIRN_RIGHT_EXEC)) != 0) {
		return CAIRN_E_NO_RIGHTS;
	}
	if ((rights & CAIRN_RIGHT_WRITE) && (rights & CAIRN_RIGHT_EXEC)) {
		return CAIRN_E_INVALID_ARGUMENT; /* W^X */
	}
	/* No unreadable mappings (x86_64 has none); device memory is
	 * executable only where the arch allows it. */
	if (!(rights & CAIRN_RIGHT_READ) ||
	    (!VSPACE_DEVICE_EXEC && (c->w1 & FRAME_DEVICE) &&
	     (rights & CAIRN_RIGHT_EXEC))) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	return check_frame(c, vs->cap.w1 & MAP_ASID_MASK, msg_get(t, 1),
			   pte_bits(c, rights), m);
}

/* MAP on a table or frame: decode, then map.  Inlined always: each
 * method's path straight through. */
static inline __attribute__((always_inline)) int
decode_map(struct invocation *iv, struct cap *c, bool frame)
{
	/* Zeroed: clang-analyzer cannot see that a refusal always says so. */
	struct mapping m = {0};
	int err =
	    frame ? decode_frame_map(iv, c, &m) : decode_table_map(iv, c, &m);

	if (err != CAIRN_OK) {
		return err;
	}
	invoke_map(c, &m);
	return CAIRN_OK;
}

/* UNMAP on a table (PAGE_TABLE_UNMAP) or a frame (FRAME_UNMAP): the
 * method must match the object.  The invoke step is vspace_unmap, which
 * cannot fail (a capability that maps nothing unmaps nothing). */
static int
decode_unmap(struct invocation *iv, struct cap *c)
{
	unsigned type = cap_type(c);

	if ((iv->label == CAIRN_FRAME_UNMAP) != (type == CAIRN_OBJ_FRAME) ||
	    (type != CAIRN_OBJ_FRAME && table_level(type) < 0)) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	vspace_unmap(c);
	return CAIRN_OK;
}

/* ADDRESS on a frame: its physical address in MR0. */
static void
invoke_frame_address(struct invocation *iv, const struct cap *c)
{
	msg_set(iv->caller, 0, cap_phys(c));
	iv->nresults = 1;
}

int
decode_vspace(struct invocation *iv)
{
	struct cap *c = &iv->slot->cap;

	switch (iv->label) {
	case CAIRN_PAGE_TABLE_MAP:
		return decode_map(iv, c, false);
	case CAIRN_PAGE_TABLE_UNMAP:
	case CAIRN_FRAME_UNMAP:
		return decode_unmap(iv, c);
	case CAIRN_FRAME_MAP:
		return decode_map(iv, c, true);
	case CAIRN_FRAME_ADDRESS:
		if (cap_type(c) != CAIRN_OBJ_FRAME) {
			return CAIRN_E_ILLEGAL_OPERATION;
		}
		invoke_frame_address(iv, c);
		return CAIRN_OK;
	default:
		return arch_decode(iv);
	}
}
