/*
 * sysdefs: the handlers the arch's table names, and the constants of
 * Linux's ABI they use.
 */
#ifndef CAIRN_POSIX_SYSDEFS_H
#define CAIRN_POSIX_SYSDEFS_H

#include "posix.h"

#define LX_TCGETS		 0x5401
#define LX_TCSETS		 0x5402
#define LX_TCSETSW		 0x5403
#define LX_TCSETSF		 0x5404
#define LX_TIOCGPGRP		 0x540f
#define LX_TIOCSPGRP		 0x5410
#define LX_TIOCGWINSZ		 0x5413
#define LX_TIOCSWINSZ		 0x5414
#define LX_PR_SET_NAME		 15
#define LX_PR_GET_NAME		 16
#define LX_ARCH_SET_FS		 0x1002
#define LX_ARCH_GET_FS		 0x1003
#define LX_MAP_PRIVATE		 0x02
#define LX_MAP_TYPE		 0x0f /* MAP_SHARED, _PRIVATE, _SHARED_VALIDATE */
#define LX_MAP_FIXED		 0x10
#define LX_MAP_ANON		 0x20
#define LX_MAP_NOREPLACE	 0x100000
#define LX_MREMAP_MAYMOVE	 1
#define LX_MREMAP_FIXED		 2
#define LX_MADV_DONTNEED	 4
#define LX_MADV_FREE		 8
#define LX_MADV_REMOVE		 9
#define LX_MADV_COLLAPSE	 25
#define LX_RLIMIT_STACK		 3
#define LX_RLIMIT_NOFILE	 7
#define LX_RLIM_NLIMITS		 16
#define LX_CLOCK_BOOTTIME	 7
#define LX_ROBUST_LIST_HEAD_SIZE 24

#if defined(__aarch64__)
#define LX_MACHINE "aarch64"
#else
#define LX_MACHINE "x86_64"
#endif

/* Signals: Linux's numbers (x86_64's and the generic ones agree). */
#define LX_SIGINT	 2
#define LX_SIGQUIT	 3
#define LX_SIGILL	 4
#define LX_SIGABRT	 6
#define LX_SIGKILL	 9
#define LX_SIGSEGV	 11
#define LX_SIGPIPE	 13
#define LX_SIGALRM	 14
#define LX_SIGCHLD	 17
#define LX_SIGCONT	 18
#define LX_SIGSTOP	 19
#define LX_SIGTSTP	 20
#define LX_SIGTTIN	 21
#define LX_SIGTTOU	 22
#define LX_SIGURG	 23
#define LX_SIGWINCH	 28
#define LX_SIGSYS	 31
#define LX_NSIG		 64
#define LX_CLD_EXITED	 1 /* SIGCHLD's si_code */
#define LX_CLD_KILLED	 2
#define LX_CLD_STOPPED	 5
#define LX_CLD_CONTINUED 6
#define LX_WNOHANG	 1 /* wait4's options */
#define LX_WUNTRACED	 2
#define LX_WCONTINUED	 8
#define LX_SIG_BLOCK	 0
#define LX_SIG_UNBLOCK	 1
#define LX_SIG_SETMASK	 2
#define LX_SS_ONSTACK	 1
#define LX_SS_DISABLE	 2
#define LX_SS_AUTODISARM (1u << 31)
#define LX_MINSIGSTKSZ	 2048

#define SYS(name) word_t sys_##name(struct lproc *p, const word_t *a)

