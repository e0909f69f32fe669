/*
 * mmiotest on QEMU virt: the PL031 real-time clock's page (0x09010000),
 * its match register RTCMR (offset 4), which reads back what was written.
 * Its interrupt stays masked (RTCIMSC 0) and nothing else uses the clock,
 * so writing the match and putting the old value back does no harm.
 */
#include <cairn/manifest.h>

#include "../../../mmiotest.h"

CAIRN_MANIFEST("name mmiotest\n"
	       "description writes and reads the RTC's match register\n"
	       "quota 128K\n"
	       "mmio 0x09010000 0x1000\n"
	       "needs serial\n");

const unsigned long mmiotest_offset = 4;
const char mmiotest_what[] = "the PL031 RTC's match register";
