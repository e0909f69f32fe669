/*
 * elf: validation of static ELF64 executables and static PIEs for x86_64
 * or aarch64, and the relocation of PIEs, after the System V ABI's ELF
 * specification and its x86_64 and Arm (AAELF64) supplements.
 */
#include "elf.h"

#include "cstring.h"

enum {
	EHDR_SIZE = 64,
	PHDR_SIZE = 56,
	MAX_PHNUM = 64,
	ET_EXEC = 2,
	ET_DYN = 3,
	EM_X86_64 = 62,
	EM_AARCH64 = 183,
	PT_LOAD = 1,
	PT_DYNAMIC = 2,
	PT_INTERP = 3,
	PAGE = 4096,
	DYN_SIZE = 16,
	RELA_SIZE = 24,
	R_X86_64_RELATIVE = 8,
	R_AARCH64_RELATIVE = 1027,
};

const struct elf_machine elf_x86_64 = {EM_X86_64, R_X86_64_RELATIVE};
const struct elf_machine elf_aarch64 = {EM_AARCH64, R_AARCH64_RELATIVE};
/* The two machines Cairn builds for (and the hosts of its tests). */
#if defined(__aarch64__)
const struct elf_machine *const elf_native = &elf_aarch64;
#else
const struct elf_machine *const elf_native = &elf_x86_64;
#endif

/* Dynamic section tags (d_tag). */
enum {
	DT_NULL = 0,
	DT_NEEDED = 1,
	DT_PLTRELSZ = 2,
	DT_RELA = 7,
	DT_RELASZ = 8,
	DT_RELAENT = 9,
	DT_REL = 17,
	DT_RELSZ = 18,
	DT_RELENT = 19,
	DT_PLTREL = 20,
	DT_JMPREL = 23,
	DT_RELRSZ = 35,
	DT_RELR = 36,
	DT_RELRENT = 37,
	DT_RELACOUNT = 0x6ffffff9,
};

static uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
rd32(const uint8_t *p)
{
	return rd16(p) | (uint32_t)rd16(p + 2) << 16;
}

