/*
 * mem: the server's memory and its processes' pages.  Every object comes
 * from the Untyped of the manifest's `untyped` grant.  An Untyped gives
 * memory back only when all its children are gone, so what a process no
 * longer needs goes to a pool here and is used again: frames (zeroed on
 * the way out), page tables (unmapped).  Each frame is mapped once in the
 * server's mirror, at MIRROR_BASE + its slot * 4 KiB; the process maps a
 * copy of its capability.
 *
 * fork shares every frame (frame_refs counts the processes that have
 * it): the parent's pages lose write, and the child's are mapped at
 * their first touch (a page with no copy is out of the address space),
 * without write; both are copy on write (struct lpage's cow).  The first
 * write, a fault of the process's or the server's own mem_page(write),
 * copies the page to a frame of its own, or, for the last process left
 * with the frame, maps it writable again.  A fork needs no memory for
 * its pages; a copy or a map that finds none ends the process by SIGSEGV
 * in mem_fault, or answers EFAULT to a server's write (docs/posix.md).
 *
 * A page of a MAP_SHARED mapping (struct lpage's shared) is never copy
 * on write: fork gives the child the frame itself, writable as the
 * parent's, and frame_refs counts both; munmap, execve or the end of
 * either drops one reference, and the last gives the frame back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairn/arch/object.h>
#include <cairn/object.h>
#include <cairn/fault.h>

#include "posix.h"
#include "procrt.h"

#define FRAMES_MAX  8192 /* the 32 MiB Untyped holds no more */
#define TABLES_MAX  1024
#define SLOTS	    (1u << 14) /* the server's CNode (its manifest) */
#define TABLE_KINDS 3
#define MAX_TABLES  64	/* page tables one process may have */
#define PAGES_FIRST 512 /* a process's table of pages at first (entries) */

static cptr_t untyped[2], own_vspace;
cptr_t posix_own_tcb;

static struct {
	cptr_t slot[FRAMES_MAX];
	unsigned n;
} frames;
static struct {
	cptr_t slot[TABLES_MAX];
	unsigned n;
} tables[TABLE_KINDS];

/* How many processes map each frame (by its slot): a program's read-only
 * pages are one frame, shared by every process that forked from it, and
 * a MAP_SHARED page is one frame for all.  A process has a frame at one
 * address at most (fork copies, mremap moves), so a count never passes
 * POSIX_MAX_PROCS and the table, one count per slot, is never full. */
static uint16_t frame_refs[SLOTS];
_Static_assert(POSIX_MAX_PROCS < UINT16_MAX, "a frame's count fits");

/* The page tables each process has, to unmap from the lowest. */
static struct {
	cptr_t cap[MAX_TABLES];
	word_t type[MAX_TABLES];
	unsigned n;
} ptabs[POSIX_MAX_PROCS];

static const word_t table_type[TABLE_KINDS] = {
    CAIRN_OBJ_PDPT, CAIRN_OBJ_PAGE_DIR, CAIRN_OBJ_PAGE_TABLE};

int
mem_init(void)
{
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_UNTYPED, NULL);

	if (g == NULL) {
		return -1;
	}
	untyped[0] = g->slot;
	untyped[1] = g->slot + 1;
	own_vspace = g->slot2;
	posix_own_tcb = g->reserved;
	return 0;
}

/* Bytes of the Untyped made into objects (what the kernel says each
 * takes); alignment between them is not counted. */
static uint64_t made;

void
mem_stats(uint64_t *total, uint64_t *free)
{
	uint64_t pooled = frames.n;

	for (int k = 0; k < TABLE_KINDS; k++) {
		pooled += tables[k].n;
	}
	*total = POSIX_MEMORY;
	*free = POSIX_MEMORY - made + pooled * PAGE;
}

cptr_t
mem_object(word_t type, word_t size)
{
	cptr_t s = cairn_slot_alloc();
	int st = CAIRN_E_NO_MEMORY;

	/* The second half once the first is full. */
	for (int i = 0; i < 2 && s != 0 && st != CAIRN_OK; i++) {
		st = cairn_untyped_retype(untyped[i], type, size,
					  CAIRN_PROC_CNODE, s, 1, NULL);
	}
	if (s != 0 && st != CAIRN_OK) {
		cairn_slot_free(s);
		s = 0;
	}
	int bits = cairn_object_bits(type, size);
	if (s != 0 && bits >= 0) {
		made += 1ull << bits;
	}
	return s;
}

