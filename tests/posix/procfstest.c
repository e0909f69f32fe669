/*
 * procfstest: /proc as Linux programs read it: /proc/self and a child's
 * directory (stat, status, cmdline, comm, the exe and cwd links), the
 * listing of /proc, a zombie and a reaped pid, the files of the whole
 * system, reads in pieces and at offsets, and each refusal Linux gives.
 * It passes on Linux too.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ptest.h"

#define NAME "procfstest"

/* The whole of path into buf (NUL added): its length, or -1. */
static long
slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	long n = 0, r;

	if (fd < 0) {
		return -1;
	}
	while ((r = read(fd, buf + n, size - 1 - (size_t)n)) > 0) {
		n += r;
	}
	close(fd);
	buf[n] = '\0';
	return r < 0 ? -1 : n;
}

/* The number at *s (then a character of sep, if sep is not 0), *s
 * moved past both: 0, or -1 if there is none. */
static int
number(char **s, long *v, char sep)
{
	char *end;

	errno = 0;
	*v = strtol(*s, &end, 10);
	if (end == *s || errno != 0 || (sep != 0 && *end != sep)) {
		return -1;
	}
	*s = end + (sep != 0);
	return 0;
}

/* The fields of /proc/PID/stat after "(comm)": state, ppid, pgrp,
 * session; comm into comm (16 bytes).  0, or -1. */
static int
stat_of(int pid, char *comm, char *state, int *ppid, int *pgrp, int *sid)
{
	char path[64], buf[1024];

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (slurp(path, buf, sizeof(buf)) <= 0) {
		return -1;
	}
	char *open = strchr(buf, '('), *close = strrchr(buf, ')'), *s = buf;
	long v[4];
	if (open == NULL || close == NULL || close - open > 16 ||
	    number(&s, &v[0], ' ') != 0 || v[0] != pid || close[1] != ' ') {
		return -1;
	}
	memcpy(comm, open + 1, (size_t)(close - open - 1));
	comm[close - open - 1] = '\0';
	*state = close[2];
	s = close + 3;
	for (int i = 1; i < 4; i++) {
		if (number(&s, &v[i], ' ') != 0) {
			return -1;
		}
	}
	*ppid = (int)v[1];
	*pgrp = (int)v[2];
	*sid = (int)v[3];
	return 0;
}

static void
self_files(int argc, char **argv)
{
	char comm[16], state, buf[4096], want[4096];
	int ppid, pgrp, sid;
	size_t n = 0;

	ptest_check(stat_of(getpid(), comm, &state, &ppid, &pgrp, &sid) == 0 &&
			strcmp(comm, NAME) == 0 && state == 'R' &&
			ppid == getppid() && pgrp == getpgrp() &&
			sid == getsid(0),
		    "/proc/PID/stat: pid (comm) R ppid pgrp session");
	for (int i = 0; i < argc; i++) {
		size_t k = strlen(argv[i]) + 1;
		memcpy(want + n, argv[i], k);
		n += k;
	}
	ptest_check(slurp("/proc/self/cmdline", buf, sizeof(buf)) == (long)n &&
			memcmp(buf, want, n) == 0,
		    "/proc/self/cmdline: argv, NUL after each");
	ptest_check(slurp("/proc/self/comm", buf, sizeof(buf)) > 0 &&
			strcmp(buf, NAME "\n") == 0,
		    "/proc/self/comm");
	snprintf(want, sizeof(want), "Pid:\t%d\nPPid:\t%d\n", getpid(),
		 getppid());
	long got = slurp("/proc/self/status", buf, sizeof(buf));
	ptest_check(got > 0 && strncmp(buf, "Name:\t" NAME "\n", 12) == 0 &&
			strstr(buf, want) != NULL && strstr(buf, "\nState:\tR"),
		    "/proc/self/status: Name, State, Pid, PPid");
	snprintf(want, sizeof(want), "\nUid:\t%d\t%d\t", getuid(), geteuid());
	ptest_check(got > 0 && strstr(buf, want) != NULL, "status: Uid");
	prctl(PR_SET_NAME, "renamed");
	ptest_check(slurp("/proc/self/comm", buf, sizeof(buf)) > 0 &&
			strcmp(buf, "renamed\n") == 0,
		    "comm after PR_SET_NAME");
	prctl(PR_SET_NAME, NAME);
}

