/*
 * ptest: what the personality's tests share.  Each check prints one line,
 * "ok N what" or "not ok N what: detail", as the other suites do; the
 * system test (tests/system/posixtests.py) reads them off the console.
 * Built with musl-gcc -static, as any Linux program is.
 */
#ifndef PTEST_H
#define PTEST_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int ptest_n, ptest_failed;

/* Check cond; on failure say what errno was. */
static inline void
ptest_check(int cond, const char *what)
{
	ptest_n++;
	if (cond) {
		printf("ok %d %s\n", ptest_n, what);
	} else {
		ptest_failed++;
		printf("not ok %d %s: errno %d (%s)\n", ptest_n, what, errno,
		       strerror(errno));
	}
}

/* Check that a call returned -1 with errno e. */
static inline void
ptest_refused(long r, int e, const char *what)
{
	int was = errno;

	ptest_n++;
	if (r == -1 && was == e) {
		printf("ok %d %s\n", ptest_n, what);
	} else {
		ptest_failed++;
		printf("not ok %d %s: returned %ld, errno %d, wanted %d\n",
		       ptest_n, what, r, was, e);
	}
}

/* The last line: how many passed; the exit status says it again. */
static inline int
ptest_done(const char *suite)
{
	printf("%s: %d passed, %d failed\n", suite, ptest_n - ptest_failed,
	       ptest_failed);
	return ptest_failed != 0;
}

#endif
