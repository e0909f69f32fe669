/*
 * vspace: page-table objects and frames on aarch64 (vspace.h), in the
 * shape of x86_64's: each method's decode step checks everything and
 * changes nothing (a map's fills a struct mapping); its invoke step
 * writes the entry and cannot fail.  A mapping is made only into an
 * empty entry, so nothing is silently replaced.
 *
 * Levels are counted as on x86_64, from the leaves: 0 a page table's
 * entries (Arm level 3: 4 KiB pages), 1 a page directory's (level 2:
 * 2 MiB blocks or page tables), 2 a PDPT's (level 1), 3 the VSpace's
 * (level 0).  User entries are non-global, so each is tagged with the
 * ASID it was used under, and a TLB invalidation names the ASID: an
 * address space that is not loaded needs no flush of its own later.
 */
#include "vspace.h"

#include <cairn/invocation.h>
#include <cairn/layout.h>

#include "cache.h"
#include "cstring.h"
#include "kobject.h"
#include "mmu.h"
#include "percpu.h"
#include "sysreg.h"

static uint64_t asid_table[ASID_COUNT]; /* ASID -> level-0 table (phys) */
static uint64_t asid_next = 1;
static uint64_t asid_limit = ASID_COUNT;

void
asid_init(void)
{
	uint64_t n = 1ull << mmu_asid_bits();

	asid_limit = n < ASID_COUNT ? n : ASID_COUNT;
}

uint64_t
asid_alloc(uint64_t phys)
{
	for (uint64_t n = 0; n < asid_limit - 1; n++) {
		uint64_t a = asid_next;
		asid_next = asid_next % (asid_limit - 1) + 1;
		if (asid_table[a] == 0) {
			asid_table[a] = phys;
			return a;
		}
	}
	return 0;
}

uint64_t
asid_vspace(uint64_t asid)
{
	return asid < ASID_COUNT ? asid_table[asid] : 0;
}

uint64_t
asid_available(void)
{
	uint64_t n = 0;

	for (uint64_t a = 1; a < asid_limit; a++) {
		n += asid_table[a] == 0;
	}
	return n;
}

void
arch_vspace_init(uint64_t phys)
{
	/* The kernel lives in TTBR1: a user level-0 table starts empty,
	 * and retype has zeroed it. */
	(void)phys;
}

