/*
 * misctest: the "system" calls: uname, the ids, sysinfo, the CPUs and
 * futex, the time, getrandom, the resource limits, umask, the ioctls of
 * any descriptor (FIONREAD, FIONBIO, FIOCLEX); each refusal Linux gives.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ptest.h"

/* linux/futex.h is not musl-gcc's: its numbers, with FUTEX_PRIVATE_FLAG. */
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

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

/* The id calls in a child, as Linux answers root and then a user: the
 * first step that went otherwise, or 0. */
static int
id_steps(void)
{
	uid_t r, e, sv;
	gid_t g[4], two[2] = {5, 6};

	if (getresuid(&r, &e, &sv) != 0 || r != 0 || e != 0 || sv != 0) {
		return 1;
	}
	if (setgroups(2, two) != 0 || getgroups(0, NULL) != 2 ||
	    getgroups(4, g) != 2 || g[0] != 5 || g[1] != 6) {
		return 2;
	}
	if (getgroups(1, g) != -1 || errno != EINVAL) {
		return 3;
	}
	if (setresgid(100, 100, 100) != 0 || getgid() != 100 ||
	    getegid() != 100) {
		return 4;
	}
	if (setresuid(1000, 1000, 0) != 0 || getuid() != 1000 ||
	    geteuid() != 1000) {
		return 5;
	}
	if (setgroups(0, NULL) != -1 || errno != EPERM) {
		return 6; /* not root now */
	}
	if (setresuid(-1, 7, -1) != -1 || errno != EPERM) {
		return 7; /* 7 is none of its ids */
	}
	if (setuid(0) != 0 || geteuid() != 0 || getuid() != 1000) {
		return 8; /* back to its saved 0: the effective only */
	}
	if (setuid(1000) != 0 || getresuid(&r, &e, &sv) != 0 || r != 1000 ||
	    e != 1000 || sv != 1000) {
		return 9; /* root again: all three */
	}
	if (setuid(0) != -1 || errno != EPERM) {
		return 10; /* nothing left to go back to */
	}
	if (setuid(-1) != -1 || errno != EINVAL) {
		return 11;
	}
	return 0;
}

static void
ids(void)
{
	int st = -1;
	pid_t c = fork();

	if (c == 0) {
		_exit(id_steps());
	}
	waitpid(c, &st, 0);
	ptest_check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		    "the ids: root may set any, a user only its own");
	if (WEXITSTATUS(st) != 0) {
		printf("misctest: id step %d went otherwise\n",
		       WEXITSTATUS(st));
	}
	ptest_check(getuid() == 0 && getgroups(0, NULL) == 0,
		    "the parent's ids are its own");
}

static void
memory_info(void)
{
	struct sysinfo a;

	ptest_check(sysinfo(&a) == 0 && a.freeram <= a.totalram &&
			a.mem_unit >= 1 && a.procs >= 1,
		    "sysinfo: free memory within the total, processes");
	ptest_check((uint64_t)a.totalram * a.mem_unit >= 16u << 20,
		    "sysinfo: at least 16 MiB in all");
	ptest_refused(sysinfo((struct sysinfo *)8), EFAULT, "sysinfo: EFAULT");
}

static void
cpus_and_futex(void)
{
	cpu_set_t set;
	static uint32_t word = 5;
	struct timespec ms = {0, 1000000};

	CPU_ZERO(&set);
	ptest_check(sched_getaffinity(0, sizeof(set), &set) == 0 &&
			CPU_COUNT(&set) >= 1,
		    "sched_getaffinity: a CPU at least");
	ptest_check(sched_setaffinity(0, sizeof(set), &set) == 0,
		    "sched_setaffinity to the same");
	ptest_check(syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL) == 0,
		    "futex wake: nobody waits");
	ptest_refused(syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 4, NULL),
		      EAGAIN, "futex wait, the word not the value: EAGAIN");
	ptest_refused(syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 5, &ms),
		      ETIMEDOUT, "futex wait with a timeout: ETIMEDOUT");
	ptest_refused(
	    syscall(SYS_futex, (char *)&word + 1, FUTEX_WAIT_PRIVATE, 5, &ms),
	    EINVAL, "futex of an unaligned word: EINVAL");
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

static void
fio(void)
{
	int p[2], n = -1, on = 1, off = 0;
	char b[8];

	pipe(p);
	write(p[1], "hello", 5);
	ptest_check(ioctl(p[0], FIONREAD, &n) == 0 && n == 5,
		    "FIONREAD of a pipe: 5 bytes");
	ptest_check(ioctl(p[0], FIONBIO, &on) == 0 &&
			(fcntl(p[0], F_GETFL) & O_NONBLOCK) &&
			read(p[0], b, sizeof(b)) == 5 &&
			read(p[0], b, sizeof(b)) == -1 && errno == EAGAIN,
		    "FIONBIO: non-blocking, EAGAIN once empty");
	ptest_check(ioctl(p[0], FIONBIO, &off) == 0 &&
			!(fcntl(p[0], F_GETFL) & O_NONBLOCK),
		    "FIONBIO 0: blocking again");
	ptest_check(ioctl(p[0], FIOCLEX) == 0 &&
			fcntl(p[0], F_GETFD) == FD_CLOEXEC &&
			ioctl(p[0], FIONCLEX) == 0 && fcntl(p[0], F_GETFD) == 0,
		    "FIOCLEX and FIONCLEX");
	ptest_refused(ioctl(p[0], FIONREAD, (int *)8), EFAULT,
		      "FIONREAD to a bad pointer: EFAULT");
	close(p[0]);
	close(p[1]);
	int fd = open("/misc.tmp", O_CREAT | O_RDWR | O_TRUNC, 0600);
	write(fd, "0123456789", 10);
	lseek(fd, 3, SEEK_SET);
	ptest_check(ioctl(fd, FIONREAD, &n) == 0 && n == 7,
		    "FIONREAD of a file: the bytes past the offset");
	close(fd);
	unlink("/misc.tmp");
	ptest_refused(ioctl(40, FIONREAD, &n), EBADF,
		      "FIONREAD of fd 40: EBADF");
}

int
main(void)
{
	umask(022);
	identity();
	ids();
	memory_info();
	cpus_and_futex();
	time_calls();
	random_bytes();
	limits();
	fio();
	return ptest_done("misctest");
}
