/*
 * memtest: the memory calls.  brk through malloc, anonymous mmap, munmap
 * and mprotect, file mappings, mremap and madvise, shared anonymous
 * mappings (and of /dev/zero) across fork, each refusal Linux gives for
 * bad arguments, and -EFAULT for a pointer the process does not have.
 * Ends 0 if all passed; also passes on Linux.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptest.h"

static void
heap(void)
{
	/* musl's brk() refuses always; the call itself is what programs
	 * (and musl's malloc) use. */
	char *b0 = (char *)syscall(SYS_brk, 0);
	char *p = malloc(100000);
	ptest_check(p != NULL, "malloc 100000");
	if (p == NULL) {
		return;
	}
	memset(p, 0x5a, 100000);
	ptest_check(p[0] == 0x5a && p[99999] == 0x5a, "the heap is writable");
	free(p);
	char *end = (char *)syscall(SYS_brk, b0 + 8192);
	ptest_check(end == b0 + 8192, "brk grows by 2 pages");
	end[-1] = 1;
	ptest_check((char *)syscall(SYS_brk, 0) == end,
		    "brk(0) is the new end");
	ptest_check((char *)syscall(SYS_brk, b0) == b0, "brk shrinks back");
	ptest_check((char *)syscall(SYS_brk, (char *)16) == b0,
		    "brk below the heap: the old break");
}

static void
anonymous(void)
{
	size_t len = 5 * 4096;
	char *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ptest_check(m != MAP_FAILED, "mmap 5 pages anonymous");
	int zero = 1;
	for (size_t i = 0; i < len; i++) {
		zero = zero && m[i] == 0;
	}
	ptest_check(zero, "an anonymous mapping reads zero");
	m[len - 1] = 7;
	ptest_check(m[len - 1] == 7, "and is writable");
	ptest_check(mprotect(m, 4096, PROT_READ) == 0, "mprotect read-only");
	ptest_check(munmap(m, len) == 0, "munmap");
	char *f = mmap((void *)0x200000000ull, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ptest_check(f == (void *)0x200000000ull, "MAP_FIXED at 8 GiB");
	f[0] = 1;
	ptest_check(munmap(f, 4096) == 0, "munmap it");
	size_t big = 12u << 20;
	long *b = mmap(NULL, big, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ptest_check(b != MAP_FAILED, "mmap 12 MiB");
	for (size_t i = 0; b != MAP_FAILED && i < big / sizeof(long);
	     i += 512) {
		b[i] = (long)i;
	}
	int same = b != MAP_FAILED;
	for (size_t i = 0; same && i < big / sizeof(long); i += 512) {
		same = b[i] == (long)i;
	}
	ptest_check(same, "each of its 3,072 pages written and read back");
	ptest_check(b != MAP_FAILED && munmap(b, big) == 0, "munmap 12 MiB");
}

/* Byte i of the file the mapping tests make. */
static char
pattern(long i)
{
	return (char)(i * 7 + i / 4096);
}

static void
file_mappings(void)
{
	static char buf[3 * 4096 + 100];
	const long n = sizeof(buf);
	int pfd[2];

	for (long i = 0; i < n; i++) {
		buf[i] = pattern(i);
	}
	int fd = open("memtest.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ptest_check(fd >= 0 && write(fd, buf, n) == n, "a file of 3 pages and "
						       "100 bytes");
	char *m = mmap(NULL, 4 * 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	int same = m != MAP_FAILED;
	for (long i = 0; same && i < 4 * 4096; i++) {
		same = m[i] == (i < n ? pattern(i) : 0);
	}
	ptest_check(same, "mmap of the file: its bytes, zeros past its end");
	munmap(m, 4 * 4096);
	m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 8192);
	ptest_check(m != MAP_FAILED && m[0] == pattern(8192) &&
			m[4095] == pattern(12287),
		    "at an offset: that page");
	munmap(m, 4096);
	m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char c = 0;
	if (m != MAP_FAILED) {
		m[5] = 'X';
	}
	ptest_check(m != MAP_FAILED && m[5] == 'X' &&
			pread(fd, &c, 1, 5) == 1 && c == pattern(5),
		    "MAP_PRIVATE written: the file keeps its bytes");
	munmap(m, 8192);
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	ptest_check(m != MAP_FAILED && m[100] == pattern(100),
		    "MAP_SHARED read-only");
	munmap(m, 4096);
	close(fd);
	fd = open("memtest.dat", O_RDONLY);
	ptest_refused(
	    (long)mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0),
	    EACCES, "MAP_SHARED writable of a read-only fd: EACCES");
	close(fd);
	fd = open("memtest.dat", O_WRONLY);
	ptest_refused((long)mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0),
		      EACCES, "mmap of a write-only fd: EACCES");
	close(fd);
	pipe(pfd);
	ptest_refused((long)mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, pfd[0], 0),
		      ENODEV, "mmap of a pipe: ENODEV");
	close(pfd[0]);
	close(pfd[1]);
	ptest_refused((long)mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 40, 0),
		      EBADF, "mmap of a closed fd: EBADF");
	fd = open("/dev/zero", O_RDONLY);
	m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	ptest_check(m != MAP_FAILED && m[0] == 0 && m[4095] == 0,
		    "/dev/zero: zeros");
	munmap(m, 4096);
	close(fd);
	unlink("memtest.dat");
}

