/*
 * Host unit tests for lib/multiboot.c.  Physical memory is a host byte array
 * reached through a phys_window; each test writes a Multiboot1 information
 * structure or a Multiboot2 tag list into it and parses that.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "multiboot.h"

/* Fake physical memory: physical address p is mem[p]. */
static _Alignas(8) uint8_t mem[16384];

/* Zero the fake memory and return a window over all of it. */
static struct phys_window
fresh_window(void)
{
	struct phys_window w = {(uintptr_t)mem, sizeof(mem)};

	memset(mem, 0, sizeof(mem));
	return w;
}

static void
put32(uint64_t p, uint32_t v)
{
	memcpy(&mem[p], &v, 4);
}

static void
put64(uint64_t p, uint64_t v)
{
	memcpy(&mem[p], &v, 8);
}

/* Write s with its NUL at physical p. */
static void
put_str(uint64_t p, const char *s)
{
	memcpy(&mem[p], s, strlen(s) + 1);
}

/* Fill bi with a pattern, so a test can see what the parser cleared. */
static void
scribble(struct boot_info *bi)
{
	memset(bi, 0xA5, sizeof(*bi));
}

static void
assert_zeroed(const struct boot_info *bi)
{
	static const struct boot_info zero;

	assert_memory_equal(bi, &zero, sizeof(zero));
}

/* Multiboot1: the information structure and where its parts go. */
enum {
	MB1_INFO = 0x100,
	MB1_CMDLINE = 0x400,
	MB1_MODS = 0x800,
	MB1_NAMES = 0x900,
	MB1_MMAP = 0xC00,
	F_CMDLINE = 1 << 2,
	F_MODS = 1 << 3,
	F_MMAP = 1 << 6,
};

static void
mb1_info(uint32_t flags)
{
	put32(MB1_INFO, flags);
	put32(MB1_INFO + 16, MB1_CMDLINE);
	put32(MB1_INFO + 24, MB1_MODS);
	put32(MB1_INFO + 48, MB1_MMAP);
}

/* Write module i of the module list and set the count to i + 1. */
static void
mb1_module(int i, uint32_t start, uint32_t end, const char *name)
{
	uint64_t m = MB1_MODS + 16ull * i;

	put32(m, start);
	put32(m + 4, end);
	put32(m + 8, MB1_NAMES + 64 * i);
	put_str(MB1_NAMES + 64 * i, name);
	put32(MB1_INFO + 20, i + 1);
}

/*
 * Write memory map entry i, each 24 bytes with size field 20, and set the
 * map length to cover entries 0..i.
 */
static void
mb1_region(int i, uint64_t base, uint64_t len, uint32_t type)
{
	uint64_t e = MB1_MMAP + 24ull * i;

	put32(e, 20);
	put64(e + 4, base);
	put64(e + 12, len);
	put32(e + 20, type);
	put32(MB1_INFO + 44, 24 * (i + 1));
}

static int
parse1(const struct phys_window *w, struct boot_info *bi)
{
	scribble(bi);
	return boot_parse(MB1_BOOT_MAGIC, MB1_INFO, w, bi);
}

static void
test_mb1_good(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;

	(void)state;
	mb1_info(F_CMDLINE | F_MODS | F_MMAP);
	put_str(MB1_CMDLINE, "console=serial loglevel=3");
	mb1_module(0, 0x200000, 0x201000, "/init");
	mb1_module(1, 0x300000, 0x300000, "empty");
	mb1_region(0, 0, 0x9fc00, BOOT_MEM_AVAILABLE);
	mb1_region(1, 0x100000, 0x7f00000, BOOT_MEM_AVAILABLE);
	mb1_region(2, 0xfffc0000, 0x40000, BOOT_MEM_RESERVED);
	mb1_region(3, 0x7fe0000, 0x20000, BOOT_MEM_ACPI);
	mb1_region(4, 0x8000000, 0x1000, 99);		 /* unknown type */
	mb1_region(5, 0x9000000, 0, BOOT_MEM_AVAILABLE); /* empty: dropped */

	assert_int_equal(parse1(&w, &bi), BOOT_OK);
	assert_int_equal(bi.protocol, 1);
	assert_string_equal(bi.cmdline, "console=serial loglevel=3");
	assert_int_equal(bi.nmodules, 2);
	assert_int_equal(bi.modules[0].start, 0x200000);
	assert_int_equal(bi.modules[0].end, 0x201000);
	assert_string_equal(bi.modules[0].name, "/init");
	assert_int_equal(bi.modules[1].start, 0x300000);
	assert_int_equal(bi.modules[1].end, 0x300000);
	assert_string_equal(bi.modules[1].name, "empty");
	assert_int_equal(bi.nregions, 5);
	assert_int_equal(bi.regions[0].base, 0);
	assert_int_equal(bi.regions[0].len, 0x9fc00);
	assert_int_equal(bi.regions[0].type, BOOT_MEM_AVAILABLE);
	assert_int_equal(bi.regions[1].base, 0x100000);
	assert_int_equal(bi.regions[1].len, 0x7f00000);
	assert_int_equal(bi.regions[2].type, BOOT_MEM_RESERVED);
	assert_int_equal(bi.regions[3].type, BOOT_MEM_ACPI);
	assert_int_equal(bi.regions[4].base, 0x8000000);
	assert_int_equal(bi.regions[4].type, BOOT_MEM_RESERVED);
	assert_int_equal(bi.regions_cut, 0);
	assert_int_equal(bi.modules_cut, 0);
	assert_int_equal(bi.has_rsdp, 0);
}

