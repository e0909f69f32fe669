/*
 * proctest: processes and pipes.  fork (the child has a copy: its
 * writes are its own), wait4 and the wait status, execve with arguments
 * and environment, posix_spawn (musl's vfork-style clone), pipes between
 * processes, the end of a pipe, process groups; each refusal.
 */
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptest.h"

extern char **environ;

static volatile int shared = 1;
/* 0, but no compiler or analysis may assume it. */
static volatile uintptr_t nowhere;

static void
forking(void)
{
	int st = -1;
	pid_t c = fork();
	if (c == 0) {
		shared = 2;
		_exit(shared == 2 ? 42 : 1);
	}
	ptest_check(c > 0, "fork");
	ptest_check(waitpid(c, &st, 0) == c, "waitpid the child");
	ptest_check(WIFEXITED(st) && WEXITSTATUS(st) == 42,
		    "its exit status, 42");
	ptest_check(shared == 1, "its writes were its own");
	ptest_refused(waitpid(-1, &st, 0), ECHILD, "no child left: ECHILD");
	c = fork();
	if (c == 0) {
		*(volatile int *)nowhere = 1; /* address 0 */
		_exit(0);
	}
	ptest_check(waitpid(c, &st, 0) == c && WIFSIGNALED(st) &&
			WTERMSIG(st) == SIGSEGV,
		    "a child's SIGSEGV in its status");
	c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	ptest_check(waitpid(c, &st, WNOHANG) == 0, "WNOHANG: not yet");
	ptest_check(kill(c, SIGTERM) == 0, "kill the child");
	ptest_check(waitpid(c, &st, 0) == c && WIFSIGNALED(st) &&
			WTERMSIG(st) == SIGTERM,
		    "killed by SIGTERM");
	ptest_refused(kill(99999, SIGTERM), ESRCH, "kill nobody: ESRCH");
}

static void
piping(void)
{
	int p[2];
	char b[64] = {0};
	ptest_check(pipe(p) == 0, "pipe");
	pid_t c = fork();
	if (c == 0) {
		close(p[0]);
		for (int i = 0; i < 1000; i++) {
			if (write(p[1], "0123456789", 10) != 10) {
				_exit(1);
			}
		}
		_exit(0);
	}
	close(p[1]);
	long total = 0, n;
	while ((n = read(p[0], b, sizeof(b))) > 0) {
		total += n;
	}
	ptest_check(n == 0 && total == 10000,
		    "10000 bytes through a pipe, then its end");
	close(p[0]);
	int st;
	waitpid(c, &st, 0);
	ptest_check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the writer ended");
	ptest_check(pipe2(p, O_NONBLOCK) == 0, "pipe2 O_NONBLOCK");
	ptest_refused(read(p[0], b, 1), EAGAIN, "an empty pipe: EAGAIN");
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	ptest_refused(write(p[1], "x", 1), EPIPE, "no reader: EPIPE");
	close(p[1]);
	ptest_check(pipe(p) == 0, "another pipe");
	ptest_refused(lseek(p[0], 0, SEEK_CUR), ESPIPE, "lseek a pipe: ESPIPE");
	close(p[0]);
	close(p[1]);
}

/* Make an executable file at path holding s. */
static void
put(const char *path, const char *s, mode_t mode)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
	write(fd, s, strlen(s));
	close(fd);
}

