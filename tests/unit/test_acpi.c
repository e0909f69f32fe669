/*
 * Host unit tests for lib/acpi.c.  The ACPI tables are written into a host
 * byte array that stands for physical memory, with correct checksums unless
 * a test breaks one on purpose.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "acpi.h"

/* Fake physical memory: physical address p is mem[p]. */
static _Alignas(16) uint8_t mem[65536];

/* Where the standard tables go. */
enum {
	RSDT = 0x1000,
	XSDT = 0x1100,
	MADT = 0x2000,
	HPET = 0x3000,
	FADT = 0x4000,
	DSDT = 0x5000,
	DSDT2 = 0x6000,
	MCFG = 0x7000,
	SCAN = 0xE000,
};

static struct phys_window
fresh_window(void)
{
	struct phys_window w = {(uintptr_t)mem, sizeof(mem)};

	memset(mem, 0, sizeof(mem));
	return w;
}

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

static uint32_t
get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Set the byte at t + off so that the len bytes at t sum to zero. */
static void
fix_checksum(uint8_t *t, size_t len, size_t off)
{
	uint8_t s = 0;

	t[off] = 0;
	for (size_t i = 0; i < len; i++) {
		s += t[i];
	}
	t[off] = (uint8_t)-s;
}

/* Recompute the checksum of the table at physical p from its length. */
static void
seal(uint64_t p)
{
	fix_checksum(&mem[p], get32(&mem[p + 4]), 9);
}

/* Write an SDT header for a table of len bytes at p; not yet sealed. */
static uint8_t *
sdt(uint64_t p, const char *sig, uint32_t len)
{
	uint8_t *t = &mem[p];

	memcpy(t, sig, 4);
	put32(t + 4, len);
	t[8] = 1;
	memcpy(t + 10, "CAIRN ", 6);
	memcpy(t + 16, "TESTTABL", 8);
	put32(t + 24, 1);
	return t;
}

/* Write a table with header and a body of n bytes, and seal it. */
static void
table_with(uint64_t p, const char *sig, const uint8_t *body, uint32_t n)
{
	uint8_t *t = sdt(p, sig, 36 + n);

	memcpy(t + 36, body, n);
	seal(p);
}

/* Write an RSDP into r: 20 bytes for revision 0, 36 for revision 2. */
static void
make_rsdp(uint8_t *r, int rev, uint32_t rsdt, uint64_t xsdt)
{
	memset(r, 0, rev >= 2 ? 36 : 20);
	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, "CAIRN ", 6);
	r[15] = (uint8_t)rev;
	put32(r + 16, rsdt);
	fix_checksum(r, 20, 8);
	if (rev >= 2) {
		put32(r + 20, 36);
		put64(r + 24, xsdt);
		fix_checksum(r, 36, 32);
	}
}

/* Write an RSDT (esize 4) or XSDT (esize 8) at p listing n tables. */
static void
make_root(uint64_t p, int esize, const uint64_t *tables, int n)
{
	uint8_t *t = sdt(p, esize == 8 ? "XSDT" : "RSDT", 36 + esize * n);

	for (int i = 0; i < n; i++) {
		if (esize == 8) {
			put64(t + 36 + 8 * i, tables[i]);
		} else {
			put32(t + 36 + 4 * i, (uint32_t)tables[i]);
		}
	}
	seal(p);
}

/* MADT entries: four local APICs, one I/O APIC, three overrides, one NMI. */
static const uint8_t madt_entries[] = {
    0, 8,  0,	 0, 1, 0, 0,	0, /* CPU, APIC 0, enabled */
    0, 8,  1,	 1, 1, 0, 0,	0, /* CPU, APIC 1, enabled */
    0, 8,  2,	 2, 0, 0, 0,	0, /* CPU, APIC 2, disabled */
    0, 8,  3,	 6, 2, 0, 0,	0, /* CPU, APIC 6, online capable */
    1, 12, 4,	 0, 0, 0, 0xC0, 0xFE, 0,    0, 0, 0, /* I/O APIC 4 */
    2, 10, 0,	 0, 2, 0, 0,	0,    0,    0,	     /* ISA IRQ 0 -> GSI 2 */
    2, 10, 0,	 9, 9, 0, 0,	0,    0x0D, 0,	     /* ISA IRQ 9, level, low */
    2, 10, 1,	 5, 5, 0, 0,	0,    0,    0,	     /* not ISA: ignored */
    4, 6,  0xFF, 0, 5, 1,			     /* NMI: ignored */
};

static void
make_madt(uint64_t p, const uint8_t *entries, uint32_t n)
{
	uint8_t *t = sdt(p, "APIC", 44 + n);

	put32(t + 36, 0xFEE00000);
	put32(t + 40, 1); /* PCAT_COMPAT */
	memcpy(t + 44, entries, n);
	seal(p);
}

