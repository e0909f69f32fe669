/*
 * mem_sys: the memory calls.  brk grows the heap after the program's
 * image; mmap takes pages below LINUX_MMAP_TOP, going down.  Pages are
 * mapped at once, zeroed, a file's bytes read into them (a private copy:
 * a file mapping shared and writable is ENODEV); an anonymous MAP_SHARED
 * mapping (or one of /dev/zero) is shared with the children fork makes
 * (mem.c, mem_share); fork's copy on write is mem.c's.  mremap moves
 * pages, madvise(DONTNEED) zeroes a private one.
 */
#include <fcntl.h>
#include <string.h>

#include "cairn_libc.h"
#include "files.h"
#include "posix.h"
#include "sysdefs.h"

/* mmap's flags of Linux's that sysdefs.h leaves out. */
#define LX_MAP_SHARED	       0x01
#define LX_MAP_SHARED_VALIDATE 0x03
#define LX_MAP_GROWSDOWN       0x100
/* Linux's LEGACY_MAP_MASK: the flags MAP_SHARED_VALIDATE knows (not
 * MAP_FIXED_NOREPLACE, nor MAP_SYNC but of DAX files). */
#define LX_MAP_KNOWN (0x7f973ull | 0x4000000ull | (21ull << 26) | (30ull << 26))

static bool
page_aligned(word_t v)
{
	return (v & (PAGE - 1)) == 0;
}

/* Map [start, end) zeroed, shared (MAP_SHARED) or not; on failure unmap
 * what was mapped. */
static int
map_range(struct lproc *p, word_t start, word_t end, unsigned prot, bool shared)
{
	for (word_t va = start; va < end; va += PAGE) {
		int st = mem_map(p, va, prot);
		if (st == 0 && shared) {
			mem_share(p, va);
		}
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
	    map_range(p, old_end, new_end, PROT_R | PROT_W, false) != 0) {
		return p->brk;
	}
	for (word_t va = new_end; va < old_end; va += PAGE) {
		mem_unmap(p, va);
	}
	p->brk = want;
	return p->brk;
}

/* Read file f's bytes from off into p's new pages [va, va + len);
 * past the file's end they stay zero.  0 or -errno. */
static int
fill(struct lproc *p, struct ofile *f, word_t off, word_t va, word_t len)
{
	for (word_t at = 0; at < len; at += PAGE) {
		char *m = mem_page(p, va + at, false); /* its own, fresh */
		long n = m == NULL ? -EFAULT
				   : disk_ops()->read(f->h, off + at, m, PAGE);
		if (n < 0) {
			return (int)n;
		}
		if (n < (long)PAGE) {
			break;
		}
	}
	return 0;
}

/* May f be mapped (flags, prot)?  0 or -errno, as Linux checks; but a
 * file of the disk shared and writable is ENODEV (docs/posix.md). */
static int
mappable(const struct ofile *f, word_t flags, unsigned prot)
{
	word_t type = flags & LX_MAP_TYPE;

	if (f == NULL) {
		return -EBADF;
	}
	if (f->kind != OF_FILE && f->kind != OF_ZERO) {
		return -ENODEV;
	}
	if (type == LX_MAP_SHARED_VALIDATE && (flags & ~LX_MAP_KNOWN) != 0) {
		return -EOPNOTSUPP;
	}
	if ((f->flags & O_ACCMODE) == O_WRONLY) {
		return -EACCES;
	}
	if (type != LX_MAP_PRIVATE && (prot & PROT_W)) {
		if ((f->flags & O_ACCMODE) == O_RDONLY) {
			return -EACCES;
		}
		return f->kind == OF_ZERO ? 0 : -ENODEV;
	}
	return 0;
}

/* mmap's type (flags & LX_MAP_TYPE) and flags as Linux takes them: 0 or
 * -EINVAL.  An anonymous mapping may not be MAP_SHARED_VALIDATE (only a
 * file's is validated), nor shared and growing down. */
static int
map_type(word_t flags)
{
	word_t type = flags & LX_MAP_TYPE;
	bool anon = (flags & LX_MAP_ANON) != 0;

	if (type != LX_MAP_PRIVATE && type != LX_MAP_SHARED &&
	    type != LX_MAP_SHARED_VALIDATE) {
		return -EINVAL;
	}
	if (anon && (type == LX_MAP_SHARED_VALIDATE ||
		     (type == LX_MAP_SHARED && (flags & LX_MAP_GROWSDOWN)))) {
		return -EINVAL;
	}
	return 0;
}