/* The level an object's entry lives in: 3 the VSpace's ... 1. */
static int
table_level(unsigned type)
{
	switch (type) {
	case CAIRN_OBJ_PDPT:
		return 3; /* a level-1 table is installed in a level-0 entry */
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
 * The entry for vaddr at level in the address space root, walking only
 * existing tables; NULL if one on the way is missing or a block.
 */
static uint64_t *
pt_lookup(uint64_t root, uint64_t vaddr, int level)
{
	uint64_t table = root;

	for (int l = 3; l > level; l--) {
		uint64_t e = *entry(table, vaddr, l);
		if ((e & (PTE_VALID | PTE_TABLE)) != (PTE_VALID | PTE_TABLE)) {
			return NULL;
		}
		table = e & PTE_ADDR;
	}
	return entry(table, vaddr, level);
}

bool
vspace_has_table(uint64_t asid, uint64_t vaddr, int level)
{
	uint64_t root = asid_vspace(asid);
	uint64_t *e = root != 0 ? pt_lookup(root, vaddr, level) : NULL;

	return e != NULL && (*e & PTE_VALID);
}

/* A frame's entry level: 0 for 4 KiB pages, 1 for 2 MiB blocks. */
static int
frame_level(const struct cap *c)
{
	return cap_size(c) == CAIRN_LARGE_PAGE_BITS ? 1 : 0;
}

/*
 * The descriptor bits of a user frame mapped with rights: normal
 * write-back memory or Device-nGnRE, non-global (tagged with the ASID),
 * never executable at EL1 (PXN), executable at EL0 only with EXEC.
 */
static uint64_t
frame_bits(const struct cap *c, uint64_t rights)
{
	uint64_t b = PTE_AF | PTE_NG | PTE_AP_EL0 | PTE_PXN;

	if (!(rights & CAIRN_RIGHT_WRITE)) {
		b |= PTE_AP_RO;
	}
	if (c->w1 & FRAME_DEVICE) {
		return b | PTE_ATTR(MT_DEVICE_NGNRE) | PTE_UXN;
	}
	b |= PTE_ATTR(MT_NORMAL) | PTE_SH_IN;
	return rights & CAIRN_RIGHT_EXEC ? b : b | PTE_UXN;
}

/* The bits a remap may change: the access and execute permissions. */
#define PTE_RIGHTS (PTE_AP_RO | PTE_UXN)

/*
 * A mapping checked by its decode step: the entry to write and its new
 * value, the capability's new w1, and for a remap (the entry was valid)
 * the ASID and address to flush.
 */
struct mapping {
	uint64_t *pte;
	uint64_t val;
	uint64_t w1;
	bool remap;
	uint64_t asid, vaddr;
};

/* Make the mapping m of c.  Cannot fail. */
static void
invoke_map(struct cap *c, const struct mapping *m)
{
	*m->pte = m->val;
	c->w1 = m->w1;
	pt_sync();
	if (m->remap) {
		tlb_flush_page(m->vaddr, (uint16_t)m->asid);
	}
}

/*
 * Check a map of c, which maps already, into m: only a frame at the same
 * place again, for new rights (a remap).  Anywhere else it is in use.
 */
static int
check_remap(const struct cap *c, uint64_t root, uint64_t asid, uint64_t vaddr,
	    uint64_t bits, struct mapping *m)
{
	uint64_t *e = pt_lookup(root, vaddr, frame_level(c));

	if (cap_type(c) != CAIRN_OBJ_FRAME || (c->w1 & MAP_ASID_MASK) != asid ||
	    (c->w1 & MAP_VADDR_MASK) != vaddr || e == NULL ||
	    !(*e & PTE_VALID) || (*e & PTE_ADDR) != cap_phys(c)) {
		return CAIRN_E_IN_USE;
	}
	m->pte = e;
	m->val = (*e & ~PTE_RIGHTS) | (bits & PTE_RIGHTS);
	m->w1 = c->w1;
	m->remap = true;
	m->asid = asid;
	m->vaddr = vaddr;
	return CAIRN_OK;
}

/* Check a map of frame c at vaddr in asid's space with rights, into m. */
static int
check_frame(const struct cap *c, uint64_t asid, uint64_t vaddr, uint64_t rights,
	    struct mapping *m)
{
	uint64_t root = asid_vspace(asid);
	int level = frame_level(c);
	uint64_t span = level == 0 ? PAGE_SIZE : LARGE_SIZE;

	if (root == 0) {
		return CAIRN_E_INVALID_CAP;
	}
	if (c->w1 & MAP_MAPPED) {
		return check_remap(c, root, asid, vaddr, frame_bits(c, rights),
				   m);
	}
	if (vaddr % span != 0) {
		return CAIRN_E_ALIGNMENT;
	}
	/* All of it below CAIRN_USER_TOP, and page 0 stays unmapped. */
	if (vaddr < PAGE_SIZE || vaddr >= CAIRN_USER_TOP ||
	    span > CAIRN_USER_TOP - vaddr) {
		return CAIRN_E_BAD_ADDRESS;
	}
	uint64_t *e = pt_lookup(root, vaddr, level);
	if (e == NULL) {
		return CAIRN_E_NO_TABLE;
	}
	if (*e & PTE_VALID) {
		return CAIRN_E_IN_USE;
	}
	m->pte = e;
	m->val = cap_phys(c) | frame_bits(c, rights) |
		 (level == 0 ? PTE_PAGE : PTE_BLOCK);
	m->w1 = (c->w1 & FRAME_DEVICE) | MAP_MAPPED | vaddr | asid;
	m->remap = false;
	return CAIRN_OK;
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
		return CAIRN_E_IN_USE;
	}
	vaddr &= ~((1ull << (12 + 9 * level)) - 1);
	if (vaddr >= CAIRN_USER_TOP) {
		return CAIRN_E_BAD_ADDRESS;
	}
	uint64_t *e = pt_lookup(root, vaddr, level);
	if (e == NULL) {
		return CAIRN_E_NO_TABLE;
	}
	if (*e & PTE_VALID) {
		return CAIRN_E_IN_USE;
	}
	m->pte = e;
	m->val = cap_phys(c) | PTE_TABLE | PTE_VALID;
	m->w1 = MAP_MAPPED | (vaddr & MAP_VADDR_MASK) | asid;
	m->remap = false;
	return CAIRN_OK;
}

int
vspace_map_cap(struct cap *c, uint64_t asid, uint64_t vaddr, uint64_t rights)
{
	struct mapping m = {0};
	int err = cap_type(c) == CAIRN_OBJ_FRAME
		      ? check_frame(c, asid, vaddr, rights, &m)
		      : check_table(c, asid, vaddr, &m);

	if (err != CAIRN_OK) {
		return err;
	}
	invoke_map(c, &m);
	return CAIRN_OK;
}

/* arch_unmap for a frame: clear its entry if it is still there. */
static void
unmap_frame(struct cap *c)
{
	uint64_t w1 = c->w1;
	uint64_t asid = w1 & MAP_ASID_MASK;
	uint64_t vaddr = w1 & MAP_VADDR_MASK;
	uint64_t root = asid_table[asid]; /* masked: in range */

	if (!(w1 & MAP_MAPPED)) {
		return;
	}
	c->w1 = w1 & FRAME_DEVICE;
	uint64_t *e = root != 0 ? pt_lookup(root, vaddr, frame_level(c)) : NULL;
	if (e != NULL && (*e & PTE_VALID) && (*e & PTE_ADDR) == cap_phys(c)) {
		*e = 0;
		tlb_flush_page(vaddr, (uint16_t)asid);
	}
}

void
arch_unmap(struct cap *c)
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
	c->w1 = 0;
	uint64_t *e =
	    root != 0 ? pt_lookup(root, vaddr, table_level(type)) : NULL;
	if (e != NULL && (*e & PTE_VALID) && (*e & PTE_ADDR) == cap_phys(c)) {
		*e = 0;
		/* Any address under the table: every entry of the ASID. */
		tlb_flush_asid((uint16_t)asid);
	}
	/*
	 * An unmapped table is emptied, found or not: entries left in it
	 * would outlive the frames they name and come back if it were
	 * mapped again.
	 */
	memset(phys_to_virt(cap_phys(c)), 0, PAGE_SIZE);
}