static void
make_hpet(uint64_t p, uint8_t space, uint64_t addr)
{
	uint8_t *t = sdt(p, "HPET", 56);

	put32(t + 36, 0x8086A201);
	t[40] = space;
	t[41] = 64;
	put64(t + 44, addr);
	seal(p);
}

/* An ACPI 1.0 FADT (116 bytes), or a 6.x one (276 bytes) with X_DSDT. */
static void
make_fadt(uint64_t p, uint32_t len, uint32_t dsdt, uint64_t x_dsdt)
{
	uint8_t *t = sdt(p, "FACP", len);

	put32(t + 40, dsdt);
	put32(t + 48, 0xB2);
	t[52] = 0xF0;
	put32(t + 56, 0x600);
	put32(t + 64, 0x604);
	put32(t + 68, 0x608);
	if (len >= 148) {
		put64(t + 140, x_dsdt);
	}
	seal(p);
}

/* AML: a Scope header, then Name(_S5_, Package(4) {5, 7, 0, 0}). */
static const uint8_t aml_s5[] = {
    0x10, 0x12, 0x5C, 0x5F, 0x53, 0x42, 0x5F, /* Scope (\_SB_) ... */
    0x08, 0x5F, 0x53, 0x35, 0x5F, 0x12, 0x06,
    0x04, 0x0A, 0x05, 0x0A, 0x07, 0x00, 0x00,
};

static void
make_dsdt(uint64_t p, const uint8_t *aml, uint32_t n)
{
	table_with(p, "DSDT", aml, n);
}

/*
 * Write the standard machine: MADT, HPET and FADT (with its DSDT), listed
 * by an RSDT and by an XSDT, and an RSDP of revision rev into rsdp.
 */
static struct phys_window
standard(uint8_t *rsdp, int rev)
{
	struct phys_window w = fresh_window();
	const uint64_t list[] = {MADT, HPET, FADT};

	make_madt(MADT, madt_entries, sizeof(madt_entries));
	make_hpet(HPET, 0, 0xFED00000);
	make_fadt(FADT, 116, DSDT, 0);
	make_dsdt(DSDT, aml_s5, sizeof(aml_s5));
	make_root(RSDT, 4, list, 3);
	make_root(XSDT, 8, list, 3);
	make_rsdp(rsdp, rev, RSDT, rev >= 2 ? XSDT : 0);
	return w;
}

static void
assert_standard(const struct acpi_info *ai)
{
	assert_int_equal(ai->ntables, 3);
	assert_int_equal(ai->nbad, 0);
	assert_int_equal(ai->has_madt, 1);
	assert_int_equal(ai->lapic_phys, 0xFEE00000);
	assert_int_equal(ai->pcat_compat, 1);
	assert_int_equal(ai->ncpus, 3);
	assert_int_equal(ai->cpu_apic_id[0], 0);
	assert_int_equal(ai->cpu_apic_id[1], 1);
	assert_int_equal(ai->cpu_apic_id[2], 6);
	assert_int_equal(ai->nioapics, 1);
	assert_int_equal(ai->ioapic[0].id, 4);
	assert_int_equal(ai->ioapic[0].phys, 0xFEC00000);
	assert_int_equal(ai->ioapic[0].gsi_base, 0);
	assert_int_equal(ai->nisos, 2);
	assert_int_equal(ai->iso[0].irq, 0);
	assert_int_equal(ai->iso[0].gsi, 2);
	assert_int_equal(ai->iso[0].flags, 0);
	assert_int_equal(ai->iso[1].irq, 9);
	assert_int_equal(ai->iso[1].gsi, 9);
	assert_int_equal(ai->iso[1].flags, 0x0D);
	assert_int_equal(ai->has_hpet, 1);
	assert_int_equal(ai->hpet_phys, 0xFED00000);
	assert_int_equal(ai->has_mcfg, 0); /* the PC (i440FX) has none */
	assert_int_equal(ai->has_fadt, 1);
	assert_int_equal(ai->smi_cmd, 0xB2);
	assert_int_equal(ai->acpi_enable, 0xF0);
	assert_int_equal(ai->pm1a_cnt, 0x604);
	assert_int_equal(ai->pm1b_cnt, 0x608);
	assert_int_equal(ai->has_s5, 1);
	assert_int_equal(ai->slp_typa, 5);
	assert_int_equal(ai->slp_typb, 7);
}

static void
test_rev0_rsdt(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	memset(&ai, 0xA5, sizeof(ai));
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.revision, 0);
	assert_standard(&ai);
}

static void
test_rev0_ignores_bytes_past_20(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	/* A 1.0 RSDP is 20 bytes: what follows is not part of it. */
	memset(rsdp + 20, 0xEE, 16);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.ntables, 3);
}

static void
test_rev2_xsdt(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;

	(void)state;
	struct phys_window w = standard(rsdp, 2);
	/* Break the RSDT, so success shows that the XSDT was used. */
	mem[RSDT + 40] ^= 0xFF;
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.revision, 2);
	assert_standard(&ai);
}

