/*
 * elf: checks an ELF64 x86_64 executable and describes its loadable
 * segments.  The loader maps nothing until this check has passed, so a bad
 * file is refused whole and leaves nothing half-loaded behind.
 *
 * Two kinds of program are accepted: static executables (ET_EXEC), loaded
 * at their link addresses, and static position-independent executables
 * (ET_DYN, linked `ld.lld -pie --no-dynamic-linker`), which the loader
 * places at a page-aligned base of its choosing and fixes up with
 * elf_relocate.  A PIE may carry only R_X86_64_RELATIVE relocations.
 */
#ifndef CAIRN_LIB_ELF_H
#define CAIRN_LIB_ELF_H

#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGMENTS 16
#define ELF_PIE_SPAN_MAX (1ull << 30) /* a PIE spans less than this */

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

/*
 * The machine a program must be built for: its e_machine and the type of
 * its one relocation, R_<machine>_RELATIVE.
 */
struct elf_machine {
	uint16_t em;
	uint32_t relative;
};

extern const struct elf_machine elf_x86_64; /* EM_X86_64, R_X86_64_RELATIVE */
extern const struct elf_machine
    elf_aarch64; /* EM_AARCH64, R_AARCH64_RELATIVE */
/* The machine this code is built for. */
extern const struct elf_machine *const elf_native;

/*
 * A checked program.  For a PIE every address here (entry, segment vaddrs,
 * span) is relative to the load base, which the loader adds.
 */
struct elf_image {
	uint64_t entry;
	int nsegs;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
	int pie;	      /* ET_DYN: position-independent */
	uint64_t span_start;  /* the lowest segment's first page */
	uint64_t span_end;    /* the end of the highest, rounded up a page */
	uint64_t rela_offset; /* PIE: file offset of the RELA table */
	uint64_t rela_count;  /* PIE: entries in it (0: nothing to fix) */
	uint32_t relative;    /* the machine's RELATIVE relocation type */
};

enum elf_error {
	ELF_OK = 0,
	ELF_E_SHORT = -1,     /* smaller than an ELF header */
	ELF_E_MAGIC = -2,     /* not an ELF file */
	ELF_E_CLASS = -3,     /* not 64-bit little-endian version 1 */
	ELF_E_TYPE = -4,      /* not a static executable */
	ELF_E_MACHINE = -5,   /* not for the machine asked for */
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
	ELF_E_DYNTAB = -16,   /* PIE dynamic or relocation table malformed */
	ELF_E_RELOC = -17,    /* a relocation other than RELATIVE */
	ELF_E_TARGET = -18,   /* a relocation outside a writable segment */
	ELF_E_BASE = -19,     /* load base not page-aligned, or wraps */
	ELF_E_WRITE = -20,    /* the loader's write callback failed */
};

/*
 * Check the ELF file at file (size bytes), built for machine m, and fill
 * *img.  An executable's loadable segments must lie in [4096,
 * user_limit); a PIE's span must be under ELF_PIE_SPAN_MAX and fit below
 * user_limit at some base, and each of its relocations must be the
 * machine's RELATIVE type with a target in a writable segment.  Returns
 * ELF_OK or an elf_error; on error *img is zeroed.
 */
int elf_check_for(const void *file, size_t size, const struct elf_machine *m,
		  uint64_t user_limit, struct elf_image *img);

/* elf_check_for the machine this code runs on (elf_native). */
int elf_check(const void *file, size_t size, uint64_t user_limit,
	      struct elf_image *img);

/*
 * Apply the relocations of the PIE img, checked by elf_check from the same
 * file, for a load at base (a segment's vaddr v is placed at base + v):
 * each stores base + addend as 8 little-endian bytes through
 * write64(arg, base + r_offset, value), which returns 0 on success.  Such
 * a target need not be aligned, so it may cross a page.  Each relocation
 * is checked again before its write.  For an ET_EXEC image base must be 0
 * and nothing is written.  Returns ELF_OK or an elf_error; after an error
 * some writes may have been made, so the loader discards the image.
 */
int elf_relocate(const void *file, size_t size, const struct elf_image *img,
		 uint64_t base,
		 int (*write64)(void *arg, uint64_t vaddr, uint64_t value),
		 void *arg);

/* A one-line description of an elf_error. */
const char *elf_strerror(int err);

#endif
