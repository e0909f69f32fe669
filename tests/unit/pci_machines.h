/*
 * pci_machines: the simulated machines the PCI host tests run on, shaped
 * like QEMU's (`info pci`): q35 with virtio disks and a root port, and
 * virt's generic host.
 */
#ifndef CAIRN_TESTS_PCI_MACHINES_H
#define CAIRN_TESTS_PCI_MACHINES_H

#include "pci_sim.h"

/* Where q35's devices are. */
#define Q35_HOST    ((struct pci_addr){0, 0, 0})
#define Q35_BLK	    ((struct pci_addr){0, 2, 0})  /* 1af4:1001, legacy */
#define Q35_BLK1    ((struct pci_addr){0, 3, 0})  /* 1af4:1042, modern */
#define Q35_PORT    ((struct pci_addr){0, 4, 0})  /* root port to bus 1 */
#define Q35_NET	    ((struct pci_addr){1, 0, 0})  /* 1af4:1041 behind it */
#define Q35_ISA	    ((struct pci_addr){0, 31, 0}) /* multi-function */
#define Q35_SATA    ((struct pci_addr){0, 31, 2}) /* with MSI */
#define Q35_SMBUS   ((struct pci_addr){0, 31, 3})
#define Q35_DEVICES 8

/* The modern disk's MSI-X table and its virtio structures. */
#define Q35_BLK1_MSIX	 0x98
#define Q35_BLK1_ENTRIES 2

/* Fill s (a 4096-byte space) with q35; ECAM buses 0-255. */
void pci_q35(struct pci_sim *s, struct pci_config *cfg);

#define VIRT_HOST    ((struct pci_addr){0, 0, 0})
#define VIRT_NET     ((struct pci_addr){0, 1, 0})
#define VIRT_DEVICES 2

/* Fill s with virt: its 1b36:0008 host and a legacy virtio-net. */
void pci_virt(struct pci_sim *s, struct pci_config *cfg);

#endif
