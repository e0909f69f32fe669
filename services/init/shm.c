/*
 * shm: shared regions.  A process asks init for a region; its frames are
 * made from the process's own block (they count against its quota) and
 * the region gets a range of the single layout no other region has.  The
 * answer carries a capability for the region: init's endpoint, badged
 * with the region.  Whoever is given that capability calls it to have
 * the region mapped, at the same address, into its own address space, so
 * a pointer into the region means the same in every process that maps
 * it.  The region lives as long as its creator: when that process ends,
 * its block is revoked, and every mapping of the region goes with it.
 */
#include "process.h"

#include "cstring.h"

#define MAX_REGIONS	 32
#define REGIONS_PER_PROC 4
#define REGION_MAX_SIZE	 (64ull << 20)

static struct region {
	word_t id; /* 0: free */
	word_t owner;
	word_t addr, size;
	cptr_t frames;	  /* the first of size >> 12 slots of init's, in the
			     owner's range */
	cptr_t cap;	  /* the region capability's original */
	word_t mapped[8]; /* pids that mapped it, besides the owner */
	cptr_t copies[8]; /* and the first of their copies of the frames:
			     size >> 12 slots of init's, apart */
	cptr_t tables[8]; /* and the page table each mapping took, or 0 */
} regions[MAX_REGIONS];
static word_t next_id = 1;

static struct region *
find(word_t id)
{
	for (int i = 0; i < MAX_REGIONS; i++) {
		if (regions[i].id == id && id != 0) {
			return &regions[i];
		}
	}
	return NULL;
}

/*
 * Delete a mapper's copies of the frames (unmapping them) and free their
 * slots.  If the mapper lives on (reuse), the page table the mapping
 * took is unmapped and kept as its spare: every region has a range of the
 * layout of its own, never used again, so without this a server that
 * maps its clients' regions (the block driver, each time the fs service
 * restarts) would lose a page table of its quota to each.
 */
static void
drop_copies(struct region *r, int k, bool reuse)
{
	word_t n = r->size >> 12;
	struct proc *m = proc_get(r->mapped[k]);

	for (word_t i = 0; i < n; i++) {
		cairn_cnode_delete(CAIRN_ROOT_CNODE, r->copies[k] + i);
	}
	if (reuse && m != NULL && r->tables[k] != 0 && m->spare[2] == 0 &&
	    cairn_page_table_unmap(r->tables[k]) == CAIRN_OK) {
		m->spare[2] = r->tables[k];
	}
	r->tables[k] = 0;
	slots_free_range(r->copies[k], n);
	r->mapped[k] = 0;
	r->copies[k] = 0;
}

void
shm_forget(word_t pid)
{
	for (int i = 0; i < MAX_REGIONS; i++) {
		struct region *r = &regions[i];
		for (int k = 0; k < 8; k++) {
			if (r->mapped[k] != 0 &&
			    (r->mapped[k] == pid || r->owner == pid)) {
				drop_copies(r, k, r->mapped[k] != pid);
			}
		}
		if (r->owner == pid) {
			memset(r, 0, sizeof(*r));
		}
	}
}

word_t
shm_create(struct proc *p, struct cairn_msg *m, cptr_t *cap)
{
	word_t size = (m->w[0] + 0xFFF) & ~0xFFFull;
	struct region *r = find(0);

	for (int i = 0; i < MAX_REGIONS && r == NULL; i++) {
		if (regions[i].id == 0) {
			r = &regions[i];
		}
	}
	if (size == 0 || size > REGION_MAX_SIZE) {
		return CAIRN_E_RANGE;
	}
	int mine = 0;
	for (int i = 0; i < MAX_REGIONS; i++) {
		mine += regions[i].id != 0 && regions[i].owner == p->pid;
	}
	if (mine >= REGIONS_PER_PROC) {
		return CAIRN_E_NO_MEMORY; /* leave some for the others */
	}
	if (r == NULL) {
		return CAIRN_E_NO_MEMORY;
	}
	word_t n = size >> 12;
	if (p->nslots - p->next < n + 1) {
		return CAIRN_E_NO_MEMORY;
	}
	/* A range of 2 MiB steps of its own: no other mapping shares its
	 * page tables (drop_copies). */
	word_t addr = layout_take(
	    (size + (1ull << 21) - 1) & ~((1ull << 21) - 1), 1ull << 21);
	cptr_t first = p->slots + p->next; /* the frames, side by side */
	p->next += n;
	for (word_t i = 0; i < n; i++) {
		if (proc_make_in(p, CAIRN_OBJ_FRAME, 12, CAIRN_ROOT_CNODE,
				 first + i, 1) != CAIRN_OK ||
		    proc_map(p, first + i, addr + (i << 12),
			     CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE) !=
			CAIRN_OK) {
			/* What was made stays charged to p until it ends. */
			return CAIRN_E_NO_MEMORY;
		}
	}
	cptr_t c = p->next < p->nslots ? p->slots + p->next++ : 0;
	if (c == 0 ||
	    cairn_cnode_mint(CAIRN_ROOT_CNODE, c, CAIRN_ROOT_CNODE,
			     names_endpoint("init", false),
			     CAIRN_RIGHT_WRITE | CAIRN_RIGHT_GRANT,
			     REGION_BADGE | next_id, NULL) != CAIRN_OK) {
		return CAIRN_E_NO_MEMORY;
	}
	*r = (struct region){next_id++, p->pid, addr, size, first,
			     c,		{0},	{0},  {0}};
	m->w[0] = addr;
	m->w[1] = size;
	*cap = c;
	return CAIRN_OK;
}

