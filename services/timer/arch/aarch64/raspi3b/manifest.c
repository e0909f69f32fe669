/*
 * The timer service's manifest on the Raspberry Pi 3: the virtual
 * timer's line, 75, the kernel's number for core 0's CNTV source in the
 * BCM2836 per-core block (kernel/arch/aarch64/bcm2836.h).
 */
#include <cairn/manifest.h>

CAIRN_MANIFEST("name timer\n"
	       "description monotonic time, sleeps and timeouts (CNTV)\n"
	       "quota 256K\n"
	       "restart always 100 10\n"
	       "irq 75\n"
	       "replies 16\n"
	       "receive\n"
	       "provides timer\n");
