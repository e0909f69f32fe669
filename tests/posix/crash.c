/*
 * crash: a Linux program that writes through a null pointer.  Linux
 * ends it with SIGSEGV; so must Cairn, and nothing else may suffer.
 */
#include <stdint.h>
#include <stdio.h>

int
main(int argc, char **argv)
{
	/* Address 0 when run without arguments, as the test runs it; from
	 * argc, so that no compiler or analysis takes it for a mistake. */
	volatile int *nowhere = (volatile int *)(uintptr_t)(argc - 1);

	(void)argv;
	printf("crash: writing to address %p\n", (void *)nowhere);
	fflush(stdout);
	*nowhere = 1;
	printf("crash: still here\n");
	return 0;
}
