/*
 * vspace: page-table objects and frames (vspace.h).  Each method's
 * decode step checks everything and changes nothing: a map's fills a
 * struct mapping (the entry to write, its value, the capability's new
 * w1); its invoke step writes them and cannot fail.  A mapping is made
 * only into an empty entry, so nothing is silently replaced.
 */
#include "vspace.h"

#include <cairn/invocation.h>
#include <cairn/layout.h>

#include "cpu.h"
#include "cstring.h"
#include "kobject.h"
#include "irq.h"
#include "percpu.h"

static uint64_t asid_table[ASID_COUNT]; /* ASID -> PML4 physical address */
/* A bit per ASID in use (ASID 0 counts as used: it means none), and how
 * many are free, so that taking one and counting are bounded. */
static uint64_t asid_used[ASID_COUNT / 64] = {1};
static uint64_t asid_free = ASID_COUNT - 1;
static uint64_t asid_next_word; /* where the next search starts */
bool vspace_pcid;
uint64_t asid_stale[ASID_COUNT / 64];

void
vspace_pcid_init(void)
{
	if (cpu_features.pcid) {
		write_cr4(read_cr4() | CR4_PCIDE);
		vspace_pcid = true;
	}
}

static void
mark_stale(uint64_t asid)
{
	asid_stale[asid / 64] |= 1ull << (asid % 64);
}

/*
 * A free ASID for phys, or 0: at most one look at each word of the
 * bitmap, starting after the word the last one came from, so that freed
 * ASIDs (stale in the TLB until their next load flushes them) are not
 * taken again at once.
 */
uint64_t
asid_alloc(uint64_t phys)
{
	for (uint64_t n = 0; n < ASID_COUNT / 64; n++) {
		uint64_t w = (asid_next_word + n) % (ASID_COUNT / 64);
		if (asid_used[w] != ~0ull) {
			uint64_t a =
			    w * 64 + (uint64_t)__builtin_ctzll(~asid_used[w]);
			asid_used[w] |= 1ull << (a % 64);
			asid_free--;
			asid_table[a] = phys;
			asid_next_word = (w + 1) % (ASID_COUNT / 64);
			return a;
		}
	}
	return 0;
}

/* Give asid back. */
static void
asid_release(uint64_t asid)
{
	asid_table[asid] = 0;
	asid_used[asid / 64] &= ~(1ull << (asid % 64));
	asid_free++;
}

uint64_t
asid_vspace(uint64_t asid)
{
	return asid < ASID_COUNT ? asid_table[asid] : 0;
}

void
arch_vspace_init(uint64_t phys)
{
	memcpy((uint64_t *)phys_to_virt(phys) + 256,
	       (uint64_t *)phys_to_virt(kernel_pml4) + 256,
	       256 * sizeof(uint64_t));
}

/* The level an object's entries live in: 3 PML4 ... 0 page table. */
static int
table_level(unsigned type)
{
	switch (type) {
	case CAIRN_OBJ_PDPT:
		return 3; /* a PDPT is installed in a PML4 entry */
	case CAIRN_OBJ_PAGE_DIR:
		return 2;
	case CAIRN_OBJ_PAGE_TABLE:
		return 1;
	default:
		return -1;
	}
}

static uint64_t *
entry(uint64_t table, uint64_t vaddr, int level)
{
	return (uint64_t *)phys_to_virt(table) +
	       ((vaddr >> (12 + 9 * level)) & 511);
}

/*
 * The entry for vaddr at level in the address space pml4, walking only
 * existing tables; NULL if one on the way is missing or a large page.
 * Inlined always: with a constant level the walk is straight-line code.
 */
static inline __attribute__((always_inline)) uint64_t *
pt_lookup(uint64_t pml4, uint64_t vaddr, int level)
{
	uint64_t table = pml4;

	for (int l = 3; l > level; l--) {
		uint64_t e = *entry(table, vaddr, l);
		if (!(e & PTE_P) || (e & PTE_PS)) {
			return NULL;
		}
		table = e & PTE_ADDR;
	}
	return entry(table, vaddr, level);
}