static void
test_rev2_without_xsdt_uses_rsdt(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;

	(void)state;
	struct phys_window w = standard(rsdp, 2);
	make_rsdp(rsdp, 2, RSDT, 0);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.revision, 2);
	assert_standard(&ai);
}

static void
test_rsdp_bad_checksum(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	rsdp[8]++;
	memset(&ai, 0xA5, sizeof(ai));
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_E_RSDP);
	assert_int_equal(ai.ntables, 0);
	assert_int_equal(ai.has_madt, 0);
}

static void
test_rsdp_bad_signature(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	memcpy(rsdp, "RSD PTR_", 8);
	fix_checksum(rsdp, 20, 8);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_E_RSDP);
}

static void
test_rsdp_rev2_bad_ext_checksum(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;

	(void)state;
	struct phys_window w = standard(rsdp, 2);
	/* The first 20 bytes still sum to zero; the 36 do not. */
	rsdp[32]++;
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_E_RSDP);
	/* A length below 36 is refused even with both sums right. */
	make_rsdp(rsdp, 2, RSDT, XSDT);
	put32(rsdp + 20, 20);
	fix_checksum(rsdp, 36, 32);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_E_RSDP);
}

static void
test_root_bad_signature(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	memcpy(&mem[RSDT], "XSDT", 4);
	seal(RSDT);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_E_ROOT);
	/* The XSDT pointer must lead to an XSDT, not an RSDT. */
	make_rsdp(rsdp, 2, RSDT, RSDT);
	memcpy(&mem[RSDT], "RSDT", 4);
	seal(RSDT);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_E_ROOT);
}

static void
test_root_bad_checksum(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;

	(void)state;
	struct phys_window w = standard(rsdp, 2);
	mem[XSDT + 9]++;
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_E_ROOT);
	assert_int_equal(ai.ntables, 0);
}

static void
test_root_outside_window(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	make_rsdp(rsdp, 0, 0x10000000, 0);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_E_ROOT);
	/* The header fits, the table does not. */
	make_rsdp(rsdp, 0, sizeof(mem) - 36, 0);
	sdt(sizeof(mem) - 36, "RSDT", 40);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_E_ROOT);
	/* Not even the header fits. */
	make_rsdp(rsdp, 0, sizeof(mem) - 20, 0);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_E_ROOT);
	make_rsdp(rsdp, 2, RSDT, 0xFFFFFFFFFFFFFFF0ull);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_E_ROOT);
	/* No root table at all. */
	make_rsdp(rsdp, 0, 0, 0);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_E_ROOT);
}

static void
test_root_bad_length(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	put32(&mem[RSDT + 4], 35);
	seal(RSDT);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_E_ROOT);
	put32(&mem[RSDT + 4], 0);
	mem[RSDT + 9] = 0;
	fix_checksum(&mem[RSDT], 36, 9);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_E_ROOT);
	put32(&mem[RSDT + 4], 0xFFFFFFFF);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_E_ROOT);
}

static void
test_root_empty_and_partial_entry(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;
	const uint64_t list[] = {MADT};

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	make_root(RSDT, 4, list, 0);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.ntables, 0);
	assert_int_equal(ai.has_madt, 0);
	/* One entry and two stray bytes: the stray bytes are no entry. */
	make_root(RSDT, 4, list, 1);
	put32(&mem[RSDT + 4], 36 + 4 + 2);
	seal(RSDT);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.ntables, 1);
	assert_int_equal(ai.has_madt, 1);
}

static void
test_listed_table_bad_checksum(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	mem[MADT + 50]++;
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.ntables, 3);
	assert_int_equal(ai.nbad, 1);
	assert_int_equal(ai.has_madt, 0);
	assert_int_equal(ai.ncpus, 0);
	assert_int_equal(ai.lapic_phys, 0);
	/* The other tables are still read. */
	assert_int_equal(ai.has_hpet, 1);
	assert_int_equal(ai.has_fadt, 1);
	assert_int_equal(ai.has_s5, 1);
}

static void
test_listed_table_unreachable(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;
	const uint64_t list[] = {
	    0, 0x100000000ull, sizeof(mem) - 8, sizeof(mem) - 40, HPET, MADT,
	};

	(void)state;
	struct phys_window w = standard(rsdp, 2);
	/* Header fits but the table's length runs past the window. */
	sdt(sizeof(mem) - 40, "SSDT", 100);
	make_root(XSDT, 8, list, 6);
	/* And a table whose length is shorter than its header. */
	put32(&mem[HPET + 4], 20);
	mem[HPET + 9] = 0;
	fix_checksum(&mem[HPET], 20, 9);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.ntables, 6);
	assert_int_equal(ai.nbad, 5);
	assert_int_equal(ai.has_hpet, 0);
	assert_int_equal(ai.has_madt, 1);
}

