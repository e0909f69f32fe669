/*
 * Host unit tests for lib/elf.c.  Each test builds a small ELF64 file in a
 * byte buffer, changes what it tests, and checks the verdict.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "elf.h"

#define LIMIT 0x800000000000ull /* the top of user space */
#define TEXT  0x400000ull
#define DATA  0x401000ull

enum {
	PT_NULL = 0,
	PT_LOAD = 1,
	PT_DYNAMIC = 2,
	PT_INTERP = 3,
	PT_NOTE = 4,
	PT_GNU_STACK = 0x6474e551,
	RX = ELF_PF_R | ELF_PF_X,
	RW = ELF_PF_R | ELF_PF_W,
};

struct phdr {
	uint32_t type;
	uint32_t flags;
	uint64_t offset;
	uint64_t vaddr;
	uint64_t filesz;
	uint64_t memsz;
};

/* The file under test; room for the program headers and a few pages. */
static uint8_t file[0x4000];

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void
put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* Write program header i (at offset 64 + 56 i). */
static void
put_phdr(int i, const struct phdr *ph)
{
	uint8_t *p = file + 64 + 56 * i;

	put32(p, ph->type);
	put32(p + 4, ph->flags);
	put64(p + 8, ph->offset);
	put64(p + 16, ph->vaddr);
	put64(p + 24, ph->vaddr); /* p_paddr */
	put64(p + 32, ph->filesz);
	put64(p + 40, ph->memsz);
	put64(p + 48, 0x1000); /* p_align */
}

/*
 * Build an x86_64 static executable with entry point entry and the n
 * program headers ph.  Returns the file's size: enough for the headers and
 * for every segment's file bytes.
 */
static size_t
build(uint64_t entry, const struct phdr *ph, int n)
{
	size_t size = 64 + 56 * (size_t)n;

	memset(file, 0, sizeof(file));
	memcpy(file, "\177ELF", 4);
	file[4] = 2;	      /* ELFCLASS64 */
	file[5] = 1;	      /* ELFDATA2LSB */
	file[6] = 1;	      /* EV_CURRENT */
	put16(file + 16, 2);  /* ET_EXEC */
	put16(file + 18, 62); /* EM_X86_64 */
	put32(file + 20, 1);
	put64(file + 24, entry);
	put64(file + 32, 64);
	put16(file + 52, 64);
	put16(file + 54, 56);
	put16(file + 56, (uint16_t)n);
	for (int i = 0; i < n; i++) {
		put_phdr(i, &ph[i]);
		if (ph[i].type == PT_LOAD && ph[i].offset < sizeof(file) &&
		    ph[i].filesz <= sizeof(file) - ph[i].offset &&
		    ph[i].offset + ph[i].filesz > size) {
			size = ph[i].offset + ph[i].filesz;
		}
	}
	return size;
}

/* The good program: text R+X at TEXT, data R+W (with bss) at DATA. */
static const struct phdr good[] = {
    {PT_LOAD, RX, 0, TEXT, 0x1000, 0x1000},
    {PT_LOAD, RW, 0x1000, DATA, 0x100, 0x2000},
    {PT_GNU_STACK, RW, 0, 0, 0, 0},
};

static size_t
build_good(void)
{
	return build(TEXT + 0x100, good, 3);
}

/* Check with img first filled with junk, so leftovers would show. */
static int
check(size_t size, struct elf_image *img)
{
	memset(img, 0xAB, sizeof(*img));
	return elf_check(file, size, LIMIT, img);
}

/* Build from one changed copy of the good headers and check it. */
static int
check_changed(const struct phdr *text, const struct phdr *data, uint64_t entry,
	      struct elf_image *img)
{
	const struct phdr ph[] = {*text, *data};

	return check(build(entry, ph, 2), img);
}

static void
test_good_executable(void **state)
{
	struct elf_image img;

	(void)state;
	size_t size = build_good();
	assert_int_equal(size, 0x1100);
	assert_int_equal(check(size, &img), ELF_OK);
	assert_int_equal(img.entry, TEXT + 0x100);
	assert_int_equal(img.nsegs, 2);
	assert_int_equal(img.seg[0].vaddr, TEXT);
	assert_int_equal(img.seg[0].memsz, 0x1000);
	assert_int_equal(img.seg[0].offset, 0);
	assert_int_equal(img.seg[0].filesz, 0x1000);
	assert_int_equal(img.seg[0].flags, RX);
	assert_int_equal(img.seg[1].vaddr, DATA);
	assert_int_equal(img.seg[1].memsz, 0x2000);
	assert_int_equal(img.seg[1].offset, 0x1000);
	assert_int_equal(img.seg[1].filesz, 0x100);
	assert_int_equal(img.seg[1].flags, RW);
	assert_int_equal(img.pie, 0);
	assert_int_equal(img.span_start, TEXT);
	assert_int_equal(img.span_end, DATA + 0x2000);
	assert_int_equal(img.rela_count, 0);
}

