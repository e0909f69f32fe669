/*
 * sys: Linux's system calls, answered for a process.  Each handler takes
 * the six argument words and returns what Linux would put in the result
 * register: a value, or -errno.  The table that maps numbers to handlers
 * is the arch's (arch/<arch>/systab.c).  This file has the calls of the
 * console, the process's identity and its end; mem_sys.c those of
 * memory.
 */
#include <stdio.h>
#include <string.h>

#include "posix.h"
#include "procrt.h"
#include "sysdefs.h"

#define IOV_MAX	   1024
#define CHUNK	   4096
#define CONSOLE_FD 3 /* fds below are the console */

static uint64_t unknown_seen[SYS_MAX / 64];

void
sys_log_unknown(word_t nr)
{
	if (nr >= SYS_MAX) {
		printf("posix: unknown system call %lu\n", nr);
		return;
	}
	if ((unknown_seen[nr / 64] >> (nr % 64) & 1) == 0) {
		unknown_seen[nr / 64] |= 1ull << (nr % 64);
		printf("posix: system call %lu (%s) not implemented: ENOSYS\n",
		       nr, sysname[nr] != NULL ? sysname[nr] : "?");
	}
}

word_t
sys_call(struct lproc *p, word_t nr, const word_t *args)
{
	if (nr < SYS_MAX && systab[nr] != NULL) {
		return systab[nr](p, args);
	}
	sys_log_unknown(nr);
	return (word_t)-LX_ENOSYS;
}

/* Write n bytes of p's at va to the console: n, or -errno. */
static long
console_write(struct lproc *p, word_t va, word_t n)
{
	char buf[CHUNK];
	word_t done = 0;

	while (done < n) {
		word_t k = n - done < CHUNK ? n - done : CHUNK;
		long st = copy_in(p, buf, va + done, k);
		if (st < 0) {
			return done > 0 ? (long)done : st;
		}
		cairn_serial_write(buf, k);
		done += k;
	}
	return (long)done;
}

word_t
sys_write(struct lproc *p, const word_t *a)
{
	if (a[0] >= CONSOLE_FD) {
		return (word_t)-LX_EBADF;
	}
	if ((long)a[2] < 0) {
		return (word_t)-LX_EINVAL;
	}
	return (word_t)console_write(p, a[1], a[2]);
}

word_t
sys_writev(struct lproc *p, const word_t *a)
{
	struct {
		word_t base, len;
	} iov[16];
	word_t total = 0;

	if (a[0] >= CONSOLE_FD) {
		return (word_t)-LX_EBADF;
	}
	if (a[2] > IOV_MAX) {
		return (word_t)-LX_EINVAL;
	}
	for (word_t i = 0; i < a[2]; i += 16) {
		word_t k = a[2] - i < 16 ? a[2] - i : 16;
		if (copy_in(p, iov, a[1] + i * sizeof(iov[0]),
			    k * sizeof(iov[0])) < 0) {
			return (word_t)-LX_EFAULT;
		}
		/* cppcheck-suppress knownConditionTrueFalse ; k is 1 to 16 */
		for (word_t j = 0; j < k; j++) {
			if ((long)iov[j].len < 0) {
				return (word_t)-LX_EINVAL;
			}
			long st = console_write(p, iov[j].base, iov[j].len);
			if (st < 0) {
				return total > 0 ? total : (word_t)st;
			}
			total += (word_t)st;
		}
	}
	return total;
}

word_t
sys_ioctl(struct lproc *p, const word_t *a)
{
	if (a[0] >= CONSOLE_FD) {
		return (word_t)-LX_EBADF;
	}
	switch (a[1]) {
	case LX_TIOCGWINSZ: {
		uint16_t ws[4] = {24, 80, 0, 0};
		return copy_out(p, a[2], ws, sizeof(ws)) < 0
			   ? (word_t)-LX_EFAULT
			   : 0;
	}
	default:
		return (word_t)-LX_ENOTTY;
	}
}

word_t
sys_getpid(struct lproc *p, const word_t *a)
{
	(void)a;
	return p->pid;
}

word_t
sys_getppid(struct lproc *p, const word_t *a)
{
	(void)a;
	return p->ppid;
}

/* The uid and gid family: everyone is root for now. */
word_t
sys_getuid(struct lproc *p, const word_t *a)
{
	(void)p;
	(void)a;
	return 0;
}

word_t
sys_set_tid_address(struct lproc *p, const word_t *a)
{
	(void)a;
	return p->pid; /* one thread: its tid is the pid */
}

word_t
sys_exit_group(struct lproc *p, const word_t *a)
{
	proc_exit(p, (a[0] & 0xff) << 8);
	return SYS_NO_REPLY;
}

word_t
sys_uname(struct lproc *p, const word_t *a)
{
	static const char *const fields[6] = {
	    "Linux", "cairn", "6.1.0-cairn", "#1 Cairn", LX_MACHINE, "(none)"};
	char u[6][65];

	memset(u, 0, sizeof(u));
	for (int i = 0; i < 6; i++) {
		strcpy(u[i], fields[i]);
	}
	return copy_out(p, a[0], u, sizeof(u)) < 0 ? (word_t)-LX_EFAULT : 0;
}
