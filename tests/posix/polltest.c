/*
 * polltest: poll, ppoll, select and pselect over pipes, the console and
 * files.  Readiness at once, a wait ended by another process's write or
 * close, a timeout, ppoll's and pselect's masks with a signal, the time
 * left that select writes back; each refusal.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ptest.h"

/* 0, but no compiler or analysis may assume it. */
static volatile uintptr_t nowhere;
static volatile sig_atomic_t got;

static uint64_t
ms_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

/* A child that waits ms, then writes a byte to fd (or closes it: -fd). */
static pid_t
later(int ms, int fd, int close_it)
{
	pid_t c = fork();

	if (c == 0) {
		struct timespec t = {0, ms * 1000000L};
		nanosleep(&t, NULL);
		if (close_it) {
			close(fd);
		} else {
			write(fd, "x", 1);
		}
		_exit(0);
	}
	return c;
}

static void
on_usr1(int sig)
{
	(void)sig;
	got++;
}

static void
polling(void)
{
	int fd[2];
	char b;

	pipe(fd);
	struct pollfd pf[3] = {
	    {fd[0], POLLIN, -1}, {fd[1], POLLOUT, -1}, {-1, POLLIN, -1}};
	ptest_check(poll(pf, 3, 0) == 1 && pf[0].revents == 0 &&
			pf[1].revents == POLLOUT && pf[2].revents == 0,
		    "poll: an empty pipe's write end only; fd -1 skipped");
	write(fd[1], "a", 1);
	ptest_check(poll(pf, 1, 0) == 1 && (pf[0].revents & POLLIN),
		    "a byte in: POLLIN");
	read(fd[0], &b, 1);
	uint64_t t0 = ms_now();
	ptest_check(poll(pf, 1, 60) == 0 && pf[0].revents == 0,
		    "nothing comes: 0 after the timeout");
	ptest_check(ms_now() - t0 >= 50, "the timeout was waited");
	pid_t c = later(30, fd[1], 0);
	ptest_check(poll(pf, 1, -1) == 1 && (pf[0].revents & POLLIN),
		    "held until another process writes");
	waitpid(c, NULL, 0);
	read(fd[0], &b, 1);
	close(fd[1]);
	ptest_check(poll(pf, 1, 0) == 1 && (pf[0].revents & POLLHUP),
		    "the writer gone: POLLHUP");
	close(fd[0]);
	pipe(fd);
	close(fd[0]);
	pf[1].fd = fd[1];
	ptest_check(poll(&pf[1], 1, 0) == 1 && (pf[1].revents & POLLERR),
		    "the reader gone: POLLERR on the write end");
	close(fd[1]);
	pf[0].fd = 1;
	pf[0].events = POLLOUT;
	ptest_check(poll(pf, 1, 0) == 1 && pf[0].revents == POLLOUT,
		    "stdout: POLLOUT");
	int f = open("/ptest/hello", O_RDONLY);
	if (f < 0) {
		f = open("/proc/self/exe", O_RDONLY);
	}
	pf[0].fd = f;
	pf[0].events = POLLIN | POLLOUT;
	ptest_check(poll(pf, 1, 0) == 1 && pf[0].revents == (POLLIN | POLLOUT),
		    "a file: always ready");
	close(f);
	pf[0].fd = 60;
	ptest_check(poll(pf, 1, 0) == 1 && pf[0].revents == POLLNVAL,
		    "a closed fd: POLLNVAL");
}

static void
selecting(void)
{
	int fd[2];
	fd_set r, w;
	char b;

	pipe(fd);
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(fd[0], &r);
	FD_SET(fd[1], &w);
	struct timeval tv = {0, 0};
	ptest_check(select(fd[1] + 1, &r, &w, NULL, &tv) == 1 &&
			!FD_ISSET(fd[0], &r) && FD_ISSET(fd[1], &w),
		    "select: the write end only");
	FD_ZERO(&r);
	FD_SET(fd[0], &r);
	pid_t c = later(30, fd[1], 0);
	tv.tv_sec = 5;
	tv.tv_usec = 0;
	/* The call itself: musl's select hands Linux a copy of tv. */
	ptest_check(syscall(SYS_select, fd[0] + 1, &r, NULL, NULL, &tv) == 1 &&
			FD_ISSET(fd[0], &r),
		    "select held until a write");
	ptest_check(tv.tv_sec >= 3 && tv.tv_sec <= 4,
		    "select writes back the time left");
	waitpid(c, NULL, 0);
	read(fd[0], &b, 1);
	FD_ZERO(&r);
	FD_SET(fd[0], &r);
	tv.tv_sec = 0;
	tv.tv_usec = 50000;
	ptest_check(select(fd[0] + 1, &r, NULL, NULL, &tv) == 0 &&
			!FD_ISSET(fd[0], &r),
		    "select times out with the set cleared");
	struct timespec ts = {0, 0};
	FD_SET(fd[0], &r);
	c = later(20, fd[1], 1);
	close(fd[1]); /* the child's is the last writer */
	ptest_check(pselect(fd[0] + 1, &r, NULL, NULL, NULL, NULL) == 1,
		    "pselect: the writer's close makes it readable");
	ptest_check(read(fd[0], &b, 1) == 0, "and read says the end");
	waitpid(c, NULL, 0);
	FD_ZERO(&r);
	FD_SET(50, &r);
	ptest_refused(select(51, &r, NULL, NULL, &tv), EBADF,
		      "select of a closed fd: EBADF");
	ptest_refused(select(-1, NULL, NULL, NULL, &tv), EINVAL,
		      "select, n -1: EINVAL");
	tv.tv_usec = 1000001;
	ptest_check(
	    syscall(SYS_select, 0, NULL, NULL, NULL, &tv) == 0,
	    "select, 1,000,001 us: a second and a us, as Linux takes it");
	tv.tv_sec = -1;
	ptest_refused(syscall(SYS_select, 1, NULL, NULL, NULL, &tv), EINVAL,
		      "select, -1 s: EINVAL");
	ptest_refused(syscall(SYS_select, 1, nowhere + 8, NULL, NULL, &ts),
		      EFAULT, "select, a bad set: EFAULT");
	close(fd[0]);
}

