/*
 * wild: bad input thrown at the server (issue 13, "Bad input").  Every
 * call is made by the syscall instruction itself, so that musl neither
 * checks an argument first nor touches errno (arch_prctl may move the
 * thread pointer that errno lives behind): each answer is compared with
 * the one Linux gives, -EFAULT, -EINVAL, -EBADF, -EPERM...  Then 2,000
 * calls of random numbers with random argument words, from a fixed seed:
 * the program, the server and the kernel must all survive them.  Passes
 * on Linux too (run it with a terminal on stdout).
 */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "ptest.h"

#define KERNEL	  0xffff800000000000ul /* no program's address */
#define NONCANON  0x0000900000000000ul /* not an address at all */
#define NOWHERE	  0x1000ul	       /* below every program */
#define NOBODY	  (1L << 30)	       /* above every pid */
#define FDCWD	  (-100)
#define SET_FS	  0x1002 /* arch_prctl */
#define GET_FS	  0x1003
#define RANDOM_N  2000
#define WILD_SEED 0x5eed0f13c0ffee5ull
#define SCRATCH	  "wild.tmp"

/* A page of the program's read-only data: a copy into it is EFAULT. */
static const char ro[8192] __attribute__((aligned(4096))) = "read-only";
static char buf[4096];

static long
sc(long n, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long r;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return r;
}

static long
sc3(long n, long a, long b, long c)
{
	return sc(n, a, b, c, 0, 0, 0);
}

/* Check that a raw call answered want (a value, or -errno). */
static void
expect(long got, long want, const char *what)
{
	ptest_n++;
	if (got == want) {
		printf("ok %d %s\n", ptest_n, what);
	} else {
		ptest_failed++;
		printf("not ok %d %s: answered %ld, wanted %ld\n", ptest_n,
		       what, got, want);
	}
}

/* The lowest free descriptor: the same before and after, or a refusal
 * leaked one. */
static long
lowest_fd(void)
{
	long fd = sc3(SYS_dup, 1, 0, 0);
	sc3(SYS_close, fd, 0, 0);
	return fd;
}

