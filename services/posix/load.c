/*
 * load: a static Linux ELF executable into a process, fixed-address
 * (ET_EXEC) or static-PIE (ET_DYN, placed at LINUX_PIE_BASE and left to
 * relocate itself, as Linux leaves it), and the stack Linux starts a
 * program with: argc, argv, envp and the auxiliary vector.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "cairn_libc.h"
#include "files.h"
#include "posix.h"
#include "procrt.h"
#include "sysdefs.h"

#define PT_LOAD	  1
#define PT_INTERP 3
#define ET_EXEC	  2
#define ET_DYN	  3
#define MAX_PHDRS EXE_MAX_PHDRS

#if defined(__aarch64__)
#define EM_NATIVE 183
#else
#define EM_NATIVE 62
#endif

/* The auxiliary vector's keys. */
enum {
	AT_NULL = 0,
	AT_PHDR = 3,
	AT_PHENT = 4,
	AT_PHNUM = 5,
	AT_PAGESZ = 6,
	AT_BASE = 7,
	AT_ENTRY = 9,
	AT_UID = 11,
	AT_EUID = 12,
	AT_GID = 13,
	AT_EGID = 14,
	AT_HWCAP = 16,
	AT_CLKTCK = 17,
	AT_SECURE = 23,
	AT_RANDOM = 25,
	AT_EXECFN = 31,
};

/* n bytes of the disk's file h at off into buf: 0 or -errno. */
static int
read_at(int h, void *buf, word_t n, word_t off)
{
	char *b = buf;

	while (n > 0) {
		long k = disk_ops()->read(h, off, b, n);
		if (k < 0) {
			return (int)k;
		}
		if (k == 0) {
			return -ENOEXEC; /* shorter than its headers say */
		}
		b += k;
		off += (word_t)k;
		n -= (word_t)k;
	}
	return 0;
}

/* Check the header: 0 or -ENOEXEC. */
static int
check_header(const struct lx_ehdr *h)
{
	static const unsigned char magic[4] = {0x7f, 'E', 'L', 'F'};

	if (memcmp(h->ident, magic, 4) != 0 || h->ident[4] != 2 ||
	    h->ident[5] != 1 || h->machine != EM_NATIVE ||
	    (h->type != ET_EXEC && h->type != ET_DYN) ||
	    h->phentsize != sizeof(struct lx_phdr) || h->phnum == 0 ||
	    h->phnum > MAX_PHDRS) {
		return -ENOEXEC;
	}
	return 0;
}

/* Check a loadable segment (base added): 0 or -ENOEXEC. */
static int
check_segment(const struct lx_phdr *s, word_t base)
{
	word_t start = base + s->vaddr, end = start + s->memsz;

	if (s->filesz > s->memsz || end < start || start < PAGE ||
	    end > LINUX_MMAP_TOP || s->offset + s->filesz < s->offset ||
	    (s->offset & (PAGE - 1)) != (s->vaddr & (PAGE - 1))) {
		return -ENOEXEC;
	}
	return 0;
}

int
exe_open(const char *path, struct exe *x)
{
	struct stat st;
	int h = disk_ops()->open(path, O_RDONLY, 0);

	if (h < 0) {
		return h;
	}
	int r = disk_ops()->fstat(h, &st);
	if (r == 0 && !S_ISREG(st.st_mode)) {
		r = -EACCES;
	}
	if (r == 0 && !(st.st_mode & 0111)) {
		r = -EACCES;
	}
	if (r == 0) {
		r = read_at(h, &x->h, sizeof(x->h), 0);
	}
	if (r == 0) {
		r = check_header(&x->h);
	}
	if (r == 0) {
		r = read_at(h, x->ph, x->h.phnum * sizeof(x->ph[0]),
			    x->h.phoff);
	}
	x->base = x->h.type == ET_DYN ? LINUX_PIE_BASE : 0;
	for (int i = 0; i < x->h.phnum && r == 0; i++) {
		if (x->ph[i].type == PT_INTERP) {
			r = -ENOEXEC; /* dynamically linked */
		} else if (x->ph[i].type == PT_LOAD) {
			r = check_segment(&x->ph[i], x->base);
		}
	}
	if (r != 0) {
		disk_ops()->close(h);
		return r;
	}
	x->fd = h;
	return 0;
}

void
exe_close(struct exe *x)
{
	disk_ops()->close(x->fd);
}

/* Map segment s at base and read its bytes into it. */
static int
load_segment(struct lproc *p, int h, const struct lx_phdr *s, word_t base)
{
	unsigned prot = (s->flags & 4 ? PROT_R : 0) |
			(s->flags & 2 ? PROT_W : 0) |
			(s->flags & 1 ? PROT_X : 0);
	word_t start = base + s->vaddr;
	word_t first = start & ~(PAGE - 1);
	int st = 0;

	for (word_t va = first; va < start + s->memsz && st == 0; va += PAGE) {
		st = mem_map(p, va, prot | PROT_R);
	}
	/* File bytes go through the mirror, a page at a time. */
	for (word_t done = 0; done < s->filesz && st == 0;) {
		word_t va = start + done;
		word_t k = PAGE - (va & (PAGE - 1));
		k = k < s->filesz - done ? k : s->filesz - done;
		void *m = mem_page(p, va, false);
		st = m == NULL ? -ENOMEM : read_at(h, m, k, s->offset + done);
		done += k;
	}
	return st;
}

