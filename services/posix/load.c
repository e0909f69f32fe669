/*
 * load: a static Linux ELF executable into a process, fixed-address
 * (ET_EXEC) or static-PIE (ET_DYN, placed at LINUX_PIE_BASE and left to
 * relocate itself, as Linux leaves it), and the stack Linux starts a
 * program with: argc, argv, envp and the auxiliary vector.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "posix.h"
#include "procrt.h"

#define PT_LOAD	  1
#define PT_INTERP 3
#define ET_EXEC	  2
#define ET_DYN	  3
#define MAX_PHDRS 32

/* The ELF header's fields the loader reads; the rest as bytes. */
struct ehdr {
	unsigned char ident[16];
	uint16_t type, machine;
	unsigned char version[4];
	uint64_t entry, phoff;
	unsigned char shoff_flags_ehsize[14];
	uint16_t phentsize, phnum;
	unsigned char sections[6];
};
_Static_assert(sizeof(struct ehdr) == 64, "ELF64's header");

struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

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

static int
read_at(int fd, void *buf, word_t n, word_t off)
{
	char *b = buf;

	if (lseek(fd, (off_t)off, SEEK_SET) != (off_t)off) {
		return -LX_EIO;
	}
	while (n > 0) {
		ssize_t k = read(fd, b, n);
		if (k <= 0) {
			return -LX_ENOEXEC; /* shorter than its headers say */
		}
		b += k;
		n -= (word_t)k;
	}
	return 0;
}

/* Check the header: 0 or -ENOEXEC. */
static int
check_header(const struct ehdr *h)
{
	static const unsigned char magic[4] = {0x7f, 'E', 'L', 'F'};

	if (memcmp(h->ident, magic, 4) != 0 || h->ident[4] != 2 ||
	    h->ident[5] != 1 || h->machine != EM_NATIVE ||
	    (h->type != ET_EXEC && h->type != ET_DYN) ||
	    h->phentsize != sizeof(struct phdr) || h->phnum == 0 ||
	    h->phnum > MAX_PHDRS) {
		return -LX_ENOEXEC;
	}
	return 0;
}

/* Check a loadable segment (base added): 0 or -ENOEXEC. */
static int
check_segment(const struct phdr *s, word_t base)
{
	word_t start = base + s->vaddr, end = start + s->memsz;

	if (s->filesz > s->memsz || end < start || start < PAGE ||
	    end > LINUX_MMAP_TOP || s->offset + s->filesz < s->offset ||
	    (s->offset & (PAGE - 1)) != (s->vaddr & (PAGE - 1))) {
		return -LX_ENOEXEC;
	}
	return 0;
}

/* Map segment s at base and read its bytes into it. */
static int
load_segment(struct lproc *p, int fd, const struct phdr *s, word_t base)
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
		st = m == NULL ? -LX_ENOMEM
			       : read_at(fd, m, k, s->offset + done);
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

/* The stack Linux starts a program with (the x86_64 and aarch64 ABIs
 * agree on it): its pointer, or 0 if it does not fit. */
static word_t
build_stack(struct lproc *p, int argc, const char *const *argv,
	    const word_t *aux, int naux)
{
	static const char *const envp[] = {"PATH=/bin", "HOME=/", "TERM=vt100"};
	const int nenv = 3;
	word_t sp = LINUX_STACK_TOP, ptrs[CAIRN_PROC_MAX_ARGS + 8];
	word_t random[2] = {cairn_rdtsc() * 0x9E3779B97F4A7C15ull,
			    cairn_rdtsc() ^ 0xC2B2AE3D27D4EB4Full};

	for (int i = 0; i < argc; i++) {
		ptrs[i] = push(p, &sp, argv[i], strlen(argv[i]) + 1);
	}
	for (int i = 0; i < nenv; i++) {
		ptrs[argc + i] = push(p, &sp, envp[i], strlen(envp[i]) + 1);
	}
	word_t rnd = push(p, &sp, random, sizeof(random));
	word_t execfn = argc > 0 ? ptrs[0] : 0;
	/* The vector, from its end: auxv, envp, argv, argc. */
	word_t words =
	    1 + (word_t)argc + 1 + (word_t)nenv + 1 + 2 * ((word_t)naux + 3);
	sp = (sp - words * 8) & ~15ull;
	word_t v[1 + CAIRN_PROC_MAX_ARGS + 1 + 3 + 1 + 64], n = 0;
	v[n++] = (word_t)argc;
	for (int i = 0; i < argc; i++) {
		v[n++] = ptrs[i];
	}
	v[n++] = 0;
	for (int i = 0; i < nenv; i++) {
		v[n++] = ptrs[argc + i];
	}
	v[n++] = 0;
	for (int i = 0; i < 2 * naux; i++) {
		v[n++] = aux[i];
	}
	v[n++] = AT_RANDOM;
	v[n++] = rnd;
	v[n++] = AT_EXECFN;
	v[n++] = execfn;
	v[n++] = AT_NULL;
	v[n++] = 0;
	return copy_out(p, sp, v, n * 8) == 0 && rnd != 0 ? sp : 0;
}