static void
remapping(void)
{
	char *m = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED) {
		ptest_check(0, "mmap for mremap");
		return;
	}
	memset(m, 0x33, 2 * 4096);
	char *g = mremap(m, 2 * 4096, 64 * 4096, MREMAP_MAYMOVE);
	ptest_check(g != MAP_FAILED && g[0] == 0x33 && g[8191] == 0x33 &&
			g[8192] == 0 && g[64 * 4096 - 1] == 0,
		    "mremap grows: the bytes kept, the rest zero");
	char *s = mremap(g, 64 * 4096, 4096, 0);
	ptest_check(s == g && s[4095] == 0x33, "mremap shrinks in place");
	/* A page in the way, and no leave to move. */
	char *fixed = mmap((void *)0x300000000ull, 4096, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	char *wall = mmap((void *)0x300001000ull, 4096, PROT_READ,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ptest_check(fixed != MAP_FAILED && wall != MAP_FAILED,
		    "two pages side by side");
	ptest_refused((long)mremap(fixed, 4096, 8192, 0), ENOMEM,
		      "mremap blocked, without MREMAP_MAYMOVE: ENOMEM");
	ptest_refused((long)mremap(fixed, 4096, 8192, 0x80), EINVAL,
		      "mremap with unknown flags: EINVAL");
	ptest_refused(
	    (long)mremap((void *)0x310000000ull, 4096, 8192, MREMAP_MAYMOVE),
	    EFAULT, "mremap of nothing mapped: EFAULT");
	fixed[0] = 9;
	ptest_check(madvise(fixed, 4096, MADV_DONTNEED) == 0 && fixed[0] == 0,
		    "MADV_DONTNEED: the page reads zero");
	ptest_check(madvise(fixed, 4096, MADV_WILLNEED) == 0,
		    "MADV_WILLNEED: taken");
	ptest_refused(madvise(fixed, 4096, 1000), EINVAL,
		      "madvise 1000: EINVAL");
	ptest_refused(madvise((void *)0x310000000ull, 4096, MADV_WILLNEED),
		      ENOMEM, "madvise of nothing mapped: ENOMEM");
	munmap(fixed, 8192);
	munmap(s, 4096);
}

#define PG 4096

/* A shared anonymous mapping of n pages, read-write, or MAP_FAILED. */
static volatile char *
shared_map(size_t n)
{
	return mmap(NULL, n * PG, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
}

/* Wait for pid: did it exit with status 0? */
static int
child_ok(pid_t pid)
{
	int st = -1;

	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	       WEXITSTATUS(st) == 0;
}

/* Block until a byte comes through the pipe p (the other side's go). */
static void
await(int p[2])
{
	char c;

	close(p[1]);
	if (read(p[0], &c, 1) != 1) {
		_exit(3);
	}
	close(p[0]);
}

/* Send the go through the pipe p. */
static void
go(int p[2])
{
	close(p[0]);
	if (write(p[1], "g", 1) != 1) {
		ptest_check(0, "the go through the pipe");
	}
	close(p[1]);
}

/* A counter both write after fork: each sees the other's write. */
static void
shared_counter(void)
{
	volatile char *m = shared_map(2);
	volatile char *priv = mmap(NULL, PG, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int p[2];

	ptest_check(m != MAP_FAILED && priv != MAP_FAILED && m[0] == 0 &&
			m[2 * PG - 1] == 0,
		    "MAP_SHARED | MAP_ANONYMOUS, 2 pages: zeros");
	if (m == MAP_FAILED || priv == MAP_FAILED || pipe(p) != 0) {
		return;
	}
	volatile int *n = (volatile int *)m;
	*n = 1;
	pid_t c = fork();
	if (c == 0) {
		await(p);
		int later = *n;
		*n = later + 1;
		m[PG] = 'c';
		*priv = 'c';
		_exit(later == 5 ? 0 : 1);
	}
	*n = 5; /* after fork: the child's copy would not see it */
	go(p);
	ptest_check(child_ok(c), "the child sees the parent's write after "
				 "fork");
	ptest_check(*n == 6 && m[PG] == 'c',
		    "the parent sees the child's writes");
	ptest_check(*priv == 0, "a private page beside it: the child's own");
	c = fork();
	if (c == 0) {
		pid_t g = fork();
		if (g == 0) {
			(*n)++;
			_exit(0);
		}
		_exit(child_ok(g) ? 0 : 1);
	}
	ptest_check(child_ok(c) && *n == 7, "a grandchild's write reaches it");
	munmap((void *)priv, PG);
	munmap((void *)m, 2 * PG);
}

/* Each side's munmap and exit leave the other's pages as they were. */
static void
shared_unmap(void)
{
	volatile char *m = shared_map(3);
	int p[2];

	if (m == MAP_FAILED || pipe(p) != 0) {
		ptest_check(0, "mmap shared for munmap");
		return;
	}
	pid_t c = fork();
	if (c == 0) {
		await(p);
		int ok = m[0] == 'p' && m[2 * PG] == 'q';
		m[PG] = 'r'; /* still writable, the parent's gone */
		_exit(ok && m[PG] == 'r' ? 0 : 1);
	}
	m[0] = 'p';
	m[2 * PG] = 'q';
	ptest_check(munmap((void *)m, 3 * PG) == 0, "the parent's munmap");
	go(p);
	ptest_check(child_ok(c), "the child still has the pages, with the "
				 "parent's bytes");
	m = shared_map(3);
	if (m == MAP_FAILED) {
		ptest_check(0, "mmap shared for exit");
		return;
	}
	c = fork();
	if (c == 0) {
		memset((void *)m, 'x', 3 * PG);
		munmap((void *)m, PG);
		_exit(0);
	}
	int same = child_ok(c);
	for (size_t i = 0; same && i < 3 * PG; i++) {
		same = m[i] == 'x';
	}
	ptest_check(same, "after the child's munmap and exit: the parent's "
			  "pages, with the child's bytes");
	munmap((void *)m, 3 * PG);
}

/* mprotect, madvise and mremap of a shared mapping. */
static void
shared_calls(void)
{
	volatile char *m = shared_map(2);

	if (m == MAP_FAILED) {
		ptest_check(0, "mmap shared for mprotect");
		return;
	}
	ptest_check(mprotect((void *)m, 2 * PG, PROT_READ) == 0,
		    "mprotect a shared mapping read-only");
	pid_t c = fork();
	if (c == 0) {
		if (mprotect((void *)m, PG, PROT_READ | PROT_WRITE) != 0) {
			_exit(1);
		}
		m[10] = 'w';
		_exit(0);
	}
	ptest_check(child_ok(c) && m[10] == 'w',
		    "the child's mprotect to write: its write reaches the "
		    "parent");
	ptest_check(mprotect((void *)m, 2 * PG, PROT_READ | PROT_WRITE) == 0,
		    "and the parent's");
	m[11] = 'v';
	ptest_check(madvise((void *)m, PG, MADV_DONTNEED) == 0 &&
			m[10] == 'w' && m[11] == 'v',
		    "MADV_DONTNEED of a shared page: its bytes stay");
	volatile char *s = mremap((void *)m, 2 * PG, PG, 0);
	ptest_check(s == m && s[10] == 'w', "mremap shrinks it in place");
	volatile char *g = s == MAP_FAILED
			       ? MAP_FAILED
			       : mremap((void *)s, PG, 2 * PG, MREMAP_MAYMOVE);
	ptest_check(g != MAP_FAILED && g[10] == 'w',
		    "mremap grows it: its bytes kept");
	if (g == MAP_FAILED) {
		return;
	}
	c = fork();
	if (c == 0) {
		g[12] = 'u';
		_exit(0);
	}
	ptest_check(child_ok(c) && g[12] == 'u', "and it stays shared");
	munmap((void *)g, 2 * PG);
}

/* /dev/zero shared is shared anonymous memory. */
static void
shared_zero(void)
{
	int fd = open("/dev/zero", O_RDWR);
	volatile char *m =
	    mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	ptest_check(m != MAP_FAILED && m[0] == 0 && m[PG - 1] == 0,
		    "/dev/zero MAP_SHARED: zeros");
	if (m == MAP_FAILED) {
		close(fd);
		return;
	}
	pid_t c = fork();
	if (c == 0) {
		m[5] = 'z';
		_exit(0);
	}
	ptest_check(child_ok(c) && m[5] == 'z', "and shared with a child");
	munmap((void *)m, PG);
	ptest_refused((long)mmap(NULL, PG, PROT_READ,
				 MAP_SHARED_VALIDATE | 0x200000, fd, 0),
		      EOPNOTSUPP,
		      "MAP_SHARED_VALIDATE with an unknown flag: EOPNOTSUPP");
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	ptest_refused(
	    (long)mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0),
	    EACCES, "/dev/zero read-only, MAP_SHARED writable: EACCES");
	close(fd);
}

/* 12 times 3 MiB shared with a child, more than Cairn's 32 MiB: each
 * frame must go back once both have dropped it. */
static void
shared_again(void)
{
	int ok = 1;

	for (int i = 0; i < 12 && ok; i++) {
		volatile char *m = shared_map(768);
		ok = m != MAP_FAILED;
		if (!ok) {
			break;
		}
		pid_t c = fork();
		if (c == 0) {
			for (size_t at = 0; at < 768 * PG; at += PG) {
				m[at] = (char)i;
			}
			_exit(0);
		}
		ok = child_ok(c) && m[767 * PG] == (char)i;
		munmap((void *)m, 768 * PG);
	}
	ptest_check(ok, "12 shared 3 MiB mappings, one after another");
}

static void
shared_refusals(void)
{
	ptest_refused(
	    (long)mmap(NULL, 0, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0),
	    EINVAL, "MAP_SHARED of 0 bytes: EINVAL");
	ptest_refused((long)mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0),
		      EINVAL, "neither shared nor private: EINVAL");
	ptest_refused((long)mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS | 4, -1, 0),
		      EINVAL, "a mapping type Linux has not: EINVAL");
	ptest_refused((long)mmap(NULL, PG, PROT_READ,
				 MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0),
		      EINVAL, "MAP_SHARED_VALIDATE anonymous: EINVAL");
	ptest_refused((long)mmap(NULL, PG, PROT_READ,
				 MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1,
				 0),
		      EINVAL, "MAP_SHARED | MAP_GROWSDOWN: EINVAL");
	ptest_refused(
	    (long)mmap(NULL, PG, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 5),
	    EINVAL, "MAP_SHARED at an unaligned offset: EINVAL");
}