bool
vspace_has_table(uint64_t asid, uint64_t vaddr, int level)
{
	uint64_t pml4 = asid_vspace(asid);
	uint64_t *e = pml4 != 0 ? pt_lookup(pml4, vaddr, level) : NULL;

	return e != NULL && (*e & PTE_P);
}

/*
 * A mapping of asid at vaddr changed (all: a table, so any address under
 * it).  Loaded now: flush it.  Not loaded: without PCIDs the load will
 * flush everything; with them, mark the ASID for its next load.
 */
static void
flush(uint64_t asid, uint64_t pml4, uint64_t vaddr, bool all)
{
	if (pml4 != cpu0.cr3) {
		if (vspace_pcid) {
			mark_stale(asid);
		}
		return;
	}
	if (all) {
		write_cr3(vspace_pcid ? pml4 | asid : pml4);
	} else {
		invlpg(vaddr);
	}
}

/* The entry level and address alignment of a frame of size bits. */
static int
frame_level(const struct cap *c)
{
	return cap_size(c) == CAIRN_LARGE_PAGE_BITS ? 1 : 0;
}

/* The entry of a frame at vaddr: a page table's, or a large page's. */
static uint64_t *
frame_entry(uint64_t pml4, uint64_t vaddr, int level)
{
	return level == 0 ? pt_lookup(pml4, vaddr, 0)
			  : pt_lookup(pml4, vaddr, 1);
}

/* Undo the mapping of w1 (a mapped frame's) at level, found or not. */
static inline __attribute__((always_inline)) void
unmap_frame_at(const struct cap *c, uint64_t w1, uint64_t pml4, int level)
{
	uint64_t vaddr = w1 & MAP_VADDR_MASK;
	uint64_t *e = pt_lookup(pml4, vaddr, level);

	if (e != NULL && (*e & PTE_P) && (*e & PTE_ADDR) == cap_phys(c)) {
		*e = 0;
		flush(w1 & MAP_ASID_MASK, pml4, vaddr, false);
	}
}

/* arch_unmap for a frame: its level's walk, straight through. */
static void
unmap_frame(struct cap *c)
{
	uint64_t w1 = c->w1;
	uint64_t pml4 = asid_table[w1 & MAP_ASID_MASK]; /* masked: in range */

	if (!(w1 & MAP_MAPPED)) {
		return;
	}
	c->w1 = w1 & FRAME_DEVICE;
	if (pml4 == 0) {
		return;
	}
	if (frame_level(c) == 0) {
		unmap_frame_at(c, w1, pml4, 0);
	} else {
		unmap_frame_at(c, w1, pml4, 1);
	}
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
	uint64_t pml4; /* remap: flush in this PML4; 0: nothing to flush */
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
	if (m->pml4 != 0) {
		flush(m->asid, m->pml4, m->vaddr, false);
	}
}

/*
 * Check a map of c, which maps already, into m: only at the same place
 * again, for new rights (a remap).  Anywhere else it is in use.  Inlined
 * always, like the other checks, so that m never leaves the registers.
 */
static inline __attribute__((always_inline)) int
check_remap(const struct cap *c, uint64_t pml4, uint64_t asid, uint64_t vaddr,
	    int level, uint64_t flags, struct mapping *m)
{
	uint64_t *e = frame_entry(pml4, vaddr, level);

	if (cap_type(c) != CAIRN_OBJ_FRAME || (c->w1 & MAP_ASID_MASK) != asid ||
	    (c->w1 & MAP_VADDR_MASK) != vaddr || e == NULL || !(*e & PTE_P) ||
	    (*e & PTE_ADDR) != cap_phys(c)) {
		return CAIRN_E_IN_USE;
	}
	m->pte = e;
	m->val = (*e & (PTE_ADDR | PTE_P | PTE_U | PTE_PS)) | flags;
	m->w1 = c->w1;
	m->pml4 = pml4;
	m->asid = asid;
	m->vaddr = vaddr;
	return CAIRN_OK;
}

