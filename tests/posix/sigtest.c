/*
 * sigtest: signals.  Handlers with their siginfo, the mask, pending
 * signals, sigsuspend, a handler's return to the interrupted code (its
 * registers whole, on a running process too), held calls ended with
 * EINTR or made again with SA_RESTART, SIGCHLD, SIGPIPE, stop and
 * continue, the alternate stack, SA_RESETHAND and SA_NODEFER, a SIGSEGV
 * handler; each refusal.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ptest.h"

static volatile sig_atomic_t got, got_sig, got_code, got_pid, blocked_in;
static volatile uintptr_t where;
/* 0, but no compiler or analysis may assume it. */
static volatile uintptr_t nowhere;

static void
on_signal(int sig, siginfo_t *si, void *uc)
{
	sigset_t now;

	(void)uc;
	got++;
	got_sig = sig;
	got_code = si->si_code;
	got_pid = si->si_pid;
	where = (uintptr_t)__builtin_frame_address(0);
	sigprocmask(SIG_BLOCK, NULL, &now);
	blocked_in = sigismember(&now, sig);
}

/* raise, as musl makes it (tkill); cppcheck takes raise for noreturn. */
static int
self(int sig)
{
	return (int)syscall(SYS_tkill, (long)getpid(), (long)sig);
}

/* Catch sig with on_signal, with flags besides SA_SIGINFO. */
static void
take(int sig, int flags)
{
	struct sigaction sa = {0};

	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	got = 0;
}

static void
dfl(int sig)
{
	signal(sig, SIG_DFL);
}

/* A child that waits ms, sends sig to its parent, and, if fd >= 0,
 * then writes a byte to fd after another ms. */
static pid_t
poke(int ms, int sig, int fd)
{
	pid_t c = fork();

	if (c == 0) {
		struct timespec t = {0, ms * 1000000L};
		nanosleep(&t, NULL);
		kill(getppid(), sig);
		if (fd >= 0) {
			nanosleep(&t, NULL);
			write(fd, "x", 1);
		}
		_exit(0);
	}
	return c;
}

static void
handlers(void)
{
	sigset_t set;

	take(SIGUSR1, 0);
	ptest_check(
	    self(SIGUSR1) == 0 && got == 1 && got_sig == SIGUSR1,
	    "tkill itself: the handler ran once, with the signal's number");
	ptest_check(blocked_in == 1, "the signal is blocked in its handler");
	ptest_check(kill(getpid(), SIGUSR1) == 0 && got == 2 &&
			got_code == SI_USER && got_pid == getpid(),
		    "kill: siginfo says SI_USER and the sender's pid");
	sigprocmask(SIG_BLOCK, NULL, &set);
	ptest_check(!sigismember(&set, SIGUSR1),
		    "the mask is back after the handler");
	take(SIGUSR2, SA_NODEFER);
	self(SIGUSR2);
	ptest_check(got == 1 && blocked_in == 0,
		    "SA_NODEFER: not blocked in its handler");
	take(SIGUSR2, SA_RESETHAND);
	self(SIGUSR2);
	struct sigaction old;
	sigaction(SIGUSR2, NULL, &old);
	ptest_check(got == 1 && old.sa_handler == SIG_DFL,
		    "SA_RESETHAND: the handler ran, then the default is back");
	dfl(SIGUSR1);
}

