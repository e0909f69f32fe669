/*
 * hello: the smallest program, and the model for your own.  It prints
 * its arguments and a few things about itself, then exits with 0.
 */
#include <cairn/manifest.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"

CAIRN_MANIFEST("name hello\n"
	       "description says hello and shows its arguments\n"
	       "quota 256K\n"
	       "needs serial\n");

int
main(int argc, char **argv)
{
	printf("hello from %s, pid %lu, with %d argument%s:", argv[0],
	       cairn_procinfo->pid, argc - 1, argc == 2 ? "" : "s");
	for (int i = 1; i < argc; i++) {
		printf(" %s", argv[i]);
	}
	printf("\n");
	/* The heap works: init maps it as it grows. */
	char *s = malloc(64 * 1024);
	if (s == NULL) {
		printf("hello: malloc failed\n");
		return 1;
	}
	memset(s, 'x', 64 * 1024);
	free(s);
	printf("hello: my image is at %p, my stack near %p\n", (void *)main,
	       (void *)&s);
	return 0;
}