static void
test_mb1_optional_parts_absent(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;

	(void)state;
	/* Cmdline and module fields hold junk, but their flags are clear. */
	mb1_info(F_MMAP);
	put32(MB1_INFO + 16, 0xffffff00);
	put32(MB1_INFO + 20, 5000);
	put32(MB1_INFO + 24, 0xffffff00);
	mb1_region(0, 0x100000, 0x100000, BOOT_MEM_AVAILABLE);
	assert_int_equal(parse1(&w, &bi), BOOT_OK);
	assert_string_equal(bi.cmdline, "");
	assert_int_equal(bi.nmodules, 0);
	assert_int_equal(bi.nregions, 1);
}

static void
test_mb1_larger_entry_size(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;

	(void)state;
	/* Entries may be longer than 20 bytes; size says where the next is. */
	mb1_info(F_MMAP);
	put32(MB1_MMAP, 28);
	put64(MB1_MMAP + 4, 0x1000);
	put64(MB1_MMAP + 12, 0x2000);
	put32(MB1_MMAP + 20, BOOT_MEM_NVS);
	put32(MB1_MMAP + 32, 20);
	put64(MB1_MMAP + 36, 0x5000);
	put64(MB1_MMAP + 44, 0x6000);
	put32(MB1_MMAP + 52, BOOT_MEM_BAD);
	put32(MB1_INFO + 44, 56);
	assert_int_equal(parse1(&w, &bi), BOOT_OK);
	assert_int_equal(bi.nregions, 2);
	assert_int_equal(bi.regions[0].base, 0x1000);
	assert_int_equal(bi.regions[0].type, BOOT_MEM_NVS);
	assert_int_equal(bi.regions[1].base, 0x5000);
	assert_int_equal(bi.regions[1].len, 0x6000);
	assert_int_equal(bi.regions[1].type, BOOT_MEM_BAD);
}

static void
test_bad_magic(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;

	(void)state;
	mb1_info(F_MMAP);
	mb1_region(0, 0x100000, 0x100000, BOOT_MEM_AVAILABLE);
	scribble(&bi);
	assert_int_equal(boot_parse(0x2BADB003u, MB1_INFO, &w, &bi),
			 BOOT_E_MAGIC);
	assert_zeroed(&bi);
	assert_int_equal(boot_parse(0, MB1_INFO, &w, &bi), BOOT_E_MAGIC);
}

static void
test_mb1_no_mmap(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;

	(void)state;
	mb1_info(F_CMDLINE);
	put_str(MB1_CMDLINE, "quiet");
	mb1_region(0, 0x100000, 0x100000, BOOT_MEM_AVAILABLE);
	assert_int_equal(parse1(&w, &bi), BOOT_E_NO_MMAP);
	assert_zeroed(&bi);
}

static void
test_mb1_info_outside_window(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;

	(void)state;
	scribble(&bi);
	/* The 52-byte structure must fit: one byte short fails. */
	assert_int_equal(boot_parse(MB1_BOOT_MAGIC, sizeof(mem) - 51, &w, &bi),
			 BOOT_E_RANGE);
	assert_zeroed(&bi);
	assert_int_equal(boot_parse(MB1_BOOT_MAGIC, 1ull << 40, &w, &bi),
			 BOOT_E_RANGE);
	assert_int_equal(boot_parse(MB1_BOOT_MAGIC, ~0ull - 10, &w, &bi),
			 BOOT_E_RANGE);
	/* A structure that ends exactly at the window's end is fine. */
	put32(sizeof(mem) - 52, 0);
	assert_int_equal(boot_parse(MB1_BOOT_MAGIC, sizeof(mem) - 52, &w, &bi),
			 BOOT_E_NO_MMAP);
}

static void
test_mb1_mmap_outside_window(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;

	(void)state;
	mb1_info(F_MMAP);
	put32(MB1_INFO + 48, sizeof(mem) - 16);
	put32(MB1_INFO + 44, 24);
	assert_int_equal(parse1(&w, &bi), BOOT_E_RANGE);
	put32(MB1_INFO + 48, 0xfffffff0);
	assert_int_equal(parse1(&w, &bi), BOOT_E_RANGE);
	put32(MB1_INFO + 48, MB1_MMAP);
	put32(MB1_INFO + 44, 0xffffffff);
	assert_int_equal(parse1(&w, &bi), BOOT_E_RANGE);
}

static void
test_mb1_mmap_entry_too_small(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;

	(void)state;
	mb1_info(F_MMAP);
	mb1_region(0, 0x100000, 0x100000, BOOT_MEM_AVAILABLE);
	mb1_region(1, 0x300000, 0x100000, BOOT_MEM_AVAILABLE);
	put32(MB1_MMAP + 24, 19);
	assert_int_equal(parse1(&w, &bi), BOOT_E_FORMAT);
	assert_zeroed(&bi);
	put32(MB1_MMAP + 24, 0);
	assert_int_equal(parse1(&w, &bi), BOOT_E_FORMAT);
}

static void
test_mb1_mmap_entry_past_end(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;

	(void)state;
	mb1_info(F_MMAP);
	mb1_region(0, 0x100000, 0x100000, BOOT_MEM_AVAILABLE);
	/* The entry says 20 bytes follow its size, but the map ends first. */
	put32(MB1_INFO + 44, 23);
	assert_int_equal(parse1(&w, &bi), BOOT_E_FORMAT);
	/* A tail too short to hold even a size field. */
	put32(MB1_INFO + 44, 26);
	assert_int_equal(parse1(&w, &bi), BOOT_E_FORMAT);
	/* An entry whose size runs past the map's length. */
	put32(MB1_INFO + 44, 24);
	put32(MB1_MMAP, 100);
	assert_int_equal(parse1(&w, &bi), BOOT_E_FORMAT);
	put32(MB1_MMAP, 0xffffffff);
	assert_int_equal(parse1(&w, &bi), BOOT_E_FORMAT);
}

static void
test_mb1_empty_mmap(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;

	(void)state;
	/* A map of length 0 is well formed and simply empty. */
	mb1_info(F_MMAP);
	assert_int_equal(parse1(&w, &bi), BOOT_OK);
	assert_int_equal(bi.nregions, 0);
}