static void
masking(void)
{
	sigset_t set, pend;

	take(SIGUSR1, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	self(SIGUSR1);
	self(SIGUSR1);
	sigpending(&pend);
	ptest_check(got == 0 && sigismember(&pend, SIGUSR1),
		    "blocked: not delivered, pending");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	ptest_check(got == 1, "unblocked: delivered once, at once");
	sigpending(&pend);
	ptest_check(!sigismember(&pend, SIGUSR1), "no longer pending");
	/* SIGKILL and SIGSTOP cannot be blocked. */
	sigfillset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	sigprocmask(SIG_SETMASK, NULL, &pend);
	ptest_check(!sigismember(&pend, SIGKILL) &&
			!sigismember(&pend, SIGSTOP),
		    "SIGKILL and SIGSTOP never blocked");
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	/* Ignored: discarded, even if pending. */
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	self(SIGUSR1);
	signal(SIGUSR1, SIG_IGN);
	sigpending(&pend);
	ptest_check(!sigismember(&pend, SIGUSR1),
		    "SIG_IGN discards a pending signal");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	signal(SIGTERM, SIG_IGN);
	ptest_check(self(SIGTERM) == 0,
		    "SIG_IGN: SIGTERM sent to itself does nothing");
	dfl(SIGTERM);
	dfl(SIGUSR1);
}

static void
suspending(void)
{
	sigset_t set, empty, now;

	take(SIGUSR1, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pid_t c = poke(20, SIGUSR1, -1);
	sigemptyset(&empty);
	int r = sigsuspend(&empty);
	ptest_check(r == -1 && errno == EINTR && got == 1,
		    "sigsuspend: EINTR after the handler");
	sigprocmask(SIG_BLOCK, NULL, &now);
	ptest_check(sigismember(&now, SIGUSR1),
		    "sigsuspend: the mask it had is back");
	waitpid(c, NULL, 0);
	/* A pending one ends it at once. */
	self(SIGUSR1);
	r = sigsuspend(&empty);
	ptest_check(r == -1 && errno == EINTR && got == 2,
		    "sigsuspend with one pending: at once");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	c = poke(20, SIGUSR1, -1);
	ptest_check(pause() == -1 && errno == EINTR && got == 3,
		    "pause: EINTR after the handler");
	waitpid(c, NULL, 0);
	dfl(SIGUSR1);
}

static void
interrupting(void)
{
	int fd[2];
	char b;

	pipe(fd);
	take(SIGUSR1, 0);
	pid_t c = poke(20, SIGUSR1, fd[1]);
	long r = read(fd[0], &b, 1);
	ptest_check(r == -1 && errno == EINTR && got == 1,
		    "a read of a pipe: EINTR without SA_RESTART");
	ptest_check(read(fd[0], &b, 1) == 1, "and the byte comes after");
	waitpid(c, NULL, 0);
	take(SIGUSR1, SA_RESTART);
	c = poke(20, SIGUSR1, fd[1]);
	r = read(fd[0], &b, 1);
	ptest_check(r == 1 && got == 1,
		    "SA_RESTART: the read is made again and gets the byte");
	waitpid(c, NULL, 0);
	c = poke(20, SIGUSR1, -1);
	struct timespec t = {5, 0}, left = {0, 0};
	r = nanosleep(&t, &left);
	ptest_check(r == -1 && errno == EINTR && got == 2,
		    "nanosleep: EINTR, even with SA_RESTART");
	ptest_check(left.tv_sec >= 3 && left.tv_sec <= 5,
		    "nanosleep: what was left");
	waitpid(c, NULL, 0);
	/* wait4 is made again with SA_RESTART. */
	pid_t w = fork();
	if (w == 0) {
		struct timespec u = {0, 60000000L};
		nanosleep(&u, NULL);
		_exit(5);
	}
	c = poke(20, SIGUSR1, -1);
	int st = 0;
	ptest_check(waitpid(w, &st, 0) == w && WEXITSTATUS(st) == 5,
		    "waitpid made again after the handler");
	waitpid(c, NULL, 0);
	close(fd[0]);
	close(fd[1]);
	dfl(SIGUSR1);
}

/* A running process, interrupted anywhere, comes back whole. */
static volatile sig_atomic_t stop_now;

static void
on_stop_now(int sig)
{
	(void)sig;
	stop_now = 1;
}

static void
running(void)
{
	pid_t c = fork();
	int st = 0;

	if (c == 0) {
		uint64_t acc = 0, x = 0, y = 7;
		signal(SIGUSR1, on_stop_now);
		while (!stop_now) {
			acc += x * 3;
			y = y * 31 + x;
			x++;
		}
		uint64_t want = 0, yy = 7;
		for (uint64_t i = 0; i < x; i++) {
			want += i * 3;
			yy = yy * 31 + i;
		}
		_exit(acc == want && y == yy ? 7 : 1);
	}
	struct timespec t = {0, 30000000L};
	nanosleep(&t, NULL);
	kill(c, SIGUSR1);
	ptest_check(waitpid(c, &st, 0) == c && WIFEXITED(st) &&
			WEXITSTATUS(st) == 7,
		    "a busy process: its handler runs, its registers whole");
}

static void
children(void)
{
	int st = 0;

	take(SIGCHLD, 0);
	pid_t c = fork();
	if (c == 0) {
		_exit(3);
	}
	ptest_check(waitpid(c, &st, 0) == c && WEXITSTATUS(st) == 3,
		    "the child's status");
	ptest_check(got == 1 && got_sig == SIGCHLD && got_pid == c &&
			got_code == CLD_EXITED,
		    "SIGCHLD: its pid and CLD_EXITED");
	take(SIGCHLD, 0);
	c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	ptest_check(kill(c, SIGKILL) == 0, "kill a child with SIGCHLD caught");
	ptest_check(waitpid(c, &st, 0) == c && WTERMSIG(st) == SIGKILL &&
			got == 1 && got_code == CLD_KILLED,
		    "SIGCHLD: CLD_KILLED");
	dfl(SIGCHLD);
	signal(SIGCHLD, SIG_IGN);
	c = fork();
	if (c == 0) {
		_exit(0);
	}
	ptest_refused(waitpid(c, &st, 0), ECHILD,
		      "SIGCHLD ignored: no zombie, ECHILD");
	dfl(SIGCHLD);
	/* Stop and go on. */
	c = fork();
	if (c == 0) {
		for (;;) {
			pause();
		}
	}
	kill(c, SIGSTOP);
	ptest_check(waitpid(c, &st, WUNTRACED) == c && WIFSTOPPED(st) &&
			WSTOPSIG(st) == SIGSTOP,
		    "SIGSTOP: WUNTRACED sees it stopped");
	kill(c, SIGCONT);
	ptest_check(waitpid(c, &st, WCONTINUED) == c && WIFCONTINUED(st),
		    "SIGCONT: WCONTINUED sees it go on");
	kill(c, SIGTSTP);
	ptest_check(waitpid(c, &st, WUNTRACED) == c && WIFSTOPPED(st) &&
			WSTOPSIG(st) == SIGTSTP,
		    "SIGTSTP stops it too");
	kill(c, SIGKILL);
	ptest_check(waitpid(c, &st, 0) == c && WIFSIGNALED(st) &&
			WTERMSIG(st) == SIGKILL,
		    "SIGKILL ends a stopped process");
	c = fork();
	if (c == 0) {
		abort();
	}
	ptest_check(waitpid(c, &st, 0) == c && WIFSIGNALED(st) &&
			WTERMSIG(st) == SIGABRT,
		    "abort: SIGABRT");
}

static void
pipes(void)
{
	int fd[2], st = 0;

	pipe(fd);
	close(fd[0]);
	pid_t c = fork();
	if (c == 0) {
		write(fd[1], "x", 1);
		_exit(0);
	}
	ptest_check(waitpid(c, &st, 0) == c && WIFSIGNALED(st) &&
			WTERMSIG(st) == SIGPIPE,
		    "a write with no reader: SIGPIPE ends it");
	signal(SIGPIPE, SIG_IGN);
	ptest_refused(write(fd[1], "x", 1), EPIPE, "SIGPIPE ignored: EPIPE");
	take(SIGPIPE, 0);
	ptest_refused(write(fd[1], "x", 1), EPIPE, "SIGPIPE caught: EPIPE");
	ptest_check(got == 1, "and the handler ran");
	dfl(SIGPIPE);
	close(fd[1]);
}

static sigjmp_buf back;

static void
on_segv(int sig)
{
	(void)sig;
	siglongjmp(back, 1);
}

static void
faults(void)
{
	static char alt[16384];
	stack_t ss = {0};

	signal(SIGSEGV, on_segv);
	if (sigsetjmp(back, 1) == 0) {
		*(volatile int *)nowhere = 1;
		ptest_check(0, "a SIGSEGV handler");
	} else {
		ptest_check(1, "a SIGSEGV handler runs, siglongjmp out");
	}
	dfl(SIGSEGV);
	ss.ss_sp = alt;
	ss.ss_size = sizeof(alt);
	ptest_check(sigaltstack(&ss, NULL) == 0, "sigaltstack");
	take(SIGUSR1, SA_ONSTACK);
	self(SIGUSR1);
	ptest_check(got == 1 && where >= (uintptr_t)alt &&
			where < (uintptr_t)alt + sizeof(alt),
		    "SA_ONSTACK: the handler runs on it");
	ss.ss_size = 100;
	ptest_refused(sigaltstack(&ss, NULL), ENOMEM,
		      "sigaltstack too small: ENOMEM");
	ss.ss_flags = SS_DISABLE;
	ptest_check(sigaltstack(&ss, NULL) == 0, "sigaltstack disabled");
	dfl(SIGUSR1);
}

static void
alarms(void)
{
	struct itimerval it = {{0, 0}, {0, 50000}}, now;
	int st = 0;

	take(SIGALRM, 0);
	ptest_check(setitimer(ITIMER_REAL, &it, NULL) == 0, "setitimer 50 ms");
	ptest_check(getitimer(ITIMER_REAL, &now) == 0 &&
			now.it_value.tv_sec == 0 &&
			now.it_value.tv_usec <= 50000,
		    "getitimer: what is left");
	ptest_check(pause() == -1 && errno == EINTR && got == 1 &&
			got_sig == SIGALRM,
		    "SIGALRM ends pause");
	it.it_interval.tv_usec = 20000;
	it.it_value.tv_usec = 20000;
	setitimer(ITIMER_REAL, &it, NULL);
	while (got < 4) {
		pause();
	}
	it = (struct itimerval){{0, 0}, {0, 0}};
	setitimer(ITIMER_REAL, &it, &now);
	ptest_check(got == 4 && now.it_interval.tv_usec == 20000,
		    "an interval: SIGALRM again and again, then disarmed");
	ptest_check(alarm(5) == 0 && alarm(0) == 5,
		    "alarm: the seconds the last one had left");
	dfl(SIGALRM);
	pid_t c = fork();
	if (c == 0) {
		alarm(1);
		for (;;) {
			pause();
		}
	}
	ptest_check(waitpid(c, &st, 0) == c && WIFSIGNALED(st) &&
			WTERMSIG(st) == SIGALRM,
		    "alarm's default: the end");
	it.it_value.tv_usec = 1000000;
	ptest_refused(setitimer(ITIMER_REAL, &it, NULL), EINVAL,
		      "setitimer, 1,000,000 us: EINVAL");
	ptest_refused(syscall(SYS_setitimer, 7, &it, NULL), EINVAL,
		      "setitimer 7: EINVAL");
	ptest_refused(syscall(SYS_getitimer, ITIMER_REAL, nowhere + 8), EFAULT,
		      "getitimer, a bad pointer: EFAULT");
}

static void
refusals(void)
{
	struct sigaction sa = {0};
	uint64_t mask = 0;

	sa.sa_handler = SIG_IGN;
	ptest_refused(sigaction(SIGKILL, &sa, NULL), EINVAL,
		      "sigaction SIGKILL: EINVAL");
	ptest_refused(sigaction(SIGSTOP, &sa, NULL), EINVAL,
		      "sigaction SIGSTOP: EINVAL");
	ptest_refused(syscall(SYS_rt_sigaction, 0, NULL, NULL, 8), EINVAL,
		      "rt_sigaction 0: EINVAL");
	ptest_refused(syscall(SYS_rt_sigaction, 65, NULL, NULL, 8), EINVAL,
		      "rt_sigaction 65: EINVAL");
	ptest_refused(syscall(SYS_rt_sigaction, SIGUSR1, NULL, NULL, 4), EINVAL,
		      "rt_sigaction, sigsetsize 4: EINVAL");
	ptest_refused(syscall(SYS_rt_sigaction, SIGUSR1, nowhere + 8, NULL, 8),
		      EFAULT, "rt_sigaction, a bad pointer: EFAULT");
	ptest_refused(syscall(SYS_rt_sigprocmask, 7, &mask, NULL, 8), EINVAL,
		      "rt_sigprocmask how 7: EINVAL");
	ptest_refused(
	    syscall(SYS_rt_sigprocmask, SIG_BLOCK, nowhere + 8, NULL, 8),
	    EFAULT, "rt_sigprocmask, a bad pointer: EFAULT");
	ptest_refused(kill(getpid(), 65), EINVAL, "kill, signal 65: EINVAL");
	ptest_refused(syscall(SYS_tgkill, getpid(), getpid() + 1000, SIGUSR1),
		      ESRCH, "tgkill of no such thread: ESRCH");
	ptest_refused(syscall(SYS_tkill, -1, SIGUSR1), EINVAL,
		      "tkill -1: EINVAL");
	/* A handler whose frame cannot go on the stack: SIGSEGV. */
	pid_t c = fork();
	int st = 0;
	if (c == 0) {
		take(SIGUSR1, 0);
		__asm__ volatile("mov %0, %%rsp\n\tmov $62, %%eax\n\t"
				 "syscall\n\tud2" ::"r"(nowhere + 64),
				 "D"(getpid()), "S"(SIGUSR1)
				 : "rax", "memory");
		_exit(0);
	}
	ptest_check(waitpid(c, &st, 0) == c && WIFSIGNALED(st) &&
			WTERMSIG(st) == SIGSEGV,
		    "no stack for the frame: SIGSEGV");
}

static volatile sig_atomic_t fpu_done;
static volatile int fpu_frame;

/* Clobbers xmm5 and the rounding mode, as any handler's floating point
 * may. */
static void
fpu_clobber(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	uint32_t mxcsr = 0x7f80; /* round toward zero */

	(void)sig;
	(void)si;
	fpu_frame = uc->uc_mcontext.fpregs != NULL &&
		    uc->uc_mcontext.fpregs->_xmm[5].element[0] == 0x89abcdef;
	__asm__ volatile("movq %0, %%xmm5\n\tldmxcsr %1"
			 :
			 : "r"(0xdeadull), "m"(mxcsr)
			 : "xmm5");
	fpu_done = 1;
}

/* A handler's FPU and SSE registers are not what the code it interrupted
 * finds after: a timer's signal comes while xmm5 holds a value. */
static void
fpu(void)
{
	struct sigaction sa = {.sa_sigaction = fpu_clobber,
			       .sa_flags = SA_SIGINFO};
	struct itimerval it = {{0, 0}, {0, 20000}};
	uint64_t out = 0;
	uint32_t mxcsr = 0;

	sigaction(SIGALRM, &sa, NULL);
	__asm__ volatile("movq %0, %%xmm5"
			 :
			 : "r"(0x0123456789abcdefull)
			 : "xmm5");
	setitimer(ITIMER_REAL, &it, NULL);
	while (!fpu_done) {
	}
	__asm__ volatile("movq %%xmm5, %0\n\tstmxcsr %1"
			 : "=r"(out), "=m"(mxcsr));
	ptest_check(fpu_frame,
		    "the frame's fpstate holds the interrupted xmm5");
	ptest_check(out == 0x0123456789abcdefull && (mxcsr & 0x6000) == 0,
		    "xmm5 and MXCSR come back after the handler");
	dfl(SIGALRM);
}

int
main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	handlers();
	masking();
	suspending();
	interrupting();
	running();
	children();
	pipes();
	faults();
	alarms();
	fpu();
	refusals();
	return ptest_done("sigtest");
}
