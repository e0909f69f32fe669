/*
 * misctest: the "system" calls: uname, the ids, the time, getrandom,
 * the resource limits, umask; each refusal Linux gives.
 */
#include <stdint.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "ptest.h"

static void
identity(void)
{
	struct utsname u;
	ptest_check(uname(&u) == 0 && strcmp(u.sysname, "Linux") == 0 &&
			strcmp(u.machine, "x86_64") == 0,
		    "uname: Linux on x86_64");
	printf("misctest: %s %s %s\n", u.sysname, u.release, u.machine);
	ptest_check(getuid() == geteuid() && getgid() == getegid(),
		    "the uid and gid family agree");
	ptest_check(getpid() > 1 && getppid() >= 1 && getpid() != getppid(),
		    "pid and parent");
	ptest_check(syscall(SYS_gettid) == getpid(), "gettid is the pid");
	ptest_refused(uname((struct utsname *)8), EFAULT, "uname: EFAULT");
}

static void
time_calls(void)
{
	struct timespec a, b;
	struct timeval tv;
	ptest_check(clock_gettime(CLOCK_MONOTONIC, &a) == 0, "clock_gettime");
	for (volatile int i = 0; i < 100000; i++) {
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	ptest_check(b.tv_sec > a.tv_sec ||
			(b.tv_sec == a.tv_sec && b.tv_nsec > a.tv_nsec),
		    "time moves on");
	ptest_check(a.tv_nsec >= 0 && a.tv_nsec < 1000000000,
		    "nanoseconds below a second");
	ptest_check(gettimeofday(&tv, NULL) == 0 && tv.tv_usec < 1000000,
		    "gettimeofday");
	ptest_refused(clock_gettime(99, &a), EINVAL, "clock 99: EINVAL");
	ptest_refused(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, 8), EFAULT,
		      "clock_gettime: EFAULT");
}

static void
random_bytes(void)
{
	uint64_t x = 0, y = 0;
	ptest_check(getrandom(&x, 8, 0) == 8 && getrandom(&y, 8, 0) == 8 &&
			x != y,
		    "getrandom: two draws differ");
	ptest_refused(getrandom(&x, 8, 0x100), EINVAL,
		      "getrandom bad flags: EINVAL");
	ptest_refused(getrandom((void *)8, 8, 0), EFAULT, "getrandom: EFAULT");
}

static void
limits(void)
{
	struct rlimit r;
	ptest_check(getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur > 3,
		    "getrlimit NOFILE");
	ptest_check(setrlimit(RLIMIT_NOFILE, &r) == 0,
		    "setrlimit to what it is");
	ptest_check(getrlimit(RLIMIT_STACK, &r) == 0 && r.rlim_cur >= 65536,
		    "getrlimit STACK");
	struct rlimit bad = {10, 5};
	ptest_refused(setrlimit(RLIMIT_NOFILE, &bad), EINVAL,
		      "soft above hard: EINVAL");
	ptest_refused(syscall(SYS_prlimit64, 0, 99, 0, &r), EINVAL,
		      "resource 99: EINVAL");
	ptest_refused(syscall(SYS_prlimit64, 999999, RLIMIT_NOFILE, 0, &r),
		      ESRCH, "no such pid: ESRCH");
	ptest_refused(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, 0, 8), EFAULT,
		      "prlimit64: EFAULT");
	ptest_check(umask(077) == 022 && umask(022) == 077,
		    "umask returns the old mask");
}

int
main(void)
{
	umask(022);
	identity();
	time_calls();
	random_bytes();
	limits();
	return ptest_done("misctest");
}