static void
test_mb1_module_end_before_start(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;

	(void)state;
	mb1_info(F_MODS | F_MMAP);
	mb1_module(0, 0x200000, 0x201000, "ok");
	mb1_module(1, 0x300000, 0x2fffff, "backwards");
	mb1_region(0, 0x100000, 0x100000, BOOT_MEM_AVAILABLE);
	assert_int_equal(parse1(&w, &bi), BOOT_E_FORMAT);
	assert_zeroed(&bi);
}

static void
test_mb1_modules_outside_window(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;

	(void)state;
	mb1_info(F_MODS | F_MMAP);
	mb1_region(0, 0x100000, 0x100000, BOOT_MEM_AVAILABLE);
	put32(MB1_INFO + 20, 2);
	put32(MB1_INFO + 24, sizeof(mem) - 16);
	assert_int_equal(parse1(&w, &bi), BOOT_E_RANGE);
	/* More than 1024 modules is refused before any is read. */
	put32(MB1_INFO + 24, MB1_MODS);
	put32(MB1_INFO + 20, 1025);
	assert_int_equal(parse1(&w, &bi), BOOT_E_RANGE);
	put32(MB1_INFO + 20, 0xffffffff);
	assert_int_equal(parse1(&w, &bi), BOOT_E_RANGE);
}

static void
test_mb1_too_many_modules(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;

	(void)state;
	mb1_info(F_MODS | F_MMAP);
	for (int i = 0; i < BOOT_MAX_MODULES + 3; i++) {
		mb1_module(i, 0x200000 + 0x1000 * i, 0x201000 + 0x1000 * i,
			   "m");
	}
	mb1_region(0, 0x100000, 0x100000, BOOT_MEM_AVAILABLE);
	assert_int_equal(parse1(&w, &bi), BOOT_OK);
	assert_int_equal(bi.nmodules, BOOT_MAX_MODULES);
	assert_int_equal(bi.modules_cut, 1);
	assert_int_equal(bi.modules[BOOT_MAX_MODULES - 1].start,
			 0x200000 + 0x1000 * (BOOT_MAX_MODULES - 1));
}

static void
test_mb1_long_strings_cut(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	char longstr[400];

	(void)state;
	memset(longstr, 'c', sizeof(longstr) - 1);
	longstr[sizeof(longstr) - 1] = '\0';
	mb1_info(F_CMDLINE | F_MODS | F_MMAP);
	put_str(0x2000, longstr);
	put32(MB1_INFO + 16, 0x2000);
	mb1_module(0, 0x200000, 0x201000, "n");
	put32(MB1_MODS + 8, 0x2000);
	mb1_region(0, 0x100000, 0x100000, BOOT_MEM_AVAILABLE);
	assert_int_equal(parse1(&w, &bi), BOOT_OK);
	assert_int_equal(strlen(bi.cmdline), BOOT_CMDLINE_MAX - 1);
	assert_memory_equal(bi.cmdline, longstr, BOOT_CMDLINE_MAX - 1);
	assert_int_equal(strlen(bi.modules[0].name), BOOT_NAME_MAX - 1);
}

static void
test_mb1_string_unterminated_at_window_end(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;

	(void)state;
	mb1_info(F_CMDLINE | F_MODS | F_MMAP);
	memcpy(&mem[sizeof(mem) - 5], "tail!", 5);
	put32(MB1_INFO + 16, sizeof(mem) - 5);
	mb1_module(0, 0x200000, 0x201000, "n");
	put32(MB1_MODS + 8, sizeof(mem) - 3);
	mb1_region(0, 0x100000, 0x100000, BOOT_MEM_AVAILABLE);
	assert_int_equal(parse1(&w, &bi), BOOT_OK);
	assert_string_equal(bi.cmdline, "tail!");
	assert_string_equal(bi.modules[0].name, "il!");
	/* A string that starts outside the window reads as empty. */
	put32(MB1_INFO + 16, 0xfffffff0);
	put32(MB1_MODS + 8, sizeof(mem));
	assert_int_equal(parse1(&w, &bi), BOOT_OK);
	assert_string_equal(bi.cmdline, "");
	assert_string_equal(bi.modules[0].name, "");
}

static void
test_mb1_too_many_regions(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;

	(void)state;
	mb1_info(F_MMAP);
	for (int i = 0; i < BOOT_MAX_REGIONS + 6; i++) {
		mb1_region(i, 0x100000ull * (i + 1), 0x1000,
			   BOOT_MEM_AVAILABLE);
	}
	assert_int_equal(parse1(&w, &bi), BOOT_OK);
	assert_int_equal(bi.nregions, BOOT_MAX_REGIONS);
	assert_int_equal(bi.regions_cut, 1);
	assert_int_equal(bi.regions[BOOT_MAX_REGIONS - 1].base,
			 0x100000ull * BOOT_MAX_REGIONS);
}

static void
test_mb1_exactly_max_regions(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;

	(void)state;
	mb1_info(F_MMAP);
	for (int i = 0; i < BOOT_MAX_REGIONS; i++) {
		mb1_region(i, 0x100000ull * (i + 1), 0x1000,
			   BOOT_MEM_AVAILABLE);
	}
	assert_int_equal(parse1(&w, &bi), BOOT_OK);
	assert_int_equal(bi.nregions, BOOT_MAX_REGIONS);
	assert_int_equal(bi.regions_cut, 0);
}