static uint64_t
rd64(const uint8_t *p)
{
	return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static int
check_header(const uint8_t *f, size_t size, const struct elf_machine *m)
{
	if (size < EHDR_SIZE) {
		return ELF_E_SHORT;
	}
	if (memcmp(f, "\177ELF", 4) != 0) {
		return ELF_E_MAGIC;
	}
	/* EI_CLASS 2 = 64-bit, EI_DATA 1 = little-endian, EI_VERSION 1. */
	if (f[4] != 2 || f[5] != 1 || f[6] != 1 || rd32(f + 20) != 1) {
		return ELF_E_CLASS;
	}
	if (rd16(f + 16) != ET_EXEC && rd16(f + 16) != ET_DYN) {
		return ELF_E_TYPE;
	}
	if (rd16(f + 18) != m->em) {
		return ELF_E_MACHINE;
	}
	uint64_t phoff = rd64(f + 32);
	uint16_t phentsize = rd16(f + 54);
	uint16_t phnum = rd16(f + 56);
	if (phentsize != PHDR_SIZE || phnum == 0 || phnum > MAX_PHNUM ||
	    phoff > size || (uint64_t)phnum * PHDR_SIZE > size - phoff) {
		return ELF_E_PHDR;
	}
	return ELF_OK;
}

/*
 * Check one segment.  An executable's must lie in [PAGE, limit); a PIE's
 * addresses are relative, so only their sum must not wrap (with room to
 * round up to a page); check_span judges where they lie.
 */
static int
check_segment(const struct elf_segment *s, size_t size, uint64_t limit, int pie)
{
	if (s->filesz > s->memsz || s->memsz == 0 || s->offset > size ||
	    s->filesz > size - s->offset) {
		return ELF_E_SEGMENT;
	}
	if (pie && (s->vaddr > UINT64_MAX - PAGE ||
		    s->memsz > UINT64_MAX - PAGE - s->vaddr)) {
		return ELF_E_ADDRESS;
	}
	if (!pie && (s->vaddr < PAGE || s->vaddr >= limit ||
		     s->memsz > limit - s->vaddr)) {
		return ELF_E_ADDRESS;
	}
	if (s->vaddr % PAGE != s->offset % PAGE) {
		return ELF_E_ALIGN;
	}
	if ((s->flags & ELF_PF_W) && (s->flags & ELF_PF_X)) {
		return ELF_E_WX;
	}
	return ELF_OK;
}

/* Do the pages of a and b intersect? */
static int
pages_overlap(const struct elf_segment *a, const struct elf_segment *b)
{
	uint64_t a0 = a->vaddr & ~(uint64_t)(PAGE - 1);
	uint64_t a1 = a->vaddr + a->memsz;
	uint64_t b0 = b->vaddr & ~(uint64_t)(PAGE - 1);
	uint64_t b1 = b->vaddr + b->memsz;

	return a0 < b1 && b0 < a1;
}

static int
check_layout(const struct elf_image *img)
{
	for (int i = 0; i < img->nsegs; i++) {
		for (int j = 0; j < i; j++) {
			if (pages_overlap(&img->seg[i], &img->seg[j])) {
				return ELF_E_OVERLAP;
			}
		}
	}
	for (int i = 0; i < img->nsegs; i++) {
		const struct elf_segment *s = &img->seg[i];
		if ((s->flags & ELF_PF_X) && img->entry >= s->vaddr &&
		    img->entry - s->vaddr < s->memsz) {
			return ELF_OK;
		}
	}
	return ELF_E_ENTRY;
}

/* Does [vaddr, vaddr + len) lie inside segment s's memory? */
static int
in_segment(const struct elf_segment *s, uint64_t vaddr, uint64_t len,
	   uint64_t seglen)
{
	return vaddr >= s->vaddr && len <= seglen &&
	       vaddr - s->vaddr <= seglen - len;
}

/*
 * Check relocation i of img's table: the machine's RELATIVE, no symbol, an
 * 8-byte target inside a writable segment.  Sets *target and *addend.
 */
static int
check_rela(const uint8_t *f, const struct elf_image *img, uint64_t i,
	   uint64_t *target, uint64_t *addend)
{
	const uint8_t *r = f + img->rela_offset + i * RELA_SIZE;
	uint64_t info = rd64(r + 8);

	if (info != img->relative) {
		return ELF_E_RELOC;
	}
	*target = rd64(r);
	*addend = rd64(r + 16);
	for (int j = 0; j < img->nsegs; j++) {
		const struct elf_segment *s = &img->seg[j];
		if ((s->flags & ELF_PF_W) &&
		    in_segment(s, *target, 8, s->memsz)) {
			return ELF_OK;
		}
	}
	return ELF_E_TARGET;
}

/* What the dynamic section says about relocations. */
struct dyn_info {
	uint64_t val[4]; /* DT_RELA, DT_RELASZ, DT_RELAENT, DT_RELACOUNT */
	unsigned seen;	 /* bit i: val[i] was given */
};

/* Note one dynamic entry; refuse what a static PIE cannot have. */
static int
note_dyn(struct dyn_info *di, uint64_t tag, uint64_t val)
{
	int i = -1;

	switch (tag) {
	case DT_NEEDED:
	case DT_PLTRELSZ:
	case DT_PLTREL:
	case DT_JMPREL:
	case DT_REL:
	case DT_RELSZ:
	case DT_RELENT:
	case DT_RELR:
	case DT_RELRSZ:
	case DT_RELRENT:
		return ELF_E_DYNAMIC;
	case DT_RELA:
		i = 0;
		break;
	case DT_RELASZ:
		i = 1;
		break;
	case DT_RELAENT:
		i = 2;
		break;
	case DT_RELACOUNT:
		i = 3;
		break;
	default:
		return ELF_OK; /* symbols, hashes, flags: not ours to use */
	}
	if (di->seen & (1u << i)) {
		return ELF_E_DYNTAB;
	}
	di->seen |= 1u << i;
	di->val[i] = val;
	return ELF_OK;
}

/* Read the dynamic section (program header ph) up to DT_NULL. */
static int
read_dynamic(const uint8_t *f, size_t size, const uint8_t *ph,
	     struct dyn_info *di)
{
	uint64_t off = rd64(ph + 8);
	uint64_t filesz = rd64(ph + 32);

	if (off > size || filesz > size - off) {
		return ELF_E_DYNTAB;
	}
	for (uint64_t i = 0; i < filesz / DYN_SIZE; i++) {
		const uint8_t *d = f + off + i * DYN_SIZE;
		if (rd64(d) == DT_NULL) {
			return ELF_OK;
		}
		int err = note_dyn(di, rd64(d), rd64(d + 8));
		if (err != ELF_OK) {
			return err;
		}
	}
	return ELF_E_DYNTAB; /* no DT_NULL */
}

/*
 * Check a PIE's dynamic section and every relocation it lists; the table
 * must lie in the file bytes of a loaded segment.
 */
static int
check_dynamic(const uint8_t *f, size_t size, const uint8_t *ph,
	      struct elf_image *img)
{
	struct dyn_info di = {{0, 0, 0, 0}, 0};
	int err = read_dynamic(f, size, ph, &di);

	if (err != ELF_OK || di.seen == 0) {
		return err;
	}
	uint64_t rela = di.val[0], relasz = di.val[1];
	if ((di.seen & 7) != 7 || di.val[2] != RELA_SIZE ||
	    relasz % RELA_SIZE != 0 || di.val[3] > relasz / RELA_SIZE) {
		return ELF_E_DYNTAB;
	}
	int found = 0;
	for (int i = 0; i < img->nsegs && !found; i++) {
		const struct elf_segment *s = &img->seg[i];
		if (in_segment(s, rela, relasz, s->filesz)) {
			img->rela_offset = s->offset + (rela - s->vaddr);
			img->rela_count = relasz / RELA_SIZE;
			found = 1;
		}
	}
	if (!found) {
		return ELF_E_DYNTAB;
	}
	uint64_t target, addend;
	for (uint64_t i = 0; i < img->rela_count && err == ELF_OK; i++) {
		err = check_rela(f, img, i, &target, &addend);
	}
	return err;
}

/*
 * Record the pages the image spans.  A PIE's span must be under
 * ELF_PIE_SPAN_MAX and fit in [PAGE, user_limit) at some base.
 */
static int
check_span(struct elf_image *img, uint64_t user_limit)
{
	img->span_start = UINT64_MAX;
	img->span_end = 0;
	for (int i = 0; i < img->nsegs; i++) {
		const struct elf_segment *s = &img->seg[i];
		uint64_t lo = s->vaddr & ~(uint64_t)(PAGE - 1);
		uint64_t hi =
		    (s->vaddr + s->memsz + PAGE - 1) & ~(uint64_t)(PAGE - 1);
		img->span_start = lo < img->span_start ? lo : img->span_start;
		img->span_end = hi > img->span_end ? hi : img->span_end;
	}
	uint64_t span = img->span_end - img->span_start;
	if (img->pie && (span >= ELF_PIE_SPAN_MAX || user_limit < PAGE ||
			 span > user_limit - PAGE)) {
		return ELF_E_ADDRESS;
	}
	return ELF_OK;
}

static int check_file(const uint8_t *f, size_t size,
		      const struct elf_machine *m, uint64_t user_limit,
		      struct elf_image *img);

int
elf_check_for(const void *file, size_t size, const struct elf_machine *m,
	      uint64_t user_limit, struct elf_image *img)
{
	int err = check_file(file, size, m, user_limit, img);

	/* A refused file leaves nothing that looks loadable. */
	if (err != ELF_OK) {
		memset(img, 0, sizeof(*img));
	}
	return err;
}

int
elf_check(const void *file, size_t size, uint64_t user_limit,
	  struct elf_image *img)
{
	return elf_check_for(file, size, elf_native, user_limit, img);
}

static int
check_file(const uint8_t *f, size_t size, const struct elf_machine *m,
	   uint64_t user_limit, struct elf_image *img)
{
	int err = check_header(f, size, m);

	memset(img, 0, sizeof(*img));
	if (err != ELF_OK) {
		return err;
	}
	img->relative = m->relative;
	img->entry = rd64(f + 24);
	img->pie = rd16(f + 16) == ET_DYN;
	uint64_t phoff = rd64(f + 32);
	uint16_t phnum = rd16(f + 56);
	const uint8_t *dyn = NULL;
	for (uint16_t i = 0; i < phnum; i++) {
		const uint8_t *ph = f + phoff + (uint64_t)i * PHDR_SIZE;
		uint32_t type = rd32(ph);
		if (type == PT_INTERP || (type == PT_DYNAMIC && !img->pie)) {
			return ELF_E_DYNAMIC;
		}
		if (type == PT_DYNAMIC && dyn != NULL) {
			return ELF_E_DYNTAB;
		}
		if (type == PT_DYNAMIC) {
			dyn = ph;
		}
		if (type != PT_LOAD) {
			continue;
		}
		if (img->nsegs == ELF_MAX_SEGMENTS) {
			return ELF_E_TOO_MANY;
		}
		struct elf_segment *s = &img->seg[img->nsegs++];
		s->flags = rd32(ph + 4) & (ELF_PF_R | ELF_PF_W | ELF_PF_X);
		s->offset = rd64(ph + 8);
		s->vaddr = rd64(ph + 16);
		s->filesz = rd64(ph + 32);
		s->memsz = rd64(ph + 40);
		err = check_segment(s, size, user_limit, img->pie);
		if (err != ELF_OK) {
			return err;
		}
	}
	if (img->nsegs == 0) {
		return ELF_E_NO_LOAD;
	}
	err = check_layout(img);
	if (err == ELF_OK) {
		err = check_span(img, user_limit);
	}
	if (err == ELF_OK && dyn != NULL) {
		err = check_dynamic(f, size, dyn, img);
	}
	return err;
}

int
elf_relocate(const void *file, size_t size, const struct elf_image *img,
	     uint64_t base,
	     int (*write64)(void *arg, uint64_t vaddr, uint64_t value),
	     void *arg)
{
	uint64_t target, addend;

	if (!img->pie) {
		return base == 0 ? ELF_OK : ELF_E_BASE;
	}
	if (base % PAGE != 0 || img->span_end > UINT64_MAX - base) {
		return ELF_E_BASE;
	}
	if (img->rela_offset > size ||
	    img->rela_count > (size - img->rela_offset) / RELA_SIZE) {
		return ELF_E_DYNTAB;
	}
	for (uint64_t i = 0; i < img->rela_count; i++) {
		int err = check_rela(file, img, i, &target, &addend);
		if (err != ELF_OK) {
			return err;
		}
		if (write64(arg, base + target, base + addend) != 0) {
			return ELF_E_WRITE;
		}
	}
	return ELF_OK;
}

const char *
elf_strerror(int err)
{
	static const char *const msg[] = {
	    "ok",
	    "file is shorter than an ELF header",
	    "not an ELF file (bad magic)",
	    "not a 64-bit little-endian ELF version 1 file",
	    "not a static executable or static PIE",
	    "not an x86_64 program",
	    "program headers malformed or outside the file",
	    "segment sizes or file range invalid",
	    "segment outside user space",
	    "segment address and file offset disagree within a page",
	    "segments share a page",
	    "segment is both writable and executable",
	    "entry point is not in an executable segment",
	    "no loadable segment",
	    "too many loadable segments",
	    "needs an interpreter or dynamic linking",
	    "dynamic section or relocation table malformed",
	    "relocation other than R_X86_64_RELATIVE",
	    "relocation target outside a writable segment",
	    "load base not page-aligned or image wraps",
	    "could not write a relocation",
	};

	if (err > 0 || -err >= (int)(sizeof(msg) / sizeof(msg[0]))) {
		return "unknown error";
	}
	return msg[-err];
}
