/*
 * The serial driver's manifest on the Raspberry Pi 3: the PL011 at
 * 0x3f201000 (the BCM2837's peripherals at 0x3f000000), its interrupt
 * the BCM2835's GPU line 57.
 */
#include <cairn/manifest.h>

CAIRN_MANIFEST("name serial\n"
	       "description PL011 UART driver (Raspberry Pi 3)\n"
	       "cspace 5\n"
	       "quota 256K\n"
	       "restart always 100 10\n"
	       "receive\n"
	       "mmio 0x3f201000 0x1000\n"
	       "irq 57\n"
	       "provides serial\n");