static void
test_region_wrapping_cut_at_top(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;

	(void)state;
	mb1_info(F_MMAP);
	mb1_region(0, 0xfffffffffffff000ull, 0x2000, BOOT_MEM_RESERVED);
	mb1_region(1, 0xffffffffffffe000ull, 0x2000, BOOT_MEM_RESERVED);
	mb1_region(2, 1, ~0ull, BOOT_MEM_RESERVED);
	assert_int_equal(parse1(&w, &bi), BOOT_OK);
	assert_int_equal(bi.nregions, 3);
	/* Wraps: cut so that base + len is exactly 2^64. */
	assert_int_equal(bi.regions[0].base, 0xfffffffffffff000ull);
	assert_int_equal(bi.regions[0].len, 0x1000);
	/* Ends exactly at 2^64: kept whole. */
	assert_int_equal(bi.regions[1].len, 0x2000);
	assert_int_equal(bi.regions[2].base, 1);
	assert_int_equal(bi.regions[2].len, ~0ull);
}

/* Multiboot2: a tag-list builder over the fake memory. */
enum {
	MB2_INFO = 0x1000,
	T_END = 0,
	T_CMDLINE = 1,
	T_MODULE = 3,
	T_MMAP = 6,
	T_ACPI_OLD = 14,
	T_ACPI_NEW = 15,
};

struct mb2 {
	uint64_t info; /* start of the information */
	uint64_t t;    /* where the next tag goes */
};

static struct mb2
mb2_begin(uint64_t info)
{
	struct mb2 b = {info, info + 8};

	return b;
}

/* Append a tag whose payload is len bytes at data; pad to 8 bytes. */
static void
mb2_tag(struct mb2 *b, uint32_t type, const void *data, uint32_t len)
{
	put32(b->t, type);
	put32(b->t + 4, 8 + len);
	if (len > 0) {
		memcpy(&mem[b->t + 8], data, len);
	}
	b->t += (8ull + len + 7) & ~7ull;
}

/* Append the end tag and write total_size. */
static void
mb2_end(struct mb2 *b)
{
	mb2_tag(b, T_END, NULL, 0);
	put32(b->info, (uint32_t)(b->t - b->info));
	put32(b->info + 4, 0);
}

static void
mb2_cmdline(struct mb2 *b, const char *s)
{
	mb2_tag(b, T_CMDLINE, s, strlen(s) + 1);
}

static void
mb2_module(struct mb2 *b, uint32_t start, uint32_t end, const char *name)
{
	uint8_t buf[128];
	size_t n = strlen(name) + 1;

	memcpy(buf, &start, 4);
	memcpy(buf + 4, &end, 4);
	memcpy(buf + 8, name, n);
	mb2_tag(b, T_MODULE, buf, 8 + n);
}

struct mb2_entry {
	uint64_t base;
	uint64_t len;
	uint32_t type;
};

/* Append a memory map tag of n entries, each esize bytes (at least 24). */
static void
mb2_mmap(struct mb2 *b, const struct mb2_entry *e, int n, uint32_t esize)
{
	uint8_t buf[4096];
	uint32_t version = 0;

	memset(buf, 0, sizeof(buf));
	memcpy(buf, &esize, 4);
	memcpy(buf + 4, &version, 4);
	for (int i = 0; i < n; i++) {
		uint8_t *p = buf + 8 + (size_t)i * esize;
		memcpy(p, &e[i].base, 8);
		memcpy(p + 8, &e[i].len, 8);
		memcpy(p + 16, &e[i].type, 4);
	}
	mb2_tag(b, T_MMAP, buf, 8 + n * esize);
}

static const struct mb2_entry two_regions[] = {
    {0, 0x9fc00, BOOT_MEM_AVAILABLE},
    {0x100000, 0x3ff00000, BOOT_MEM_AVAILABLE},
};

/* A fake RSDP copy of n bytes whose bytes count up from first. */
static void
fake_rsdp(uint8_t *r, int n, uint8_t first)
{
	for (int i = 0; i < n; i++) {
		r[i] = (uint8_t)(first + i);
	}
}

static int
parse2(const struct phys_window *w, struct boot_info *bi)
{
	scribble(bi);
	return boot_parse(MB2_BOOT_MAGIC, MB2_INFO, w, bi);
}

static void
test_mb2_good(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	struct mb2 b = mb2_begin(MB2_INFO);
	uint8_t rsdp[20];

	(void)state;
	fake_rsdp(rsdp, sizeof(rsdp), 1);
	mb2_tag(&b, 21, "\1\2\3\4", 4); /* unknown tags are skipped */
	mb2_cmdline(&b, "root=/dev/ram0 quiet");
	mb2_module(&b, 0x400000, 0x480000, "/boot/initramfs.tar");
	mb2_module(&b, 0x500000, 0x500123, "");
	mb2_mmap(&b, two_regions, 2, 24);
	mb2_tag(&b, T_ACPI_OLD, rsdp, sizeof(rsdp));
	mb2_end(&b);

	assert_int_equal(parse2(&w, &bi), BOOT_OK);
	assert_int_equal(bi.protocol, 2);
	assert_string_equal(bi.cmdline, "root=/dev/ram0 quiet");
	assert_int_equal(bi.nmodules, 2);
	assert_int_equal(bi.modules[0].start, 0x400000);
	assert_int_equal(bi.modules[0].end, 0x480000);
	assert_string_equal(bi.modules[0].name, "/boot/initramfs.tar");
	assert_int_equal(bi.modules[1].end, 0x500123);
	assert_string_equal(bi.modules[1].name, "");
	assert_int_equal(bi.nregions, 2);
	assert_int_equal(bi.regions[0].base, 0);
	assert_int_equal(bi.regions[0].len, 0x9fc00);
	assert_int_equal(bi.regions[1].base, 0x100000);
	assert_int_equal(bi.regions[1].len, 0x3ff00000);
	assert_int_equal(bi.regions[1].type, BOOT_MEM_AVAILABLE);
	assert_int_equal(bi.has_rsdp, 1);
	assert_memory_equal(bi.rsdp, rsdp, 20);
	for (int i = 20; i < 36; i++) {
		assert_int_equal(bi.rsdp[i], 0);
	}
	assert_int_equal(bi.regions_cut, 0);
	assert_int_equal(bi.modules_cut, 0);
}