static void
links(void)
{
	char buf[1024], want[32];
	struct stat a, b;
	long n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	buf[n > 0 ? n : 0] = '\0';
	ptest_check(n > 0 && buf[0] == '/' &&
			strcmp(strrchr(buf, '/'), "/" NAME) == 0 &&
			stat(buf, &a) == 0 && stat("/proc/self/exe", &b) == 0 &&
			a.st_ino == b.st_ino && a.st_dev == b.st_dev,
		    "/proc/self/exe: readlink, and stat follows it");
	ptest_check(lstat("/proc/self/exe", &a) == 0 && S_ISLNK(a.st_mode),
		    "lstat /proc/self/exe: a link");
	snprintf(want, sizeof(want), "%d", getpid());
	n = readlink("/proc/self", buf, sizeof(buf));
	ptest_check(n == (long)strlen(want) && memcmp(buf, want, n) == 0,
		    "readlink /proc/self: the pid");
	ptest_check(stat("/proc/self", &a) == 0 && S_ISDIR(a.st_mode) &&
			(a.st_mode & 0777) == 0555,
		    "stat /proc/self: a directory, 0555");
	ptest_check(lstat("/proc/self/stat", &a) == 0 && S_ISREG(a.st_mode) &&
			(a.st_mode & 0777) == 0444,
		    "lstat /proc/self/stat: a file, 0444");
	ptest_check(readlink("/proc/self/exe", buf, 3) == 3 &&
			memcmp(buf, "/", 1) == 0,
		    "readlink cut short");
	char *at = buf + 6;
	long pid = 0;
	ptest_check(
	    chdir("/proc/self") == 0 && getcwd(buf, sizeof(buf)) &&
		strncmp(buf, "/proc/", 6) == 0 && number(&at, &pid, 0) == 0 &&
		pid == getpid() && open("stat", O_RDONLY) >= 0 &&
		readlink("cwd", buf, sizeof(buf)) > 0 && chdir("/") == 0,
	    "chdir /proc/self: names relative to it");
}

/* Does a listing of dir have name? */
static int
listed(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	if (d == NULL) {
		return 0;
	}
	while ((e = readdir(d)) != NULL) {
		found |= strcmp(e->d_name, name) == 0;
	}
	closedir(d);
	return found;
}

/* Wait (up to 2 s) for pid's state to be s. */
static int
state_becomes(int pid, char s)
{
	char comm[16], state = 0;
	int x;

	for (int i = 0; i < 200; i++) {
		if (stat_of(pid, comm, &state, &x, &x, &x) == 0 && state == s) {
			return 1;
		}
		usleep(10000);
	}
	return 0;
}