static void
test_good_variants(void **state)
{
	struct elf_image img;

	(void)state;
	/* Unknown flag bits are dropped; other header types are skipped. */
	const struct phdr ph[] = {
	    {PT_NOTE, ELF_PF_R, 0x200, 0, 0x20, 0x20},
	    {PT_NULL, 0, 0, 0, 0, 0},
	    {PT_LOAD, RX | 0xF0000000u, 0, TEXT, 0x800, 0x800},
	    {PT_LOAD, ELF_PF_R, 0x800, DATA + 0x800, 0x10, 0x10},
	};
	assert_int_equal(check(build(TEXT, ph, 4), &img), ELF_OK);
	assert_int_equal(img.nsegs, 2);
	assert_int_equal(img.seg[0].flags, RX);
	assert_int_equal(img.seg[1].flags, ELF_PF_R);

	/* A segment may end exactly at the limit; the entry may be the
	 * last byte of an executable segment. */
	const struct phdr top = {PT_LOAD,	 RX,	 0,
				 LIMIT - 0x1000, 0x1000, 0x1000};
	assert_int_equal(check(build(LIMIT - 1, &top, 1), &img), ELF_OK);

	/* A segment with no file bytes (all bss), and the lowest address. */
	const struct phdr low[] = {
	    {PT_LOAD, RX, 0, 0x1000, 0x80, 0x80},
	    {PT_LOAD, RW, 0, 0x2000, 0, 0x5000},
	};
	assert_int_equal(check(build(0x1000, low, 2), &img), ELF_OK);
	assert_int_equal(img.seg[1].filesz, 0);
}

static void
test_short(void **state)
{
	struct elf_image img;

	(void)state;
	build_good();
	assert_int_equal(check(63, &img), ELF_E_SHORT);
	assert_int_equal(img.nsegs, 0);
	assert_int_equal(img.entry, 0);
	assert_int_equal(check(0, &img), ELF_E_SHORT);
	assert_int_equal(img.nsegs, 0);
}

static void
test_bad_magic(void **state)
{
	struct elf_image img;

	(void)state;
	size_t size = build_good();
	file[1] = 'e';
	assert_int_equal(check(size, &img), ELF_E_MAGIC);
	assert_int_equal(img.nsegs, 0);
	file[1] = 'E';
	file[0] = 0;
	assert_int_equal(check(size, &img), ELF_E_MAGIC);
}

static void
test_bad_class(void **state)
{
	struct elf_image img;

	(void)state;
	size_t size = build_good();
	file[4] = 1; /* 32-bit */
	assert_int_equal(check(size, &img), ELF_E_CLASS);
	assert_int_equal(img.nsegs, 0);
	size = build_good();
	file[5] = 2; /* big-endian */
	assert_int_equal(check(size, &img), ELF_E_CLASS);
	size = build_good();
	file[6] = 0; /* EI_VERSION */
	assert_int_equal(check(size, &img), ELF_E_CLASS);
	size = build_good();
	put32(file + 20, 2); /* e_version */
	assert_int_equal(check(size, &img), ELF_E_CLASS);
}

static void
test_bad_type(void **state)
{
	struct elf_image img;

	(void)state;
	size_t size = build_good();
	put16(file + 16, 1); /* ET_REL */
	assert_int_equal(check(size, &img), ELF_E_TYPE);
	assert_int_equal(img.nsegs, 0);
	put16(file + 16, 4); /* ET_CORE */
	assert_int_equal(check(size, &img), ELF_E_TYPE);
}

static void
test_bad_machine(void **state)
{
	struct elf_image img;

	(void)state;
	size_t size = build_good();
	put16(file + 18, 3); /* EM_386 */
	assert_int_equal(check(size, &img), ELF_E_MACHINE);
	assert_int_equal(img.nsegs, 0);
	put16(file + 18, 183); /* EM_AARCH64 */
	assert_int_equal(check(size, &img), ELF_E_MACHINE);
}

/* The machine is a parameter: the same file for aarch64 and x86_64. */
static void
test_machine_aarch64(void **state)
{
	struct elf_image img;

	(void)state;
	size_t size = build_good();
	put16(file + 18, 183); /* EM_AARCH64 */
	assert_int_equal(elf_check_for(file, size, &elf_aarch64, LIMIT, &img),
			 ELF_OK);
	assert_int_equal(img.relative, 1027);
	assert_int_equal(elf_check_for(file, size, &elf_x86_64, LIMIT, &img),
			 ELF_E_MACHINE);
	assert_int_equal(img.nsegs, 0);
	put16(file + 18, 62); /* EM_X86_64 */
	assert_int_equal(elf_check_for(file, size, &elf_aarch64, LIMIT, &img),
			 ELF_E_MACHINE);
	assert_int_equal(elf_check_for(file, size, &elf_x86_64, LIMIT, &img),
			 ELF_OK);
	assert_int_equal(img.relative, 8);
	/* The host's own machine is what elf_check takes. */
	assert_ptr_equal(elf_native, &elf_x86_64);
}

static void
test_bad_phentsize_or_phnum(void **state)
{
	struct elf_image img;

	(void)state;
	size_t size = build_good();
	put16(file + 54, 32);
	assert_int_equal(check(size, &img), ELF_E_PHDR);
	assert_int_equal(img.nsegs, 0);
	put16(file + 54, 64);
	assert_int_equal(check(size, &img), ELF_E_PHDR);
	put16(file + 54, 56);
	put16(file + 56, 0);
	assert_int_equal(check(size, &img), ELF_E_PHDR);
	put16(file + 56, 65);
	assert_int_equal(check(sizeof(file), &img), ELF_E_PHDR);
	put16(file + 56, 0xFFFF);
	assert_int_equal(check(sizeof(file), &img), ELF_E_PHDR);
}

