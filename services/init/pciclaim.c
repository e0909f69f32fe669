/*
 * pciclaim: the choice of a driver's PCI function, and the claims.
 */
#include "pciclaim.h"

static int
matches_any(const struct pci_device *d, const struct pci_match *m, int nm)
{
	for (int k = 0; k < nm; k++) {
		if (pci_match(&m[k], d)) {
			return 1;
		}
	}
	return 0;
}

int
pciclaim_pick(const struct pci_device *devs, const uint64_t *claim, int n,
	      uint64_t pid, const struct pci_match *m, int nm)
{
	int seen = 0;

	for (int i = 0; i < n; i++) {
		if (claim[i] == pid && matches_any(&devs[i], m, nm)) {
			return i;
		}
	}
	for (int k = 0; k < nm; k++) {
		for (int i = 0; i < n; i++) {
			if (!pci_match(&m[k], &devs[i])) {
				continue;
			}
			if (claim[i] == 0) {
				return i;
			}
			seen = 1;
		}
	}
	return seen ? PCICLAIM_TAKEN : PCICLAIM_NONE;
}

void
pciclaim_release(uint64_t *claim, int n, uint64_t pid)
{
	for (int i = 0; i < n; i++) {
		if (claim[i] == pid) {
			claim[i] = 0;
		}
	}
}

uint32_t
pciclaim_rid(const struct pci_device *d)
{
	return (uint32_t)d->addr.bus << 8 | (uint32_t)(d->addr.dev & 31) << 3 |
	       (d->addr.fn & 7);
}

int
pciclaim_owns(const struct pci_device *devs, const uint64_t *claim, int n,
	      uint64_t pid, uint64_t rid)
{
	for (int i = 0; i < n; i++) {
		if (pid != 0 && claim[i] == pid &&
		    pciclaim_rid(&devs[i]) == rid) {
			return 1;
		}
	}
	return 0;
}