static void
child_dirs(void)
{
	char name[16], comm[16], state, path[64], mine[4096], its[4096];
	int ppid, pgrp, sid, fds[2], st;
	pid_t c;

	snprintf(name, sizeof(name), "%d", getpid());
	ptest_check(listed("/proc", name) && listed("/proc", "self"),
		    "/proc lists the caller's pid and self");
	ptest_check(listed("/proc/self", "stat") &&
			listed("/proc/self", "cmdline") &&
			listed("/proc/self", "exe"),
		    "/proc/self lists stat, cmdline, exe");
	if (pipe(fds) != 0 || (c = fork()) < 0) {
		ptest_check(0, "pipe and fork");
		return;
	}
	if (c == 0) {
		char b;
		close(fds[1]);
		_exit(read(fds[0], &b, 1) == 0 ? 3 : 4);
	}
	close(fds[0]);
	snprintf(name, sizeof(name), "%d", c);
	ptest_check(listed("/proc", name), "/proc lists a forked child");
	ptest_check(stat_of(c, comm, &state, &ppid, &pgrp, &sid) == 0 &&
			strcmp(comm, NAME) == 0 && ppid == getpid() &&
			pgrp == getpgrp() && state_becomes(c, 'S'),
		    "the child's stat: comm, ppid, S held in read");
	snprintf(path, sizeof(path), "/proc/%d/cmdline", c);
	long n = slurp(path, its, sizeof(its));
	ptest_check(n > 0 &&
			n == slurp("/proc/self/cmdline", mine, sizeof(mine)) &&
			memcmp(mine, its, (size_t)n) == 0,
		    "the child's cmdline is its parent's");
	close(fds[1]);
	ptest_check(state_becomes(c, 'Z'), "an ended child is Z until reaped");
	ptest_check(waitpid(c, &st, 0) == c && WIFEXITED(st) &&
			WEXITSTATUS(st) == 3,
		    "reaped");
	snprintf(path, sizeof(path), "/proc/%d/stat", c);
	ptest_refused(open(path, O_RDONLY), ENOENT,
		      "a reaped pid's stat: ENOENT");
	ptest_check(!listed("/proc", name), "and it is no longer listed");
	snprintf(path, sizeof(path), "/proc/%d", c);
	struct stat s;
	ptest_refused(stat(path, &s), ENOENT, "stat of its directory: ENOENT");
	ptest_refused(open("/proc/0012/stat", O_RDONLY), ENOENT,
		      "a pid with a leading zero: ENOENT");
}

/* A child that runs /proc/self/exe again: its cmdline is the new argv. */
static void
exec_self(void)
{
	int st;
	pid_t c = fork();

	if (c == 0) {
		char *argv[] = {NAME, "child", "two words", NULL};
		execv("/proc/self/exe", argv);
		_exit(9);
	}
	ptest_check(c > 0 && waitpid(c, &st, 0) == c && WIFEXITED(st) &&
			WEXITSTATUS(st) == 0,
		    "execve /proc/self/exe: the new cmdline");
}

static int
child_main(void)
{
	static const char want[] = NAME "\0child\0two words";
	char buf[256];

	return slurp("/proc/self/cmdline", buf, sizeof(buf)) ==
			   (long)sizeof(want) &&
		       memcmp(buf, want, sizeof(want)) == 0
		   ? 0
		   : 1;
}

static void
system_files(void)
{
	char buf[4096], *s = buf;
	long v[4];
	int ok = slurp("/proc/uptime", buf, sizeof(buf)) > 0;

	for (int i = 0; i < 4 && ok; i++) {
		ok = number(&s, &v[i], ". .\n"[i]) == 0;
	}
	ptest_check(ok && *s == '\0', "/proc/uptime: seconds and idle");
	ptest_check(slurp("/proc/meminfo", buf, sizeof(buf)) > 0 &&
			strncmp(buf, "MemTotal:", 9) == 0 &&
			strstr(buf, "\nMemFree:") != NULL,
		    "/proc/meminfo: MemTotal, MemFree");
	/* Three averages, then running/all and the newest pid. */
	s = buf;
	ok = slurp("/proc/loadavg", buf, sizeof(buf)) > 0;
	for (int i = 0; i < 3 && ok; i++) {
		s = strchr(s, ' ');
		ok = s != NULL && *++s != '\0';
	}
	ok = ok && number(&s, &v[0], '/') == 0 && number(&s, &v[1], ' ') == 0 &&
	     number(&s, &v[2], '\n') == 0;
	ptest_check(ok && v[0] >= 1 && v[1] >= v[0] && v[2] >= 1,
		    "/proc/loadavg");
	ptest_check(slurp("/proc/stat", buf, sizeof(buf)) > 0 &&
			strncmp(buf, "cpu ", 4) == 0,
		    "/proc/stat: the cpu line");
	ptest_check(slurp("/proc/version", buf, sizeof(buf)) > 0 &&
			strncmp(buf, "Linux version ", 14) == 0,
		    "/proc/version");
	ptest_check(slurp("/proc/1/stat", buf, sizeof(buf)) > 0 &&
			strncmp(buf, "1 (", 3) == 0,
		    "/proc/1: pid 1");
}

