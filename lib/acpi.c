/* acpi: RSDP, root table, MADT, HPET, MCFG, FADT and \_S5 parsing. */
#include "acpi.h"

#include "cstring.h"

enum {
	SDT_HEADER = 36,
	MAX_TABLE = 4 << 20, /* no sane table is larger */
};

static const uint8_t *
at(const struct phys_window *w, uint64_t p)
{
	return (const uint8_t *)(w->base + (uintptr_t)p);
}

static int
in_window(const struct phys_window *w, uint64_t p, uint64_t len)
{
	return p <= w->limit && len <= w->limit - p;
}

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

static uint8_t
sum(const uint8_t *p, uint64_t n)
{
	uint8_t s = 0;

	while (n-- > 0) {
		s += *p++;
	}
	return s;
}

/* Is r, with avail bytes readable, a valid RSDP? */
static int
rsdp_valid(const uint8_t *r, uint64_t avail)
{
	if (avail < 20 || memcmp(r, "RSD PTR ", 8) != 0 || sum(r, 20) != 0) {
		return 0;
	}
	/* Revision 2 and later add a length and an extended checksum. */
	return r[15] < 2 ||
	       (avail >= 36 && rd32(r + 20) >= 36 && sum(r, 36) == 0);
}

uint64_t
acpi_scan_rsdp(const struct phys_window *w, uint64_t start, uint64_t len)
{
	uint64_t end = start + len < start ? ~0ull : start + len;

	/* No sum below may wrap: a range at the top of the address space
	 * would otherwise scan for ever. */
	if (end < 20) {
		return 0;
	}
	for (uint64_t p = (start + 15) & ~15ull; p >= start && p <= end - 20;
	     p += 16) {
		uint64_t avail = end - p < 36 ? end - p : 36;
		if (in_window(w, p, avail) && rsdp_valid(at(w, p), avail)) {
			return p;
		}
	}
	return 0;
}

/*
 * Return the table at physical p if it is inside the window and its
 * length and checksum hold, else NULL.
 */
static const uint8_t *
table(const struct phys_window *w, uint64_t p)
{
	if (p == 0 || !in_window(w, p, SDT_HEADER)) {
		return NULL;
	}
	uint32_t len = rd32(at(w, p) + 4);
	if (len < SDT_HEADER || len > MAX_TABLE || !in_window(w, p, len) ||
	    sum(at(w, p), len) != 0) {
		return NULL;
	}
	return at(w, p);
}

static void
madt_entry(const uint8_t *e, struct acpi_info *ai)
{
	switch (e[0]) {
	case 0: /* processor local APIC: usable if enabled or can be */
		if (e[1] >= 8 && (rd32(e + 4) & 3) &&
		    ai->ncpus < ACPI_MAX_CPUS) {
			ai->cpu_apic_id[ai->ncpus++] = e[3];
		}
		break;
	case 1: /* I/O APIC */
		if (e[1] >= 12 && ai->nioapics < ACPI_MAX_IOAPICS) {
			struct acpi_ioapic *io = &ai->ioapic[ai->nioapics++];
			io->id = e[2];
			io->phys = rd32(e + 4);
			io->gsi_base = rd32(e + 8);
		}
		break;
	case 2: /* interrupt source override, bus 0 = ISA */
		if (e[1] >= 10 && e[2] == 0 && ai->nisos < ACPI_MAX_ISOS) {
			struct acpi_iso *iso = &ai->iso[ai->nisos++];
			iso->irq = e[3];
			iso->gsi = rd32(e + 4);
			iso->flags = rd16(e + 8);
		}
		break;
	case 5: /* local APIC address override */
		if (e[1] >= 12) {
			ai->lapic_phys = rd64(e + 4);
		}
		break;
	default:
		break;
	}
}

static void
parse_madt(const uint8_t *t, struct acpi_info *ai)
{
	uint32_t len = rd32(t + 4);

	if (len < 44) {
		return;
	}
	ai->has_madt = 1;
	ai->lapic_phys = rd32(t + 36);
	ai->pcat_compat = rd32(t + 40) & 1;
	for (uint32_t off = 44; off + 2 <= len;) {
		const uint8_t *e = t + off;
		if (e[1] < 2 || e[1] > len - off) {
			break; /* malformed entry: keep what came before */
		}
		madt_entry(e, ai);
		off += e[1];
	}
}

static void
parse_hpet(const uint8_t *t, struct acpi_info *ai)
{
	/* The base address is a Generic Address Structure at 40. */
	if (rd32(t + 4) >= 56 && t[40] == 0 /* system memory */) {
		ai->has_hpet = 1;
		ai->hpet_phys = rd64(t + 44);
	}
}

/*
 * MCFG: after the header and 8 reserved bytes, 16-byte entries (base
 * address, where bus 0's configuration would be; segment group; first
 * and last bus).  Segment 0's, if it is sane: page-aligned, first bus <=
 * last; ecam_phys is the first bus's, 1 MiB a bus past the base.
 */
