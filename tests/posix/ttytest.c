/*
 * ttytest: the console as a terminal, from inside: the settings' round
 * trip and refusals, a non-blocking read, poll, and lines the system
 * test types (tests/system/posixtests.py): edited (erase, kill), ended
 * by ^D, then read raw by VMIN; job control: a background group that
 * reads, or changes the settings, or writes under TOSTOP, is stopped by
 * SIGTTIN or SIGTTOU, or refused (EIO) if it ignores SIGTTIN.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "ptest.h"

static struct termios saved;

static long
elapsed_ms(const struct timespec *a, const struct timespec *z)
{
	return (z->tv_sec - a->tv_sec) * 1000 +
	       (z->tv_nsec - a->tv_nsec) / 1000000;
}

/* Are the settings a and b the same, field by field? */
static int
same(const struct termios *a, const struct termios *b)
{
	return a->c_iflag == b->c_iflag && a->c_oflag == b->c_oflag &&
	       a->c_cflag == b->c_cflag && a->c_lflag == b->c_lflag &&
	       memcmp(a->c_cc, b->c_cc, sizeof(a->c_cc)) == 0;
}

static void
settings(void)
{
	struct termios t, back;
	int pgrp = 0;

	ptest_check(isatty(0) && tcgetattr(0, &saved) == 0, "fd 0 is a tty");
	ptest_check((saved.c_lflag & (ICANON | ECHO | ISIG)) ==
			    (ICANON | ECHO | ISIG) &&
			(saved.c_iflag & ICRNL) &&
			(saved.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR),
		    "a console's settings: canonical, echo, signals");
	ptest_check(saved.c_cc[VEOF] == 4 && saved.c_cc[VERASE] == 0x7f &&
			saved.c_cc[VINTR] == 3 && saved.c_cc[VMIN] == 1,
		    "^D, DEL, ^C, VMIN 1");
	t = saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	ptest_check(tcsetattr(0, TCSANOW, &t) == 0 &&
			tcgetattr(0, &back) == 0 && same(&t, &back),
		    "TCSETS, TCGETS: the same back");
	char b[8];
	ptest_check(read(0, b, sizeof(b)) == 0, "VMIN 0, nothing typed: 0");
	struct timespec a, z;
	t.c_cc[VTIME] = 2;
	tcsetattr(0, TCSANOW, &t);
	clock_gettime(CLOCK_MONOTONIC, &a);
	ssize_t r = read(0, b, sizeof(b));
	clock_gettime(CLOCK_MONOTONIC, &z);
	ptest_check(r == 0 && elapsed_ms(&a, &z) >= 200,
		    "VMIN 0, VTIME 2: 0 after 200 ms");
	ptest_check(tcsetattr(0, TCSAFLUSH, &saved) == 0, "TCSETSF back");
	ptest_refused(ioctl(0, TCGETS, (void *)8), EFAULT, "TCGETS: EFAULT");
	ptest_refused(ioctl(0, TCSETS, (void *)8), EFAULT, "TCSETS: EFAULT");
	ptest_refused(ioctl(0, 0x54ff, 0), ENOTTY, "an unknown ioctl: ENOTTY");
	ptest_refused(ioctl(0, TIOCSPGRP, &pgrp), EINVAL,
		      "TIOCSPGRP 0: EINVAL");
	int fd = open("/dev/null", O_RDONLY);
	ptest_refused(ioctl(fd, TCGETS, &t), ENOTTY, "/dev/null: ENOTTY");
	close(fd);
}

static void
nonblocking(void)
{
	char b[8];
	int fl = fcntl(0, F_GETFL);

	ptest_check(fcntl(0, F_SETFL, fl | O_NONBLOCK) == 0 &&
			(fcntl(0, F_GETFL) & O_NONBLOCK),
		    "F_SETFL O_NONBLOCK on the console");
	ptest_refused(read(0, b, sizeof(b)), EAGAIN, "nothing typed: EAGAIN");
	fcntl(0, F_SETFL, fl);
	struct pollfd p = {.fd = 0, .events = POLLIN};
	struct timespec a, z;
	clock_gettime(CLOCK_MONOTONIC, &a);
	int r = poll(&p, 1, 100);
	clock_gettime(CLOCK_MONOTONIC, &z);
	ptest_check(r == 0 && elapsed_ms(&a, &z) >= 100,
		    "poll: nothing in 100 ms");
	p.fd = 1;
	p.events = POLLOUT;
	ptest_check(poll(&p, 1, 0) == 1 && p.revents == POLLOUT,
		    "poll: the console takes output");
}