static void
test_unknown_tables_counted_not_bad(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;
	const uint64_t list[] = {MADT, 0x7000};

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	table_with(0x7000, "SSDT", (const uint8_t *)"\x10\x00", 2);
	make_root(RSDT, 4, list, 2);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.ntables, 2);
	assert_int_equal(ai.nbad, 0);
	assert_int_equal(ai.has_madt, 1);
	assert_int_equal(ai.has_fadt, 0);
	assert_int_equal(ai.has_hpet, 0);
}

static void
test_madt_lapic_override(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;
	uint8_t e[sizeof(madt_entries) + 12];

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	memcpy(e, madt_entries, sizeof(madt_entries));
	uint8_t *o = e + sizeof(madt_entries);
	o[0] = 5;
	o[1] = 12;
	put16(o + 2, 0);
	put64(o + 4, 0x123450000ull);
	make_madt(MADT, e, sizeof(e));
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.lapic_phys, 0x123450000ull);
	assert_int_equal(ai.ncpus, 3);
	assert_int_equal(ai.nioapics, 1);
}

static void
test_madt_entry_length_zero_stops(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;
	const uint8_t e[] = {
	    0, 8, 0, 0, 1, 0, 0, 0, /* CPU, APIC 0 */
	    0, 0, 1, 1, 1, 0, 0, 0, /* length 0: parsing stops here */
	    0, 8, 2, 2, 1, 0, 0, 0, /* never reached */
	};

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	make_madt(MADT, e, sizeof(e));
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.has_madt, 1);
	assert_int_equal(ai.ncpus, 1);
	assert_int_equal(ai.cpu_apic_id[0], 0);
	/* Length 1 is no better. */
	make_madt(MADT, e, sizeof(e));
	mem[MADT + 44 + 9] = 1;
	seal(MADT);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.ncpus, 1);
}

static void
test_madt_entry_overrun_stops(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;
	const uint8_t e[] = {
	    0, 8,  0, 0, 1, 0, 0, 0, /* CPU, APIC 0 */
	    0, 8,  1, 1, 1, 0, 0, 0, /* CPU, APIC 1 */
	    1, 12, 4, 0, 0, 0,	     /* I/O APIC cut off by the table end */
	};

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	make_madt(MADT, e, sizeof(e));
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.ncpus, 2);
	assert_int_equal(ai.nioapics, 0);
	/* A lone type byte at the very end is not read as an entry. */
	make_madt(MADT, e, 17);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.ncpus, 2);
	/* An entry whose length runs far past the end. */
	make_madt(MADT, e, sizeof(e));
	mem[MADT + 44 + 1] = 0xFF;
	seal(MADT);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.has_madt, 1);
	assert_int_equal(ai.ncpus, 0);
}

static void
test_madt_short_entries_skipped(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;
	const uint8_t e[] = {
	    0, 6,  0, 0, 1, 0,			 /* CPU entry too short */
	    1, 10, 4, 0, 0, 0, 0xC0, 0xFE, 0, 0, /* I/O APIC too short */
	    2, 8,  0, 0, 2, 0, 0,    0,		 /* override too short */
	    5, 10, 0, 0, 0, 0, 0,    0,	   1, 0, /* LAPIC override too short */
	    0, 8,  7, 7, 1, 0, 0,    0,		 /* a good CPU after them */
	};

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	make_madt(MADT, e, sizeof(e));
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.ncpus, 1);
	assert_int_equal(ai.cpu_apic_id[0], 7);
	assert_int_equal(ai.nioapics, 0);
	assert_int_equal(ai.nisos, 0);
	assert_int_equal(ai.lapic_phys, 0xFEE00000);
}

static void
test_madt_limits(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;
	uint8_t e[(ACPI_MAX_CPUS + 4) * 8 + (ACPI_MAX_IOAPICS + 2) * 12 +
		  (ACPI_MAX_ISOS + 3) * 10];
	uint8_t *p = e;

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	memset(e, 0, sizeof(e));
	for (int i = 0; i < ACPI_MAX_CPUS + 4; i++, p += 8) {
		p[0] = 0;
		p[1] = 8;
		p[3] = (uint8_t)i;
		p[4] = 1;
	}
	for (int i = 0; i < ACPI_MAX_IOAPICS + 2; i++, p += 12) {
		p[0] = 1;
		p[1] = 12;
		p[2] = (uint8_t)i;
		put32(p + 8, 24 * i);
	}
	for (int i = 0; i < ACPI_MAX_ISOS + 3; i++, p += 10) {
		p[0] = 2;
		p[1] = 10;
		p[3] = (uint8_t)i;
	}
	make_madt(MADT, e, sizeof(e));
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.ncpus, ACPI_MAX_CPUS);
	assert_int_equal(ai.cpu_apic_id[ACPI_MAX_CPUS - 1], ACPI_MAX_CPUS - 1);
	assert_int_equal(ai.nioapics, ACPI_MAX_IOAPICS);
	assert_int_equal(ai.ioapic[ACPI_MAX_IOAPICS - 1].gsi_base,
			 24 * (ACPI_MAX_IOAPICS - 1));
	assert_int_equal(ai.nisos, ACPI_MAX_ISOS);
}