static void
refusals(void)
{
	ptest_refused(
	    (long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
	    EINVAL, "mmap of 0 bytes: EINVAL");
	ptest_refused((long)mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
		      EACCES,
		      "mmap writable and executable: EACCES (Cairn's "
		      "W^X; Linux allows it)");
	ptest_refused((long)mmap((void *)0x200000123ull, 4096, PROT_READ,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
				 0),
		      EINVAL, "MAP_FIXED unaligned: EINVAL");
	ptest_refused(munmap((void *)0x1001, 4096), EINVAL,
		      "munmap unaligned: EINVAL");
	/* musl rounds mprotect's start down; the call does not. */
	ptest_refused(syscall(SYS_mprotect, 0x1001, 4096, PROT_READ), EINVAL,
		      "mprotect unaligned: EINVAL");
	ptest_refused(write(1, (void *)0x10, 5), EFAULT,
		      "write from an unmapped pointer: EFAULT");
	ptest_refused(write(1, (void *)-4096L, 5), EFAULT,
		      "write from a kernel pointer: EFAULT");
	ptest_refused(write(9, "x", 1), EBADF, "write to fd 9: EBADF");
	ptest_refused(syscall(400), ENOSYS, "an unknown call: ENOSYS");
	ptest_refused(syscall(400), ENOSYS, "again: ENOSYS, logged once");
}

int
main(void)
{
	heap();
	anonymous();
	file_mappings();
	remapping();
	shared_counter();
	shared_unmap();
	shared_calls();
	shared_zero();
	shared_again();
	shared_refusals();
	refusals();
	return ptest_done("memtest");
}