static void *
mirror(cptr_t frame)
{
	return (void *)(MIRROR_BASE + frame * PAGE);
}

static cptr_t
table_get(unsigned kind)
{
	unsigned *n = &tables[kind].n;

	return *n > 0 ? tables[kind].slot[--*n]
		      : mem_object(table_type[kind], 0);
}

static void
table_put(unsigned kind, cptr_t c)
{
	if (tables[kind].n < TABLES_MAX) {
		tables[kind].slot[tables[kind].n++] = c;
	}
}

/*
 * Map frame at va in vspace, making the tables it lacks; a table made
 * for a process is recorded in *own (NULL: the server's, kept for good).
 */
static int
map_with_tables(cptr_t frame, cptr_t vspace, word_t va, word_t rights,
		int owner)
{
	for (int tries = 0;; tries++) {
		int st = cairn_frame_map(frame, vspace, va, rights);
		if (st != CAIRN_E_NO_TABLE || tries == TABLE_KINDS) {
			return st;
		}
		/* The highest missing table: those above it are there. */
		for (unsigned k = 0; k < TABLE_KINDS; k++) {
			cptr_t t = table_get(k);
			if (t == 0) {
				return CAIRN_E_NO_MEMORY;
			}
			if (cairn_page_table_map(t, vspace, va) != CAIRN_OK) {
				table_put(k, t);
				continue;
			}
			if (owner >= 0) {
				unsigned *n = &ptabs[owner].n;
				if (*n == MAX_TABLES) {
					cairn_page_table_unmap(t);
					table_put(k, t);
					return CAIRN_E_NO_MEMORY;
				}
				ptabs[owner].cap[*n] = t;
				ptabs[owner].type[(*n)++] = k;
			}
			break;
		}
	}
}

/* A frame, mapped in the mirror, its one reference taken, zeroed if
 * asked (a page about to be copied over need not be); 0 if memory is
 * out. */
static cptr_t
frame_get(bool zero)
{
	if (frames.n > 0) {
		cptr_t f = frames.slot[--frames.n];
		if (zero) {
			memset(mirror(f), 0, PAGE);
		}
		frame_refs[f] = 1;
		return f;
	}
	cptr_t f = mem_object(CAIRN_OBJ_FRAME, 12);
	if (f != 0 && map_with_tables(f, own_vspace, (word_t)mirror(f),
				      CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE,
				      -1) != CAIRN_OK) {
		cairn_cnode_delete(CAIRN_PROC_CNODE, f);
		cairn_slot_free(f);
		f = 0;
	}
	if (f >= SLOTS) {
		cairn_cnode_delete(CAIRN_PROC_CNODE, f); /* cannot happen */
		f = 0;
	}
	if (f != 0) {
		frame_refs[f] = 1;
	}
	return f;
}

/* Drop a reference to frame f: the last one gives it to the pool. */
static void
frame_drop(cptr_t f)
{
	if (--frame_refs[f] == 0 && frames.n < FRAMES_MAX) {
		frames.slot[frames.n++] = f;
	}
}

/* Table t of cap entries' entry for page va, or the free entry where it
 * would go. */
static struct lpage *
lookup(struct lpage *t, unsigned cap, word_t va)
{
	unsigned i =
	    (unsigned)((va >> 12) * 0x9E3779B97F4A7C15ull >> 40) & (cap - 1);

	while (t[i].va != 0 && t[i].va != va) {
		i = (i + 1) & (cap - 1);
	}
	return &t[i];
}

static struct lpage *
slot_of(struct lproc *p, word_t va)
{
	return lookup(p->pages, p->cap, va);
}

int
mem_tables(void)
{
	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		procs[i].pages = calloc(PAGES_FIRST, sizeof(struct lpage));
		if (procs[i].pages == NULL) {
			return -ENOMEM;
		}
		procs[i].cap = PAGES_FIRST;
	}
	return 0;
}

/* Room in p's table for n more pages (it doubles while it is more than
 * half full): 0, or -ENOMEM past POSIX_MAX_PAGES or with no heap left. */
static int
room(struct lproc *p, unsigned n)
{
	unsigned cap = p->cap;

	if (n > POSIX_MAX_PAGES - p->npages) {
		return -ENOMEM;
	}
	while ((p->npages + n) * 2 > cap) {
		cap *= 2;
	}
	if (cap == p->cap) {
		return 0;
	}
	struct lpage *t = calloc(cap, sizeof(*t));
	if (t == NULL) {
		return -ENOMEM;
	}
	for (unsigned i = 0; i < p->cap; i++) {
		if (p->pages[i].va != 0) {
			*lookup(t, cap, p->pages[i].va) = p->pages[i];
		}
	}
	free(p->pages);
	p->pages = t;
	p->cap = cap;
	return 0;
}

