/*
 * legacy: the pci service on aarch64, where ECAM (the device tree's
 * generic host) is the only way into configuration space.
 */
#include <cairn/manifest.h>

#include "../../svc.h"

CAIRN_MANIFEST("name pci\n"
	       "description PCI configuration space, the device table\n"
	       "quota 512K\n"
	       "restart on-failure 3 10\n"
	       "pciconfig\n"
	       "provides pci\n"
	       "receive\n"
	       "needs serial\n");

int
pci_arch_legacy(struct pci_config *cfg)
{
	(void)cfg;
	return -1;
}