static void
files(void)
{
	struct iovec iov[2] = {{buf, 4}, {buf, 4}};
	long fd, dir, low = lowest_fd();

	expect(sc3(SYS_read, -1, (long)buf, 1), -EBADF, "read -1: EBADF");
	expect(sc3(SYS_read, 999, (long)buf, 1), -EBADF, "read 999: EBADF");
	expect(sc3(SYS_write, 1, 0, 5), -EFAULT, "write NULL: EFAULT");
	expect(sc3(SYS_write, 1, KERNEL, 5), -EFAULT, "write kernel: EFAULT");
	expect(sc3(SYS_write, 1, NONCANON, 5), -EFAULT,
	       "write non-canonical: EFAULT");
	expect(sc3(SYS_write, 1, (long)buf, 0), 0, "write 0 bytes: 0");
	expect(sc3(SYS_write, -1, (long)buf, 1), -EBADF, "write -1: EBADF");
	expect(sc3(SYS_openat, FDCWD, 0, O_RDONLY), -EFAULT,
	       "openat NULL: EFAULT");
	expect(sc3(SYS_openat, FDCWD, KERNEL, O_RDONLY), -EFAULT,
	       "openat kernel: EFAULT");
	expect(sc3(SYS_openat, -5, (long)"x", O_RDONLY), -EBADF,
	       "openat dirfd -5: EBADF");
	expect(sc3(SYS_openat, FDCWD, (long)"", O_RDONLY), -ENOENT,
	       "openat \"\": ENOENT");
	expect(sc3(SYS_openat, FDCWD, (long)"/", O_WRONLY), -EISDIR,
	       "openat / to write: EISDIR");
	dir = sc3(SYS_openat, FDCWD, (long)"/", O_RDONLY | O_DIRECTORY);
	expect(dir >= 0, 1, "openat / a directory");
	expect(sc3(SYS_read, dir, (long)buf, 1), -EISDIR,
	       "read a directory: EISDIR");
	expect(sc(SYS_newfstatat, FDCWD, (long)"/", 0, 0, 0, 0), -EFAULT,
	       "newfstatat NULL stat: EFAULT");
	expect(sc(SYS_newfstatat, FDCWD, 0, (long)buf, 0, 0, 0), -EFAULT,
	       "newfstatat NULL path: EFAULT");
	expect(sc(SYS_newfstatat, FDCWD, (long)"/", (long)ro, 0, 0, 0), -EFAULT,
	       "newfstatat into read-only data: EFAULT");
	expect(sc(SYS_newfstatat, FDCWD, (long)"/", (long)buf, 0x12345, 0, 0),
	       -EINVAL, "newfstatat flags 0x12345: EINVAL");
	expect(sc(SYS_newfstatat, -5, (long)"x", (long)buf, 0, 0, 0), -EBADF,
	       "newfstatat dirfd -5: EBADF");
	expect(sc3(SYS_fstat, 1, 0, 0), -EFAULT, "fstat NULL: EFAULT");
	expect(sc3(SYS_fstat, 1, KERNEL, 0), -EFAULT, "fstat kernel: EFAULT");
	expect(sc3(SYS_fstat, -1, (long)buf, 0), -EBADF, "fstat -1: EBADF");
	expect(sc3(SYS_getdents64, dir, 0, 4096), -EFAULT,
	       "getdents64 NULL: EFAULT");
	expect(sc3(SYS_getdents64, dir, (long)ro, 4096), -EFAULT,
	       "getdents64 into read-only data: EFAULT");
	expect(sc3(SYS_getdents64, dir, (long)buf, 1), -EINVAL,
	       "getdents64 1 byte: EINVAL");
	expect(sc3(SYS_getdents64, 1, (long)buf, sizeof(buf)), -ENOTDIR,
	       "getdents64 of the console: ENOTDIR");
	expect(sc3(SYS_getdents64, -1, (long)buf, sizeof(buf)), -EBADF,
	       "getdents64 -1: EBADF");
	expect(sc3(SYS_lseek, dir, 0, 99), -EINVAL, "lseek whence 99: EINVAL");
	sc3(SYS_close, dir, 0, 0);
	fd = sc(SYS_openat, FDCWD, (long)SCRATCH, O_RDWR | O_CREAT | O_TRUNC,
		0644, 0, 0);
	expect(fd >= 0, 1, "openat a scratch file");
	expect(sc3(SYS_write, fd, (long)"0123456789", 10), 10,
	       "write 10 bytes to it");
	expect(sc3(SYS_lseek, fd, 0, 5), -EINVAL, "lseek whence 5: EINVAL");
	expect(sc3(SYS_lseek, fd, -1, SEEK_SET), -EINVAL,
	       "lseek to -1: EINVAL");
	expect(sc3(SYS_lseek, fd, 0, SEEK_CUR), 10, "the offset is still 10");
	expect(sc3(SYS_pread64, fd, (long)buf, 4), 4, "pread64 at 0");
	expect(sc(SYS_pread64, fd, (long)buf, 4, -1, 0, 0), -EINVAL,
	       "pread64 at -1: EINVAL");
	expect(sc3(SYS_readv, fd, 0, 1), -EFAULT, "readv NULL iovec: EFAULT");
	expect(sc3(SYS_readv, fd, KERNEL, 1), -EFAULT,
	       "readv kernel iovec: EFAULT");
	expect(sc3(SYS_readv, fd, (long)iov, 1L << 30), -EINVAL,
	       "readv 2^30 iovecs: EINVAL");
	expect(sc3(SYS_readv, fd, (long)iov, -1), -EINVAL,
	       "readv -1 iovecs: EINVAL");
	expect(sc3(SYS_writev, 1, 0, 1), -EFAULT, "writev NULL iovec: EFAULT");
	expect(sc3(SYS_writev, 1, (long)iov, 1025), -EINVAL,
	       "writev 1025 iovecs: EINVAL");
	iov[0].iov_len = (size_t)-1;
	expect(sc3(SYS_writev, 1, (long)iov, 2), -EINVAL,
	       "writev of length -1: EINVAL");
	iov[0].iov_base = (void *)KERNEL;
	iov[0].iov_len = 4;
	iov[1].iov_len = 4;
	expect(sc3(SYS_writev, fd, (long)iov, 1), -EFAULT,
	       "writev from a kernel address: EFAULT");
	sc3(SYS_close, fd, 0, 0);
	sc3(SYS_unlinkat, FDCWD, (long)SCRATCH, 0);
	expect(sc3(SYS_close, -1, 0, 0), -EBADF, "close -1: EBADF");
	expect(sc3(SYS_dup3, 1, 1, 0), -EINVAL, "dup3 onto itself: EINVAL");
	expect(sc3(SYS_dup3, 1, 5, 0x12345), -EINVAL,
	       "dup3 flags 0x12345: EINVAL");
	expect(sc3(SYS_fcntl, 1, 9999, 0), -EINVAL, "fcntl 9999: EINVAL");
	expect(lowest_fd(), low, "no descriptor leaked");
}