/* Where the program headers are in memory (AT_PHDR), or 0. */
static word_t
phdr_address(const struct ehdr *h, const struct phdr *ph, word_t base)
{
	for (int i = 0; i < h->phnum; i++) {
		const struct phdr *s = &ph[i];
		if (s->type == PT_LOAD && h->phoff >= s->offset &&
		    h->phoff - s->offset < s->filesz) {
			return base + s->vaddr + (h->phoff - s->offset);
		}
	}
	return 0;
}

static int
load_file(struct lproc *p, int fd, struct ehdr *h, struct phdr *ph,
	  word_t *base)
{
	int st = read_at(fd, h, sizeof(*h), 0);

	if (st == 0) {
		st = check_header(h);
	}
	if (st == 0) {
		st = read_at(fd, ph, h->phnum * sizeof(*ph), h->phoff);
	}
	*base = h->type == ET_DYN ? LINUX_PIE_BASE : 0;
	for (int i = 0; i < h->phnum && st == 0; i++) {
		if (ph[i].type == PT_INTERP) {
			st = -LX_ENOEXEC; /* dynamically linked */
		} else if (ph[i].type == PT_LOAD) {
			st = check_segment(&ph[i], *base);
		}
	}
	word_t end = 0;
	for (int i = 0; i < h->phnum && st == 0; i++) {
		if (ph[i].type == PT_LOAD) {
			st = load_segment(p, fd, &ph[i], *base);
			word_t e = *base + ph[i].vaddr + ph[i].memsz;
			end = e > end ? e : end;
		}
	}
	p->brk_base = p->brk = (end + PAGE - 1) & ~(PAGE - 1);
	return st;
}

int
load_linux(struct lproc *p, const char *path, int argc, const char *const *argv,
	   word_t *entry, word_t *sp)
{
	struct ehdr h = {0};
	struct phdr ph[MAX_PHDRS] = {0};
	word_t base;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		return -LX_ENOENT;
	}
	int st = load_file(p, fd, &h, ph, &base);
	close(fd);
	for (word_t va = LINUX_STACK_TOP - LINUX_STACK_SIZE;
	     va < LINUX_STACK_TOP && st == 0; va += PAGE) {
		st = mem_map(p, va, PROT_R | PROT_W);
	}
	if (st != 0) {
		return st;
	}
	word_t aux[] = {
	    AT_PHDR,   phdr_address(&h, ph, base),
	    AT_PHENT,  sizeof(struct phdr),
	    AT_PHNUM,  h.phnum,
	    AT_PAGESZ, PAGE,
	    AT_BASE,   0,
	    AT_ENTRY,  base + h.entry,
	    AT_UID,    0,
	    AT_EUID,   0,
	    AT_GID,    0,
	    AT_EGID,   0,
	    AT_HWCAP,  0,
	    AT_CLKTCK, 100,
	    AT_SECURE, 0,
	};
	*entry = base + h.entry;
	*sp = build_stack(p, argc, argv, aux, sizeof(aux) / sizeof(aux[0]) / 2);
	p->mmap_next = LINUX_MMAP_TOP;
	return *sp != 0 ? 0 : -LX_E2BIG;
}