static void
test_phdrs_outside_file(void **state)
{
	struct elf_image img;

	(void)state;
	size_t size = build_good();
	/* The third header ends one byte past the end of the file. */
	assert_int_equal(check(64 + 3 * 56 - 1, &img), ELF_E_PHDR);
	assert_int_equal(img.nsegs, 0);
	put64(file + 32, size + 1);
	assert_int_equal(check(size, &img), ELF_E_PHDR);
	put64(file + 32, size - 56);
	assert_int_equal(check(size, &img), ELF_E_PHDR);
	/* An offset so large that offset + length wraps. */
	put64(file + 32, ~0ull - 8);
	assert_int_equal(check(size, &img), ELF_E_PHDR);
}

static void
test_filesz_over_memsz(void **state)
{
	struct elf_image img;
	struct phdr data = good[1];

	(void)state;
	data.filesz = 0x100;
	data.memsz = 0xff;
	assert_int_equal(check_changed(&good[0], &data, TEXT, &img),
			 ELF_E_SEGMENT);
	data.filesz = 0;
	data.memsz = 0;
	assert_int_equal(check_changed(&good[0], &data, TEXT, &img),
			 ELF_E_SEGMENT);
}

static void
test_segment_past_file_end(void **state)
{
	struct elf_image img;
	struct phdr data = good[1];

	(void)state;
	size_t size = build_good();
	/* The data segment's file bytes end one byte past the file. */
	assert_int_equal(check(size - 1, &img), ELF_E_SEGMENT);
	data.offset = sizeof(file) + 0x1000;
	data.vaddr = DATA + 0x1000;
	assert_int_equal(check_changed(&good[0], &data, TEXT, &img),
			 ELF_E_SEGMENT);
	/* offset + filesz wraps around. */
	data.offset = 0xFFFFFFFFFFFFF000ull;
	data.vaddr = DATA;
	data.filesz = 0x2000;
	data.memsz = 0x2000;
	assert_int_equal(check_changed(&good[0], &data, TEXT, &img),
			 ELF_E_SEGMENT);
}

static void
test_vaddr_too_low(void **state)
{
	struct elf_image img;
	struct phdr text = good[0];

	(void)state;
	text.vaddr = 0;
	assert_int_equal(check_changed(&text, &good[1], 0x100, &img),
			 ELF_E_ADDRESS);
	text.vaddr = 0xFFF;
	text.offset = 0xFFF;
	text.filesz = 1;
	assert_int_equal(check_changed(&text, &good[1], 0xFFF, &img),
			 ELF_E_ADDRESS);
}

static void
test_vaddr_past_limit(void **state)
{
	struct elf_image img;
	struct phdr data = good[1];

	(void)state;
	/* Starting at the limit. */
	data.vaddr = LIMIT;
	data.offset = 0x1000;
	assert_int_equal(check_changed(&good[0], &data, TEXT, &img),
			 ELF_E_ADDRESS);
	/* Ending one byte past it. */
	data.vaddr = LIMIT - 0x1000;
	data.memsz = 0x1001;
	assert_int_equal(check_changed(&good[0], &data, TEXT, &img),
			 ELF_E_ADDRESS);
	/* Wrapping the address space. */
	data.vaddr = 0xFFFFFFFFFFFFF000ull;
	data.memsz = 0x2000;
	assert_int_equal(check_changed(&good[0], &data, TEXT, &img),
			 ELF_E_ADDRESS);
	/* Wrapping, even when the limit is the top of the space. */
	const struct phdr ph[] = {good[0], data};
	size_t size = build(TEXT, ph, 2);
	memset(&img, 0, sizeof(img));
	assert_int_equal(elf_check(file, size, ~0ull, &img), ELF_E_ADDRESS);
}

static void
test_misaligned(void **state)
{
	struct elf_image img;
	struct phdr data = good[1];

	(void)state;
	data.vaddr = DATA + 0x10;
	assert_int_equal(check_changed(&good[0], &data, TEXT, &img),
			 ELF_E_ALIGN);
	/* The same page offset in both is fine. */
	data.vaddr = DATA + 0x10;
	data.offset = 0x1010;
	data.filesz = 0x10;
	assert_int_equal(check_changed(&good[0], &data, TEXT, &img), ELF_OK);
}

static void
test_overlapping_pages(void **state)
{
	struct elf_image img;
	struct phdr text = good[0];
	struct phdr data = good[1];

	(void)state;
	/* Disjoint bytes, but both in the page at TEXT. */
	text.filesz = 0x800;
	text.memsz = 0x800;
	data.vaddr = TEXT + 0x900;
	data.offset = 0x900;
	data.filesz = 0x10;
	assert_int_equal(check_changed(&text, &data, TEXT, &img),
			 ELF_E_OVERLAP);
	/* The data segment ends in the text segment's first page. */
	data.vaddr = TEXT - 0x1000;
	data.offset = 0x0;
	data.memsz = 0x1001;
	assert_int_equal(check_changed(&text, &data, TEXT, &img),
			 ELF_E_OVERLAP);
	/* One inside the other. */
	data = good[1];
	data.vaddr = TEXT;
	data.offset = 0;
	data.memsz = 0x3000;
	assert_int_equal(check_changed(&text, &data, TEXT, &img),
			 ELF_E_OVERLAP);
	/* Ending exactly where the next page begins is no overlap. */
	data.vaddr = TEXT - 0x1000;
	data.memsz = 0x1000;
	assert_int_equal(check_changed(&text, &data, TEXT, &img), ELF_OK);
}