static void
test_madt_too_short(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	/* 40 bytes: no room for the flags word. */
	uint8_t *t = sdt(MADT, "APIC", 40);
	put32(t + 36, 0xFEE00000);
	seal(MADT);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.nbad, 0);
	assert_int_equal(ai.has_madt, 0);
	assert_int_equal(ai.lapic_phys, 0);
}

static void
test_hpet_io_space_or_short(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	make_hpet(HPET, 1, 0xFED00000);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.has_hpet, 0);
	assert_int_equal(ai.hpet_phys, 0);
	make_hpet(HPET, 0, 0xFED00000);
	put32(&mem[HPET + 4], 52);
	seal(HPET);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.has_hpet, 0);
}

/* An MCFG at MCFG with n entries (base, segment, first bus, last bus),
 * listed after the standard tables by a new RSDT. */
static void
make_mcfg(const uint64_t (*e)[4], int n)
{
	uint8_t *t = sdt(MCFG, "MCFG", 44 + 16 * (uint32_t)n);
	const uint64_t list[] = {MADT, HPET, FADT, MCFG};

	memset(t + 36, 0, 8 + 16 * (size_t)n);
	for (int i = 0; i < n; i++) {
		put64(t + 44 + 16 * i, e[i][0]);
		t[52 + 16 * i] = (uint8_t)e[i][1];
		t[54 + 16 * i] = (uint8_t)e[i][2];
		t[55 + 16 * i] = (uint8_t)e[i][3];
	}
	seal(MCFG);
	make_root(RSDT, 4, list, 4);
}

static void
test_mcfg_segment_0(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;
	/* Segment 1 first (not ours), then segment 0: QEMU q35's. */
	const uint64_t q35[][4] = {{0xC0000000, 1, 0, 255},
				   {0xB0000000, 0, 0, 255}};
	/* Unaligned, then buses backwards: refused; then buses from 2. */
	const uint64_t odd[][4] = {{0xB0000800, 0, 0, 255},
				   {0xB0000000, 0, 9, 8},
				   {0xE0000000, 0, 2, 63}};

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	make_mcfg(q35, 2);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.ntables, 4);
	assert_int_equal(ai.has_mcfg, 1);
	assert_int_equal(ai.ecam_phys, 0xB0000000);
	assert_int_equal(ai.ecam_bus_first, 0);
	assert_int_equal(ai.ecam_bus_last, 255);
	make_mcfg(odd, 2);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.has_mcfg, 0);
	make_mcfg(odd, 3);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.has_mcfg, 1);
	/* The base is where bus 0 would be: bus 2's is 2 MiB past it. */
	assert_int_equal(ai.ecam_phys, 0xE0200000);
	assert_int_equal(ai.ecam_bus_first, 2);
	assert_int_equal(ai.ecam_bus_last, 63);
	/* An entry cut short by the table's length is not read. */
	put32(&mem[MCFG + 4], 44 + 16 * 2 + 15);
	seal(MCFG);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.has_mcfg, 0);
}

static void
test_fadt_too_short(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	make_fadt(FADT, 115, DSDT, 0);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.nbad, 0);
	assert_int_equal(ai.has_fadt, 0);
	assert_int_equal(ai.has_s5, 0);
	assert_int_equal(ai.pm1a_cnt, 0);
}

static void
test_fadt_x_dsdt_preferred(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;
	const uint8_t aml[] = {0x08, 0x5F, 0x53, 0x35, 0x5F, 0x12,
			       0x06, 0x04, 0x0A, 0x03, 0x0A, 0x04};

	(void)state;
	struct phys_window w = standard(rsdp, 2);
	make_dsdt(DSDT2, aml, sizeof(aml));
	make_fadt(FADT, 276, DSDT, DSDT2);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.has_s5, 1);
	assert_int_equal(ai.slp_typa, 3);
	assert_int_equal(ai.slp_typb, 4);
	/* X_DSDT of 0 falls back to the 32-bit DSDT field. */
	make_fadt(FADT, 276, DSDT, 0);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.slp_typa, 5);
	assert_int_equal(ai.slp_typb, 7);
	/* A FADT too short for X_DSDT ignores the bytes where it would be. */
	make_fadt(FADT, 144, DSDT, 0);
	put64(&mem[FADT + 140], DSDT2);
	seal(FADT);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.has_fadt, 1);
	assert_int_equal(ai.slp_typa, 5);
}

