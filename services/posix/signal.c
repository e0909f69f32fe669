/*
 * signal: Linux's signals, sent to a process or a process group.  For
 * now every signal takes its default action: those that end a process
 * end it; SIGCHLD, SIGURG, SIGWINCH and SIGCONT are ignored.
 */
#include "posix.h"
#include "sysdefs.h"

/* Is sig's default action to ignore it? */
static bool
ignored_by_default(int sig)
{
	return sig == LX_SIGCHLD || sig == LX_SIGCONT || sig == LX_SIGURG ||
	       sig == LX_SIGWINCH;
}

void
sig_send(struct lproc *p, int sig)
{
	if (p->state != LP_RUNNING || sig == 0 || ignored_by_default(sig)) {
		return;
	}
	proc_exit(p, (word_t)sig);
}

int
sig_group(word_t pgid, int sig)
{
	int hit = 0;

	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		if (procs[i].state == LP_RUNNING && procs[i].pgid == pgid) {
			hit++;
			sig_send(&procs[i], sig);
		}
	}
	return hit;
}