static void
test_mb2_mmap_larger_entries(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	struct mb2 b = mb2_begin(MB2_INFO);
	const struct mb2_entry e[] = {
	    {0x1000, 0x2000, BOOT_MEM_NVS},
	    {0x8000, 0x1000, 0},
	    {0x9000, 0, BOOT_MEM_AVAILABLE},
	};

	(void)state;
	mb2_mmap(&b, e, 3, 32);
	mb2_end(&b);
	assert_int_equal(parse2(&w, &bi), BOOT_OK);
	assert_int_equal(bi.nregions, 2);
	assert_int_equal(bi.regions[0].type, BOOT_MEM_NVS);
	assert_int_equal(bi.regions[1].base, 0x8000);
	assert_int_equal(bi.regions[1].type, BOOT_MEM_RESERVED);
}

static void
test_mb2_acpi_new_copy_preferred(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	uint8_t old[20], new[36];

	(void)state;
	fake_rsdp(old, sizeof(old), 0x10);
	fake_rsdp(new, sizeof(new), 0x80);
	/* Old copy first, then the new one: the new one wins. */
	struct mb2 b = mb2_begin(MB2_INFO);
	mb2_tag(&b, T_ACPI_OLD, old, sizeof(old));
	mb2_tag(&b, T_ACPI_NEW, new, sizeof(new));
	mb2_mmap(&b, two_regions, 2, 24);
	mb2_end(&b);
	assert_int_equal(parse2(&w, &bi), BOOT_OK);
	assert_int_equal(bi.has_rsdp, 1);
	assert_memory_equal(bi.rsdp, new, 36);

	/* New first, then old: the new one still wins. */
	w = fresh_window();
	b = mb2_begin(MB2_INFO);
	mb2_tag(&b, T_ACPI_NEW, new, sizeof(new));
	mb2_tag(&b, T_ACPI_OLD, old, sizeof(old));
	mb2_mmap(&b, two_regions, 2, 24);
	mb2_end(&b);
	assert_int_equal(parse2(&w, &bi), BOOT_OK);
	assert_memory_equal(bi.rsdp, new, 36);
}

static void
test_mb2_acpi_copy_sizes(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	uint8_t big[48];

	(void)state;
	fake_rsdp(big, sizeof(big), 0x40);
	/* A copy shorter than the 20-byte ACPI 1.0 RSDP is ignored. */
	struct mb2 b = mb2_begin(MB2_INFO);
	mb2_tag(&b, T_ACPI_OLD, big, 19);
	mb2_mmap(&b, two_regions, 2, 24);
	mb2_end(&b);
	assert_int_equal(parse2(&w, &bi), BOOT_OK);
	assert_int_equal(bi.has_rsdp, 0);

	/* A longer one is cut to the 36 bytes kept. */
	w = fresh_window();
	b = mb2_begin(MB2_INFO);
	mb2_tag(&b, T_ACPI_NEW, big, sizeof(big));
	mb2_mmap(&b, two_regions, 2, 24);
	mb2_end(&b);
	assert_int_equal(parse2(&w, &bi), BOOT_OK);
	assert_int_equal(bi.has_rsdp, 1);
	assert_memory_equal(bi.rsdp, big, 36);
}

static void
test_mb2_no_mmap(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	struct mb2 b = mb2_begin(MB2_INFO);

	(void)state;
	mb2_cmdline(&b, "x");
	mb2_end(&b);
	assert_int_equal(parse2(&w, &bi), BOOT_E_NO_MMAP);
	assert_zeroed(&bi);
}

static void
test_mb2_info_misaligned_or_outside(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	struct mb2 b = mb2_begin(MB2_INFO + 4);

	(void)state;
	mb2_mmap(&b, two_regions, 2, 24);
	mb2_end(&b);
	scribble(&bi);
	assert_int_equal(boot_parse(MB2_BOOT_MAGIC, MB2_INFO + 4, &w, &bi),
			 BOOT_E_RANGE);
	assert_zeroed(&bi);
	assert_int_equal(boot_parse(MB2_BOOT_MAGIC, sizeof(mem), &w, &bi),
			 BOOT_E_RANGE);
	assert_int_equal(boot_parse(MB2_BOOT_MAGIC, sizeof(mem) + 8, &w, &bi),
			 BOOT_E_RANGE);
	assert_int_equal(boot_parse(MB2_BOOT_MAGIC, 1ull << 48, &w, &bi),
			 BOOT_E_RANGE);
	assert_int_equal(boot_parse(MB2_BOOT_MAGIC, ~7ull, &w, &bi),
			 BOOT_E_RANGE);
}

static void
test_mb2_total_size_bad(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	struct mb2 b = mb2_begin(MB2_INFO);

	(void)state;
	mb2_mmap(&b, two_regions, 2, 24);
	mb2_end(&b);
	/* Too small to hold the header and an end tag. */
	put32(MB2_INFO, 15);
	assert_int_equal(parse2(&w, &bi), BOOT_E_FORMAT);
	assert_zeroed(&bi);
	put32(MB2_INFO, 0);
	assert_int_equal(parse2(&w, &bi), BOOT_E_FORMAT);
	/* Larger than any loader would hand over. */
	put32(MB2_INFO, (1u << 20) + 8);
	assert_int_equal(parse2(&w, &bi), BOOT_E_FORMAT);
	put32(MB2_INFO, 0xfffffff8);
	assert_int_equal(parse2(&w, &bi), BOOT_E_FORMAT);
	/* Plausible, but running past the end of the window. */
	put32(MB2_INFO, sizeof(mem) - MB2_INFO + 8);
	assert_int_equal(parse2(&w, &bi), BOOT_E_RANGE);
}