static void
test_writable_and_executable(void **state)
{
	struct elf_image img;
	struct phdr data = good[1];

	(void)state;
	data.flags = ELF_PF_R | ELF_PF_W | ELF_PF_X;
	assert_int_equal(check_changed(&good[0], &data, TEXT, &img), ELF_E_WX);
	data.flags = ELF_PF_W | ELF_PF_X;
	assert_int_equal(check_changed(&good[0], &data, TEXT, &img), ELF_E_WX);
}

static void
test_entry_outside_executable(void **state)
{
	struct elf_image img;

	(void)state;
	/* In the data segment. */
	assert_int_equal(check_changed(&good[0], &good[1], DATA, &img),
			 ELF_E_ENTRY);
	/* One past the end of the text segment (which is DATA here, but
	 * make it a gap to be sure). */
	struct phdr data = good[1];
	data.vaddr = DATA + 0x1000;
	data.offset = 0x2000;
	data.filesz = 0;
	assert_int_equal(check_changed(&good[0], &data, TEXT + 0x1000, &img),
			 ELF_E_ENTRY);
	/* Below every segment, and zero. */
	assert_int_equal(check_changed(&good[0], &data, TEXT - 1, &img),
			 ELF_E_ENTRY);
	assert_int_equal(check_changed(&good[0], &data, 0, &img), ELF_E_ENTRY);
	/* The first byte of the text segment is fine. */
	assert_int_equal(check_changed(&good[0], &data, TEXT, &img), ELF_OK);
	/* No executable segment at all. */
	struct phdr text = good[0];
	text.flags = ELF_PF_R;
	assert_int_equal(check_changed(&text, &data, TEXT, &img), ELF_E_ENTRY);
}

static void
test_no_load(void **state)
{
	struct elf_image img;
	const struct phdr ph[] = {
	    {PT_NOTE, ELF_PF_R, 0x100, 0, 0x20, 0x20},
	    {PT_GNU_STACK, RW, 0, 0, 0, 0},
	};

	(void)state;
	assert_int_equal(check(build(TEXT, ph, 2), &img), ELF_E_NO_LOAD);
	assert_int_equal(img.nsegs, 0);
}

/* n PT_LOAD segments, one page each, the first executable. */
static size_t
build_many(int n)
{
	struct phdr ph[ELF_MAX_SEGMENTS + 1];

	for (int i = 0; i < n; i++) {
		ph[i].type = PT_LOAD;
		ph[i].flags = i == 0 ? RX : RW;
		ph[i].offset = 0;
		ph[i].vaddr = TEXT + 0x1000ull * i;
		ph[i].filesz = 0;
		ph[i].memsz = 0x1000;
	}
	return build(TEXT, ph, n);
}

static void
test_too_many_segments(void **state)
{
	struct elf_image img;

	(void)state;
	assert_int_equal(check(build_many(ELF_MAX_SEGMENTS), &img), ELF_OK);
	assert_int_equal(img.nsegs, ELF_MAX_SEGMENTS);
	assert_int_equal(img.seg[ELF_MAX_SEGMENTS - 1].vaddr,
			 TEXT + 0x1000ull * (ELF_MAX_SEGMENTS - 1));
	assert_int_equal(check(build_many(ELF_MAX_SEGMENTS + 1), &img),
			 ELF_E_TOO_MANY);
}

static void
test_interpreter_or_dynamic(void **state)
{
	struct elf_image img;
	struct phdr ph[3] = {
	    good[0], good[1], {PT_INTERP, ELF_PF_R, 0x200, 0, 0x1c, 0x1c}};

	(void)state;
	assert_int_equal(check(build(TEXT, ph, 3), &img), ELF_E_DYNAMIC);
	ph[2].type = PT_DYNAMIC;
	assert_int_equal(check(build(TEXT, ph, 3), &img), ELF_E_DYNAMIC);
	/* First among the headers, too. */
	ph[0].type = PT_INTERP;
	assert_int_equal(check(build(TEXT, ph, 3), &img), ELF_E_DYNAMIC);
}

/*
 * Static PIEs.  The layout is lld's: a read-only segment at 0 with the
 * headers and the RELA table, text, then data whose first bytes are the
 * dynamic section and whose last page is bss.
 */
enum {
	ET_DYN = 3,
	DT_NULL = 0,
	DT_NEEDED = 1,
	DT_PLTRELSZ = 2,
	DT_RELA = 7,
	DT_RELASZ = 8,
	DT_RELAENT = 9,
	DT_REL = 17,
	DT_PLTREL = 20,
	DT_DEBUG = 21,
	DT_JMPREL = 23,
	DT_RELR = 36,
	DT_RELACOUNT = 0x6ffffff9,
	DT_FLAGS_1 = 0x6ffffffb,
	R_X86_64_64 = 1,
	R_X86_64_JUMP_SLOT = 7,
	R_X86_64_RELATIVE = 8,
	PIE_RELA = 0x200,
	PIE_TEXT = 0x1000,
	PIE_DYN = 0x2000,
	PIE_DATA = 0x2100,
	PIE_BASE = 0x40000000,
};