word_t
shm_map(word_t id, word_t pid, struct cairn_msg *m)
{
	struct region *r = find(id);
	struct proc *p = proc_get(pid);
	int free_at = -1;

	if (r == NULL || p == NULL || p->state != CAIRN_PS_RUNNING) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	m->w[0] = r->addr;
	m->w[1] = r->size;
	if (pid == r->owner) {
		return CAIRN_OK;
	}
	for (int k = 0; k < 8; k++) {
		if (r->mapped[k] == pid) {
			return CAIRN_OK; /* mapped already */
		}
		if (r->mapped[k] == 0 && free_at < 0) {
			free_at = k;
		}
	}
	word_t n = r->size >> 12;
	cptr_t first = free_at < 0 ? 0 : slots_alloc_range(n);
	if (first == 0) {
		return CAIRN_E_NO_MEMORY;
	}
	/*
	 * Copies of the frames, in slots of init's apart from p's range (so
	 * that p's reservation need not foresee what it maps): they go when
	 * p or the region's owner ends.  The page tables come from p.
	 */
	r->mapped[free_at] = pid;
	r->copies[free_at] = first;
	/* The page table it takes (one, for a region of at most 2 MiB)
	 * made beforehand, to know it. */
	if (p->spare[2] == 0 && n <= 512) {
		p->spare[2] = proc_make(p, CAIRN_OBJ_PAGE_TABLE, 0);
	}
	cptr_t table = p->spare[2];
	for (word_t i = 0; i < n; i++) {
		cptr_t c = first + i;
		if (cairn_cnode_copy(CAIRN_ROOT_CNODE, c, CAIRN_ROOT_CNODE,
				     r->frames + i, CAIRN_RIGHTS_ALL,
				     NULL) != CAIRN_OK ||
		    proc_map(p, c, r->addr + (i << 12),
			     CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE) !=
			CAIRN_OK) {
			drop_copies(r, free_at, false);
			return CAIRN_E_NO_MEMORY;
		}
	}
	r->tables[free_at] = n <= 512 && p->spare[2] == 0 ? table : 0;
	return CAIRN_OK;
}

/* The window where init reads a region a process asks it to start a
 * program from (SPAWN on a region capability): 2 MiB, the most an image
 * may span. */
#define VIEW_PAGES 512
static word_t view;
static cptr_t view_slots;
static word_t view_pages;

const uint8_t *
shm_view(word_t id, word_t pid, word_t *size)
{
	struct region *r = find(id);

	if (r == NULL || r->owner != pid || view_pages != 0) {
		return NULL;
	}
	word_t n = r->size >> 12;
	if (n > VIEW_PAGES) {
		n = VIEW_PAGES;
	}
	if (view == 0) {
		view = layout_take(VIEW_PAGES << 12, 1ull << 21);
		view_slots = slots_alloc_range(VIEW_PAGES);
		if (view_slots == 0) {
			return NULL;
		}
	}
	for (word_t i = 0; i < n; i++) {
		if (cairn_cnode_copy(CAIRN_ROOT_CNODE, view_slots + i,
				     CAIRN_ROOT_CNODE, r->frames + i,
				     CAIRN_RIGHT_READ, NULL) != CAIRN_OK ||
		    init_map(view_slots + i, view + (i << 12),
			     CAIRN_RIGHT_READ) != CAIRN_OK) {
			cairn_cnode_delete(CAIRN_ROOT_CNODE, view_slots + i);
			view_pages = i;
			shm_unview();
			return NULL;
		}
	}
	view_pages = n;
	*size = n << 12;
	return (const uint8_t *)view;
}

void
shm_unview(void)
{
	for (word_t i = 0; i < view_pages; i++) {
		cairn_cnode_delete(CAIRN_ROOT_CNODE, view_slots + i);
	}
	view_pages = 0;
}
