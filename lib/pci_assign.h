/*
 * pci_assign: placing BARs no firmware placed.  QEMU's aarch64 virt,
 * started with -kernel, leaves every BAR at 0 with decoding off; the pci
 * service places them itself, from the host bridge's windows (the device
 * tree's `ranges`, in bus addresses), before any driver runs.
 */
#ifndef CAIRN_LIB_PCI_ASSIGN_H
#define CAIRN_LIB_PCI_ASSIGN_H

#include "pci_bar.h"

/* The host bridge's windows, in bus addresses; size 0: none. */
struct pci_windows {
	uint64_t mem_base, mem_size; /* 32-bit memory */
	uint64_t io_base, io_size;   /* I/O ports */
};

/* What is left of the windows. */
struct pci_placer {
	uint64_t mem_next, mem_end;
	uint64_t io_next, io_end;
};

/* Start placing in w.  Port addresses below 0x1000 are never given (the
 * PC's fixed devices sit there; 0 means "not placed"). */
void pci_placer_init(struct pci_placer *pl, const struct pci_windows *w);

/*
 * Place each of a's n BARs in b (as pci_bars gave them) whose base is 0:
 * the lowest naturally aligned address left in its window (a 64-bit BAR
 * too goes below 4 GiB), written to the register (and the high half, 0),
 * b[i].base updated; then the function's memory or I/O decoding turned
 * on if it got a BAR of that kind.  A BAR that does not fit stays at 0.
 * Returns how many were placed.
 */
int pci_place(const struct pci_config *cfg, struct pci_addr a,
	      struct pci_bar *b, int n, struct pci_placer *pl);

#endif
