/*
 * pci_sim: a simulated configuration space for the host tests and the
 * fuzz target of lib/pci*.c.  Functions are added at a bus, device and
 * function with their configuration bytes; BAR registers keep only the
 * bits their mask lets a write change, as hardware does, so sizing works.
 * Every access the library makes is checked (aligned, inside the space):
 * a bad one is counted, never performed.
 */
#ifndef CAIRN_TESTS_PCI_SIM_H
#define CAIRN_TESTS_PCI_SIM_H

#include <stdint.h>

#include "pci.h"

#define PCI_SIM_MAX 24

struct pci_sim_fn {
	struct pci_addr addr;
	uint8_t cfg[4096];
	uint32_t bar_mask[6]; /* writable bits of each BAR register */
};

struct pci_sim {
	struct pci_sim_fn fn[PCI_SIM_MAX];
	int n;
	unsigned size; /* 256 or 4096 */
	long reads;
	long writes;
	int bad; /* accesses that were unaligned or out of range */
};

/* Empty sim with space of size bytes per function; fill cfg to use it. */
void pci_sim_init(struct pci_sim *s, unsigned size, struct pci_config *cfg);

/*
 * Add a function; its configuration is zero but for the ids, class
 * (cc ss pp as 0xccsspp) and header type.  Returns it, or NULL if full.
 */
struct pci_sim_fn *pci_sim_add(struct pci_sim *s, struct pci_addr a,
			       uint16_t vendor, uint16_t device, uint32_t class,
			       uint8_t header);

/* The function at a, or NULL. */
struct pci_sim_fn *pci_sim_find(struct pci_sim *s, struct pci_addr a);

/* Little-endian stores and loads into a function's bytes. */
void pci_sim_put(struct pci_sim_fn *f, unsigned off, unsigned width,
		 uint32_t v);
uint32_t pci_sim_get(const struct pci_sim_fn *f, unsigned off, unsigned width);

/*
 * Give BAR i a region of size bytes (a power of two) at base: its flags
 * (low bits) as given, the writable mask ~(size - 1).  For a 64-bit BAR
 * the next register gets the top half.
 */
void pci_sim_bar(struct pci_sim_fn *f, int i, uint64_t base, uint64_t size,
		 uint32_t flags);

/*
 * Chain a capability of id with len bytes (len >= 2) at off into f's
 * list, after those already there.  Returns off.
 */
unsigned pci_sim_cap(struct pci_sim_fn *f, unsigned off, uint8_t id,
		     unsigned len);

#endif
