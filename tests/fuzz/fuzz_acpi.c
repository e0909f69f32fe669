/*
 * fuzz_acpi: the input is physical memory, presented through a
 * phys_window as the kernel presents it (kernel/main.c): the RSDP is
 * searched for, or handed over as the loader's 36-byte copy, and the
 * tables it reaches are parsed.
 *
 * The first byte holds flags; physical memory is the rest, in a block of
 * its own size so that a read past the window is caught.  With SEAL set,
 * every RSDP and every table of a kind the parser reads gets a correct
 * checksum first, so that mutations inside tables are not all refused at
 * the checksum.
 */
#include <string.h>

#include "acpi.h"
#include "fuzz.h"

enum {
	SEAL = 1,	 /* fix the checksums first */
	LOADER_COPY = 2, /* the RSDP is a copy of memory's first 36 bytes */
	SDT_HEADER = 36,
};

static uint32_t
rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Set byte at so that the n bytes at p sum to zero. */
static void
fix_sum(uint8_t *p, size_t n, size_t at)
{
	uint8_t s = 0;

	p[at] = 0;
	for (size_t i = 0; i < n; i++) {
		s += p[i];
	}
	p[at] = (uint8_t)-s;
}

static int
table_signature(const uint8_t *p)
{
	static const char *const sigs[] = {"RSDT", "XSDT", "APIC",
					   "FACP", "HPET", "DSDT"};

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (memcmp(p, sigs[i], 4) == 0) {
			return 1;
		}
	}
	return 0;
}

/* Give every RSDP and table in the n bytes at mem a correct checksum. */
static void
seal(uint8_t *mem, size_t n)
{
	for (size_t p = 0; n >= SDT_HEADER && p <= n - SDT_HEADER; p++) {
		uint32_t len = rd32(mem + p + 4);
		if (table_signature(mem + p) && len >= SDT_HEADER &&
		    len <= n - p) {
			fix_sum(mem + p, len, 9);
		}
	}
	for (size_t p = 0; n >= 20 && p <= n - 20; p += 16) {
		if (memcmp(mem + p, "RSD PTR ", 8) != 0) {
			continue;
		}
		fix_sum(mem + p, 20, 8);
		if (mem[p + 15] >= 2 && n - p >= 36) {
			fix_sum(mem + p, 36, 32);
		}
	}
}

/* Check what acpi_parse promises on success. */
static void
check_info(const struct acpi_info *ai, const uint8_t *rsdp)
{
	fuzz_check(ai->revision == rsdp[15], "revision");
	fuzz_check(ai->nbad >= 0 && ai->nbad <= ai->ntables, "table counts");
	fuzz_check(ai->ncpus >= 0 && ai->ncpus <= ACPI_MAX_CPUS &&
		       ai->nioapics >= 0 && ai->nioapics <= ACPI_MAX_IOAPICS &&
		       ai->nisos >= 0 && ai->nisos <= ACPI_MAX_ISOS,
		   "too many entries");
	fuzz_check((ai->has_madt | ai->has_hpet | ai->has_fadt | ai->has_s5 |
		    ai->pcat_compat) <= 1,
		   "flags other than 0 or 1");
}

/* Scan [start, start + len); a find must be an RSDP acpi_parse takes. */
static void
scan(const struct phys_window *w, uint64_t start, uint64_t len)
{
	struct acpi_info ai;
	uint64_t p = acpi_scan_rsdp(w, start, len);

	if (p == 0) {
		return;
	}
	fuzz_check(p % 16 == 0 && p >= start && p - start <= len - 20 &&
		       p <= w->limit - 20,
		   "an RSDP outside the range scanned");
	const uint8_t *rsdp = (const uint8_t *)(w->base + p);
	int r = acpi_parse(w, rsdp, &ai);
	fuzz_check(r == ACPI_OK || r == ACPI_E_ROOT, "a found RSDP refused");
	fuzz_check(acpi_strerror(r) != NULL, "no error text");
	if (r == ACPI_OK) {
		check_info(&ai, rsdp);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1) {
		return 0;
	}
	uint8_t flags = data[0];
	size_t n = size - 1;
	uint8_t *mem = malloc(n);
	struct phys_window w = {(uintptr_t)mem, n};
	struct acpi_info ai;

	memcpy(mem, data + 1, n);
	if (flags & SEAL) {
		seal(mem, n);
	}
	if (flags & LOADER_COPY) {
		uint8_t copy[36] = {0};
		memcpy(copy, mem, n < sizeof(copy) ? n : sizeof(copy));
		int r = acpi_parse(&w, copy, &ai);
		fuzz_check(acpi_strerror(r) != NULL, "no error text");
		if (r == ACPI_OK) {
			check_info(&ai, copy);
		}
	} else {
		/*
		 * The whole window; past its end; and the kernel's first
		 * search, the EBDA's first KiB, its segment at 0x40E.
		 */
		scan(&w, 0, n);
		scan(&w, n / 2 + 1, n);
		if (n >= 0x410) {
			scan(&w, (uint64_t)(mem[0x40E] | mem[0x40F] << 8) << 4,
			     1024);
		}
	}
	free(mem);
	return 0;
}
