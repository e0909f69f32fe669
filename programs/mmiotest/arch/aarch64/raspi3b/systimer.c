/*
 * mmiotest on the Raspberry Pi 3: the BCM2835 system timer's page
 * (0x3f003000), its compare register C1 (offset 0x10), which reads back
 * what was written.  C1 is the ARM's; its interrupt (the BCM2835's line
 * 1) stays masked and nothing else uses the timer, so writing the compare
 * value and putting the old one back does no harm.
 */
#include <cairn/manifest.h>

#include "../../../mmiotest.h"

CAIRN_MANIFEST("name mmiotest\n"
	       "description writes and reads the system timer's compare C1\n"
	       "quota 128K\n"
	       "mmio 0x3f003000 0x1000\n"
	       "needs serial\n");

const unsigned long mmiotest_offset = 0x10;
const char mmiotest_what[] = "the system timer's compare register C1";