/* Read once into b (n bytes): the string read, "" at end of file. */
static const char *
line(char *b, size_t n)
{
	ssize_t r = read(0, b, n - 1);

	b[r > 0 ? r : 0] = '\0';
	return b;
}

static void
typed(void)
{
	char b[64];

	printf("ttytest: type lines\n");
	ptest_check(strcmp(line(b, sizeof(b)), "first line\n") == 0, "a line");
	ptest_check(strcmp(line(b, sizeof(b)), "ac\n") == 0, "erased by DEL");
	ptest_check(strcmp(line(b, sizeof(b)), "kill\n") == 0, "killed by ^U");
	ptest_check(read(0, b, sizeof(b)) == 0, "^D at a line's start: 0");
	ptest_check(strcmp(line(b, sizeof(b)), "part") == 0,
		    "^D hands over the line so far");

	struct termios t = saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 3;
	tcsetattr(0, TCSANOW, &t);
	printf("ttytest: type raw\n");
	ssize_t r = read(0, b, sizeof(b));
	ptest_check(r >= 3 && memcmp(b, "xyz", 3) == 0, "raw: VMIN 3 bytes");
	tcsetattr(0, TCSAFLUSH, &t);
	t.c_cc[VMIN] = 5;
	t.c_cc[VTIME] = 3;
	tcsetattr(0, TCSANOW, &t);
	printf("ttytest: type two\n");
	/* Each read ends VTIME after the last byte, short of VMIN.  The two
	 * bytes may come apart (a busy host), each then read on its own. */
	size_t got = 0;
	while (got < 2 && (r = read(0, b + got, sizeof(b) - got)) > 0) {
		got += (size_t)r;
	}
	ptest_check(got == 2 && memcmp(b, "uv", 2) == 0,
		    "raw: VMIN 5, VTIME 3: two bytes, then time");
	tcsetattr(0, TCSAFLUSH, &saved);

	struct pollfd p = {.fd = 0, .events = POLLIN};
	printf("ttytest: type for poll\n");
	ptest_check(poll(&p, 1, -1) == 1 && p.revents == POLLIN,
		    "poll: a line typed");
	ptest_check(strcmp(line(b, sizeof(b)), "p\n") == 0, "and read");
}

/* What a background child does (its own group), by what. */
static int
background(int what)
{
	char b[4];
	struct termios t;

	setpgid(0, 0);
	switch (what) {
	case 0:
		return read(0, b, sizeof(b)) < 0 ? 2 : 0; /* SIGTTIN stops */
	case 1:
		signal(SIGTTIN, SIG_IGN);
		return read(0, b, sizeof(b)) < 0 && errno == EIO ? 0 : 1;
	case 2:
		tcgetattr(0, &t);
		return tcsetattr(0, TCSANOW, &t) == 0 ? 3 : 2; /* SIGTTOU */
	case 3:
		signal(SIGTTOU, SIG_IGN);
		tcgetattr(0, &t);
		return tcsetattr(0, TCSANOW, &t) == 0 ? 0 : 1;
	default:
		return write(1, "x", 1) == 1 ? 3 : 2; /* TOSTOP: SIGTTOU */
	}
}

/* Child what's fate: its exit status, or 100 + the signal that stopped
 * it (then killed). */
static int
fate(int what)
{
	int st = 0;
	pid_t c = fork();

	if (c == 0) {
		_exit(background(what));
	}
	setpgid(c, c);
	if (waitpid(c, &st, WUNTRACED) != c) {
		return -1;
	}
	if (WIFSTOPPED(st)) {
		kill(c, SIGKILL);
		waitpid(c, NULL, 0);
		return 100 + WSTOPSIG(st);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : -2;
}

static void
jobs(void)
{
	struct termios t = saved;

	ptest_check(tcsetpgrp(0, getpgrp()) == 0 && tcgetpgrp(0) == getpgrp(),
		    "tcsetpgrp: the test's group in the foreground");
	ptest_check(fate(0) == 100 + SIGTTIN,
		    "a background read: its group stopped by SIGTTIN");
	ptest_check(fate(1) == 0, "SIGTTIN ignored: the read is EIO");
	ptest_check(fate(2) == 100 + SIGTTOU,
		    "a background tcsetattr: stopped by SIGTTOU");
	ptest_check(fate(3) == 0, "SIGTTOU ignored: tcsetattr goes through");
	t.c_lflag |= TOSTOP;
	tcsetattr(0, TCSANOW, &t);
	ptest_check(fate(4) == 100 + SIGTTOU,
		    "TOSTOP: a background write stopped by SIGTTOU");
	tcsetattr(0, TCSANOW, &saved);
}

int
main(void)
{
	settings();
	jobs();
	nonblocking();
	typed();
	return ptest_done("ttytest");
}
