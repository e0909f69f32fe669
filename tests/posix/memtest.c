/*
 * memtest: the memory calls.  brk through malloc, anonymous mmap, munmap
 * and mprotect, each refusal Linux gives for bad arguments, and -EFAULT
 * for a pointer the process does not have.  Ends 0 if all passed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
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
	refusals();
	return ptest_done("memtest");
}