static void
test_dsdt_bad(void **state)
{
	uint8_t rsdp[36];
	struct acpi_info ai;

	(void)state;
	struct phys_window w = standard(rsdp, 0);
	/* Bad checksum: the FADT counts, \_S5 is not read. */
	mem[DSDT + 40]++;
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.has_fadt, 1);
	assert_int_equal(ai.pm1a_cnt, 0x604);
	assert_int_equal(ai.has_s5, 0);
	assert_int_equal(ai.nbad, 0);
	/* Right checksum, wrong signature. */
	make_dsdt(DSDT, aml_s5, sizeof(aml_s5));
	memcpy(&mem[DSDT], "SSDT", 4);
	seal(DSDT);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.has_s5, 0);
	/* Outside the window, or absent. */
	make_fadt(FADT, 116, sizeof(mem) - 16, 0);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.has_fadt, 1);
	assert_int_equal(ai.has_s5, 0);
	make_fadt(FADT, 116, 0, 0);
	assert_int_equal(acpi_parse(&w, rsdp, &ai), ACPI_OK);
	assert_int_equal(ai.has_s5, 0);
}

/* Parse the standard machine with aml as its DSDT body. */
static void
parse_with_aml(const uint8_t *aml, uint32_t n, struct acpi_info *ai)
{
	uint8_t rsdp[36];
	struct phys_window w = standard(rsdp, 0);

	make_dsdt(DSDT, aml, n);
	assert_int_equal(acpi_parse(&w, rsdp, ai), ACPI_OK);
	assert_int_equal(ai->has_fadt, 1);
}

static void
test_s5_zero_op_form(void **state)
{
	struct acpi_info ai;
	const uint8_t aml[] = {0x08, 0x5F, 0x53, 0x35, 0x5F,
			       0x12, 0x04, 0x02, 0x00, 0x00};
	const uint8_t one[] = {0x08, 0x5F, 0x53, 0x35, 0x5F,
			       0x12, 0x04, 0x02, 0x01, 0x00};

	(void)state;
	parse_with_aml(aml, sizeof(aml), &ai);
	assert_int_equal(ai.has_s5, 1);
	assert_int_equal(ai.slp_typa, 0);
	assert_int_equal(ai.slp_typb, 0);
	parse_with_aml(one, sizeof(one), &ai);
	assert_int_equal(ai.has_s5, 1);
	assert_int_equal(ai.slp_typa, 1);
	assert_int_equal(ai.slp_typb, 0);
}

static void
test_s5_byte_form_as_given(void **state)
{
	struct acpi_info ai;
	const uint8_t aml[] = {0x08, 0x5F, 0x53, 0x35, 0x5F, 0x12, 0x06,
			       0x04, 0x0A, 0x05, 0x0A, 0x05, 0x00, 0x00};

	(void)state;
	parse_with_aml(aml, sizeof(aml), &ai);
	assert_int_equal(ai.has_s5, 1);
	assert_int_equal(ai.slp_typa, 5);
	assert_int_equal(ai.slp_typb, 5);
}

static void
test_s5_root_prefix_and_long_pkglength(void **state)
{
	struct acpi_info ai;
	/* Name(\_S5_, ...) with a two-byte PkgLength (0x46 0x00). */
	const uint8_t aml[] = {0x08, 0x5C, 0x5F, 0x53, 0x35, 0x5F, 0x12,
			       0x46, 0x00, 0x04, 0x0A, 0x02, 0x0A, 0x03};

	(void)state;
	parse_with_aml(aml, sizeof(aml), &ai);
	assert_int_equal(ai.has_s5, 1);
	assert_int_equal(ai.slp_typa, 2);
	assert_int_equal(ai.slp_typb, 3);
}

static void
test_s5_single_element(void **state)
{
	struct acpi_info ai;
	/* The second value is missing or not a small constant: b = a. */
	const uint8_t one[] = {0x08, 0x5F, 0x53, 0x35, 0x5F,
			       0x12, 0x03, 0x01, 0x0A, 0x06};
	const uint8_t word[] = {0x08, 0x5F, 0x53, 0x35, 0x5F, 0x12, 0x06,
				0x02, 0x0A, 0x06, 0x0B, 0x34, 0x12};

	(void)state;
	parse_with_aml(one, sizeof(one), &ai);
	assert_int_equal(ai.has_s5, 1);
	assert_int_equal(ai.slp_typa, 6);
	assert_int_equal(ai.slp_typb, 6);
	parse_with_aml(word, sizeof(word), &ai);
	assert_int_equal(ai.slp_typa, 6);
	assert_int_equal(ai.slp_typb, 6);
}