/* The rights a page with prot is mapped with; a page copy on write's
 * without write. */
static word_t
rights_of(unsigned prot, bool cow)
{
	word_t r = CAIRN_RIGHT_READ;

	if (prot & PROT_W) {
		r |= CAIRN_RIGHT_WRITE;
	} else if (prot & PROT_X) {
		r |= CAIRN_RIGHT_EXEC;
	}
	return cow ? r & ~(word_t)CAIRN_RIGHT_WRITE : r;
}

/* A copy of frame f's capability, for a process to map: 0 if no slot. */
static cptr_t
frame_cap(cptr_t f)
{
	cptr_t c = cairn_slot_alloc();

	if (c != 0 && cairn_cnode_copy(CAIRN_PROC_CNODE, c, CAIRN_PROC_CNODE, f,
				       CAIRN_RIGHTS_ALL, NULL) != CAIRN_OK) {
		cairn_slot_free(c);
		c = 0;
	}
	return c;
}

/* Map frame f (a reference of p's, taken) at va in p: 0, or -ENOMEM
 * with the reference dropped. */
static int
map_frame(struct lproc *p, struct lpage *e, word_t va, cptr_t f, unsigned prot)
{
	cptr_t c = frame_cap(f);
	int st = c == 0
		     ? CAIRN_E_NO_MEMORY
		     : map_with_tables(c, p->vspace, va, rights_of(prot, false),
				       (int)(p - procs));

	if (st != CAIRN_OK) {
		if (c != 0) {
			cairn_cnode_delete(CAIRN_PROC_CNODE, c);
			cairn_slot_free(c);
		}
		frame_drop(f);
		return -ENOMEM;
	}
	*e = (struct lpage){va, f, c, prot, false, false};
	p->npages++;
	return 0;
}

int
mem_map(struct lproc *p, word_t va, unsigned prot)
{
	if (va == 0 || va >= LINUX_TOP) {
		return -ENOMEM;
	}
	if (slot_of(p, va)->va == va) {
		return 0; /* there already */
	}
	if (room(p, 1) != 0) {
		return -ENOMEM;
	}
	cptr_t f = frame_get(true);
	return f == 0 ? -ENOMEM : map_frame(p, slot_of(p, va), va, f, prot);
}

/* p's page holding va, if p may access it so (Linux's rights: a page
 * copy on write may be written), or NULL. */
static struct lpage *
page_of(struct lproc *p, word_t va, bool write)
{
	struct lpage *e = slot_of(p, va & ~(PAGE - 1));

	if (e->va == 0 || (write && !(e->prot & PROT_W)) || !(e->prot & 7)) {
		return NULL;
	}
	return e;
}

/* Take entry e out, moving later entries of its run back (open
 * addressing without tombstones). */
static void
entry_remove(struct lproc *p, struct lpage *e)
{
	unsigned i = (unsigned)(e - p->pages);

	p->pages[i].va = 0;
	for (unsigned j = (i + 1) & (p->cap - 1); p->pages[j].va != 0;
	     j = (j + 1) & (p->cap - 1)) {
		struct lpage moved = p->pages[j];
		p->pages[j].va = 0;
		*slot_of(p, moved.va) = moved;
	}
	p->npages--;
}

/* Take p's page e out of its address space, if it is in it. */
static void
page_hide(struct lpage *e)
{
	if (e->copy != 0) {
		cairn_cnode_delete(CAIRN_PROC_CNODE, e->copy); /* unmaps it */
		cairn_slot_free(e->copy);
		e->copy = 0;
	}
}

/* Drop p's page e: its mapping, its reference to the frame, its entry. */
static void
page_drop(struct lproc *p, struct lpage *e)
{
	page_hide(e);
	frame_drop(e->frame);
	entry_remove(p, e);
}

/* Say that p found no memory for its page at va. */
static int
no_memory(struct lproc *p, word_t va)
{
	printf("posix: out of memory: no page for %s (pid %lu) at 0x%lx\n",
	       p->name, p->pid, va);
	return -ENOMEM;
}

/*
 * Map p's page e in p's address space with its rights: again, for new
 * rights, if it is mapped; else a copy of its frame's capability, with
 * the tables it needs.  0, or -ENOMEM (then it stays out).
 */
