/*
 * pci_match: which devices a driver drives, as its manifest names them
 * (docs/pci.md), one per `pci` line:
 *
 *	pci 1af4:1042		vendor and device, four hex digits each
 *	pci 1af4:*		any device of a vendor
 *	pci class 01		a class, two hex digits
 *	pci class 01:08		a class and subclass
 *	pci class 0c:03:30	a class, subclass and programming interface
 *
 * Hex digits in either case; words separated by spaces or tabs; the
 * keyword `pci` may be left off (the manifest parser strips it).
 */
#ifndef CAIRN_LIB_PCI_MATCH_H
#define CAIRN_LIB_PCI_MATCH_H

#include "pci_enum.h"

enum pci_match_kind {
	PCI_MATCH_ID = 1,    /* vendor, and device unless any_device */
	PCI_MATCH_CLASS = 2, /* class, and as many parts as depth says */
};

struct pci_match {
	uint8_t kind;
	uint8_t any_device;
	uint8_t depth; /* class parts given: 1-3 */
	uint16_t vendor;
	uint16_t device;
	uint8_t class;
	uint8_t subclass;
	uint8_t progif;
};

/*
 * Parse the n bytes at s (no NUL needed) into m.  Returns NULL, or why
 * the text is refused (m is then zeroed).
 */
const char *pci_match_parse(const char *s, size_t n, struct pci_match *m);

/* Does d match m?  1 or 0. */
int pci_match(const struct pci_match *m, const struct pci_device *d);

/*
 * The first of the n devices at devs from index from on that m matches:
 * its index, or -1.  Call again with from one past it for the next.
 */
int pci_match_find(const struct pci_match *m, const struct pci_device *devs,
		   int n, int from);

/* Are a and b the same match, field by field? */
int pci_match_equal(const struct pci_match *a, const struct pci_match *b);

/*
 * Does allow take in every device want can match?  boot.conf's `allow
 * <prog> pci` lines against a manifest's: 1af4:* covers 1af4:1042, class
 * 01 covers class 01:08; an id never covers a class or the reverse (a
 * class says nothing of vendors).  1 or 0.
 */
int pci_match_covers(const struct pci_match *allow,
		     const struct pci_match *want);

#endif