static void
test_s5_not_a_package_skipped(void **state)
{
	struct acpi_info ai;
	/* A method named _S5_ (not a package), then the real object. */
	const uint8_t aml[] = {
	    0x14, 0x06, 0x5F, 0x53, 0x35, 0x5F, 0x00, 0xA4, /* Method */
	    0x08, 0x5F, 0x53, 0x35, 0x5F, 0x12, 0x06, 0x04,
	    0x0A, 0x01, 0x0A, 0x02, 0x00, 0x00,
	};
	const uint8_t none[] = {0x08, 0x5F, 0x53, 0x34, 0x5F, 0x12,
				0x06, 0x04, 0x0A, 0x01, 0x0A, 0x02};

	(void)state;
	parse_with_aml(aml, sizeof(aml), &ai);
	assert_int_equal(ai.has_s5, 1);
	assert_int_equal(ai.slp_typa, 1);
	assert_int_equal(ai.slp_typb, 2);
	/* Only _S4_: nothing found. */
	parse_with_aml(none, sizeof(none), &ai);
	assert_int_equal(ai.has_s5, 0);
}

static void
test_s5_truncated(void **state)
{
	struct acpi_info ai;
	const uint8_t aml[] = {0x08, 0x5F, 0x53, 0x35, 0x5F, 0x12,
			       0x06, 0x04, 0x0A, 0x05, 0x0A, 0x07};

	(void)state;
	/* Cut after each byte of the object: never found, never a crash. */
	for (uint32_t n = 4; n <= 9; n++) {
		parse_with_aml(aml, n, &ai);
		assert_int_equal(ai.has_s5, 0);
	}
	/* Cut inside the second element: the first is still good. */
	parse_with_aml(aml, 11, &ai);
	assert_int_equal(ai.has_s5, 1);
	assert_int_equal(ai.slp_typa, 5);
	assert_int_equal(ai.slp_typb, 5);
	/* An empty DSDT. */
	parse_with_aml(aml, 0, &ai);
	assert_int_equal(ai.has_s5, 0);
}

static void
test_s5_first_element_not_constant(void **state)
{
	struct acpi_info ai;
	const uint8_t aml[] = {0x08, 0x5F, 0x53, 0x35, 0x5F, 0x12, 0x07,
			       0x04, 0x0B, 0x05, 0x00, 0x0A, 0x07};

	(void)state;
	parse_with_aml(aml, sizeof(aml), &ai);
	assert_int_equal(ai.has_s5, 0);
}

/* Write a valid RSDP (revision rev) into fake memory at physical p. */
static void
rsdp_at(uint64_t p, int rev)
{
	make_rsdp(&mem[p], rev, RSDT, rev >= 2 ? XSDT : 0);
}

static void
test_scan_finds_rsdp(void **state)
{
	struct phys_window w = fresh_window();

	(void)state;
	rsdp_at(SCAN + 0x40, 0);
	assert_int_equal(acpi_scan_rsdp(&w, SCAN, 0x400), SCAN + 0x40);
	/* Revision 2 is found too. */
	w = fresh_window();
	rsdp_at(SCAN + 0x100, 2);
	assert_int_equal(acpi_scan_rsdp(&w, SCAN, 0x400), SCAN + 0x100);
	/* An unaligned start begins at the next 16-byte boundary. */
	assert_int_equal(acpi_scan_rsdp(&w, SCAN + 1, 0x400), SCAN + 0x100);
	/* The first valid one wins. */
	rsdp_at(SCAN + 0x200, 0);
	assert_int_equal(acpi_scan_rsdp(&w, SCAN, 0x400), SCAN + 0x100);
}

static void
test_scan_skips_bad_and_misaligned(void **state)
{
	struct phys_window w = fresh_window();

	(void)state;
	/* Bad checksum. */
	rsdp_at(SCAN + 0x10, 0);
	mem[SCAN + 0x10 + 8]++;
	/* Good, but not on a 16-byte boundary. */
	rsdp_at(SCAN + 0x28, 0);
	/* Revision 2 whose extended checksum is bad. */
	rsdp_at(SCAN + 0x60, 2);
	mem[SCAN + 0x60 + 32]++;
	assert_int_equal(acpi_scan_rsdp(&w, SCAN, 0x400), 0);
	rsdp_at(SCAN + 0x80, 0);
	assert_int_equal(acpi_scan_rsdp(&w, SCAN, 0x400), SCAN + 0x80);
	/* Outside the scanned range: not found. */
	assert_int_equal(acpi_scan_rsdp(&w, SCAN, 0x80), 0);
	assert_int_equal(acpi_scan_rsdp(&w, SCAN + 0x90, 0x100), 0);
	assert_int_equal(acpi_scan_rsdp(&w, SCAN, 0), 0);
}

/* Ranges at the top of the address space end (they once scanned for
 * ever: the position wrapped round). */
static void
test_scan_at_the_top_ends(void **state)
{
	struct phys_window w = fresh_window();

	(void)state;
	assert_int_equal(acpi_scan_rsdp(&w, ~0ull - 10, 100), 0);
	assert_int_equal(acpi_scan_rsdp(&w, ~0ull - 31, 40), 0);
	assert_int_equal(acpi_scan_rsdp(&w, ~0ull - 31, 32), 0);
	assert_int_equal(acpi_scan_rsdp(&w, 0, 19), 0);
}

