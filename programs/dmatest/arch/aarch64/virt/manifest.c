/*
 * dmatest's manifest where there is PCI: DMA memory is for a function
 * granted to the caller (docs/services.md, "DMA memory"), so it asks for
 * the host bridge, which no driver wants and which has no BARs.
 */
#include <cairn/manifest.h>

CAIRN_MANIFEST("name dmatest\n"
	       "description DMA memory from init, checked\n"
	       "quota 160K\n"
	       "pci class 06:00\n"
	       "needs serial\n");
