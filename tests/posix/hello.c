/*
 * hello: the first Linux program Cairn runs.  It prints its arguments,
 * its environment's PATH, its pid and parent, and ends with the status
 * its first argument names (0 without one): printf (writev), exit_group,
 * arch_prctl and set_tid_address (musl's start), ioctl (isatty).
 */
#include <stdlib.h>
#include <unistd.h>

#include "ptest.h"

int
main(int argc, char **argv)
{
	printf("hello from Linux: argc %d", argc);
	for (int i = 1; i < argc; i++) {
		printf(" [%s]", argv[i]);
	}
	printf("\n");
	printf("hello: PATH=%s pid %d ppid %d tty %d\n", getenv("PATH"),
	       (int)getpid(), (int)getppid(), isatty(1));
	return argc > 1 ? (int)strtol(argv[1], NULL, 10) : 0;
}
