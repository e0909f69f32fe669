/*
 * pcideny: a manifest whose `pci` line boot.conf does not allow (the
 * host bridge, which every machine with PCI has): init must refuse to
 * start it, whatever devices there are.  If it ever runs, it says so.
 */
#include <cairn/manifest.h>
#include <stdio.h>

CAIRN_MANIFEST("name pcideny\n"
	       "description a pci line boot.conf does not allow\n"
	       "pci class 06:00\n"
	       "needs serial\n");

int
main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("pcideny: started: WRONG\n");
	return 1;
}
