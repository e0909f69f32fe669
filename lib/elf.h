/*
 * elf: checks an ELF64 x86_64 executable and describes its loadable
 * segments.  The loader maps nothing until this check has passed, so a bad
 * file is refused whole and leaves nothing half-loaded behind.
 */
#ifndef CAIRN_LIB_ELF_H
#define CAIRN_LIB_ELF_H

#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGMENTS 16

enum {
	ELF_PF_X = 1,
	ELF_PF_W = 2,
	ELF_PF_R = 4,
};

struct elf_segment {
	uint64_t vaddr;
	uint64_t memsz;
	uint64_t offset;
	uint64_t filesz;
	uint32_t flags; /* ELF_PF_* */
};

struct elf_image {
	uint64_t entry;
	int nsegs;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
};

enum elf_error {
	ELF_OK = 0,
	ELF_E_SHORT = -1,     /* smaller than an ELF header */
	ELF_E_MAGIC = -2,     /* not an ELF file */
	ELF_E_CLASS = -3,     /* not 64-bit little-endian version 1 */
	ELF_E_TYPE = -4,      /* not a static executable */
	ELF_E_MACHINE = -5,   /* not for x86_64 */
	ELF_E_PHDR = -6,      /* program headers malformed or outside file */
	ELF_E_SEGMENT = -7,   /* a segment's sizes or file range are bad */
	ELF_E_ADDRESS = -8,   /* a segment lies outside user space */
	ELF_E_ALIGN = -9,     /* address and offset disagree within a page */
	ELF_E_OVERLAP = -10,  /* two segments share a page */
	ELF_E_WX = -11,	      /* a segment is both writable and executable */
	ELF_E_ENTRY = -12,    /* entry point not in an executable segment */
	ELF_E_NO_LOAD = -13,  /* nothing to load */
	ELF_E_TOO_MANY = -14, /* more loadable segments than supported */
	ELF_E_DYNAMIC = -15,  /* needs an interpreter or dynamic linking */
};

/*
 * Check the ELF file at file (size bytes) and fill *img.  Every loadable
 * segment must lie in [4096, user_limit).  Returns ELF_OK or an elf_error.
 */
int elf_check(const void *file, size_t size, uint64_t user_limit,
	      struct elf_image *img);

/* A one-line description of an elf_error. */
const char *elf_strerror(int err);

#endif