static const struct phdr pie[] = {
    {PT_LOAD, ELF_PF_R, 0, 0, 0x300, 0x300},
    {PT_LOAD, RX, PIE_TEXT, PIE_TEXT, 0x100, 0x100},
    {PT_LOAD, RW, PIE_DYN, PIE_DYN, 0x200, 0x1000},
    {PT_DYNAMIC, RW, PIE_DYN, PIE_DYN, 0x80, 0x80},
};

struct dyn {
	uint64_t tag, val;
};

/* Write n dynamic entries at PIE_DYN (the caller ends them with DT_NULL). */
static void
put_dyn(const struct dyn *d, int n)
{
	for (int i = 0; i < n; i++) {
		put64(file + PIE_DYN + 16 * i, d[i].tag);
		put64(file + PIE_DYN + 16 * i + 8, d[i].val);
	}
}

static void
put_rela(int i, uint64_t offset, uint64_t info, uint64_t addend)
{
	uint8_t *p = file + PIE_RELA + 24 * i;

	put64(p, offset);
	put64(p + 8, info);
	put64(p + 16, addend);
}

/* The usual dynamic section: three RELATIVE relocations. */
static const struct dyn pie_dyn[] = {
    {DT_FLAGS_1, 0x08000000},
    {DT_DEBUG, 0},
    {DT_RELA, PIE_RELA},
    {DT_RELASZ, 72},
    {DT_RELAENT, 24},
    {DT_RELACOUNT, 3},
    {DT_NULL, 0},
};

/* A PIE with program headers ph (n of them) and the usual contents. */
static size_t
build_pie_with(const struct phdr *ph, int n)
{
	size_t size = build(PIE_TEXT, ph, n);

	put16(file + 16, ET_DYN);
	put_dyn(pie_dyn, 7);
	put_rela(0, PIE_DATA, R_X86_64_RELATIVE, PIE_DATA + 8);
	put_rela(1, PIE_DATA + 8, R_X86_64_RELATIVE, PIE_TEXT);
	put_rela(2, PIE_DYN + 0xff8, R_X86_64_RELATIVE, 0); /* last bss */
	return size;
}

static size_t
build_pie(void)
{
	return build_pie_with(pie, 4);
}

/* The writes elf_relocate made, through record_write. */
struct writes {
	int n;
	int fail_at; /* fail the write with this index */
	uint64_t vaddr[8];
	uint64_t value[8];
};

static int
record_write(void *arg, uint64_t vaddr, uint64_t value)
{
	struct writes *w = arg;

	if (w->n == w->fail_at || w->n == 8) {
		return -1;
	}
	w->vaddr[w->n] = vaddr;
	w->value[w->n++] = value;
	return 0;
}

/* An aarch64 PIE: R_AARCH64_RELATIVE only, not x86_64's type. */
static void
test_pie_aarch64(void **state)
{
	struct elf_image img;
	struct writes w = {0, -1, {0}, {0}};

	(void)state;
	size_t size = build_pie();
	put16(file + 18, 183); /* EM_AARCH64 */
	assert_int_equal(elf_check_for(file, size, &elf_aarch64, LIMIT, &img),
			 ELF_E_RELOC);
	for (int i = 0; i < 3; i++) {
		put64(file + PIE_RELA + 24 * i + 8, 1027);
	}
	assert_int_equal(elf_check_for(file, size, &elf_aarch64, LIMIT, &img),
			 ELF_OK);
	assert_int_equal(
	    elf_relocate(file, size, &img, PIE_BASE, record_write, &w), ELF_OK);
	assert_int_equal(w.n, 3);
	assert_int_equal(w.value[1], PIE_BASE + PIE_TEXT);
}

static void
test_pie(void **state)
{
	struct elf_image img;
	struct writes w = {0, -1, {0}, {0}};

	(void)state;
	size_t size = build_pie();
	assert_int_equal(size, 0x2200);
	assert_int_equal(check(size, &img), ELF_OK);
	assert_int_equal(img.pie, 1);
	assert_int_equal(img.entry, PIE_TEXT);
	assert_int_equal(img.nsegs, 3);
	assert_int_equal(img.seg[0].vaddr, 0);
	assert_int_equal(img.span_start, 0);
	assert_int_equal(img.span_end, 0x3000);
	assert_int_equal(img.rela_offset, PIE_RELA);
	assert_int_equal(img.rela_count, 3);
	assert_int_equal(
	    elf_relocate(file, size, &img, PIE_BASE, record_write, &w), ELF_OK);
	assert_int_equal(w.n, 3);
	assert_int_equal(w.vaddr[0], PIE_BASE + PIE_DATA);
	assert_int_equal(w.value[0], PIE_BASE + PIE_DATA + 8);
	assert_int_equal(w.vaddr[1], PIE_BASE + PIE_DATA + 8);
	assert_int_equal(w.value[1], PIE_BASE + PIE_TEXT);
	assert_int_equal(w.vaddr[2], PIE_BASE + 0x2ff8);
	assert_int_equal(w.value[2], PIE_BASE);
	/* At base 0 the values are the addends. */
	w.n = 0;
	assert_int_equal(elf_relocate(file, size, &img, 0, record_write, &w),
			 ELF_OK);
	assert_int_equal(w.value[0], PIE_DATA + 8);
}