word_t
sys_mmap(struct lproc *p, const word_t *a)
{
	word_t addr = a[0], len = a[1], flags = a[3];
	unsigned prot = (unsigned)a[2] & 7;

	bool shared = (flags & LX_MAP_TYPE) != LX_MAP_PRIVATE;

	if (len == 0 || !page_aligned(a[5]) || map_type(flags) != 0) {
		return (word_t)-EINVAL;
	}
	if (len > LINUX_MMAP_TOP) {
		return (word_t)-ENOMEM;
	}
	struct ofile *f = NULL;
	if (!(flags & LX_MAP_ANON)) {
		f = fd_get(p, a[4]);
		int err = mappable(f, flags, prot);
		if (err != 0) {
			return (word_t)err;
		}
		if (f->kind == OF_ZERO) {
			f = NULL; /* /dev/zero: anonymous, shared or not */
		}
	}
	/* A file's bytes are a private copy (read-only if shared). */
	shared = shared && f == NULL;
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
	if (map_range(p, addr, addr + len, prot | PROT_R, shared) != 0) {
		return (word_t)-ENOMEM;
	}
	int err = f != NULL ? fill(p, f, a[5], addr, len) : 0;
	if (err != 0) {
		for (word_t va = addr; va < addr + len; va += PAGE) {
			mem_unmap(p, va);
		}
		return (word_t)err;
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

/* Is [va, va + len) all mapped in p? */
static bool
all_mapped(struct lproc *p, word_t va, word_t len)
{
	for (word_t at = va; at < va + len; at += PAGE) {
		if (!mem_mapped(p, at)) {
			return false;
		}
	}
	return true;
}

/* Is [va, va + len) all free in p? */
static bool
all_free(struct lproc *p, word_t va, word_t len)
{
	for (word_t at = va; at < va + len; at += PAGE) {
		if (mem_mapped(p, at)) {
			return false;
		}
	}
	return true;
}

/*
 * mremap(old, old_len, new_len, flags, new): shrink in place; grow in
 * place if the pages after it are free; else, with MREMAP_MAYMOVE, move
 * the pages (the frames themselves: no byte is copied) to a new place.
 */
SYS(mremap)
{
	word_t old = a[0], flags = a[3];
	word_t olen = (a[1] + PAGE - 1) & ~(PAGE - 1);
	word_t nlen = (a[2] + PAGE - 1) & ~(PAGE - 1);

	if (!page_aligned(old) || nlen == 0 || olen == 0 ||
	    (flags & ~(word_t)(LX_MREMAP_MAYMOVE | LX_MREMAP_FIXED)) != 0 ||
	    ((flags & LX_MREMAP_FIXED) && !(flags & LX_MREMAP_MAYMOVE))) {
		return (word_t)-EINVAL;
	}
	if (flags & LX_MREMAP_FIXED) {
		return (word_t)-EINVAL; /* not here: docs/posix.md */
	}
	if (!user_range(old, olen) || !user_range(old, nlen) ||
	    !all_mapped(p, old, olen)) {
		return (word_t)-EFAULT;
	}
	if (nlen <= olen) {
		for (word_t va = old + nlen; va < old + olen; va += PAGE) {
			mem_unmap(p, va);
		}
		return old;
	}
	/* A shared mapping grows by shared pages (Linux's would be past
	 * the end of its object: SIGBUS at a touch). */
	unsigned prot = mem_prot(p, old);
	bool shared = mem_shared(p, old);
	if (all_free(p, old + olen, nlen - olen)) {
		return map_range(p, old + olen, old + nlen, prot, shared) == 0
			   ? old
			   : (word_t)-ENOMEM;
	}
	if (!(flags & LX_MREMAP_MAYMOVE)) {
		return (word_t)-ENOMEM;
	}
	if (p->mmap_next - nlen < p->brk_base + LINUX_BRK_MAX) {
		return (word_t)-ENOMEM;
	}
	word_t to = p->mmap_next - nlen;
	if (!all_free(p, to, nlen) ||
	    map_range(p, to + olen, to + nlen, prot, shared) != 0) {
		return (word_t)-ENOMEM;
	}
	for (word_t at = 0; at < olen; at += PAGE) {
		if (mem_move(p, old + at, to + at) != 0) {
			/* Back where they were, and the new tail gone. */
			for (word_t b = 0; b < at; b += PAGE) {
				mem_move(p, to + b, old + b);
			}
			for (word_t t = to + olen; t < to + nlen; t += PAGE) {
				mem_unmap(p, t);
			}
			return (word_t)-ENOMEM;
		}
	}
	p->mmap_next = to;
	return to;
}

/* madvise: advice is taken and ignored, but MADV_DONTNEED, after which a
 * private page reads as zeros, as on Linux (a shared page keeps its
 * bytes, which Linux would read back from the mapping's object). */
SYS(madvise)
{
	word_t addr = a[0], len = (a[1] + PAGE - 1) & ~(PAGE - 1);
	int advice = (int)a[2];

	if (!page_aligned(addr) || addr + len < addr || advice < 0 ||
	    (advice > LX_MADV_DONTNEED && advice != LX_MADV_FREE &&
	     (advice < LX_MADV_REMOVE || advice > LX_MADV_COLLAPSE))) {
		return (word_t)-EINVAL;
	}
	if (!user_range(addr, len) || !all_mapped(p, addr, len)) {
		return (word_t)-ENOMEM;
	}
	if (advice == LX_MADV_DONTNEED) {
		for (word_t va = addr; va < addr + len; va += PAGE) {
			unsigned prot = mem_prot(p, va);
			if (mem_shared(p, va)) {
				continue;
			}
			if (mem_unmap(p, va) != 0 ||
			    mem_map(p, va, prot) != 0) {
				return (word_t)-ENOMEM;
			}
		}
	}
	return 0;
}
