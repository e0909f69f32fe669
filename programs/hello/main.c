/*
 * hello: the smallest program, and the model for your own.  It prints
 * its arguments and a few things about itself, then exits with 0.
 */
#include <cairn/manifest.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procrt.h"

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
	/* An object of its own, from its own quota, made by init. */
	int st;
	cptr_t n = cairn_make(CAIRN_OBJ_NOTIFICATION, &st);
	word_t bits = 0;
	if (n == 0 || cairn_poll(n, &bits) != CAIRN_E_WOULD_BLOCK) {
		printf("hello: no notification of my own (%d)\n", st);
		return 1;
	}
	printf("hello: made a notification in slot %lu; nothing pending\n", n);
	if (cairn_make(CAIRN_OBJ_TCB, &st) != 0 ||
	    st != CAIRN_E_INVALID_ARGUMENT) {
		printf("hello: init made me a thread!\n");
		return 1;
	}
	printf("hello: my image is at %p, my stack near %p\n", (void *)main,
	       (void *)&s);
	return 0;
}
