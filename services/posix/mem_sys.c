/*
 * mem_sys: the memory calls.  brk grows the heap after the program's
 * image; anonymous mmap takes pages below LINUX_MMAP_TOP, going down.
 * Pages are mapped at once, zeroed; fork's copy on write is mem.c's.
 * File mappings and mremap are not here yet (docs/posix.md).
 */
#include "files.h"
#include "posix.h"
#include "sysdefs.h"

static bool
page_aligned(word_t v)
{
	return (v & (PAGE - 1)) == 0;
}

/* Map [start, end) zeroed; on failure unmap what was mapped. */
static int
map_range(struct lproc *p, word_t start, word_t end, unsigned prot)
{
	for (word_t va = start; va < end; va += PAGE) {
		int st = mem_map(p, va, prot);
		if (st != 0) {
			for (word_t u = start; u < va; u += PAGE) {
				mem_unmap(p, u);
			}
			return st;
		}
	}
	return 0;
}

word_t
sys_brk(struct lproc *p, const word_t *a)
{
	word_t want = a[0];
	word_t old_end = (p->brk + PAGE - 1) & ~(PAGE - 1);
	word_t new_end = (want + PAGE - 1) & ~(PAGE - 1);

	if (want < p->brk_base || want > p->brk_base + LINUX_BRK_MAX) {
		return p->brk; /* Linux's way to refuse: the old break */
	}
	if (new_end > old_end &&
	    map_range(p, old_end, new_end, PROT_R | PROT_W) != 0) {
		return p->brk;
	}
	for (word_t va = new_end; va < old_end; va += PAGE) {
		mem_unmap(p, va);
	}
	p->brk = want;
	return p->brk;
}

word_t
sys_mmap(struct lproc *p, const word_t *a)
{
	word_t addr = a[0], len = a[1], flags = a[3];
	unsigned prot = (unsigned)a[2] & 7;

	if (len == 0 || !page_aligned(a[5]) || (flags & LX_MAP_TYPE) == 0) {
		return (word_t)-EINVAL;
	}
	if (len > LINUX_MMAP_TOP) {
		return (word_t)-ENOMEM;
	}
	if (!(flags & LX_MAP_ANON)) {
		/* File mappings: not yet (docs/posix.md). */
		return fd_get(p, a[4]) == NULL ? (word_t)-EBADF
					       : (word_t)-ENODEV;
	}
	if ((flags & LX_MAP_TYPE) != LX_MAP_PRIVATE) {
		return (word_t)-ENODEV; /* shared: fork would copy it */
	}
	if ((prot & PROT_W) && (prot & PROT_X)) {
		return (word_t)-EACCES; /* Cairn maps nothing W and X */
	}
	len = (len + PAGE - 1) & ~(PAGE - 1);
	if (flags & (LX_MAP_FIXED | LX_MAP_NOREPLACE)) {
		if (!page_aligned(addr)) {
			return (word_t)-EINVAL;
		}
		if (addr < PAGE || addr + len > LINUX_TOP ||
		    addr + len < addr) {
			return (word_t)-ENOMEM; /* not the user's to map */
		}
		for (word_t va = addr; va < addr + len; va += PAGE) {
			mem_unmap(p, va);
		}
	} else {
		if (p->mmap_next - len < p->brk_base + LINUX_BRK_MAX) {
			return (word_t)-ENOMEM;
		}
		addr = p->mmap_next - len;
	}
	if (map_range(p, addr, addr + len, prot | PROT_R) != 0) {
		return (word_t)-ENOMEM;
	}
	if (!(flags & (LX_MAP_FIXED | LX_MAP_NOREPLACE))) {
		p->mmap_next = addr;
	}
	return addr;
}

word_t
sys_munmap(struct lproc *p, const word_t *a)
{
	word_t addr = a[0], len = (a[1] + PAGE - 1) & ~(PAGE - 1);

	if (!page_aligned(addr) || a[1] == 0 || addr + len < addr ||
	    addr + len > LINUX_TOP) {
		return (word_t)-EINVAL;
	}
	for (word_t va = addr; va < addr + len; va += PAGE) {
		mem_unmap(p, va);
	}
	return 0;
}

word_t
sys_mprotect(struct lproc *p, const word_t *a)
{
	word_t addr = a[0], len = (a[1] + PAGE - 1) & ~(PAGE - 1);
	unsigned prot = (unsigned)a[2];

	if (!page_aligned(addr) || (prot & ~7u) != 0) {
		return (word_t)-EINVAL;
	}
	if (addr + len < addr || addr + len > LINUX_TOP) {
		return (word_t)-ENOMEM; /* not the user's */
	}
	if ((prot & PROT_W) && (prot & PROT_X)) {
		return (word_t)-EACCES; /* Cairn maps nothing W and X */
	}
	/* PROT_NONE keeps the page readable to the process for now (Cairn
	 * maps nothing without read); the server's copies refuse it. */
	for (word_t va = addr; va < addr + len; va += PAGE) {
		int st = mem_protect(p, va, prot);
		if (st != 0) {
			return (word_t)st;
		}
	}
	return 0;
}
