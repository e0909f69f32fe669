/*
 * pci_enum: finds the functions below a host bridge.  Buses are scanned
 * from the host bridge's first bus, then each bus a PCI-to-PCI bridge
 * names as its secondary, if it lies in the host bridge's range; each bus
 * once, the lowest waiting bus first, so a bridge loop or a bus out of
 * range cannot make the walk loop or stray.
 */
#ifndef CAIRN_LIB_PCI_ENUM_H
#define CAIRN_LIB_PCI_ENUM_H

#include "pci.h"

/* What the table keeps of one function, read once at enumeration. */
struct pci_device {
	struct pci_addr addr;
	uint16_t vendor;
	uint16_t device;
	uint8_t class;
	uint8_t subclass;
	uint8_t progif;
	uint8_t revision;
	uint8_t header;	    /* type: PCI_HEADER_*, less the multi bit */
	uint8_t multi;	    /* function 0's multi-function bit was set */
	uint16_t subvendor; /* type 0 only, else 0 */
	uint16_t subdevice;
	uint8_t int_pin;     /* 0 none, 1-4 INTA-INTD */
	uint8_t int_line;    /* as the firmware left it; 0xff unknown */
	uint8_t secondary;   /* bridges: the bus behind, else 0 */
	uint8_t subordinate; /* bridges: the last bus behind, else 0 */
};

/* A device table: the caller's array of max entries. */
struct pci_table {
	struct pci_device *dev;
	int max;
	int n;	     /* entries filled, in bus, device, function order */
	int dropped; /* functions found with no room left */
	int buses;   /* buses scanned */
	int refused; /* bridges whose secondary bus was out of range or
			already scanned */
};

/*
 * Scan the buses of a host bridge whose range is bus_first..bus_last
 * (bus_first <= bus_last) into t, which the caller points at its array
 * (t->dev, t->max); the counts are set here.  Returns t->n.
 */
int pci_enumerate(const struct pci_config *cfg, uint8_t bus_first,
		  uint8_t bus_last, struct pci_table *t);

/*
 * Read function a's identity into d.  Returns 0, or -1 if no function
 * answers there (vendor 0xffff or 0).
 */
int pci_probe(const struct pci_config *cfg, struct pci_addr a,
	      struct pci_device *d);

#endif