static void
pipes(void)
{
	struct iovec iov[2] = {{buf, 4}, {buf, 4}};
	int p[2] = {-1, -1};
	long low = lowest_fd();

	expect(sc3(SYS_pipe2, 0, 0, 0), -EFAULT, "pipe2 NULL: EFAULT");
	expect(sc3(SYS_pipe2, KERNEL, 0, 0), -EFAULT, "pipe2 kernel: EFAULT");
	expect(sc3(SYS_pipe2, (long)ro, 0, 0), -EFAULT,
	       "pipe2 into read-only data: EFAULT");
	expect(sc3(SYS_pipe2, (long)p, 0x12345, 0), -EINVAL,
	       "pipe2 flags 0x12345: EINVAL");
	expect(lowest_fd(), low, "the refused pipes left no descriptor");
	expect(sc3(SYS_pipe2, (long)p, 0, 0), 0, "pipe2");
	expect(sc3(SYS_write, p[1], (long)"abcdef", 6), 6, "6 bytes in");
	expect(sc3(SYS_read, p[0], 0, 1), -EFAULT, "read into NULL: EFAULT");
	expect(sc3(SYS_read, p[0], (long)ro, 1), -EFAULT,
	       "read into read-only data: EFAULT");
	expect(sc3(SYS_readv, p[0], 0, 1), -EFAULT,
	       "readv NULL iovec of a pipe: EFAULT");
	expect(sc3(SYS_read, p[0], (long)buf, 1L << 40), 6,
	       "read 2^40 bytes: what there is, 6");
	sc3(SYS_close, p[0], 0, 0);
	sc3(SYS_close, p[1], 0, 0);
	expect(sc3(SYS_pipe2, (long)p, O_NONBLOCK, 0), 0, "pipe2 O_NONBLOCK");
	iov[0].iov_len = 0x7fffffffffffffff;
	iov[1].iov_len = 0x7fffffffffffffff;
	expect(sc3(SYS_writev, p[1], (long)iov, 2), -EFAULT,
	       "writev of 2 x 2^63-1 bytes: EFAULT");
	expect(sc3(SYS_read, p[0], (long)buf, 1), -EAGAIN,
	       "and it wrote nothing");
	expect(sc3(SYS_write, p[0], (long)buf, 1), -EBADF,
	       "write to a read end: EBADF");
	expect(sc3(SYS_read, p[1], (long)buf, 1), -EBADF,
	       "read a write end: EBADF");
	expect(sc3(SYS_lseek, p[0], 0, SEEK_SET), -ESPIPE,
	       "lseek a pipe: ESPIPE");
	expect(sc3(SYS_ioctl, p[0], TCGETS, (long)buf), -ENOTTY,
	       "TCGETS of a pipe: ENOTTY");
	sc3(SYS_close, p[0], 0, 0);
	sc3(SYS_close, p[1], 0, 0);
	expect(lowest_fd(), low, "no descriptor leaked");
}