static void
test_mb2_tag_size_too_small(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	struct mb2 b = mb2_begin(MB2_INFO);

	(void)state;
	mb2_cmdline(&b, "abc");
	mb2_mmap(&b, two_regions, 2, 24);
	mb2_end(&b);
	put32(MB2_INFO + 8 + 4, 7);
	assert_int_equal(parse2(&w, &bi), BOOT_E_FORMAT);
	assert_zeroed(&bi);
	put32(MB2_INFO + 8 + 4, 0);
	assert_int_equal(parse2(&w, &bi), BOOT_E_FORMAT);
}

static void
test_mb2_tag_past_end(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	struct mb2 b = mb2_begin(MB2_INFO);

	(void)state;
	mb2_mmap(&b, two_regions, 2, 24);
	uint64_t cmd = b.t;
	mb2_cmdline(&b, "abc");
	mb2_end(&b);
	uint32_t total = (uint32_t)(b.t - MB2_INFO);
	/* The cmdline tag claims more bytes than the list holds. */
	put32(cmd + 4, (uint32_t)(MB2_INFO + total - cmd) + 1);
	assert_int_equal(parse2(&w, &bi), BOOT_E_FORMAT);
	put32(cmd + 4, 0xfffffff0);
	assert_int_equal(parse2(&w, &bi), BOOT_E_FORMAT);
}

static void
test_mb2_missing_end_tag(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	struct mb2 b = mb2_begin(MB2_INFO);

	(void)state;
	mb2_mmap(&b, two_regions, 2, 24);
	/* total_size stops right after the mmap tag: no end tag. */
	put32(MB2_INFO, (uint32_t)(b.t - MB2_INFO));
	assert_int_equal(parse2(&w, &bi), BOOT_E_FORMAT);
	/* Or leaves only four bytes, too few for a tag header. */
	put32(MB2_INFO, (uint32_t)(b.t - MB2_INFO) + 4);
	assert_int_equal(parse2(&w, &bi), BOOT_E_FORMAT);
}

static void
test_mb2_mmap_entry_size_bad(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	struct mb2 b = mb2_begin(MB2_INFO);

	(void)state;
	uint64_t mm = b.t;
	mb2_mmap(&b, two_regions, 2, 24);
	mb2_end(&b);
	put32(mm + 8, 16);
	assert_int_equal(parse2(&w, &bi), BOOT_E_FORMAT);
	assert_zeroed(&bi);
	put32(mm + 8, 0);
	assert_int_equal(parse2(&w, &bi), BOOT_E_FORMAT);
	/* Not a multiple of 8. */
	put32(mm + 8, 28);
	assert_int_equal(parse2(&w, &bi), BOOT_E_FORMAT);
	/* The tag itself too short to hold entry_size and version. */
	put32(mm + 8, 24);
	put32(mm + 4, 12);
	assert_int_equal(parse2(&w, &bi), BOOT_E_FORMAT);
}

static void
test_mb2_mmap_partial_entry_ignored(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	struct mb2 b = mb2_begin(MB2_INFO);

	(void)state;
	uint64_t mm = b.t;
	mb2_mmap(&b, two_regions, 2, 24);
	mb2_end(&b);
	/* Shorten the tag so the second entry no longer fits whole. */
	put32(mm + 4, 16 + 24 + 20);
	assert_int_equal(parse2(&w, &bi), BOOT_OK);
	assert_int_equal(bi.nregions, 1);
}

static void
test_mb2_module_bad(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	struct mb2 b = mb2_begin(MB2_INFO);

	(void)state;
	mb2_module(&b, 0x400000, 0x3fffff, "backwards");
	mb2_mmap(&b, two_regions, 2, 24);
	mb2_end(&b);
	assert_int_equal(parse2(&w, &bi), BOOT_E_FORMAT);
	assert_zeroed(&bi);

	/* A module tag too short to hold start, end and a name. */
	w = fresh_window();
	b = mb2_begin(MB2_INFO);
	uint64_t mod = b.t;
	mb2_module(&b, 0x400000, 0x400000, "abcdefg");
	mb2_mmap(&b, two_regions, 2, 24);
	mb2_end(&b);
	put32(mod + 4, 16);
	assert_int_equal(parse2(&w, &bi), BOOT_E_FORMAT);
	/* One byte of name is enough (the padding keeps the next tag). */
	put32(mod + 4, 17);
	assert_int_equal(parse2(&w, &bi), BOOT_OK);
	assert_int_equal(bi.nmodules, 1);
	assert_int_equal(bi.modules[0].start, 0x400000);
}

static void
test_mb2_too_many_modules_and_regions(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	struct mb2 b = mb2_begin(MB2_INFO);
	struct mb2_entry e[BOOT_MAX_REGIONS + 4];

	(void)state;
	for (int i = 0; i < BOOT_MAX_MODULES + 1; i++) {
		mb2_module(&b, 0x1000 * i, 0x1000 * i + 0x800, "mod");
	}
	for (int i = 0; i < BOOT_MAX_REGIONS + 4; i++) {
		e[i].base = 0x100000ull * i;
		e[i].len = 0x1000;
		e[i].type = BOOT_MEM_AVAILABLE;
	}
	mb2_mmap(&b, e, BOOT_MAX_REGIONS + 4, 24);
	mb2_end(&b);
	assert_int_equal(parse2(&w, &bi), BOOT_OK);
	assert_int_equal(bi.nmodules, BOOT_MAX_MODULES);
	assert_int_equal(bi.modules_cut, 1);
	assert_int_equal(bi.nregions, BOOT_MAX_REGIONS);
	assert_int_equal(bi.regions_cut, 1);
}

