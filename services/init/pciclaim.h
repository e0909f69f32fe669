/*
 * pciclaim: which PCI function a driver gets, pure logic (host-tested in
 * tests/unit/init/test_pciclaim.c).  The table is the pci service's
 * (pcidev.c keeps it); claim[i] is the pid that holds function i, 0 for
 * none.  A claim lasts while its process lives, across restarts (same
 * pid), and goes when it ends for good.
 */
#ifndef CAIRN_INIT_PCICLAIM_H
#define CAIRN_INIT_PCICLAIM_H

#include <stdint.h>

#include "pci_match.h"

enum {
	PCICLAIM_NONE = -1,  /* no function matches any of the lines */
	PCICLAIM_TAKEN = -2, /* some match, all claimed by others */
};

/*
 * The function for process pid whose manifest has the nm lines m: the
 * one it holds already, if that still matches a line; else, line by
 * line, the first unclaimed function that matches.  Its index (not yet
 * claimed: the caller sets claim[i]), or PCICLAIM_NONE, PCICLAIM_TAKEN.
 */
int pciclaim_pick(const struct pci_device *devs, const uint64_t *claim, int n,
		  uint64_t pid, const struct pci_match *m, int nm);

/* Give back every function pid holds. */
void pciclaim_release(uint64_t *claim, int n, uint64_t pid);

/* d's requester ID: bus << 8 | device << 3 | function. */
uint32_t pciclaim_rid(const struct pci_device *d);

/* Does pid hold the function whose requester ID is rid?  1 or 0. */
int pciclaim_owns(const struct pci_device *devs, const uint64_t *claim, int n,
		  uint64_t pid, uint64_t rid);

#endif