/* sys.c */
SYS(getpid);
SYS(getppid);
/* ids.c */
SYS(getuid);
SYS(geteuid);
SYS(getgid);
SYS(getegid);
SYS(setuid);
SYS(setgid);
SYS(setreuid);
SYS(setregid);
SYS(setresuid);
SYS(setresgid);
SYS(getresuid);
SYS(getresgid);
SYS(setfsuid);
SYS(setfsgid);
SYS(setgroups);
SYS(set_tid_address);
SYS(exit_group);
SYS(uname);
SYS(prlimit64);
SYS(getrlimit);
SYS(setrlimit);
SYS(clock_gettime);
SYS(gettimeofday);
SYS(getrandom);
SYS(set_robust_list);
SYS(sysinfo);
SYS(sched_getaffinity);
SYS(sched_setaffinity);
SYS(futex);
#define LX_EDEADLK		35 /* not in the libc's errno.h */
#define LX_FUTEX_WAIT		0
#define LX_FUTEX_WAKE		1
#define LX_FUTEX_WAIT_BITSET	9
#define LX_FUTEX_WAKE_BITSET	10
#define LX_FUTEX_PRIVATE	128
#define LX_FUTEX_CLOCK_REALTIME 256
/* files.c */
SYS(read);
SYS(write);
SYS(pread64);
SYS(pwrite64);
SYS(readv);
SYS(writev);
SYS(lseek);
SYS(close);
SYS(dup);
SYS(dup2);
SYS(dup3);
SYS(fcntl);
SYS(ioctl);
/* fs_sys.c */
SYS(openat);
SYS(fstat);
SYS(newfstatat);
SYS(statx);
SYS(getdents64);
SYS(mkdirat);
SYS(mknodat);
SYS(chroot);
SYS(unlinkat);
SYS(renameat);
SYS(renameat2);
SYS(linkat);
SYS(symlinkat);
SYS(readlinkat);
SYS(ftruncate);
SYS(fsync);
SYS(getcwd);
SYS(chdir);
SYS(fchdir);
SYS(umask);
SYS(faccessat);
SYS(fchmod);
SYS(fchmodat);
SYS(fchown);
SYS(fchownat);
SYS(utimensat);
/* mem_sys.c */
SYS(brk);
SYS(mmap);
SYS(munmap);
SYS(mprotect);
SYS(mremap);
SYS(madvise);
#define LX_TIMER_ABSTIME 1

/* sys.c: nanoseconds since boot, from the TSC. */
uint64_t now_ns(void);

/* sleep.c: the timer signals the server's notification with badge;
 * sleep_tick answers those whose time has come; sleep_forget drops p. */
struct cairn_server;
int sleep_init(word_t badge);
void sleep_tick(struct cairn_server *s);
void sleep_forget(struct lproc *p);
/* The timer again, for a deadline poll.c now has (poll_deadline). */
void sleep_rearm(void);
/* poll.c: the nearest deadline of a held poll (ns since boot), or ~0. */
uint64_t poll_deadline(void);
cptr_t poll_cancel(struct lproc *p);
SYS(poll);
SYS(ppoll);
SYS(select);
SYS(pselect6);
SYS(nanosleep);
SYS(alarm);
SYS(getitimer);
SYS(setitimer);
#define LX_ITIMER_REAL 0
SYS(clock_nanosleep);
/* sock.c, sockio.c, sockopt.c: sockets, over the net service.  Its
 * notification signals the server's with badge; sock_wake makes the
 * held calls on sockets of family (LX_AF_INET: the service's, or
 * LX_AF_UNIX) again, and poll's. */
int sock_init(word_t badge);
void sock_wake(int family);
/* The nearest end of a held call's SO_RCVTIMEO or SO_SNDTIMEO (~0: none),
 * and the held calls whose time is up at now answered (sleep.c's timer
 * calls both). */
uint64_t sock_deadline(void);
void sock_timeouts(uint64_t now);
SYS(socket);
SYS(socketpair);
SYS(bind);
SYS(listen);
SYS(accept);
SYS(accept4);
SYS(connect);
SYS(shutdown);
SYS(sendto);
SYS(recvfrom);
SYS(sendmsg);
SYS(recvmsg);
SYS(getsockname);
SYS(getpeername);
SYS(setsockopt);
SYS(getsockopt);
SYS(getgroups);
SYS(pipe);
SYS(pipe2);
/* procsys.c */
SYS(fork);
SYS(clone);
SYS(wait4);
SYS(execve);
SYS(kill);
SYS(getpgid);
SYS(getpgrp);
SYS(setpgid);
SYS(getsid);
SYS(setsid);
SYS(pause);
/* signal.c */
SYS(rt_sigaction);
SYS(rt_sigprocmask);
SYS(rt_sigpending);
SYS(rt_sigsuspend);
SYS(rt_sigreturn);
SYS(sigaltstack);
SYS(tkill);
SYS(tgkill);

/* tty.c: a terminal ioctl on the console. */
word_t tty_ioctl(struct lproc *p, word_t cmd, word_t arg);
SYS(time);
SYS(prctl);
SYS(sendfile);

/* arch/<arch>/sysarch.c: its own calls, and the old forms of the *at
 * calls that only some arches have. */
SYS(arch_prctl);
SYS(open);
SYS(stat);
SYS(lstat);
SYS(access);
SYS(mkdir);
SYS(mknod);
SYS(rmdir);
SYS(unlink);
SYS(rename);
SYS(link);
SYS(symlink);
SYS(readlink);
SYS(chmod);
SYS(chown);
SYS(lchown);

/* Linux's struct stat (the arch's layout) from st, to va in p: 0 or
 * -EFAULT. */
struct stat;
word_t arch_put_stat(struct lproc *p, word_t va, const struct stat *st);

#endif
