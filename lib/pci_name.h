/*
 * pci_name: names of device classes, and the one-line description of a
 * function that the shell's lspci prints:
 *
 *	00:03.0 SCSI storage controller 1af4:1001
 */
#ifndef CAIRN_LIB_PCI_NAME_H
#define CAIRN_LIB_PCI_NAME_H

#include "pci_enum.h"

/*
 * The name of class:subclass ("Ethernet controller"), the class's own
 * ("Network controller") if the subclass has none here, or NULL.
 */
const char *pci_class_name(uint8_t class, uint8_t subclass);

/* Longest line pci_format writes, the NUL included. */
#define PCI_FORMAT_MAX 64

/*
 * Describe d in buf (n bytes) as "bb:dd.f name vvvv:dddd", the name
 * "Class ccss" if pci_class_name has none.  The line is cut to fit and
 * NUL-terminated when n > 0.  Returns its full length.
 */
size_t pci_format(const struct pci_device *d, char *buf, size_t n);

#endif
