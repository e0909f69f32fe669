/*
 * pci: PCI configuration space, portable and freestanding, for the pci
 * service (docs/pci.md).  The library never touches hardware itself:
 * every configuration access goes through the caller's struct pci_config
 * (ECAM's mapped window, the PC's ports 0xCF8/0xCFC, or a simulation in
 * the host tests), and MSI-X tables through a pointer the caller mapped.
 * No allocation; every table is the caller's.
 *
 * Nothing read from configuration space is trusted: a device may answer
 * anything, so walks are bounded (each bus scanned once, at most
 * PCI_CAP_MAX_STEPS capabilities), and accesses the library makes are
 * aligned and inside the function's space whatever a pointer says.
 */
#ifndef CAIRN_LIB_PCI_H
#define CAIRN_LIB_PCI_H

#include <stddef.h>
#include <stdint.h>

/* A function's address: bus 0-255, device 0-31, function 0-7. */
struct pci_addr {
	uint8_t bus;
	uint8_t dev;
	uint8_t fn;
};

/*
 * How configuration space is reached.  read returns the width bytes
 * (1, 2 or 4) at off of function a's space, little-endian in the low
 * bits; write stores the low width bytes of v.  The library calls them
 * only with off aligned to width and off + width <= size.
 */
struct pci_config {
	uint32_t (*read)(void *ctx, struct pci_addr a, unsigned off,
			 unsigned width);
	void (*write)(void *ctx, struct pci_addr a, unsigned off,
		      unsigned width, uint32_t v);
	void *ctx;
	unsigned size; /* bytes a function has: 256, or 4096 with ECAM */
};

/* Registers of the common header (PCI Local Bus 3.0, 6.1). */
enum {
	PCI_VENDOR = 0x00,
	PCI_DEVICE = 0x02,
	PCI_COMMAND = 0x04,
	PCI_STATUS = 0x06,
	PCI_REVISION = 0x08,
	PCI_PROGIF = 0x09,
	PCI_SUBCLASS = 0x0a,
	PCI_CLASS = 0x0b,
	PCI_HEADER = 0x0e,
	PCI_BAR0 = 0x10,
	PCI_SECONDARY = 0x19, /* type 1: the bus behind the bridge */
	PCI_SUBORDINATE = 0x1a,
	PCI_SUBVENDOR = 0x2c, /* type 0 */
	PCI_SUBDEVICE = 0x2e,
	PCI_CAP_PTR = 0x34,
	PCI_INT_LINE = 0x3c,
	PCI_INT_PIN = 0x3d,
};

enum {
	PCI_CMD_IO = 1u << 0,
	PCI_CMD_MEMORY = 1u << 1,
	PCI_CMD_MASTER = 1u << 2,
	PCI_CMD_INTX_OFF = 1u << 10,
	PCI_STATUS_CAPS = 1u << 4,
	PCI_HEADER_MULTI = 0x80,
};

/* Header types (the low 7 bits of PCI_HEADER). */
enum {
	PCI_HEADER_NORMAL = 0,
	PCI_HEADER_BRIDGE = 1,
	PCI_HEADER_CARDBUS = 2,
};

/*
 * Read or write the width (1, 2, 4) bytes at off of a's space through
 * cfg.  An access that is unaligned or past cfg->size is not passed on:
 * a read of it returns all ones, as absent hardware does, and a write is
 * dropped.
 */
uint32_t pci_read(const struct pci_config *cfg, struct pci_addr a, unsigned off,
		  unsigned width);
void pci_write(const struct pci_config *cfg, struct pci_addr a, unsigned off,
	       unsigned width, uint32_t v);

static inline uint8_t
pci_read8(const struct pci_config *cfg, struct pci_addr a, unsigned off)
{
	return (uint8_t)pci_read(cfg, a, off, 1);
}

static inline uint16_t
pci_read16(const struct pci_config *cfg, struct pci_addr a, unsigned off)
{
	return (uint16_t)pci_read(cfg, a, off, 2);
}

static inline uint32_t
pci_read32(const struct pci_config *cfg, struct pci_addr a, unsigned off)
{
	return pci_read(cfg, a, off, 4);
}

/*
 * Set the bits set and clear the bits clear of a's command register.
 * Returns the register's value before.
 */
uint16_t pci_command(const struct pci_config *cfg, struct pci_addr a,
		     uint16_t set, uint16_t clear);

/*
 * ECAM (PCIe 5.0, 7.2.2): the byte offset of a's register off from the
 * start of a window whose first bus is bus_first.  The caller checks
 * that a.bus lies in the window's buses.
 */
static inline uint64_t
pci_ecam_offset(uint8_t bus_first, struct pci_addr a, unsigned off)
{
	return (uint64_t)(uint8_t)(a.bus - bus_first) << 20 |
	       (uint64_t)(a.dev & 31) << 15 | (uint64_t)(a.fn & 7) << 12 |
	       (off & 0xfff);
}

/*
 * The legacy mechanism #1: the word to write to port 0xCF8 before
 * reaching a's dword at off (off < 256) through 0xCFC-0xCFF.
 */
static inline uint32_t
pci_legacy_address(struct pci_addr a, unsigned off)
{
	return 0x80000000u | (uint32_t)a.bus << 16 |
	       (uint32_t)(a.dev & 31) << 11 | (uint32_t)(a.fn & 7) << 8 |
	       (off & 0xfc);
}

/*
 * The PC's I/O ports as the caller reaches them (the pci service through
 * its I/O-port capability): in reads width bytes at port, out writes them.
 */
struct pci_ports {
	uint32_t (*in)(void *ctx, uint16_t port, unsigned width);
	void (*out)(void *ctx, uint16_t port, unsigned width, uint32_t v);
	void *ctx;
};

/*
 * Fill cfg to reach configuration space through the legacy mechanism #1
 * over ports 0xCF8-0xCFF, 256 bytes a function; p must outlive cfg.  The
 * address and data ports are one shared register pair: the caller runs
 * one access at a time.
 */
void pci_legacy_config(struct pci_config *cfg, struct pci_ports *p);

/*
 * An ECAM window as the kernel hands it over (struct cairn_pci_ecam),
 * mapped at base: buses bus_first..bus_last, one MiB each.
 */
struct pci_ecam {
	volatile uint8_t *base;
	uint8_t bus_first;
	uint8_t bus_last;
};

/*
 * Fill cfg to reach configuration space through the ECAM window e,
 * which must stay mapped while cfg is used.  Reads of buses outside the
 * window return all ones, writes to them are dropped.
 */
void pci_ecam_config(struct pci_config *cfg, struct pci_ecam *e);

#endif
