/*
 * fault: a program that faults on purpose, to show the supervisor at
 * work: "run fault" writes to address 0 (a page fault), "run fault ud"
 * executes an undefined instruction, "run fault syscall" makes an
 * unknown system call.
 */
#include <cairn/manifest.h>
#include <stdio.h>
#include <string.h>

#include "procrt.h"

CAIRN_MANIFEST("name fault\n"
	       "description faults on purpose (supervision demo)\n"
	       "quota 256K\n"
	       "needs serial\n");

static volatile int *volatile nowhere;

int
main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "write";

	printf("fault: about to fault (%s)\n", how);
	if (strcmp(how, "ud") == 0) {
		cairn_undefined();
	} else if (strcmp(how, "syscall") == 0) {
		struct cairn_regs r = {0, 0, 0, {0}};
		cairn_syscall(7, &r);
	} else {
		*nowhere = 1;
	}
	printf("fault: still here?\n");
	return 1;
}