/* Push n bytes below *sp on p's stack: their address, or 0. */
static word_t
push(struct lproc *p, word_t *sp, const void *src, word_t n)
{
	*sp -= n;
	return copy_out(p, *sp, src, n) == 0 ? *sp : 0;
}

/* Where the program headers are in memory (AT_PHDR), or 0. */
static word_t
phdr_address(const struct exe *x)
{
	for (int i = 0; i < x->h.phnum; i++) {
		const struct lx_phdr *s = &x->ph[i];
		if (s->type == PT_LOAD && x->h.phoff >= s->offset &&
		    x->h.phoff - s->offset < s->filesz) {
			return x->base + s->vaddr + (x->h.phoff - s->offset);
		}
	}
	return 0;
}

/*
 * The stack Linux starts a program with (the x86_64 and aarch64 ABIs
 * agree on it): argc, argv, envp, the auxiliary vector, and above them
 * the strings and 16 random bytes.  Its pointer, or 0 if it does not
 * fit.
 */
static word_t
build_stack(struct lproc *p, const struct exe *x, const struct args *a)
{
	static word_t v[ARGS_MAX * 2 + 64];
	word_t sp = LINUX_STACK_TOP, n = 0, ptr[2] = {0, 0};
	word_t random[2] = {cairn_rdtsc() * 0x9E3779B97F4A7C15ull,
			    cairn_rdtsc() ^ 0xC2B2AE3D27D4EB4Full};
	word_t strings = push(p, &sp, a->bytes, a->nbytes);
	word_t rnd = push(p, &sp, random, sizeof(random));
	const word_t aux[] = {
	    AT_PHDR,   phdr_address(x),
	    AT_PHENT,  sizeof(struct lx_phdr),
	    AT_PHNUM,  x->h.phnum,
	    AT_PAGESZ, PAGE,
	    AT_BASE,   0,
	    AT_ENTRY,  x->base + x->h.entry,
	    AT_UID,    0,
	    AT_EUID,   0,
	    AT_GID,    0,
	    AT_EGID,   0,
	    AT_HWCAP,  0,
	    AT_CLKTCK, 100,
	    AT_SECURE, 0,
	    AT_RANDOM, rnd,
	    AT_EXECFN, strings,
	    AT_NULL,   0,
	};

	if (strings == 0 || rnd == 0) {
		return 0;
	}
	/* /proc/PID/cmdline reads the arguments here, as Linux does. */
	p->arg_start = strings;
	p->arg_end = strings + (a->envc > 0 ? a->off[a->argc] : a->nbytes);
	v[n++] = a->argc;
	for (int k = 0; k < 2; k++) {
		int count = k == 0 ? a->argc : a->envc;
		for (int i = 0; i < count; i++) {
			v[n++] = strings + a->off[ptr[k]++ + (k ? a->argc : 0)];
		}
		v[n++] = 0;
	}
	memcpy(v + n, aux, sizeof(aux));
	n += sizeof(aux) / sizeof(aux[0]);
	sp = (sp - n * 8) & ~15ull;
	return copy_out(p, sp, v, n * 8) == 0 ? sp : 0;
}

int
exe_load(struct lproc *p, const struct exe *x, const struct args *a,
	 word_t *entry, word_t *sp)
{
	word_t end = 0;
	int st = 0;

	for (int i = 0; i < x->h.phnum && st == 0; i++) {
		if (x->ph[i].type == PT_LOAD) {
			st = load_segment(p, x->fd, &x->ph[i], x->base);
			word_t e = x->base + x->ph[i].vaddr + x->ph[i].memsz;
			end = e > end ? e : end;
		}
	}
	p->brk_base = p->brk = (end + PAGE - 1) & ~(PAGE - 1);
	p->mmap_next = LINUX_MMAP_TOP;
	/* The pages the first stack fills, and one below: the rest come
	 * as the program touches them (stack_grow). */
	word_t need = a->nbytes + 16 +
		      ((word_t)a->argc + (word_t)a->envc + 3) * 8 + 64 * 8;
	word_t low = (LINUX_STACK_TOP - need - PAGE) & ~(PAGE - 1);
	for (word_t va = low; va < LINUX_STACK_TOP && st == 0; va += PAGE) {
		st = mem_map(p, va, PROT_R | PROT_W);
	}
	if (st != 0) {
		return st;
	}
	*entry = x->base + x->h.entry;
	*sp = build_stack(p, x, a);
	return *sp != 0 ? 0 : -E2BIG;
}

int
args_add(struct args *a, const char *s, bool env)
{
	size_t n = strlen(s) + 1;

	if (a->argc + a->envc >= ARGS_MAX || a->nbytes + n > ARGS_BYTES) {
		return -E2BIG;
	}
	if (!env && a->envc > 0) {
		return -EINVAL; /* the arguments come first */
	}
	a->off[a->argc + a->envc] = (uint32_t)a->nbytes;
	memmove(a->bytes + a->nbytes, s, n); /* s may be there already */
	a->nbytes += n;
	if (env) {
		a->envc++;
	} else {
		a->argc++;
	}
	return 0;
}