static void
test_pie_variants(void **state)
{
	struct elf_image img;
	struct writes w = {0, -1, {0}, {0}};

	(void)state;
	/* No dynamic section at all: nothing to relocate. */
	size_t size = build_pie_with(pie, 3);
	assert_int_equal(check(size, &img), ELF_OK);
	assert_int_equal(img.pie, 1);
	assert_int_equal(img.rela_count, 0);
	assert_int_equal(
	    elf_relocate(file, size, &img, PIE_BASE, record_write, &w), ELF_OK);
	assert_int_equal(w.n, 0);
	/* A dynamic section without relocations. */
	size = build_pie();
	const struct dyn none[] = {{DT_FLAGS_1, 0x08000000}, {DT_NULL, 0}};
	put_dyn(none, 2);
	assert_int_equal(check(size, &img), ELF_OK);
	assert_int_equal(img.rela_count, 0);
	/* An empty table, and one without DT_RELACOUNT. */
	build_pie();
	const struct dyn empty[] = {{DT_RELA, PIE_RELA},
				    {DT_RELASZ, 0},
				    {DT_RELAENT, 24},
				    {DT_NULL, 0}};
	put_dyn(empty, 4);
	assert_int_equal(check(size, &img), ELF_OK);
	assert_int_equal(img.rela_count, 0);
	const struct dyn two[] = {{DT_RELA, PIE_RELA},
				  {DT_RELASZ, 48},
				  {DT_RELAENT, 24},
				  {DT_NULL, 0}};
	put_dyn(two, 4);
	assert_int_equal(check(size, &img), ELF_OK);
	assert_int_equal(img.rela_count, 2);
	/* The table at the very end of a segment's file bytes. */
	build_pie();
	const struct dyn end[] = {{DT_RELA, 0x300 - 24},
				  {DT_RELASZ, 24},
				  {DT_RELAENT, 24},
				  {DT_NULL, 0}};
	put_dyn(end, 4);
	put64(file + 0x300 - 16, R_X86_64_RELATIVE);
	put64(file + 0x300 - 24, PIE_DATA);
	assert_int_equal(check(size, &img), ELF_OK);
	assert_int_equal(img.rela_offset, 0x300 - 24);
	/* A PIE linked above 0, and one whose span is just under 1 GiB. */
	struct phdr high[4];
	memcpy(high, pie, sizeof(pie));
	for (int i = 0; i < 4; i++) {
		high[i].vaddr += 0x400000;
	}
	size = build_pie_with(high, 4);
	put64(file + 24, PIE_TEXT + 0x400000);
	put64(file + PIE_DYN + 40, PIE_RELA + 0x400000);
	for (int i = 0; i < 3; i++) {
		put64(file + PIE_RELA + 24 * i,
		      (i < 2 ? PIE_DATA + 8 * i : 0x2ff8) + 0x400000);
	}
	assert_int_equal(check(size, &img), ELF_OK);
	assert_int_equal(img.span_start, 0x400000);
	struct phdr big[4];
	memcpy(big, pie, sizeof(pie));
	big[2].memsz = ELF_PIE_SPAN_MAX - PIE_DYN - 0x1000;
	assert_int_equal(check(build_pie_with(big, 4), &img), ELF_OK);
	assert_int_equal(img.span_end, ELF_PIE_SPAN_MAX - 0x1000);
}

static void
test_pie_dynamic_linking(void **state)
{
	struct elf_image img;
	struct phdr ph[5];
	static const uint64_t bad[] = {DT_NEEDED, DT_PLTRELSZ, DT_PLTREL,
				       DT_JMPREL, DT_REL,      DT_RELR};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t size = build_pie();
		/* Replace DT_DEBUG with the tag. */
		put64(file + PIE_DYN + 16, bad[i]);
		assert_int_equal(check(size, &img), ELF_E_DYNAMIC);
		assert_int_equal(img.pie, 0);
	}
	/* An interpreter. */
	memcpy(ph, pie, sizeof(pie));
	ph[4] = (struct phdr){PT_INTERP, ELF_PF_R, 0x120, 0x120, 0x1c, 0x1c};
	assert_int_equal(check(build_pie_with(ph, 5), &img), ELF_E_DYNAMIC);
}

static void
test_pie_bad_relocations(void **state)
{
	struct elf_image img;
	size_t size;

	(void)state;
	/* Other types, and RELATIVE naming a symbol. */
	static const uint64_t info[] = {R_X86_64_64, R_X86_64_JUMP_SLOT, 0,
					(1ull << 32) | R_X86_64_RELATIVE};
	for (size_t i = 0; i < sizeof(info) / sizeof(info[0]); i++) {
		size = build_pie();
		put64(file + PIE_RELA + 24 * 2 + 8, info[i]);
		assert_int_equal(check(size, &img), ELF_E_RELOC);
	}
	/* Targets: text, read-only, past the bss, across its end, wrapping. */
	static const uint64_t target[] = {PIE_TEXT, PIE_RELA,  0x3000,
					  0x2ff9,   ~0ull - 3, 0};
	for (size_t i = 0; i < sizeof(target) / sizeof(target[0]); i++) {
		size = build_pie();
		put64(file + PIE_RELA + 24, target[i]);
		assert_int_equal(check(size, &img), ELF_E_TARGET);
	}
}

