/*
 * acpi: finds and checks the ACPI tables the kernel needs (RSDP, RSDT or
 * XSDT, MADT, HPET, MCFG, FADT and the \_S5 object of the DSDT) and pulls out
 * the few facts it uses.  Every table's length and checksum is checked; a table
 * that fails is ignored, never trusted.  Layouts follow ACPI 6.4.
 */
#ifndef CAIRN_LIB_ACPI_H
#define CAIRN_LIB_ACPI_H

#include <stdint.h>

#include "multiboot.h"

#define ACPI_MAX_IOAPICS 8
#define ACPI_MAX_CPUS	 64
#define ACPI_MAX_ISOS	 24

struct acpi_ioapic {
	uint8_t id;
	uint64_t phys;
	uint32_t gsi_base;
};

/* An interrupt source override: ISA IRQ irq arrives on GSI gsi. */
struct acpi_iso {
	uint8_t irq;
	uint32_t gsi;
	uint16_t flags; /* MPS INTI flags: polarity bits 0-1, trigger 2-3 */
};

struct acpi_info {
	uint64_t rsdp; /* physical address, 0 if handed over as a copy */
	int revision;  /* RSDP revision: 0 for ACPI 1.0, 2 for later */
	int ntables;   /* tables listed by the RSDT or XSDT */
	int nbad;      /* listed tables refused (range, length, sum) */
	int has_madt;
	uint64_t lapic_phys;
	int pcat_compat; /* a legacy 8259 pair is present */
	int ncpus;
	uint8_t cpu_apic_id[ACPI_MAX_CPUS];
	int nioapics;
	struct acpi_ioapic ioapic[ACPI_MAX_IOAPICS];
	int nisos;
	struct acpi_iso iso[ACPI_MAX_ISOS];
	int has_hpet;
	uint64_t hpet_phys;
	int has_mcfg;	    /* PCI segment 0's memory-mapped configuration */
	uint64_t ecam_phys; /* bus ecam_bus_first's configuration space */
	uint8_t ecam_bus_first, ecam_bus_last;
	int has_fadt;
	uint32_t pm1a_cnt; /* I/O ports of the PM1 control blocks */
	uint32_t pm1b_cnt;
	uint32_t smi_cmd;
	uint8_t acpi_enable;
	int has_s5; /* \_S5 found in the DSDT */
	uint8_t slp_typa;
	uint8_t slp_typb;
};

enum acpi_error {
	ACPI_OK = 0,
	ACPI_E_NO_RSDP = -1, /* no valid RSDP found */
	ACPI_E_RSDP = -2,    /* RSDP checksum or revision is bad */
	ACPI_E_ROOT = -3,    /* RSDT/XSDT missing, outside memory or bad */
};

/*
 * Scan [start, start + len) on 16-byte boundaries for an RSDP whose
 * checksum holds.  Returns its physical address, or 0.
 */
uint64_t acpi_scan_rsdp(const struct phys_window *w, uint64_t start,
			uint64_t len);

/*
 * Parse the tables reached from the RSDP whose 36 bytes (20 for revision
 * 0) are at rsdp.  Returns ACPI_OK or an acpi_error; on ACPI_OK, missing
 * optional tables show as has_* = 0.
 */
int acpi_parse(const struct phys_window *w, const uint8_t *rsdp,
	       struct acpi_info *ai);

const char *acpi_strerror(int err);

#endif
