/*
 * forkbomb: fork until fork is refused.  The refusal must be EAGAIN, the
 * quota Linux's fork meets, and nothing else may end: the children wait
 * in their own process group, are killed with one kill(-pgid, SIGKILL)
 * and reaped one by one, and then a fork works again.  On Linux run it
 * as a user other than root, whom RLIMIT_NPROC binds (set here to 64; on
 * Cairn the server's process table is the quota, and setting a limit is
 * refused).  `forkbomb orphan` leaves a child running after it, for the
 * system test that crashes the server under it.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ptest.h"

#define MAX_KIDS 1024 /* a bound for a host that never refuses */

static pid_t kids[MAX_KIDS];

/* Fork waiting children into one group until fork fails; how many. */
static int
bomb(int *err)
{
	int n = 0;
	pid_t pgid = 0, c;

	fflush(stdout);
	while (n < MAX_KIDS) {
		c = fork();
		if (c < 0) {
			*err = errno;
			return n;
		}
		if (c == 0) {
			setpgid(0, pgid);
			alarm(60); /* on Linux, an orphan does not stay */
			for (;;) {
				pause();
			}
		}
		/* Both sides set the group, so that it is set before the
		 * kill whoever runs first. */
		setpgid(c, pgid);
		if (pgid == 0) {
			pgid = c;
		}
		kids[n++] = c;
	}
	*err = 0;
	return n;
}

/*
 * A child that outlives its parent and says so twice a second for two
 * minutes: a crash of the server must end it, and its ticks.  The parent
 * ends once the child's first line is out.
 */
static int
orphan(void)
{
	struct timespec half = {0, 500000000};
	int p[2];
	char c;

	if (pipe(p) != 0) {
		return 1;
	}
	fflush(stdout);
	pid_t k = fork();
	if (k == 0) {
		close(p[0]);
		for (int i = 1; i <= 240; i++) {
			printf("forkbomb: orphan tick %d\n", i);
			fflush(stdout);
			if (i == 1) {
				close(p[1]); /* the parent may go */
			}
			nanosleep(&half, NULL);
		}
		_exit(0);
	}
	close(p[1]);
	if (k < 0 || read(p[0], &c, 1) != 0) {
		return 1;
	}
	printf("forkbomb: orphan %d left running\n", (int)k);
	return 0;
}

int
main(int argc, char **argv)
{
	struct rlimit r = {64, 64};
	int err = 0, st, reaped = 0, right = 0;

	if (argc > 1 && strcmp(argv[1], "orphan") == 0) {
		return orphan();
	}
	setrlimit(RLIMIT_NPROC, &r); /* Linux; Cairn refuses it */
	int n = bomb(&err);
	printf("forkbomb: %d processes forked before fork failed\n", n);
	errno = err;
	ptest_check(n > 0 && n < MAX_KIDS, "fork failed in the end");
	ptest_check(err == EAGAIN, "the refusal is EAGAIN");
	if (n == 0) {
		return ptest_done("forkbomb"); /* kill(-0) would be mine */
	}
	ptest_check(getpgid(kids[0]) == kids[0],
		    "the children have their own group");
	ptest_check(kill(-kids[0], SIGKILL) == 0, "kill the group");
	for (int i = 0; i < n; i++) {
		if (waitpid(kids[i], &st, 0) == kids[i]) {
			reaped++;
			right += WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
		}
	}
	printf("forkbomb: %d reaped, %d by SIGKILL\n", reaped, right);
	ptest_check(reaped == n && right == n, "every child reaped, killed");
	ptest_refused(waitpid(-1, &st, WNOHANG), ECHILD, "none left: ECHILD");
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		_exit(7);
	}
	ptest_check(c > 0 && waitpid(c, &st, 0) == c && WIFEXITED(st) &&
			WEXITSTATUS(st) == 7,
		    "a fork after: the system recovered");
	return ptest_done("forkbomb");
}
