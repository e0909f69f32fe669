/*
 * mmiotest on the PC: a page of the VGA adapter's memory (QEMU's standard
 * VGA puts it at 0xfd000000), its first word.
 */
#include <cairn/manifest.h>

#include "../../mmiotest.h"

CAIRN_MANIFEST("name mmiotest\n"
	       "description writes and reads a page of VGA memory\n"
	       "quota 128K\n"
	       "mmio 0xfd000000 0x1000\n"
	       "needs serial\n");

const unsigned long mmiotest_offset = 0;
const char mmiotest_what[] = "VGA memory";