static void
memory(void)
{
	long cur = sc3(SYS_brk, 0, 0, 0);
	long mm = (long)mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long anon = MAP_PRIVATE | MAP_ANONYMOUS;

	expect(sc(SYS_mmap, 0, 0, PROT_READ, anon, -1, 0), -EINVAL,
	       "mmap length 0: EINVAL");
	expect(sc(SYS_mmap, 0, 1L << 62, PROT_READ, anon, -1, 0), -ENOMEM,
	       "mmap 2^62 bytes: ENOMEM");
	expect(sc(SYS_mmap, 0, -1, PROT_READ, anon, -1, 0), -ENOMEM,
	       "mmap length -1: ENOMEM");
	expect(sc(SYS_mmap, 0, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0), -EINVAL,
	       "mmap neither shared nor private: EINVAL");
	expect(sc(SYS_mmap, 0, 4096, PROT_READ, anon, -1, 1), -EINVAL,
	       "mmap offset 1: EINVAL");
	expect(sc(SYS_mmap, 0x10001, 4096, PROT_READ, anon | MAP_FIXED, -1, 0),
	       -EINVAL, "mmap MAP_FIXED unaligned: EINVAL");
	expect(sc(SYS_mmap, (long)KERNEL, 4096, PROT_READ, anon | MAP_FIXED, -1,
		  0),
	       -ENOMEM, "mmap MAP_FIXED at a kernel address: ENOMEM");
	expect(sc(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, -1, 0), -EBADF,
	       "mmap of descriptor -1: EBADF");
	expect(sc3(SYS_munmap, 0x10001, 4096, 0), -EINVAL,
	       "munmap unaligned: EINVAL");
	expect(sc3(SYS_munmap, 0x10000, 0, 0), -EINVAL,
	       "munmap length 0: EINVAL");
	expect(sc3(SYS_munmap, (long)KERNEL, 4096, 0), -EINVAL,
	       "munmap a kernel address: EINVAL");
	expect(sc3(SYS_munmap, 0x10000, 4096, 0), 0,
	       "munmap of nothing mapped: 0");
	expect(sc3(SYS_mprotect, 0x10001, 4096, PROT_READ), -EINVAL,
	       "mprotect unaligned: EINVAL");
	expect(sc3(SYS_mprotect, 0x10000, 4096, PROT_READ), -ENOMEM,
	       "mprotect of nothing mapped: ENOMEM");
	expect(sc3(SYS_mprotect, (long)KERNEL, 4096, PROT_READ), -ENOMEM,
	       "mprotect a kernel address: ENOMEM");
	expect(sc3(SYS_mprotect, mm, 4096, 0x100), -EINVAL,
	       "mprotect prot 0x100: EINVAL");
	expect(sc3(SYS_mprotect, mm, 4096, PROT_NONE), 0, "mprotect PROT_NONE");
	expect(sc3(SYS_write, 1, mm, 4), -EFAULT,
	       "write from a PROT_NONE page: EFAULT");
	expect(sc3(SYS_mprotect, mm, 4096, PROT_READ), 0, "mprotect PROT_READ");
	expect(sc3(SYS_uname, mm, 0, 0), -EFAULT,
	       "uname into a read-only page: EFAULT");
	expect(sc3(SYS_munmap, mm, 8192, 0), 0, "munmap");
	expect(sc3(SYS_uname, mm, 0, 0), -EFAULT,
	       "uname into an unmapped page: EFAULT");
	expect(sc3(SYS_brk, (long)KERNEL, 0, 0), cur,
	       "brk to a kernel address: the old break");
	expect(sc3(SYS_brk, -1, 0, 0), cur, "brk to -1: the old break");
	expect(sc3(SYS_brk, 1, 0, 0), cur, "brk to 1: the old break");
	expect(sc3(SYS_brk, 0x7ffffff00000, 0, 0), cur,
	       "brk into the stack: the old break");
	expect(sc3(SYS_brk, 0, 0, 0), cur, "the break did not move");
}