static void
reads(void)
{
	char whole[1024], piece[1024], b[8];
	long n = slurp("/proc/self/status", whole, sizeof(whole));
	int fd = open("/proc/self/status", O_RDONLY);
	long got = 0, r;

	while (fd >= 0 && got + 5 <= (long)sizeof(piece) &&
	       (r = read(fd, piece + got, 5)) > 0) {
		got += r;
	}
	ptest_check(n > 100 && got >= 100 && memcmp(whole, piece, 100) == 0,
		    "read 5 bytes at a time");
	ptest_check(pread(fd, b, 5, 0) == 5 && memcmp(b, "Name:", 5) == 0 &&
			lseek(fd, 2, SEEK_SET) == 2 && read(fd, b, 3) == 3 &&
			memcmp(b, "me:", 3) == 0,
		    "pread and lseek");
	ptest_refused(lseek(fd, 0, SEEK_END), EINVAL, "lseek SEEK_END: EINVAL");
	ptest_refused(write(fd, "x", 1), EBADF, "write: EBADF");
	ptest_refused(read(fd, (void *)8, 10), EFAULT,
		      "read to NULL+8: EFAULT");
	close(fd);
}

static void
refusals(void)
{
	char buf[64];
	struct stat s;

	ptest_refused(open("/proc/self/stat", O_RDONLY | O_DIRECTORY), ENOTDIR,
		      "O_DIRECTORY of a file: ENOTDIR");
	ptest_refused(open("/proc/self/stat/x", O_RDONLY), ENOTDIR,
		      "a name below a file: ENOTDIR");
	ptest_refused(open("/proc/self", O_WRONLY), EISDIR,
		      "a directory to write: EISDIR");
	ptest_refused(open("/proc/self", O_RDONLY | O_NOFOLLOW), ELOOP,
		      "O_NOFOLLOW of self: ELOOP");
	ptest_refused(open("/proc/nosuch", O_RDONLY), ENOENT,
		      "/proc/nosuch: ENOENT");
	ptest_refused(open("/proc/self/stat", O_CREAT | O_EXCL | O_RDONLY, 0),
		      EEXIST, "O_CREAT|O_EXCL: EEXIST");
	ptest_refused(readlink("/proc/self/stat", buf, sizeof(buf)), EINVAL,
		      "readlink of a file: EINVAL");
	ptest_refused(readlink("/proc/self/exe", (char *)8, 64), EFAULT,
		      "readlink to a bad buffer: EFAULT");
	ptest_refused(unlink("/proc/self/stat"), EPERM, "unlink: EPERM");
	ptest_refused(mkdir("/proc/x", 0777), ENOENT, "mkdir: ENOENT");
	ptest_refused(chmod("/proc/self/stat", 0777), EPERM, "chmod: EPERM");
	/* musl's stat copies through its own buffer: the call itself. */
	ptest_refused(syscall(SYS_newfstatat, AT_FDCWD, "/proc/self", 8, 0),
		      EFAULT, "stat to a bad buffer: EFAULT");
	ptest_refused(stat((const char *)8, &s), EFAULT, "a bad path: EFAULT");
	char *argv[] = {"x", NULL};
	ptest_refused(execv("/proc/self/stat", argv), EACCES,
		      "execve of /proc/self/stat: EACCES");
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		return child_main();
	}
	self_files(argc, argv);
	links();
	child_dirs();
	exec_self();
	system_files();
	reads();
	refusals();
	return ptest_done("procfstest");
}
