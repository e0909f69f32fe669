/*
 * greedy: asks in its manifest for COM2's ports, which boot.conf does not
 * allow it: the loader refuses to start it and says why.  (If it ever
 * ran, it would say so.)
 */
#include <cairn/manifest.h>
#include <stdio.h>

#include "procrt.h"

CAIRN_MANIFEST("name greedy\n"
	       "description asks for more than boot.conf allows\n"
	       "quota 128K\n"
	       "ioport 0x2f8 8\n"
	       "needs serial\n");

int
main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("greedy: I should not be running\n");
	return 1;
}