static void
masks(void)
{
	int fd[2];
	sigset_t block, empty;

	pipe(fd);
	signal(SIGUSR1, on_usr1);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	kill(getpid(), SIGUSR1);
	struct pollfd pf = {fd[0], POLLIN, 0};
	sigemptyset(&empty);
	struct timespec ts = {5, 0};
	int r = ppoll(&pf, 1, &ts, &empty);
	ptest_check(r == -1 && errno == EINTR && got == 1,
		    "ppoll: its mask lets a pending signal in: EINTR");
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	ptest_check(sigismember(&now, SIGUSR1), "and the mask is back");
	ptest_check(ppoll(&pf, 1, &(struct timespec){0, 0}, &empty) == 0,
		    "ppoll with nothing pending: 0");
	sigprocmask(SIG_BLOCK, NULL, &now);
	ptest_check(sigismember(&now, SIGUSR1), "the mask is back again");
	pid_t c = fork();
	if (c == 0) {
		struct timespec t = {0, 30000000L};
		nanosleep(&t, NULL);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	r = poll(&pf, 1, 5000);
	ptest_check(r == -1 && errno == EINTR && got == 2,
		    "a signal ends a held poll: EINTR");
	waitpid(c, NULL, 0);
	ptest_refused(syscall(SYS_ppoll, &pf, 1, NULL, &empty, 4), EINVAL,
		      "ppoll, sigsetsize 4: EINVAL");
	ptest_refused(poll(&pf, 100000, 0), EINVAL,
		      "poll of more fds than RLIMIT_NOFILE: EINVAL");
	ptest_refused(syscall(SYS_poll, nowhere + 8, 1, 0), EFAULT,
		      "poll, a bad array: EFAULT");
	signal(SIGUSR1, SIG_DFL);
	close(fd[0]);
	close(fd[1]);
}

static void
sockets(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM, 0);
	char b[8];

	ptest_check(bind(l, (struct sockaddr *)&a, len) == 0 &&
			listen(l, 1) == 0 &&
			getsockname(l, (struct sockaddr *)&a, &len) == 0,
		    "a listener on 127.0.0.1");
	struct pollfd pf = {l, POLLIN, 0};
	ptest_check(poll(&pf, 1, 0) == 0, "nobody has come: not readable");
	int c = socket(AF_INET, SOCK_STREAM, 0);
	ptest_check(connect(c, (struct sockaddr *)&a, len) == 0 &&
			poll(&pf, 1, 5000) == 1 && (pf.revents & POLLIN),
		    "a connection: the listener readable");
	int s = accept(l, NULL, NULL);
	struct pollfd q[2] = {{s, POLLIN, 0}, {c, POLLOUT, 0}};
	ptest_check(poll(q, 2, 0) == 1 && q[0].revents == 0 &&
			(q[1].revents & POLLOUT),
		    "nothing sent: writable, not readable");
	pid_t w = later(30, c, 0);
	ptest_check(poll(q, 1, 5000) == 1 && (q[0].revents & POLLIN) &&
			read(s, b, sizeof(b)) == 1,
		    "held until the bytes come");
	waitpid(w, NULL, 0);
	close(c);
	ptest_check(poll(q, 1, 5000) == 1 && (q[0].revents & POLLIN) &&
			read(s, b, sizeof(b)) == 0,
		    "the peer's close: readable, the end");
	close(s);
	close(l);
}

int
main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	polling();
	selecting();
	masks();
	sockets();
	return ptest_done("polltest");
}
