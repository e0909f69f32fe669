/*
 * The serial driver's manifest on QEMU virt: the PL011 at 0x09000000,
 * its interrupt SPI 1 (INTID 33).
 */
#include <cairn/manifest.h>

CAIRN_MANIFEST("name serial\n"
	       "description PL011 UART driver (virt)\n"
	       "cspace 5\n"
	       "quota 256K\n"
	       "restart always 100 10\n"
	       "receive\n"
	       "mmio 0x09000000 0x1000\n"
	       "irq 33\n"
	       "provides serial\n");
