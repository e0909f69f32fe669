/*
 * The timer service's manifest on QEMU virt: the virtual timer's line,
 * PPI 11, INTID 27.
 */
#include <cairn/manifest.h>

CAIRN_MANIFEST("name timer\n"
	       "description monotonic time, sleeps and timeouts (CNTV)\n"
	       "quota 256K\n"
	       "restart always 100 10\n"
	       "irq 27\n"
	       "replies 16\n"
	       "receive\n"
	       "provides timer\n");
