/*
 * sys: Linux's system calls, answered for a process.  Each handler takes
 * the six argument words and returns what Linux would put in the result
 * register: a value, or -errno.  The table that maps numbers to handlers
 * is the arch's (arch/<arch>/systab.c).  This file has the calls of the
 * process's identity and its end; files.c and fs_sys.c those of files,
 * mem_sys.c those of memory.
 */
#include <stdio.h>
#include <string.h>

#include "posix.h"
#include "procrt.h"
#include "sysdefs.h"

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
	return (word_t)-ENOSYS;
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
	return copy_out(p, a[0], u, sizeof(u)) < 0 ? (word_t)-EFAULT : 0;
}

/* The limits: descriptors are POSIX_MAX_FDS, the stack its size; the
 * rest unlimited (the server's Untyped is what bounds memory).  They
 * are fixed: a new value is refused, unless it changes nothing. */
static void
limit(word_t resource, uint64_t v[2])
{
	v[0] = v[1] = ~0ull; /* RLIM_INFINITY */
	if (resource == LX_RLIMIT_NOFILE) {
		v[0] = v[1] = POSIX_MAX_FDS;
	} else if (resource == LX_RLIMIT_STACK) {
		v[0] = LINUX_STACK_MAX;
	}
}

SYS(prlimit64)
{
	uint64_t now[2];

	if ((int32_t)a[0] != 0 && (uint32_t)a[0] != p->pid) {
		return (word_t)-ESRCH;
	}
	if (a[1] >= LX_RLIM_NLIMITS) {
		return (word_t)-EINVAL;
	}
	limit(a[1], now);
	if (a[2] != 0) {
		uint64_t want[2];
		if (copy_in(p, want, a[2], sizeof(want)) < 0) {
			return (word_t)-EFAULT;
		}
		if (want[0] > want[1]) {
			return (word_t)-EINVAL;
		}
		if (want[0] != now[0] || want[1] != now[1]) {
			return (word_t)-EPERM;
		}
	}
	if (a[3] != 0 && copy_out(p, a[3], now, sizeof(now)) < 0) {
		return (word_t)-EFAULT;
	}
	return 0;
}

SYS(getrlimit)
{
	const word_t b[6] = {0, a[0], 0, a[1], 0, 0};

	return sys_prlimit64(p, b);
}

SYS(setrlimit)
{
	const word_t b[6] = {0, a[0], a[1], 0, 0, 0};

	return sys_prlimit64(p, b);
}

uint64_t
now_ns(void)
{
	uint64_t t = cairn_rdtsc(), hz = cairn_procinfo->tsc_hz;

	return hz == 0 ? 0
		       : t / hz * 1000000000ull + t % hz * 1000000000ull / hz;
}

SYS(clock_gettime)
{
	uint64_t ns = now_ns();
	int64_t ts[2] = {(int64_t)(ns / 1000000000ull),
			 (int64_t)(ns % 1000000000ull)};

	if (a[0] > LX_CLOCK_BOOTTIME) {
		return (word_t)-EINVAL;
	}
	return copy_out(p, a[1], ts, sizeof(ts)) < 0 ? (word_t)-EFAULT : 0;
}

SYS(gettimeofday)
{
	uint64_t ns = now_ns();
	int64_t tv[2] = {(int64_t)(ns / 1000000000ull),
			 (int64_t)(ns % 1000000000ull / 1000)};

	if (a[0] != 0 && copy_out(p, a[0], tv, sizeof(tv)) < 0) {
		return (word_t)-EFAULT;
	}
	return 0;
}

SYS(getrandom)
{
	static uint64_t state;
	uint8_t buf[256];
	word_t n = a[1] < sizeof(buf) ? a[1] : sizeof(buf);

	if (a[2] & ~(word_t)7) {
		return (word_t)-EINVAL;
	}
	if (state == 0) {
		state = cairn_rdtsc() | 1;
	}
	/* Not for keys: xorshift seeded from the clock (docs/posix.md). */
	/* cppcheck-suppress knownConditionTrueFalse ; n is the caller's */
	for (word_t i = 0; i < n; i += 8) {
		uint64_t r = cairn_xorshift(&state) ^ cairn_rdtsc();
		/* cppcheck-suppress knownConditionTrueFalse ; the last word */
		memcpy(buf + i, &r, n - i < 8 ? n - i : 8);
	}
	return copy_out(p, a[0], buf, n) < 0 ? (word_t)-EFAULT : n;
}