static void
system_calls(void)
{
	uint64_t fs0 = 0, fs = 0;
	struct {
		uint64_t cur, max;
	} lim = {0, 0}, big = {2, 1};

	expect(sc3(SYS_clock_gettime, CLOCK_MONOTONIC, 0, 0), -EFAULT,
	       "clock_gettime NULL: EFAULT");
	expect(sc3(SYS_clock_gettime, CLOCK_MONOTONIC, (long)ro, 0), -EFAULT,
	       "clock_gettime into read-only data: EFAULT");
	expect(sc3(SYS_clock_gettime, 12345, (long)buf, 0), -EINVAL,
	       "clock 12345: EINVAL");
	expect(sc3(SYS_uname, 0, 0, 0), -EFAULT, "uname NULL: EFAULT");
	expect(sc3(SYS_uname, (long)KERNEL, 0, 0), -EFAULT,
	       "uname kernel: EFAULT");
	expect(sc3(SYS_uname, (long)ro, 0, 0), -EFAULT,
	       "uname into read-only data: EFAULT");
	expect(sc3(SYS_getrandom, 0, 16, 0), -EFAULT, "getrandom NULL: EFAULT");
	expect(sc3(SYS_getrandom, (long)ro, 16, 0), -EFAULT,
	       "getrandom into read-only data: EFAULT");
	expect(sc3(SYS_getrandom, (long)buf, 16, 0x100), -EINVAL,
	       "getrandom flags 0x100: EINVAL");
	expect(sc3(SYS_getrandom, (long)buf, 0, 0), 0, "getrandom 0 bytes: 0");
	expect(sc(SYS_prlimit64, 0, RLIMIT_NOFILE, 0, 0, 0, 0), 0,
	       "prlimit64 with neither: 0");
	expect(sc(SYS_prlimit64, 0, RLIMIT_NOFILE, 0, (long)ro, 0, 0), -EFAULT,
	       "prlimit64 old into read-only data: EFAULT");
	expect(sc(SYS_prlimit64, 0, RLIMIT_NOFILE, (long)KERNEL, 0, 0, 0),
	       -EFAULT, "prlimit64 new from a kernel address: EFAULT");
	expect(sc(SYS_prlimit64, 0, 999, 0, (long)&lim, 0, 0), -EINVAL,
	       "prlimit64 resource 999: EINVAL");
	expect(sc(SYS_prlimit64, 0, RLIMIT_NOFILE, (long)&big, 0, 0, 0),
	       -EINVAL, "prlimit64 soft above hard: EINVAL");
	expect(sc(SYS_prlimit64, NOBODY, RLIMIT_NOFILE, 0, (long)&lim, 0, 0),
	       -ESRCH, "prlimit64 of nobody: ESRCH");
	/* Were one accepted, the thread pointer (errno's) would be wild:
	 * put back before anything else runs. */
	sc3(SYS_arch_prctl, GET_FS, (long)&fs0, 0);
	long r1 = sc3(SYS_arch_prctl, SET_FS, (long)KERNEL, 0);
	long r2 = sc3(SYS_arch_prctl, SET_FS, -1, 0);
	long r3 = sc3(SYS_arch_prctl, SET_FS, 0x800000000000, 0);
	sc3(SYS_arch_prctl, GET_FS, (long)&fs, 0);
	sc3(SYS_arch_prctl, SET_FS, (long)fs0, 0);
	expect(r1, -EPERM, "arch_prctl SET_FS to a kernel address: EPERM");
	expect(r2, -EPERM, "arch_prctl SET_FS to -1: EPERM");
	expect(r3, -EPERM, "arch_prctl SET_FS to 0x800000000000: EPERM");
	expect(fs0 != 0 && fs == fs0, 1,
	       "arch_prctl GET_FS: the thread pointer is still there");
	expect(sc3(SYS_arch_prctl, GET_FS, 0, 0), -EFAULT,
	       "arch_prctl GET_FS into NULL: EFAULT");
	expect(sc3(SYS_arch_prctl, 0x9999, 0, 0), -EINVAL,
	       "arch_prctl 0x9999: EINVAL");
	expect(sc3(SYS_ioctl, 1, TCGETS, 0), -EFAULT,
	       "TCGETS of the console into NULL: EFAULT");
	expect(sc3(SYS_ioctl, 1, TCSETS, (long)KERNEL), -EFAULT,
	       "TCSETS from a kernel address: EFAULT");
	expect(sc3(SYS_ioctl, 1, TIOCGWINSZ, (long)ro), -EFAULT,
	       "TIOCGWINSZ into read-only data: EFAULT");
	expect(sc3(SYS_ioctl, 1, TIOCSWINSZ, 0), -EFAULT,
	       "TIOCSWINSZ from NULL: EFAULT");
	expect(sc3(SYS_ioctl, 1, TIOCGPGRP, 0), -EFAULT,
	       "TIOCGPGRP into NULL: EFAULT");
	expect(sc3(SYS_ioctl, 1, 0x12345678, (long)buf), -ENOTTY,
	       "ioctl 0x12345678: ENOTTY");
	expect(sc3(SYS_ioctl, -1, TCGETS, (long)buf), -EBADF,
	       "ioctl -1: EBADF");
	expect(sc3(SYS_kill, sc3(SYS_getpid, 0, 0, 0), 65, 0), -EINVAL,
	       "kill with signal 65: EINVAL");
	expect(sc3(SYS_kill, sc3(SYS_getpid, 0, 0, 0), -1, 0), -EINVAL,
	       "kill with signal -1: EINVAL");
	expect(sc3(SYS_kill, -1, 65, 0), -EINVAL,
	       "kill everyone with signal 65: EINVAL");
	expect(sc3(SYS_kill, sc3(SYS_getpid, 0, 0, 0), 0, 0), 0,
	       "kill myself with signal 0: 0");
	expect(sc3(SYS_kill, NOBODY, 0, 0), -ESRCH, "kill nobody: ESRCH");
	expect(sc3(SYS_kill, INT_MIN, 0, 0), -ESRCH, "kill INT_MIN: ESRCH");
}

