/*
 * The posix service's protocol (the endpoint named "posix";
 * services/posix is its server, docs/posix.md) and its client stubs
 * (posix.c).  A Cairn program starts a Linux program and waits for it;
 * the Linux program's own system calls reach the server as faults.
 * Labels start at 16: below are the fault kinds the same endpoint gets.
 */
#ifndef CAIRN_PROTO_POSIX_H
#define CAIRN_PROTO_POSIX_H

#include "cairn.h"

enum cairn_posix_call {
	CAIRN_POSIX_SPAWN = 16, /* MR0 bytes, then "path\0arg0\0arg1\0..."
				   -> MR0 pid; refused: INVALID_ARGUMENT,
				   MR0 a Linux errno */
	CAIRN_POSIX_WAIT = 17,	/* MR0 pid (one the caller started) ->
				   MR0 its wait status (Linux's), MR1 pid */
};

/*
 * Start path with argc arguments (argv[0] first): 0 with *pid, or a
 * CAIRN_E_* status (with *err a Linux errno if the server refused).
 */
int cairn_posix_spawn(cptr_t ep, const char *path, int argc,
		      const char *const *argv, word_t *pid, int *err);
/* Wait for it to end: 0 with *status, or a CAIRN_E_* status. */
int cairn_posix_wait(cptr_t ep, word_t pid, word_t *status);

#endif
