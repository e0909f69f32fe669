/*
 * crash: a Linux program that writes through a null pointer.  Linux
 * ends it with SIGSEGV; so must Cairn, and nothing else may suffer.
 */
#include <stdio.h>

int
main(void)
{
	printf("crash: writing to address 0\n");
	fflush(stdout);
	*(volatile int *)0 = 1;
	printf("crash: still here\n");
	return 0;
}