static void
waiting(void)
{
	long st = 0;
	long c = sc3(SYS_fork, 0, 0, 0);

	if (c == 0) {
		sc3(SYS_exit_group, 3, 0, 0);
	}
	expect(c > 0, 1, "fork");
	expect(sc(SYS_wait4, c, (long)&st, 0x12345, 0, 0, 0), -EINVAL,
	       "wait4 options 0x12345: EINVAL");
	expect(sc(SYS_wait4, c, 0x1000, 0, 0, 0, 0), -EFAULT,
	       "wait4 status into nowhere: EFAULT");
	expect(sc(SYS_wait4, c, (long)&st, WNOHANG, 0, 0, 0), -ECHILD,
	       "the refused wait4 reaped it: ECHILD");
	c = sc3(SYS_fork, 0, 0, 0);
	if (c == 0) {
		sc3(SYS_exit_group, 4, 0, 0);
	}
	expect(sc(SYS_wait4, c, (long)&st, 0, (long)ro, 0, 0), -EFAULT,
	       "wait4 rusage into read-only data: EFAULT");
	sc(SYS_wait4, -1, (long)&st, WNOHANG, 0, 0, 0);
	expect(sc(SYS_wait4, -1, (long)&st, 0, 0, 0, 0), -ECHILD,
	       "no child left: ECHILD");
}

/*
 * execve's refusals, in a child: were one to run the program, the child
 * says so (main) and the parent counts a failure.
 */
static void
exec_refusals(void)
{
	static const char *const good[] = {"wild", "execed", NULL};
	static const char *const env[] = {"WILD_EXECED=1", NULL};
	long st = 0;
	int failed = ptest_failed;

	fflush(stdout);
	long c = sc3(SYS_fork, 0, 0, 0);
	if (c == 0) {
		const char *bad1[] = {"wild", (const char *)KERNEL, NULL};
		const char *bad2[] = {"wild", (const char *)NOWHERE, NULL};
		const char *self = "/proc/self/exe";
		/* The last page of a mapping, its next page unmapped: an
		 * argv without its NULL runs off the end. */
		char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		munmap(m + 4096, 4096);
		const char **edge = (const char **)(m + 4096) - 1;
		*edge = "wild";
		expect(sc3(SYS_execve, 0, (long)good, (long)env), -EFAULT,
		       "execve NULL path: EFAULT");
		expect(sc3(SYS_execve, (long)KERNEL, (long)good, (long)env),
		       -EFAULT, "execve kernel path: EFAULT");
		expect(sc3(SYS_execve, (long)self, (long)KERNEL, (long)env),
		       -EFAULT, "execve argv at a kernel address: EFAULT");
		expect(sc3(SYS_execve, (long)self, NOWHERE, (long)env), -EFAULT,
		       "execve argv nowhere: EFAULT");
		expect(sc3(SYS_execve, (long)self, (long)bad1, (long)env),
		       -EFAULT, "execve argv[1] a kernel address: EFAULT");
		expect(sc3(SYS_execve, (long)self, (long)bad2, (long)env),
		       -EFAULT, "execve argv[1] nowhere: EFAULT");
		expect(sc3(SYS_execve, (long)self, (long)edge, (long)env),
		       -EFAULT, "execve argv without its NULL: EFAULT");
		expect(sc3(SYS_execve, (long)self, (long)good, NOWHERE),
		       -EFAULT, "execve envp nowhere: EFAULT");
		expect(sc3(SYS_execve, (long)self, (long)good, (long)bad1),
		       -EFAULT, "execve envp[1] a kernel address: EFAULT");
		fflush(stdout);
		sc3(SYS_exit_group, ptest_failed - failed, 0, 0);
	}
	ptest_n += 9; /* the child's checks, and its failures */
	expect(sc(SYS_wait4, c, (long)&st, 0, 0, 0, 0), c,
	       "the execve child ended");
	if (WIFEXITED(st) && WEXITSTATUS(st) <= 9) {
		ptest_failed += WEXITSTATUS(st);
	} else {
		ptest_failed++;
		printf("wild: the execve child ended with status 0x%lx\n", st);
	}
}

static uint64_t rnd_state = WILD_SEED;