static void
parse_mcfg(const uint8_t *t, struct acpi_info *ai)
{
	uint32_t len = rd32(t + 4);

	for (uint32_t off = 44; off + 16 <= len; off += 16) {
		const uint8_t *e = t + off;
		uint64_t base = rd64(e);
		if (rd16(e + 8) == 0 && base != 0 && (base & 0xFFF) == 0 &&
		    e[10] <= e[11]) {
			ai->has_mcfg = 1;
			ai->ecam_phys = base + ((uint64_t)e[10] << 20);
			ai->ecam_bus_first = e[10];
			ai->ecam_bus_last = e[11];
			return;
		}
	}
}

/* Decode an AML integer constant at p (at most n bytes); -1 if none. */
static int
aml_small_int(const uint8_t *p, uint64_t n, int *used)
{
	if (n >= 1 && (p[0] == 0x00 || p[0] == 0x01)) {
		*used = 1; /* ZeroOp, OneOp */
		return p[0];
	}
	if (n >= 2 && p[0] == 0x0A) {
		*used = 2; /* BytePrefix */
		return p[1];
	}
	return -1;
}

/*
 * Find "_S5_" defined as a package in the DSDT's AML and read its first
 * two elements, the SLP_TYP values for PM1a and PM1b.
 */
static void
parse_s5(const uint8_t *dsdt, struct acpi_info *ai)
{
	uint32_t len = rd32(dsdt + 4);

	for (uint32_t i = SDT_HEADER; i + 4 < len; i++) {
		if (memcmp(dsdt + i, "_S5_", 4) != 0 || dsdt[i + 4] != 0x12) {
			continue;
		}
		uint32_t p = i + 5;
		if (p >= len) {
			return;
		}
		p += 1 + (dsdt[p] >> 6); /* PkgLength and its extra bytes */
		p += 1;			 /* NumElements */
		int used = 0;
		if (p >= len) {
			return;
		}
		int a = aml_small_int(dsdt + p, len - p, &used);
		if (a < 0) {
			return;
		}
		p += used;
		int b = p < len ? aml_small_int(dsdt + p, len - p, &used) : -1;
		ai->has_s5 = 1;
		ai->slp_typa = (uint8_t)a;
		ai->slp_typb = (uint8_t)(b < 0 ? a : b);
		return;
	}
}

static void
parse_fadt(const struct phys_window *w, const uint8_t *t, struct acpi_info *ai)
{
	uint32_t len = rd32(t + 4);

	if (len < 116) {
		return;
	}
	ai->has_fadt = 1;
	ai->smi_cmd = rd32(t + 48);
	ai->acpi_enable = t[52];
	ai->pm1a_cnt = rd32(t + 64);
	ai->pm1b_cnt = rd32(t + 68);
	uint64_t dsdt = rd32(t + 40);
	if (len >= 148 && rd64(t + 140) != 0) {
		dsdt = rd64(t + 140);
	}
	const uint8_t *d = table(w, dsdt);
	if (d != NULL && memcmp(d, "DSDT", 4) == 0) {
		parse_s5(d, ai);
	}
}

static void
parse_table(const struct phys_window *w, uint64_t p, struct acpi_info *ai)
{
	const uint8_t *t = table(w, p);

	ai->ntables++;
	if (t == NULL) {
		ai->nbad++;
	} else if (memcmp(t, "APIC", 4) == 0) {
		parse_madt(t, ai);
	} else if (memcmp(t, "HPET", 4) == 0) {
		parse_hpet(t, ai);
	} else if (memcmp(t, "MCFG", 4) == 0) {
		parse_mcfg(t, ai);
	} else if (memcmp(t, "FACP", 4) == 0) {
		parse_fadt(w, t, ai);
	}
}

int
acpi_parse(const struct phys_window *w, const uint8_t *rsdp,
	   struct acpi_info *ai)
{
	memset(ai, 0, sizeof(*ai));
	if (!rsdp_valid(rsdp, 36)) {
		return ACPI_E_RSDP;
	}
	ai->revision = rsdp[15];
	/* Use the XSDT when there is one: it can reach above 4 GiB. */
	int xsdt = ai->revision >= 2 && rd64(rsdp + 24) != 0;
	uint64_t root = xsdt ? rd64(rsdp + 24) : rd32(rsdp + 16);
	const uint8_t *rt = table(w, root);
	if (rt == NULL || memcmp(rt, xsdt ? "XSDT" : "RSDT", 4) != 0) {
		return ACPI_E_ROOT;
	}
	uint32_t esize = xsdt ? 8 : 4;
	uint32_t n = (rd32(rt + 4) - SDT_HEADER) / esize;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *e = rt + SDT_HEADER + i * esize;
		parse_table(w, xsdt ? rd64(e) : rd32(e), ai);
	}
	return ACPI_OK;
}

const char *
acpi_strerror(int err)
{
	switch (err) {
	case ACPI_OK:
		return "ok";
	case ACPI_E_NO_RSDP:
		return "no RSDP found";
	case ACPI_E_RSDP:
		return "RSDP checksum or signature bad";
	case ACPI_E_ROOT:
		return "root table (RSDT/XSDT) missing or corrupt";
	default:
		return "unknown error";
	}
}
