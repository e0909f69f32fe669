/*
 * pci_msi: message-signalled interrupts (PCI Local Bus 3.0, 6.8).  MSI
 * lives in configuration space; MSI-X keeps its vector table and
 * pending bits in one of the function's memory BARs, which the caller
 * maps and hands over as a pointer.  Where an interrupt message must go
 * (address and data) is the platform's business: the pci service asks
 * the kernel, and this library only writes it where the device reads it.
 */
#ifndef CAIRN_LIB_PCI_MSI_H
#define CAIRN_LIB_PCI_MSI_H

#include "pci_bar.h"
#include "pci_cap.h"

/* A function's MSI capability, as pci_msi_probe found it. */
struct pci_msi {
	uint8_t cap;	  /* its offset */
	uint8_t is64;	  /* takes a 64-bit address */
	uint8_t maskable; /* has per-vector mask and pending bits */
	uint8_t vectors;  /* how many it can ask for: 1, 2, 4 ... 32 */
};

/* A function's MSI-X capability, checked against its BARs. */
struct pci_msix {
	uint8_t cap;
	uint16_t entries;   /* table entries, 1-2048 */
	uint8_t table_bar;  /* BAR index (BIR) of the table */
	uint32_t table_off; /* its offset in that BAR, 8-byte aligned */
	uint8_t pba_bar;    /* the same for the pending bit array */
	uint32_t pba_off;
};

#define PCI_MSIX_ENTRY 16 /* bytes of one table entry */

/*
 * Find and decode a's MSI capability into m.  Returns 0, or -1 if it
 * has none or its structure does not fit in the first 256 bytes.
 */
int pci_msi_probe(const struct pci_config *cfg, struct pci_addr a,
		  uint8_t header, struct pci_msi *m);

/*
 * Point a's MSI at address addr with data, asking for 1 << log2 vectors
 * (the device then varies data's low log2 bits), with MSI still off.
 * Returns 0, or -1 if addr does not fit (above 4 GiB without is64,
 * not 4-byte aligned) or log2 asks for more than the device has.
 */
int pci_msi_program(const struct pci_config *cfg, struct pci_addr a,
		    const struct pci_msi *m, uint64_t addr, uint16_t data,
		    unsigned log2);

/* Turn a's MSI on (on != 0) or off. */
void pci_msi_enable(const struct pci_config *cfg, struct pci_addr a,
		    const struct pci_msi *m, int on);

/*
 * Mask (masked != 0) or unmask MSI vector v of a.  Returns 0, or -1 if
 * the capability has no mask bits or v is not one of its vectors.
 */
int pci_msi_mask(const struct pci_config *cfg, struct pci_addr a,
		 const struct pci_msi *m, unsigned v, int masked);

/*
 * Find and decode a's MSI-X capability into x, and check that its table
 * and pending bits lie inside memory BARs of bars (nbars entries, as
 * pci_bars fills them).  Returns 0, or -1 if it has none or they do not.
 */
int pci_msix_probe(const struct pci_config *cfg, struct pci_addr a,
		   uint8_t header, const struct pci_bar *bars, int nbars,
		   struct pci_msix *x);

/*
 * Turn a's MSI-X on or off (enable), and set or clear its function mask
 * (mask_all), which holds back every vector whatever its own mask says.
 */
void pci_msix_control(const struct pci_config *cfg, struct pci_addr a,
		      const struct pci_msix *x, int enable, int mask_all);

/*
 * Write table entry i (table: the mapped start of the table, at
 * table_off in its BAR): message address addr, data, and its mask bit
 * set, to be cleared by pci_msix_mask.  Returns 0, or -1 if i is not an
 * entry or addr is not 4-byte aligned.
 */
int pci_msix_set(volatile void *table, const struct pci_msix *x, unsigned i,
		 uint64_t addr, uint32_t data);

/* Mask or unmask entry i.  Returns 0, or -1 if i is not an entry. */
int pci_msix_mask(volatile void *table, const struct pci_msix *x, unsigned i,
		  int masked);

/*
 * Is entry i's interrupt pending (pba: the mapped pending bit array)?
 * Returns 1 or 0, or -1 if i is not an entry.
 */
int pci_msix_pending(const volatile void *pba, const struct pci_msix *x,
		     unsigned i);

/*
 * The pin a device's INTx arrives on at the far side of a bridge, for a
 * device dev behind it raising pin (1-4): the standard swizzle.  Returns
 * 0 for pin 0 (no INTx) or out of range.
 */
uint8_t pci_intx_swizzle(uint8_t dev, uint8_t pin);

#endif