SYS(set_robust_list)
{
	(void)p;
	/* One thread, which nothing else waits on: nothing to keep. */
	return a[1] == LX_ROBUST_LIST_HEAD_SIZE ? 0 : (word_t)-EINVAL;
}

SYS(time)
{
	int64_t t = (int64_t)(now_ns() / 1000000000ull);

	if (a[0] != 0 && copy_out(p, a[0], &t, sizeof(t)) < 0) {
		return (word_t)-EFAULT;
	}
	return (word_t)t;
}

SYS(prctl)
{
	char name[16];

	switch (a[0]) {
	case LX_PR_SET_NAME:
		if (copy_string(p, name, a[1], sizeof(name)) == -EFAULT) {
			return (word_t)-EFAULT;
		}
		name[sizeof(name) - 1] = '\0';
		memcpy(p->name, name, sizeof(name));
		cairn_tcb_set_name(p->tcb, p->name);
		return 0;
	case LX_PR_GET_NAME:
		return copy_out(p, a[1], p->name, sizeof(p->name)) < 0
			   ? (word_t)-EFAULT
			   : 0;
	default:
		return (word_t)-EINVAL;
	}
}

/* sysinfo: the uptime, memory as the server's Untyped has it (no swap,
 * no load figures), and how many processes there are.  Linux's struct
 * sysinfo as words: uptime, loads[3], totalram, freeram, sharedram,
 * bufferram, totalswap, freeswap, procs (16 bits), totalhigh, freehigh,
 * mem_unit (32 bits). */
SYS(sysinfo)
{
	uint64_t si[14] = {0};
	uint16_t n = 0;

	si[0] = now_ns() / 1000000000ull;
	mem_stats(&si[4], &si[5]);
	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		n += procs[i].state != LP_FREE;
	}
	si[10] = n;
	si[13] = 1; /* mem_unit: bytes */
	return copy_out(p, a[0], si, sizeof(si)) < 0 ? (word_t)-EFAULT : 0;
}

/* sched_getaffinity and sched_setaffinity: one CPU here, CPU 0 (pid 1,
 * the server, has it too).  The mask's size is a multiple of 8 bytes, as
 * Linux's kernel asks. */
SYS(sched_getaffinity)
{
	uint64_t mask = 1;

	if ((int32_t)a[0] < 0 ||
	    ((uint32_t)a[0] > 1 && proc_find((uint32_t)a[0]) == NULL)) {
		return (word_t)-ESRCH;
	}
	if (a[1] < sizeof(mask) || (a[1] & 7) != 0) {
		return (word_t)-EINVAL;
	}
	return copy_out(p, a[2], &mask, sizeof(mask)) < 0 ? (word_t)-EFAULT
							  : sizeof(mask);
}

SYS(sched_setaffinity)
{
	uint64_t mask = 0;

	if ((int32_t)a[0] < 0 ||
	    ((uint32_t)a[0] > 1 && proc_find((uint32_t)a[0]) == NULL)) {
		return (word_t)-ESRCH;
	}
	if (copy_in(p, &mask, a[2], a[1] < 8 ? a[1] : 8) < 0) {
		return (word_t)-EFAULT;
	}
	return (mask & 1) ? 0 : (word_t)-EINVAL; /* no CPU it may have */
}

/*
 * futex, for one thread a process: FUTEX_WAKE wakes nobody (0), and
 * FUTEX_WAIT answers EAGAIN if the word is not the value; if it is,
 * nobody could change it (no threads, no shared memory), so a wait with
 * a timeout times out at once and one without is EDEADLK rather than a
 * wait for ever.  What glibc's locks need from it single-threaded.
 */
SYS(futex)
{
	int op = (int)a[1] & ~(LX_FUTEX_PRIVATE | LX_FUTEX_CLOCK_REALTIME);
	uint32_t v;

	switch (op) {
	case LX_FUTEX_WAKE:
	case LX_FUTEX_WAKE_BITSET:
		return 0;
	case LX_FUTEX_WAIT:
	case LX_FUTEX_WAIT_BITSET:
		if ((a[0] & 3) != 0) {
			return (word_t)-EINVAL;
		}
		if (copy_in(p, &v, a[0], sizeof(v)) < 0) {
			return (word_t)-EFAULT;
		}
		if (v != (uint32_t)a[2]) {
			return (word_t)-EAGAIN;
		}
		return a[3] != 0 ? (word_t)-ETIMEDOUT : (word_t)-LX_EDEADLK;
	default:
		return (word_t)-ENOSYS;
	}
}