static void
test_mb2_region_wrapping(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	struct mb2 b = mb2_begin(MB2_INFO);
	const struct mb2_entry e[] = {
	    {0xffffffff00000000ull, 0x200000000ull, BOOT_MEM_RESERVED},
	};

	(void)state;
	mb2_mmap(&b, e, 1, 24);
	mb2_end(&b);
	assert_int_equal(parse2(&w, &bi), BOOT_OK);
	assert_int_equal(bi.nregions, 1);
	assert_int_equal(bi.regions[0].len, 0x100000000ull);
}

static void
test_mb2_cmdline_cut(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	struct mb2 b = mb2_begin(MB2_INFO);
	char longstr[300];

	(void)state;
	memset(longstr, 'k', sizeof(longstr) - 1);
	longstr[sizeof(longstr) - 1] = '\0';
	mb2_cmdline(&b, longstr);
	mb2_mmap(&b, two_regions, 2, 24);
	mb2_end(&b);
	assert_int_equal(parse2(&w, &bi), BOOT_OK);
	assert_int_equal(strlen(bi.cmdline), BOOT_CMDLINE_MAX - 1);
}

static void
test_mb2_cmdline_bounded_by_tag(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	struct mb2 b = mb2_begin(MB2_INFO);

	(void)state;
	/* The string has no NUL inside its tag: it stops at the tag's end. */
	mb2_tag(&b, T_CMDLINE, "abcdefgh", 8);
	mb2_tag(&b, 21, "XYZW", 4);
	mb2_mmap(&b, two_regions, 2, 24);
	mb2_end(&b);
	assert_int_equal(parse2(&w, &bi), BOOT_OK);
	assert_string_equal(bi.cmdline, "abcdefgh");
}

static void
test_mb2_module_name_runs_to_window_end(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	uint64_t info = sizeof(mem) - 0x100;
	struct mb2 b = mb2_begin(info);

	(void)state;
	mb2_mmap(&b, two_regions, 2, 24);
	/* The last tag is a module whose name runs, unterminated, to the
	 * end of the window, and there is no room left for an end tag. */
	uint64_t mod = b.t;
	uint32_t size = (uint32_t)(sizeof(mem) - mod);
	put32(mod, T_MODULE);
	put32(mod + 4, size);
	put32(mod + 8, 0x1000);
	put32(mod + 12, 0x2000);
	memset(&mem[mod + 16], 'n', size - 16);
	put32(info, (uint32_t)(sizeof(mem) - info));
	scribble(&bi);
	assert_int_equal(boot_parse(MB2_BOOT_MAGIC, info, &w, &bi),
			 BOOT_E_FORMAT);
	assert_zeroed(&bi);
}

/*
 * Regression test for a bug, now fixed (lib/multiboot.c, parse_mb2(), lines
 * 233-250): the loop pads each tag's size to 8 bytes before stepping, but only
 * checks the unpadded size against total_size.  When the last bytes of the list
 * are a tag whose size is not a multiple of 8, t steps past end, "end - t"
 * underflows to a huge number, both bounds checks pass, and the parser
 * reads tags beyond total_size and beyond the window.  Expected: refused
 * (BOOT_E_FORMAT); actual: BOOT_OK with regions read from outside.
 */
static void
test_regression_mb2_unaligned_last_tag_reads_past_window(void **state)
{
	struct phys_window w = fresh_window();
	struct boot_info bi;
	struct mb2 b = mb2_begin(MB2_INFO);

	(void)state;
	/* The list as the window sees it: header and a 13-byte cmdline
	 * tag, total_size 21, and the window ends right there. */
	mb2_cmdline(&b, "abcd");
	put32(MB2_INFO, 8 + 13);
	put32(MB2_INFO + 8 + 4, 13);
	w.limit = MB2_INFO + 21;
	/* Bytes beyond the window, where the parser must not look: a
	 * well-formed mmap tag and an end tag. */
	b.t = MB2_INFO + 24;
	mb2_mmap(&b, two_regions, 2, 24);
	mb2_tag(&b, T_END, NULL, 0);
	int err = boot_parse(MB2_BOOT_MAGIC, MB2_INFO, &w, &bi);
	assert_true(err == BOOT_E_FORMAT || err == BOOT_E_RANGE);
	assert_int_equal(bi.nregions, 0);
}

static void
test_strerror(void **state)
{
	const int codes[] = {BOOT_OK, BOOT_E_MAGIC, BOOT_E_RANGE, BOOT_E_FORMAT,
			     BOOT_E_NO_MMAP};
	const int n = sizeof(codes) / sizeof(codes[0]);

	(void)state;
	for (int i = 0; i < n; i++) {
		const char *s = boot_strerror(codes[i]);
		assert_non_null(s);
		assert_string_not_equal(s, "unknown error");
		for (int j = 0; j < i; j++) {
			assert_string_not_equal(s, boot_strerror(codes[j]));
		}
	}
	assert_string_equal(boot_strerror(-99), "unknown error");
	assert_string_equal(boot_strerror(1), "unknown error");
}

static void
test_cmdline_get_key_value(void **state)
{
	const char *cl = "console=serial root=/dev/ram0 quiet  loglevel=7";
	char val[32];

	(void)state;
	assert_int_equal(boot_cmdline_get(cl, "console", val, sizeof(val)), 1);
	assert_string_equal(val, "serial");
	assert_int_equal(boot_cmdline_get(cl, "root", val, sizeof(val)), 1);
	assert_string_equal(val, "/dev/ram0");
	assert_int_equal(boot_cmdline_get(cl, "loglevel", val, sizeof(val)), 1);
	assert_string_equal(val, "7");
}

static void
test_cmdline_get_bare_key(void **state)
{
	char val[8];

	(void)state;
	memset(val, 'X', sizeof(val));
	assert_int_equal(
	    boot_cmdline_get("a=1 quiet b=2", "quiet", val, sizeof(val)), 1);
	assert_string_equal(val, "");
	assert_int_equal(boot_cmdline_get("quiet", "quiet", val, sizeof(val)),
			 1);
	assert_string_equal(val, "");
	/* "key=" is found, with an empty value. */
	assert_int_equal(boot_cmdline_get("x= y=1", "x", val, sizeof(val)), 1);
	assert_string_equal(val, "");
}