/* Build the usual PIE, set dynamic entry i to tag, val; check it. */
static int
with_dyn(int i, uint64_t tag, uint64_t val)
{
	struct elf_image img;
	size_t size = build_pie();

	put64(file + PIE_DYN + 16 * i, tag);
	put64(file + PIE_DYN + 16 * i + 8, val);
	return check(size, &img);
}

static void
test_pie_bad_tables(void **state)
{
	(void)state;
	/* Entry 2 is DT_RELA, 3 DT_RELASZ, 4 DT_RELAENT, 5 DT_RELACOUNT. */
	assert_int_equal(with_dyn(4, DT_RELAENT, 16), ELF_E_DYNTAB);
	assert_int_equal(with_dyn(4, DT_DEBUG, 0), ELF_E_DYNTAB);
	assert_int_equal(with_dyn(3, DT_DEBUG, 0), ELF_E_DYNTAB);
	assert_int_equal(with_dyn(2, DT_DEBUG, 0), ELF_E_DYNTAB);
	assert_int_equal(with_dyn(3, DT_RELASZ, 70), ELF_E_DYNTAB);
	assert_int_equal(with_dyn(5, DT_RELACOUNT, 4), ELF_E_DYNTAB);
	assert_int_equal(with_dyn(1, DT_RELA, PIE_RELA), ELF_E_DYNTAB);
	/* Only DT_RELACOUNT. */
	assert_int_equal(with_dyn(2, DT_NULL, 0), ELF_OK);
	struct elf_image img;
	size_t size = build_pie();
	const struct dyn count[] = {{DT_RELACOUNT, 0}, {DT_NULL, 0}};
	put_dyn(count, 2);
	assert_int_equal(check(size, &img), ELF_E_DYNTAB);
	/* The table: in bss, nowhere, across a segment's end, wrapping. */
	assert_int_equal(with_dyn(2, DT_RELA, 0x2f00), ELF_E_DYNTAB);
	assert_int_equal(with_dyn(2, DT_RELA, 0x100000), ELF_E_DYNTAB);
	assert_int_equal(with_dyn(2, DT_RELA, 0x300 - 48), ELF_E_DYNTAB);
	assert_int_equal(with_dyn(2, DT_RELA, ~0ull - 8), ELF_E_DYNTAB);
	assert_int_equal(with_dyn(3, DT_RELASZ, ~0ull - 15), ELF_E_DYNTAB);
	/* A dynamic section with no DT_NULL. */
	size = build_pie();
	for (int i = 6; i < 8; i++) {
		put64(file + PIE_DYN + 16 * i, DT_DEBUG);
	}
	assert_int_equal(check(size, &img), ELF_E_DYNTAB);
}

static void
test_pie_bad_dynamic_segment(void **state)
{
	struct elf_image img;
	struct phdr ph[5];

	(void)state;
	memcpy(ph, pie, sizeof(pie));
	/* Past the end of the file, and wrapping. */
	ph[3].offset = 0x2180;
	ph[3].filesz = 0x81;
	assert_int_equal(check(build_pie_with(ph, 4), &img), ELF_E_DYNTAB);
	ph[3].offset = ~0ull - 0x10;
	ph[3].filesz = 0x80;
	assert_int_equal(check(build_pie_with(ph, 4), &img), ELF_E_DYNTAB);
	/* Too short to hold DT_NULL. */
	ph[3] = pie[3];
	ph[3].filesz = 0x68;
	assert_int_equal(check(build_pie_with(ph, 4), &img), ELF_E_DYNTAB);
	/* Two of them. */
	ph[3] = pie[3];
	ph[4] = pie[3];
	assert_int_equal(check(build_pie_with(ph, 5), &img), ELF_E_DYNTAB);
}

static void
test_pie_bad_layout(void **state)
{
	struct elf_image img;
	struct phdr ph[4];

	(void)state;
	/* A span of 1 GiB. */
	memcpy(ph, pie, sizeof(pie));
	ph[2].memsz = ELF_PIE_SPAN_MAX - PIE_DYN;
	assert_int_equal(check(build_pie_with(ph, 4), &img), ELF_E_ADDRESS);
	/* Addresses that wrap once rounded to a page. */
	memcpy(ph, pie, sizeof(pie));
	ph[2].vaddr = ~0ull - 0xfff;
	ph[2].memsz = 0x800;
	ph[2].offset = 0x2000;
	ph[2].filesz = 0;
	assert_int_equal(check(build_pie_with(ph, 4), &img), ELF_E_ADDRESS);
	ph[2].vaddr = 0xFFFFFFFFFFFFE000ull;
	ph[2].memsz = 0x1001;
	assert_int_equal(check(build_pie_with(ph, 4), &img), ELF_E_ADDRESS);
	/* A span that fits nowhere below the user limit. */
	size_t size = build_pie();
	assert_int_equal(elf_check(file, size, 0x3000, &img), ELF_E_ADDRESS);
	assert_int_equal(elf_check(file, size, 0x4000, &img), ELF_OK);
	assert_int_equal(elf_check(file, size, 0, &img), ELF_E_ADDRESS);
	/* The usual rules hold too: W^X, pages, entry, alignment. */
	memcpy(ph, pie, sizeof(pie));
	ph[2].flags = RW | ELF_PF_X;
	assert_int_equal(check(build_pie_with(ph, 4), &img), ELF_E_WX);
	memcpy(ph, pie, sizeof(pie));
	ph[1].vaddr = 0x200;
	ph[1].offset = 0x200;
	assert_int_equal(check(build_pie_with(ph, 4), &img), ELF_E_OVERLAP);
	memcpy(ph, pie, sizeof(pie));
	ph[1].vaddr = 0x1010;
	assert_int_equal(check(build_pie_with(ph, 4), &img), ELF_E_ALIGN);
	size = build_pie();
	put64(file + 24, PIE_DATA);
	assert_int_equal(check(size, &img), ELF_E_ENTRY);
}