/*
 * Check a map of frame c, mapped nowhere, at vaddr in the address space
 * pml4 of asid with the entry flags given, into m.  An empty entry was
 * in no TLB, so nothing will be flushed.
 */
static inline __attribute__((always_inline)) int
check_frame_at(const struct cap *c, uint64_t pml4, uint64_t asid,
	       uint64_t vaddr, uint64_t flags, int level, struct mapping *m)
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
	uint64_t *e = pt_lookup(pml4, vaddr, level);
	if (e == NULL) {
		return CAIRN_E_NO_TABLE;
	}
	if (*e & PTE_P) {
		return CAIRN_E_IN_USE;
	}
	m->pte = e;
	m->val =
	    cap_phys(c) | PTE_P | PTE_U | (level == 1 ? PTE_PS : 0) | flags;
	m->w1 = (c->w1 & FRAME_DEVICE) | MAP_MAPPED | vaddr | asid;
	m->pml4 = 0;
	return CAIRN_OK;
}

/* Check a map of frame c (vspace_map_cap's contract) into m: each
 * level's body straight through. */
static inline __attribute__((always_inline)) int
check_frame(const struct cap *c, uint64_t asid, uint64_t vaddr, uint64_t flags,
	    struct mapping *m)
{
	uint64_t pml4 = asid_vspace(asid);
	int level = frame_level(c);

	if (pml4 == 0) {
		return CAIRN_E_INVALID_CAP;
	}
	if (c->w1 & MAP_MAPPED) {
		return check_remap(c, pml4, asid, vaddr, level, flags, m);
	}
	if (level == 0) {
		return check_frame_at(c, pml4, asid, vaddr, flags, 0, m);
	}
	return check_frame_at(c, pml4, asid, vaddr, flags, 1, m);
}

/* The same for a page-table object c: it covers an aligned span. */
static int
check_table(const struct cap *c, uint64_t asid, uint64_t vaddr, uint64_t flags,
	    struct mapping *m)
{
	uint64_t pml4 = asid_vspace(asid);
	int level = table_level(cap_type(c));

	if (pml4 == 0 || level < 0) {
		return CAIRN_E_INVALID_CAP;
	}
	if (c->w1 & MAP_MAPPED) {
		return check_remap(c, pml4, asid, vaddr, level, flags, m);
	}
	vaddr &= ~((1ull << (12 + 9 * level)) - 1);
	if (vaddr >= CAIRN_USER_TOP) {
		return CAIRN_E_BAD_ADDRESS;
	}
	uint64_t *e = pt_lookup(pml4, vaddr, level);
	if (e == NULL) {
		return CAIRN_E_NO_TABLE;
	}
	if (*e & PTE_P) {
		return CAIRN_E_IN_USE;
	}
	m->pte = e;
	m->val = cap_phys(c) | PTE_P | PTE_U | flags;
	m->w1 = (c->w1 & FRAME_DEVICE) | MAP_MAPPED | (vaddr & MAP_VADDR_MASK) |
		asid;
	m->pml4 = 0;
	return CAIRN_OK;
}

int
vspace_map_cap(struct cap *c, uint64_t asid, uint64_t vaddr, uint64_t flags)
{
	/* Zeroed: clang-analyzer cannot see that a refusal always says so. */
	struct mapping m = {0};
	int err = cap_type(c) == CAIRN_OBJ_FRAME
		      ? check_frame(c, asid, vaddr, flags, &m)
		      : check_table(c, asid, vaddr, flags, &m);

	if (err != CAIRN_OK) {
		return err;
	}
	invoke_map(c, &m);
	return CAIRN_OK;
}