/* What the program at path prints with argv, into b; its exit status. */
static int
output(const char *path, char *const argv[], char *b, size_t n)
{
	int p[2], st = -1;
	long got = 0, k;

	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execve(path, argv, environ);
		_exit(99);
	}
	close(p[1]);
	memset(b, 0, n);
	while ((k = read(p[0], b + got, n - 1 - (size_t)got)) > 0) {
		got += k;
	}
	close(p[0]);
	waitpid(c, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* "#!" scripts: the interpreter runs with its argument and the
 * script's path; the refusals. */
static void
scripts(void)
{
	char b[256];

	put("/sc1", "#!/ptest/hello   one arg  \nignored\n", 0755);
	ptest_check(
	    output("/sc1", (char *[]){"sc1", "x", NULL}, b, sizeof(b)) == 0 &&
		strstr(b, "argc 4 [one arg] [/sc1] [x]") != NULL,
	    "#! script: interpreter, its argument, the script, argv");
	put("/sc2", "#! /ptest/hello\n", 0755);
	ptest_check(output("/sc2", (char *[]){"sc2", NULL}, b, sizeof(b)) ==
			    0 &&
			strstr(b, "argc 2 [/sc2]") != NULL,
		    "#! with a blank and no argument");
	put("/sc3", "#!/ptest/none\n", 0755);
	ptest_refused(execve("/sc3", (char *[]){"x", NULL}, environ), ENOENT,
		      "#! of no interpreter: ENOENT");
	put("/sc4", "#!\n", 0755);
	ptest_refused(execve("/sc4", (char *[]){"x", NULL}, environ), ENOEXEC,
		      "#! of nothing: ENOEXEC");
	put("/sc5", "#!/ptest/hello\n", 0644);
	ptest_refused(execve("/sc5", (char *[]){"x", NULL}, environ), EACCES,
		      "a script not executable: EACCES");
	for (int i = 1; i <= 5; i++) {
		char name[8] = "/sc0";
		name[3] = (char)('0' + i);
		unlink(name);
	}
}

/* A chain of n scripts /sd1 ... /sdn, each run by the next, with the
 * argument "aI"; the last by last. */
static void
chain(int n, const char *last)
{
	char path[16], line[64];

	for (int i = 1; i <= n; i++) {
		snprintf(path, sizeof(path), "/sd%d", i);
		if (i < n) {
			snprintf(line, sizeof(line), "#!/sd%d a%d\n", i + 1, i);
		} else {
			snprintf(line, sizeof(line), "#!%s a%d\n", last, i);
		}
		put(path, line, 0755);
	}
}

/* Scripts run by scripts: each level puts its interpreter and argument
 * in front; Linux runs a chain of five, and the sixth script is ELOOP. */
static void
nested_scripts(void)
{
	char b[256];

	chain(2, "/ptest/hello");
	ptest_check(
	    output("/sd1", (char *[]){"sd1", "x", NULL}, b, sizeof(b)) == 0 &&
		strstr(b, "argc 6 [a2] [/sd2] [a1] [/sd1] [x]") != NULL,
	    "#! of a script: both interpreters and arguments");
	put("/sd2", "#!/sd3\n", 0755);
	put("/sd3", "#! /ptest/hello\n", 0755);
	ptest_check(
	    output("/sd1", (char *[]){"anything", NULL}, b, sizeof(b)) == 0 &&
		strstr(b, "argc 5 [/sd3] [/sd2] [a1] [/sd1]\n") != NULL,
	    "three levels, one without an argument");
	chain(5, "/ptest/hello");
	ptest_check(
	    output("/sd1", (char *[]){"sd1", NULL}, b, sizeof(b)) == 0 &&
		strstr(b, "argc 11 [a5] [/sd5] [a4] [/sd4] [a3] [/sd3] [a2] "
			  "[/sd2] [a1] [/sd1]\n") != NULL,
	    "a chain of five scripts runs");
	chain(6, "/ptest/hello");
	ptest_refused(execve("/sd1", (char *[]){"sd1", NULL}, environ), ELOOP,
		      "a chain of six: ELOOP");
	chain(6, "/ptest/none");
	ptest_refused(execve("/sd1", (char *[]){"sd1", NULL}, environ), ENOENT,
		      "the sixth's interpreter missing: ENOENT, before ELOOP");
	chain(7, "/ptest/hello");
	ptest_refused(execve("/sd1", (char *[]){"sd1", NULL}, environ), ELOOP,
		      "a chain of seven: ELOOP");
	chain(3, "/ptest/hello");
	chmod("/sd2", 0644);
	ptest_refused(execve("/sd1", (char *[]){"sd1", NULL}, environ), EACCES,
		      "an interpreter script not executable: EACCES");
	unlink("/sd2");
	put("/sd2", "not a script\n", 0755);
	ptest_refused(execve("/sd1", (char *[]){"sd1", NULL}, environ), ENOEXEC,
		      "an interpreter that is no program: ENOEXEC");
	for (int i = 1; i <= 7; i++) {
		char name[8];
		snprintf(name, sizeof(name), "/sd%d", i);
		unlink(name);
	}
}

static void
executing(const char *self)
{
	int p[2], st;
	char b[128] = {0};
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		char *argv[] = {"hello", "x y", "z", NULL};
		char *envp[] = {"PATH=/exec", NULL};
		execve("/ptest/hello", argv, envp);
		_exit(99);
	}
	close(p[1]);
	long n = 0, k;
	while ((k = read(p[0], b + n, sizeof(b) - 1 - n)) > 0) {
		n += k;
	}
	close(p[0]);
	waitpid(c, &st, 0);
	ptest_check(strstr(b, "argc 3 [x y] [z]") != NULL,
		    "execve: the new program's arguments");
	ptest_check(strstr(b, "PATH=/exec") != NULL, "and its environment");
	ptest_check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "and its status");
	static char big[20000];
	memset(big, 'b', sizeof(big) - 1);
	c = fork();
	if (c == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		char *argv[] = {"hello", "7", big, NULL};
		char *envp[] = {big, NULL};
		execve("/ptest/hello", argv, envp);
		_exit(99);
	}
	ptest_check(waitpid(c, &st, 0) == c && WIFEXITED(st) &&
			WEXITSTATUS(st) == 7,
		    "execve: an argument and a variable of 20,000 bytes");
	ptest_refused(execve("/ptest/none", (char *[]){"x", NULL}, environ),
		      ENOENT, "execve of nothing: ENOENT");
	int fd = open("/notelf", O_CREAT | O_WRONLY | O_TRUNC, 0755);
	write(fd, "not a program\n", 14);
	close(fd);
	ptest_refused(execve("/notelf", (char *[]){"x", NULL}, environ),
		      ENOEXEC, "execve of a text file: ENOEXEC");
	unlink("/notelf");
	ptest_refused(execve("/ptest", (char *[]){"x", NULL}, environ), EACCES,
		      "execve of a directory: EACCES");
	scripts();
	nested_scripts();
	ptest_refused(execve((char *)8, (char *[]){"x", NULL}, environ), EFAULT,
		      "execve of a bad path: EFAULT");
	pid_t s;
	char *argv[] = {"hello", "spawned", NULL};
	ptest_check(
	    posix_spawn(&s, "/ptest/hello", NULL, NULL, argv, environ) == 0,
	    "posix_spawn");
	ptest_check(waitpid(s, &st, 0) == s && WIFEXITED(st),
		    "and wait for it");
	(void)self;
}

static void
groups(void)
{
	ptest_check(getpgrp() == getpgid(0), "getpgrp is getpgid(0)");
	pid_t c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	ptest_check(setpgid(c, c) == 0 && getpgid(c) == c,
		    "setpgid: the child leads a group");
	ptest_check(kill(-c, SIGKILL) == 0, "kill the group");
	int st;
	ptest_check(waitpid(c, &st, 0) == c && WTERMSIG(st) == SIGKILL,
		    "SIGKILL");
	ptest_check(getsid(0) > 0, "getsid");
	ptest_refused(setpgid(99999, 0), ESRCH, "setpgid of nobody: ESRCH");
}

int
main(int argc, char **argv)
{
	(void)argc;
	forking();
	piping();
	executing(argv[0]);
	groups();
	return ptest_done("proctest");
}
