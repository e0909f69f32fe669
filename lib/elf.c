/*
 * elf: validation of static ELF64 x86_64 executables, after the System V
 * ABI's ELF specification and its x86_64 supplement.
 */
#include "elf.h"

#include "cstring.h"

enum {
	EHDR_SIZE = 64,
	PHDR_SIZE = 56,
	MAX_PHNUM = 64,
	ET_EXEC = 2,
	EM_X86_64 = 62,
	PT_LOAD = 1,
	PT_DYNAMIC = 2,
	PT_INTERP = 3,
	PAGE = 4096,
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
check_header(const uint8_t *f, size_t size)
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
	if (rd16(f + 16) != ET_EXEC) {
		return ELF_E_TYPE;
	}
	if (rd16(f + 18) != EM_X86_64) {
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

static int
check_segment(const struct elf_segment *s, size_t size, uint64_t limit)
{
	if (s->filesz > s->memsz || s->memsz == 0 || s->offset > size ||
	    s->filesz > size - s->offset) {
		return ELF_E_SEGMENT;
	}
	if (s->vaddr < PAGE || s->vaddr >= limit ||
	    s->memsz > limit - s->vaddr) {
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

static int check_file(const uint8_t *f, size_t size, uint64_t user_limit,
		      struct elf_image *img);

int
elf_check(const void *file, size_t size, uint64_t user_limit,
	  struct elf_image *img)
{
	int err = check_file(file, size, user_limit, img);

	/* A refused file leaves nothing that looks loadable. */
	if (err != ELF_OK) {
		memset(img, 0, sizeof(*img));
	}
	return err;
}

static int
check_file(const uint8_t *f, size_t size, uint64_t user_limit,
	   struct elf_image *img)
{
	int err = check_header(f, size);

	memset(img, 0, sizeof(*img));
	if (err != ELF_OK) {
		return err;
	}
	img->entry = rd64(f + 24);
	uint64_t phoff = rd64(f + 32);
	uint16_t phnum = rd16(f + 56);
	for (uint16_t i = 0; i < phnum; i++) {
		const uint8_t *ph = f + phoff + (uint64_t)i * PHDR_SIZE;
		uint32_t type = rd32(ph);
		if (type == PT_INTERP || type == PT_DYNAMIC) {
			return ELF_E_DYNAMIC;
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
		err = check_segment(s, size, user_limit);
		if (err != ELF_OK) {
			return err;
		}
	}
	if (img->nsegs == 0) {
		return ELF_E_NO_LOAD;
	}
	return check_layout(img);
}

const char *
elf_strerror(int err)
{
	static const char *const msg[] = {
	    "ok",
	    "file is shorter than an ELF header",
	    "not an ELF file (bad magic)",
	    "not a 64-bit little-endian ELF version 1 file",
	    "not a static executable",
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
	};

	if (err > 0 || -err >= (int)(sizeof(msg) / sizeof(msg[0]))) {
		return "unknown error";
	}
	return msg[-err];
}