static int
page_show(struct lproc *p, struct lpage *e)
{
	word_t r = rights_of(e->prot, e->cow);

	if (e->copy != 0) {
		return cairn_frame_map(e->copy, p->vspace, e->va, r) == CAIRN_OK
			   ? 0
			   : -ENOMEM;
	}
	cptr_t c = frame_cap(e->frame);
	if (c == 0 || map_with_tables(c, p->vspace, e->va, r,
				      (int)(p - procs)) != CAIRN_OK) {
		if (c != 0) {
			cairn_cnode_delete(CAIRN_PROC_CNODE, c);
			cairn_slot_free(c);
		}
		return no_memory(p, e->va);
	}
	e->copy = c;
	return 0;
}

/*
 * Make p's page e, copy on write, its own and writable: a copy in a
 * frame of its own if another process has the frame, else the frame
 * itself, mapped writable.  0, or -ENOMEM if no frame is left for the
 * copy (then nothing changed) or no slot or table to map it (then it is
 * p's own, out of its address space until its next fault).
 */
static int
cow_break(struct lproc *p, struct lpage *e)
{
	if (frame_refs[e->frame] > 1) {
		cptr_t f = frame_get(false);
		if (f == 0) {
			return no_memory(p, e->va);
		}
		memcpy(mirror(f), mirror(e->frame), PAGE);
		page_hide(e);
		frame_drop(e->frame);
		e->frame = f;
	}
	e->cow = false;
	return page_show(p, e);
}

void *
mem_page(struct lproc *p, word_t va, bool write)
{
	struct lpage *e = page_of(p, va, write);

	if (e == NULL || (write && e->cow && cow_break(p, e) != 0)) {
		return NULL;
	}
	return (char *)mirror(e->frame) + (va & (PAGE - 1));
}

bool
mem_mapped(struct lproc *p, word_t va)
{
	return va != 0 && slot_of(p, va)->va == va;
}

unsigned
mem_prot(struct lproc *p, word_t va)
{
	const struct lpage *e = slot_of(p, va);

	return e->va == va ? e->prot : 0;
}

int
mem_move(struct lproc *p, word_t from, word_t to)
{
	struct lpage *e = slot_of(p, from);

	if (from == 0 || e->va != from || to == 0 || mem_mapped(p, to)) {
		return -ENOMEM;
	}
	struct lpage moved = *e;
	page_hide(e);
	entry_remove(p, e); /* its frame reference goes with it */
	struct lpage *n = slot_of(p, to);
	*n = moved;
	n->va = to;
	n->copy = 0;
	p->npages++;
	page_show(p, n); /* or at its first touch, as after fork */
	return 0;
}

void
mem_share(struct lproc *p, word_t va)
{
	struct lpage *e = slot_of(p, va);

	if (e->va == va && va != 0) {
		e->shared = true;
	}
}

bool
mem_shared(struct lproc *p, word_t va)
{
	const struct lpage *e = slot_of(p, va);

	return e->va == va && va != 0 && e->shared;
}

int
mem_unmap(struct lproc *p, word_t va)
{
	struct lpage *e = slot_of(p, va);

	if (e->va == va && va != 0) {
		page_drop(p, e);
	}
	return 0;
}

int
mem_protect(struct lproc *p, word_t va, unsigned prot)
{
	struct lpage *e = slot_of(p, va);

	if (e->va != va || va == 0) {
		return -ENOMEM; /* Linux's answer for a hole */
	}
	/* A frame another process has stays without write until a write
	 * copies it (but a MAP_SHARED one, written by all); a page out of
	 * the address space stays out. */
	struct lpage old = *e;
	e->prot = prot;
	e->cow = !e->shared && frame_refs[e->frame] > 1;
	if (e->copy != 0 && page_show(p, e) != 0) {
		*e = old;
		return -EACCES;
	}
	return 0;
}

int
mem_copy(struct lproc *to, struct lproc *from)
{
	if (room(to, from->npages) != 0) {
		return -ENOMEM;
	}
	for (unsigned i = 0; i < from->cap; i++) {
		struct lpage *e = &from->pages[i];
		if (e->va == 0) {
			continue;
		}
		/* The child maps it at its first touch (mem_fault). */
		struct lpage c = {e->va, e->frame, 0, e->prot, true, false};
		if (e->shared) {
			/* MAP_SHARED: both write the one frame. */
			c.cow = false;
			c.shared = true;
		} else {
			/* A private page loses write in the parent before the
			 * child has the frame: no write of either may reach
			 * the other. */
			bool writable = !e->cow && (e->prot & PROT_W);
			e->cow = true;
			if (writable && e->copy != 0 &&
			    page_show(from, e) != 0) {
				e->cow = false;
				return -ENOMEM; /* cannot happen: a remap */
			}
		}
		frame_refs[e->frame]++;
		*slot_of(to, e->va) = c;
		to->npages++;
	}
	return 0;
}