static void
test_cmdline_get_prefix_does_not_match(void **state)
{
	char val[16];

	(void)state;
	memset(val, 'X', sizeof(val));
	/* The key is a prefix of a word. */
	assert_int_equal(
	    boot_cmdline_get("rootfs=ext2 quietly", "root", val, sizeof(val)),
	    0);
	assert_int_equal(
	    boot_cmdline_get("rootfs=ext2 quietly", "quiet", val, sizeof(val)),
	    0);
	/* A word is a prefix of the key. */
	assert_int_equal(
	    boot_cmdline_get("root=x roo", "rootfs", val, sizeof(val)), 0);
	/* The key appears only inside a value. */
	assert_int_equal(boot_cmdline_get("a=root", "root", val, sizeof(val)),
			 0);
	assert_memory_equal(val, "XXXXXXXXXXXXXXXX", sizeof(val));
	/* The right word after a near miss is still found. */
	assert_int_equal(
	    boot_cmdline_get("rootfs=a root=b", "root", val, sizeof(val)), 1);
	assert_string_equal(val, "b");
}

static void
test_cmdline_get_truncates_value(void **state)
{
	char val[8];

	(void)state;
	memset(val, 'X', sizeof(val));
	assert_int_equal(boot_cmdline_get("k=abcdefghij", "k", val, 4), 1);
	assert_memory_equal(val, "abc\0XXXX", 8);
	assert_int_equal(boot_cmdline_get("k=abcdefghij", "k", val, 1), 1);
	assert_int_equal(val[0], '\0');
	/* n = 0: found, but nothing is written. */
	memset(val, 'X', sizeof(val));
	assert_int_equal(boot_cmdline_get("k=abc", "k", val, 0), 1);
	assert_memory_equal(val, "XXXXXXXX", 8);
}

static void
test_cmdline_get_misc(void **state)
{
	char val[8];

	(void)state;
	assert_int_equal(boot_cmdline_get("", "a", val, sizeof(val)), 0);
	assert_int_equal(boot_cmdline_get("   ", "a", val, sizeof(val)), 0);
	assert_int_equal(boot_cmdline_get("b=1 c", "a", val, sizeof(val)), 0);
	/* Leading and repeated spaces, and the first of two wins. */
	assert_int_equal(
	    boot_cmdline_get("   a=1    a=2  ", "a", val, sizeof(val)), 1);
	assert_string_equal(val, "1");
	/* Only the first '=' separates; the rest belongs to the value. */
	assert_int_equal(boot_cmdline_get("a=b=c", "a", val, sizeof(val)), 1);
	assert_string_equal(val, "b=c");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mb1_good),
	    cmocka_unit_test(test_mb1_optional_parts_absent),
	    cmocka_unit_test(test_mb1_larger_entry_size),
	    cmocka_unit_test(test_bad_magic),
	    cmocka_unit_test(test_mb1_no_mmap),
	    cmocka_unit_test(test_mb1_info_outside_window),
	    cmocka_unit_test(test_mb1_mmap_outside_window),
	    cmocka_unit_test(test_mb1_mmap_entry_too_small),
	    cmocka_unit_test(test_mb1_mmap_entry_past_end),
	    cmocka_unit_test(test_mb1_empty_mmap),
	    cmocka_unit_test(test_mb1_module_end_before_start),
	    cmocka_unit_test(test_mb1_modules_outside_window),
	    cmocka_unit_test(test_mb1_too_many_modules),
	    cmocka_unit_test(test_mb1_long_strings_cut),
	    cmocka_unit_test(test_mb1_string_unterminated_at_window_end),
	    cmocka_unit_test(test_mb1_too_many_regions),
	    cmocka_unit_test(test_mb1_exactly_max_regions),
	    cmocka_unit_test(test_region_wrapping_cut_at_top),
	    cmocka_unit_test(test_mb2_good),
	    cmocka_unit_test(test_mb2_mmap_larger_entries),
	    cmocka_unit_test(test_mb2_acpi_new_copy_preferred),
	    cmocka_unit_test(test_mb2_acpi_copy_sizes),
	    cmocka_unit_test(test_mb2_no_mmap),
	    cmocka_unit_test(test_mb2_info_misaligned_or_outside),
	    cmocka_unit_test(test_mb2_total_size_bad),
	    cmocka_unit_test(test_mb2_tag_size_too_small),
	    cmocka_unit_test(test_mb2_tag_past_end),
	    cmocka_unit_test(test_mb2_missing_end_tag),
	    cmocka_unit_test(test_mb2_mmap_entry_size_bad),
	    cmocka_unit_test(test_mb2_mmap_partial_entry_ignored),
	    cmocka_unit_test(test_mb2_module_bad),
	    cmocka_unit_test(test_mb2_too_many_modules_and_regions),
	    cmocka_unit_test(test_mb2_region_wrapping),
	    cmocka_unit_test(test_mb2_cmdline_cut),
	    cmocka_unit_test(test_mb2_cmdline_bounded_by_tag),
	    cmocka_unit_test(test_mb2_module_name_runs_to_window_end),
	    cmocka_unit_test(
		test_regression_mb2_unaligned_last_tag_reads_past_window),
	    cmocka_unit_test(test_strerror),
	    cmocka_unit_test(test_cmdline_get_key_value),
	    cmocka_unit_test(test_cmdline_get_bare_key),
	    cmocka_unit_test(test_cmdline_get_prefix_does_not_match),
	    cmocka_unit_test(test_cmdline_get_truncates_value),
	    cmocka_unit_test(test_cmdline_get_misc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
