/*
 * dmatest's manifest on the Raspberry Pi 3, which has no PCI: with no
 * PCI table, init gives DMA memory for requester 0 only.
 */
#include <cairn/manifest.h>

CAIRN_MANIFEST("name dmatest\n"
	       "description DMA memory from init, checked\n"
	       "quota 160K\n"
	       "needs serial\n");