void
mem_release(struct lproc *p)
{
	unsigned me = (unsigned)(p - procs);

	for (unsigned i = 0; i < p->cap; i++) {
		struct lpage *e = &p->pages[i];
		if (e->va != 0) {
			page_hide(e);
			frame_drop(e->frame);
			e->va = 0;
		}
	}
	p->npages = 0;
	/* A grown table goes back to the heap for a smaller one. */
	struct lpage *t =
	    p->cap > PAGES_FIRST ? calloc(PAGES_FIRST, sizeof(*t)) : NULL;
	if (t != NULL) {
		free(p->pages);
		p->pages = t;
		p->cap = PAGES_FIRST;
	}
	/* Tables from the lowest level up: a table is empty when unmapped. */
	for (int k = TABLE_KINDS - 1; k >= 0; k--) {
		for (unsigned i = 0; i < ptabs[me].n; i++) {
			if (ptabs[me].type[i] == (word_t)k) {
				cairn_page_table_unmap(ptabs[me].cap[i]);
				table_put((unsigned)k, ptabs[me].cap[i]);
			}
		}
	}
	ptabs[me].n = 0;
}

/* A fault at addr below the stack, within RLIMIT_STACK: map the page it
 * needs; was it one? */
static bool
stack_grow(struct lproc *p, word_t addr)
{
	if (addr >= LINUX_STACK_TOP ||
	    addr < LINUX_STACK_TOP - LINUX_STACK_MAX) {
		return false;
	}
	return mem_map(p, addr & ~(PAGE - 1), PROT_R | PROT_W) == 0;
}

bool
mem_fault(struct lproc *p, word_t addr, word_t code)
{
	word_t page = addr & ~(PAGE - 1);
	struct lpage *e = slot_of(p, page);
	bool write = (code & CAIRN_FAULT_WRITE) && (e->prot & PROT_W);

	if (page == 0 || e->va != page) {
		return !(code & CAIRN_FAULT_PRESENT) && stack_grow(p, addr);
	}
	if (!(code & CAIRN_FAULT_PRESENT)) {
		/* Its first touch since fork: a write copies it at once. */
		return e->copy == 0 && (write && e->cow ? cow_break(p, e)
							: page_show(p, e)) == 0;
	}
	/* A rights fault: only a write to a page copy on write is p's. */
	return write && e->cow && cow_break(p, e) == 0;
}

bool
mem_can(struct lproc *p, word_t va, word_t n, bool write)
{
	if (va + n < va || va + n > LINUX_TOP || n > (word_t)p->npages * PAGE) {
		return false;
	}
	for (word_t at = va & ~(PAGE - 1); at < va + n; at += PAGE) {
		if (page_of(p, at, write) == NULL) {
			return false;
		}
	}
	return true;
}

/* Copy n bytes between the process's va and buf, a page at a time. */
static long
copy(struct lproc *p, word_t va, void *buf, word_t n, bool out)
{
	char *b = buf;

	if (va + n < va || va + n > LINUX_TOP) {
		return -EFAULT;
	}
	while (n > 0) {
		word_t in_page = PAGE - (va & (PAGE - 1));
		word_t k = n < in_page ? n : in_page;
		char *m = mem_page(p, va, out);
		if (m == NULL) {
			return -EFAULT;
		}
		if (out) {
			memcpy(m, b, k);
		} else {
			memcpy(b, m, k);
		}
		va += k;
		b += k;
		n -= k;
	}
	return 0;
}

long
copy_in(struct lproc *p, void *dst, word_t va, word_t n)
{
	return copy(p, va, dst, n, false);
}

long
copy_out(struct lproc *p, word_t va, const void *src, word_t n)
{
	return copy(p, va, (void *)src, n, true);
}

long
copy_string(struct lproc *p, char *dst, word_t va, word_t max)
{
	for (word_t i = 0; i < max; i++) {
		const char *m = mem_page(p, va + i, false);
		if (m == NULL) {
			return -EFAULT;
		}
		dst[i] = *m;
		if (*m == '\0') {
			return (long)i;
		}
	}
	return -E2BIG;
}