void
arch_finalise(struct cap *c)
{
	if (cap_type(c) != CAIRN_OBJ_VSPACE) {
		return;
	}
	uint64_t asid = c->w1 & MAP_ASID_MASK;
	if (asid_vspace(asid) == cap_phys(c)) {
		asid_table[asid] = 0;
		/* Whoever takes the ASID next finds none of these entries. */
		tlb_flush_asid((uint16_t)asid);
	}
	if (cpu0.ttbr0 == cap_phys(c)) {
		mmu_set_user_none();
		cpu0.ttbr0 = 0;
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
	/* As on x86_64: no unreadable mappings; and device memory is never
	 * executable. */
	if (!(rights & CAIRN_RIGHT_READ) ||
	    ((c->w1 & FRAME_DEVICE) && (rights & CAIRN_RIGHT_EXEC))) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	return check_frame(c, vs->cap.w1 & MAP_ASID_MASK, msg_get(t, 1), rights,
			   m);
}

static int
decode_map(struct invocation *iv, struct cap *c, bool frame)
{
	struct mapping m = {0};
	int err =
	    frame ? decode_frame_map(iv, c, &m) : decode_table_map(iv, c, &m);

	if (err != CAIRN_OK) {
		return err;
	}
	invoke_map(c, &m);
	return CAIRN_OK;
}

/* UNMAP on a table or a frame: the method must match the object. */
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

/* The arch's invocations: page tables and frames. */
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
		msg_set(iv->caller, 0, cap_phys(c));
		iv->nresults = 1;
		return CAIRN_OK;
	default:
		return CAIRN_E_ILLEGAL_OPERATION;
	}
}