void
arch_unmap(struct cap *c)
{
	unsigned type = cap_type(c);
	uint64_t asid = c->w1 & MAP_ASID_MASK;
	uint64_t vaddr = c->w1 & MAP_VADDR_MASK;
	uint64_t pml4 = asid_vspace(asid);

	if (type == CAIRN_OBJ_FRAME) {
		unmap_frame(c);
		return;
	}
	if (!(c->w1 & MAP_MAPPED)) {
		return;
	}
	c->w1 &= FRAME_DEVICE;
	uint64_t *e =
	    pml4 != 0 ? pt_lookup(pml4, vaddr, table_level(type)) : NULL;
	if (e != NULL && (*e & PTE_P) && (*e & PTE_ADDR) == cap_phys(c)) {
		*e = 0;
		flush(asid, pml4, vaddr, true);
	}
	/*
	 * An unmapped table is emptied, found or not: entries left in it
	 * would outlive the frames they name (which cannot find them once
	 * the table is out of the tree) and come back if it were mapped
	 * again.
	 */
	if (type != CAIRN_OBJ_FRAME) {
		memset(phys_to_virt(cap_phys(c)), 0, PAGE_SIZE);
	}
}

uint64_t
asid_available(void)
{
	return asid_free;
}

void
arch_finalise(struct cap *c)
{
	switch (cap_type(c)) {
	case CAIRN_OBJ_VSPACE: {
		uint64_t asid = c->w1 & MAP_ASID_MASK;
		if (asid_vspace(asid) == cap_phys(c)) {
			asid_release(asid);
			mark_stale(asid); /* for whoever takes it next */
		}
		if (cpu0.cr3 == cap_phys(c)) {
			write_cr3(kernel_pml4);
			cpu0.cr3 = kernel_pml4;
		}
		break;
	}
	case CAIRN_CAP_IOPORT:
		port_finalise(c);
		break;
	default:
		break;
	}
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
		return err;
	}
	return check_table(c, vs->cap.w1 & MAP_ASID_MASK, msg_get(t, 1), PTE_W,
			   m);
}

/* The entry flags of a frame c mapped with the rights given. */
static uint64_t
frame_flags(const struct cap *c, uint64_t rights)
{
	uint64_t flags = (rights & CAIRN_RIGHT_WRITE ? PTE_W : 0) |
			 (rights & CAIRN_RIGHT_EXEC ? 0 : pte_nx);

	if (c->w1 & FRAME_DEVICE) {
		flags |= PTE_PCD | PTE_PWT;
	}
	return flags;
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
		return err;
	}
	if ((rights & ~cap_rights(c) &
	     (CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE | CAIRN_RIGHT_EXEC)) != 0) {
		return CAIRN_E_NO_RIGHTS;
	}
	if ((rights & CAIRN_RIGHT_WRITE) && (rights & CAIRN_RIGHT_EXEC)) {
		return CAIRN_E_INVALID_ARGUMENT; /* W^X */
	}
	if (!(rights & CAIRN_RIGHT_READ)) {
		return CAIRN_E_INVALID_ARGUMENT; /* x86 cannot map unreadable */
	}
	return check_frame(c, vs->cap.w1 & MAP_ASID_MASK, msg_get(t, 1),
			   frame_flags(c, rights), m);
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
 * method must match the object.  The invoke step is arch_unmap, which
 * cannot fail (a capability that maps nothing unmaps nothing). */
static int
decode_unmap(struct invocation *iv, struct cap *c)
{
	unsigned type = cap_type(c);

	if ((iv->label == CAIRN_FRAME_UNMAP) != (type == CAIRN_OBJ_FRAME) ||
	    (type != CAIRN_OBJ_FRAME && table_level(type) < 0)) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	arch_unmap(c);
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
decode_arch(struct invocation *iv)
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
		return decode_port(iv);
	}
}