static void
test_scan_past_window(void **state)
{
	struct phys_window w = fresh_window();

	(void)state;
	/* A range that runs past the window is scanned only inside it. */
	rsdp_at(sizeof(mem) - 64, 0);
	assert_int_equal(acpi_scan_rsdp(&w, sizeof(mem) - 0x100, 0x1000),
			 sizeof(mem) - 64);
	assert_int_equal(acpi_scan_rsdp(&w, 0x100000, 0x20000), 0);
	w.limit = sizeof(mem) - 48;
	assert_int_equal(acpi_scan_rsdp(&w, sizeof(mem) - 0x100, 0x1000), 0);
}

/*
 * Regression test for a bug, now fixed (lib/acpi.c, acpi_scan_rsdp(), line 64):
 * the loop needs 36 bytes before the end of the range (p + 36 <= start + len),
 * the size of an ACPI 2.0 RSDP, so an ACPI 1.0 RSDP (20 bytes) in the last 32
 * bytes of the range is never found, though it lies wholly inside the range.
 * Expected: SCAN + 0x3E0; actual: 0.
 */
static void
test_regression_scan_misses_rev0_rsdp_at_range_end(void **state)
{
	struct phys_window w = fresh_window();

	(void)state;
	rsdp_at(SCAN + 0x3E0, 0);
	assert_int_equal(acpi_scan_rsdp(&w, SCAN, 0x400), SCAN + 0x3E0);
}

static void
test_strerror(void **state)
{
	const int codes[] = {ACPI_OK, ACPI_E_NO_RSDP, ACPI_E_RSDP, ACPI_E_ROOT};
	const int n = sizeof(codes) / sizeof(codes[0]);

	(void)state;
	for (int i = 0; i < n; i++) {
		const char *s = acpi_strerror(codes[i]);
		assert_non_null(s);
		assert_string_not_equal(s, "unknown error");
		for (int j = 0; j < i; j++) {
			assert_string_not_equal(s, acpi_strerror(codes[j]));
		}
	}
	assert_string_equal(acpi_strerror(-4), "unknown error");
	assert_string_equal(acpi_strerror(7), "unknown error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rev0_rsdt),
	    cmocka_unit_test(test_scan_at_the_top_ends),
	    cmocka_unit_test(test_rev0_ignores_bytes_past_20),
	    cmocka_unit_test(test_rev2_xsdt),
	    cmocka_unit_test(test_rev2_without_xsdt_uses_rsdt),
	    cmocka_unit_test(test_rsdp_bad_checksum),
	    cmocka_unit_test(test_rsdp_bad_signature),
	    cmocka_unit_test(test_rsdp_rev2_bad_ext_checksum),
	    cmocka_unit_test(test_root_bad_signature),
	    cmocka_unit_test(test_root_bad_checksum),
	    cmocka_unit_test(test_root_outside_window),
	    cmocka_unit_test(test_root_bad_length),
	    cmocka_unit_test(test_root_empty_and_partial_entry),
	    cmocka_unit_test(test_listed_table_bad_checksum),
	    cmocka_unit_test(test_listed_table_unreachable),
	    cmocka_unit_test(test_unknown_tables_counted_not_bad),
	    cmocka_unit_test(test_madt_lapic_override),
	    cmocka_unit_test(test_madt_entry_length_zero_stops),
	    cmocka_unit_test(test_madt_entry_overrun_stops),
	    cmocka_unit_test(test_madt_short_entries_skipped),
	    cmocka_unit_test(test_madt_limits),
	    cmocka_unit_test(test_madt_too_short),
	    cmocka_unit_test(test_hpet_io_space_or_short),
	    cmocka_unit_test(test_fadt_too_short),
	    cmocka_unit_test(test_fadt_x_dsdt_preferred),
	    cmocka_unit_test(test_dsdt_bad),
	    cmocka_unit_test(test_s5_zero_op_form),
	    cmocka_unit_test(test_s5_byte_form_as_given),
	    cmocka_unit_test(test_s5_root_prefix_and_long_pkglength),
	    cmocka_unit_test(test_s5_single_element),
	    cmocka_unit_test(test_s5_not_a_package_skipped),
	    cmocka_unit_test(test_s5_truncated),
	    cmocka_unit_test(test_s5_first_element_not_constant),
	    cmocka_unit_test(test_scan_finds_rsdp),
	    cmocka_unit_test(test_scan_skips_bad_and_misaligned),
	    cmocka_unit_test(test_scan_past_window),
	    cmocka_unit_test(
		test_regression_scan_misses_rev0_rsdp_at_range_end),
	    cmocka_unit_test(test_strerror),
	    cmocka_unit_test(test_mcfg_segment_0),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