static void
test_relocate_refusals(void **state)
{
	struct elf_image img, bad;
	struct writes w = {0, -1, {0}, {0}};

	(void)state;
	size_t size = build_pie();
	assert_int_equal(check(size, &img), ELF_OK);
	/* The base: not page-aligned, or the image would wrap. */
	assert_int_equal(
	    elf_relocate(file, size, &img, PIE_BASE + 8, record_write, &w),
	    ELF_E_BASE);
	assert_int_equal(
	    elf_relocate(file, size, &img, ~0ull - 0x1fff, record_write, &w),
	    ELF_E_BASE);
	assert_int_equal(w.n, 0);
	/* The loader's write fails: the second time. */
	w.fail_at = 1;
	assert_int_equal(
	    elf_relocate(file, size, &img, PIE_BASE, record_write, &w),
	    ELF_E_WRITE);
	assert_int_equal(w.n, 1);
	/* The table no longer in the file it is given. */
	w.n = 0;
	w.fail_at = -1;
	assert_int_equal(
	    elf_relocate(file, PIE_RELA + 71, &img, PIE_BASE, record_write, &w),
	    ELF_E_DYNTAB);
	bad = img;
	bad.rela_offset = ~0ull - 8;
	assert_int_equal(
	    elf_relocate(file, size, &bad, PIE_BASE, record_write, &w),
	    ELF_E_DYNTAB);
	assert_int_equal(w.n, 0);
	/* Relocations changed after the check are checked again. */
	put64(file + PIE_RELA + 24 + 8, R_X86_64_64);
	assert_int_equal(
	    elf_relocate(file, size, &img, PIE_BASE, record_write, &w),
	    ELF_E_RELOC);
	assert_int_equal(w.n, 1);
	w.n = 0;
	put64(file + PIE_RELA + 24 + 8, R_X86_64_RELATIVE);
	put64(file + PIE_RELA + 24, PIE_TEXT);
	assert_int_equal(
	    elf_relocate(file, size, &img, PIE_BASE, record_write, &w),
	    ELF_E_TARGET);
	assert_int_equal(w.n, 1);
	/* An executable is not moved. */
	w.n = 0;
	size = build_good();
	assert_int_equal(check(size, &img), ELF_OK);
	assert_int_equal(elf_relocate(file, size, &img, 0, record_write, &w),
			 ELF_OK);
	assert_int_equal(
	    elf_relocate(file, size, &img, PIE_BASE, record_write, &w),
	    ELF_E_BASE);
	assert_int_equal(w.n, 0);
}

static void
test_strerror(void **state)
{
	(void)state;
	for (int e = ELF_OK; e >= ELF_E_WRITE; e--) {
		const char *s = elf_strerror(e);
		assert_non_null(s);
		assert_true(s[0] != '\0');
		assert_string_not_equal(s, "unknown error");
		for (int f = ELF_OK; f > e; f--) {
			assert_string_not_equal(s, elf_strerror(f));
		}
	}
	assert_string_equal(elf_strerror(ELF_E_WRITE - 1), "unknown error");
	assert_string_equal(elf_strerror(1), "unknown error");
	assert_string_equal(elf_strerror(-1000), "unknown error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_executable),
	    cmocka_unit_test(test_machine_aarch64),
	    cmocka_unit_test(test_pie_aarch64),
	    cmocka_unit_test(test_good_variants),
	    cmocka_unit_test(test_short),
	    cmocka_unit_test(test_bad_magic),
	    cmocka_unit_test(test_bad_class),
	    cmocka_unit_test(test_bad_type),
	    cmocka_unit_test(test_bad_machine),
	    cmocka_unit_test(test_bad_phentsize_or_phnum),
	    cmocka_unit_test(test_phdrs_outside_file),
	    cmocka_unit_test(test_filesz_over_memsz),
	    cmocka_unit_test(test_segment_past_file_end),
	    cmocka_unit_test(test_vaddr_too_low),
	    cmocka_unit_test(test_vaddr_past_limit),
	    cmocka_unit_test(test_misaligned),
	    cmocka_unit_test(test_overlapping_pages),
	    cmocka_unit_test(test_writable_and_executable),
	    cmocka_unit_test(test_entry_outside_executable),
	    cmocka_unit_test(test_no_load),
	    cmocka_unit_test(test_too_many_segments),
	    cmocka_unit_test(test_interpreter_or_dynamic),
	    cmocka_unit_test(test_pie),
	    cmocka_unit_test(test_pie_variants),
	    cmocka_unit_test(test_pie_dynamic_linking),
	    cmocka_unit_test(test_pie_bad_relocations),
	    cmocka_unit_test(test_pie_bad_tables),
	    cmocka_unit_test(test_pie_bad_dynamic_segment),
	    cmocka_unit_test(test_pie_bad_layout),
	    cmocka_unit_test(test_relocate_refusals),
	    cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
