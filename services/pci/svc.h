/*
 * The pci service's parts (docs/pci.md): configuration space through
 * init's ECAM pages (main.c) or the arch's other way (arch/<arch>).
 */
#ifndef CAIRN_SERVICES_PCI_SVC_H
#define CAIRN_SERVICES_PCI_SVC_H

#include "pci.h" /* lib/ */

/*
 * Fill cfg to reach configuration space without ECAM: the PC's ports
 * 0xCF8-0xCFF through the manifest's ioport grant.  0, or -1 if the arch
 * has no such way.
 */
int pci_arch_legacy(struct pci_config *cfg);

#endif
