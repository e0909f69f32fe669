/*
 * multiboot: what the boot loader told us, parsed from Multiboot1 or
 * Multiboot2 into one loader-independent record.  Everything is copied out
 * of the loader's structures, so they need not survive the parse.
 *
 * The parser is pure C and trusts nothing: every length and address is
 * checked against the window of physical memory it may read.
 */
#ifndef CAIRN_LIB_MULTIBOOT_H
#define CAIRN_LIB_MULTIBOOT_H

#include <stdint.h>

#define MB1_BOOT_MAGIC 0x2BADB002u
#define MB2_BOOT_MAGIC 0x36D76289u

#define BOOT_MAX_REGIONS 64
#define BOOT_MAX_MODULES 8
#define BOOT_CMDLINE_MAX 256
#define BOOT_NAME_MAX	 64

/* Memory map types, as Multiboot and the BIOS E820 call define them. */
enum boot_mem_type {
	BOOT_MEM_AVAILABLE = 1,
	BOOT_MEM_RESERVED = 2,
	BOOT_MEM_ACPI = 3,
	BOOT_MEM_NVS = 4,
	BOOT_MEM_BAD = 5,
};

struct boot_region {
	uint64_t base;
	uint64_t len;
	uint32_t type;
};

struct boot_module {
	uint64_t start; /* physical, inclusive */
	uint64_t end;	/* physical, exclusive */
	char name[BOOT_NAME_MAX];
};

/*
 * Physical memory the parser may read: physical address p is at host
 * address base + p, and only [0, limit) exists.
 */
struct phys_window {
	uintptr_t base;
	uint64_t limit;
};

struct boot_info {
	int protocol; /* 1 or 2 */
	char cmdline[BOOT_CMDLINE_MAX];
	int nregions;
	struct boot_region regions[BOOT_MAX_REGIONS];
	int nmodules;
	struct boot_module modules[BOOT_MAX_MODULES];
	int has_rsdp;	  /* Multiboot2 hands over a copy of the RSDP */
	uint8_t rsdp[36]; /* the copy, up to the ACPI 2.0 size */
	int regions_cut;  /* more regions than fit were reported */
	int modules_cut;  /* more modules than fit were reported */
};

enum boot_error {
	BOOT_OK = 0,
	BOOT_E_MAGIC = -1,   /* not a Multiboot hand-over */
	BOOT_E_RANGE = -2,   /* a structure lies outside the window */
	BOOT_E_FORMAT = -3,  /* a structure is malformed */
	BOOT_E_NO_MMAP = -4, /* no memory map was given */
};

/*
 * Parse the loader's information at physical address info, reached through
 * w, for the hand-over magic in magic.  Fills *bi.  Returns BOOT_OK or a
 * boot_error; on error *bi is zeroed apart from what explains nothing.
 */
int boot_parse(uint32_t magic, uint64_t info, const struct phys_window *w,
	       struct boot_info *bi);

/* A short text for a boot_error. */
const char *boot_strerror(int err);

/*
 * Find "key=value" (or a bare "key") in a command line.  Copies the value
 * into val (size n, NUL-terminated) and returns 1 if found, else 0.
 */
int boot_cmdline_get(const char *cmdline, const char *key, char *val, int n);

#endif