static uint64_t
rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* A word for an argument: never the address of anything the program
 * has, so that no call can write its memory or print it. */
static long
wild_word(void)
{
	uint64_t r = rnd();

	switch (r & 7) {
	case 0:
		return 0;
	case 1:
		return (long)((r >> 8) & 15);
	case 2:
		return -(long)((r >> 8) & 3) - 1;
	case 3:
		return (long)(KERNEL + ((r >> 8) & 0xfffff000));
	case 4:
		return (long)(0x80000000u | (uint32_t)(r >> 16));
	case 5:
		return (long)rnd();
	case 6:
		return (long)(((r >> 8) & 15) << 12);
	default:
		return (long)(1ull << (32 + (r >> 8) % 31));
	}
}

/*
 * Calls the loop leaves out: those that end, fork, block or signal;
 * those that would close or replace the console, or change the host a
 * run on Linux happens on (mounts, clocks, ids, keys, modules...); those
 * that make a descriptor a later read could block on; Linux's uretprobe
 * and uprobe (335, 336), which answer a call from elsewhere with SIGILL.
 */
static const unsigned short skipped[] = {
    3,	 7,   15,  23,	29,  30,  31,  32,  33,	 34,  35,  37,	38,  41,  42,
    43,	 45,  47,  56,	57,  58,  59,  60,  61,	 62,  64,  65,	66,  68,  69,
    70,	 71,  73,  91,	93,  101, 103, 105, 106, 113, 114, 116, 117, 119, 122,
    123, 126, 128, 129, 130, 135, 141, 151, 153, 155, 157, 158, 159, 161, 163,
    164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 175, 176, 179, 200, 202,
    208, 213, 220, 222, 223, 224, 225, 226, 227, 230, 231, 232, 233, 234, 240,
    241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 253, 256, 270, 271,
    272, 275, 276, 278, 279, 281, 282, 283, 284, 286, 287, 288, 289, 290, 291,
    292, 294, 297, 298, 299, 300, 301, 305, 308, 310, 311, 313, 317, 320, 321,
    322, 323, 326, 333, 334, 335, 336, 424, 428, 429, 430, 431, 432, 433, 434,
    435, 436, 438, 441, 442, 443, 444, 445, 446, 447, 449, 450,
};

/* The memory calls, which take a range first. */
static const unsigned short ranged[] = {9,   10,  11,  25,  26,	 27, 28,
					149, 150, 216, 237, 325, 329};

static int
listed(const unsigned short *l, size_t n, long nr)
{
	for (size_t i = 0; i < n; i++) {
		if (l[i] == nr) {
			return 1;
		}
	}
	return 0;
}

static int
skip(long nr, const long *a)
{
	uint64_t start = (uint64_t)a[0], end = start + (uint64_t)a[1];

	if (listed(skipped, sizeof(skipped) / sizeof(skipped[0]), nr)) {
		return 1;
	}
	/* A read of the console waits on Linux; fcntl could make it
	 * non-blocking; sendfile would read it. */
	if ((nr == 0 || nr == 17 || nr == 19 || nr == 72 || nr == 295 ||
	     nr == 327) &&
	    (uint64_t)a[0] <= 2) {
		return 1;
	}
	if (nr == 40 && (uint64_t)a[1] <= 2) {
		return 1;
	}
	/* A range over the program's own pages. */
	return listed(ranged, sizeof(ranged) / sizeof(ranged[0]), nr) &&
	       start < 0x800000000000ul && end >= start && end > 0x400000;
}

static void
random_calls(void)
{
	long a[6];
	int n = 0;

	fflush(stdout);
	while (n < RANDOM_N) {
		long nr = (long)(rnd() % 451);
		for (int i = 0; i < 6; i++) {
			a[i] = wild_word();
		}
		if (skip(nr, a)) {
			continue;
		}
		sc(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		n++;
	}
	printf("wild: survived %d calls\n", n);
}

int
main(int argc, char **argv)
{
	if (argc < 1 || getenv("WILD_EXECED") != NULL ||
	    (argc > 1 && strcmp(argv[1], "execed") == 0)) {
		printf("wild: an execve with bad arguments ran the program\n");
		return 99;
	}
	expect(ro[0] == 'r', 1, "the read-only page");
	files();
	pipes();
	memory();
	system_calls();
	waiting();
	exec_refusals();
	random_calls();
	return ptest_done("wild");
}
