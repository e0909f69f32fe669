/*
 * procfs: /proc for Linux programs (procfs.h).  Its names are pid 1 (the
 * server itself, as a kernel thread shows: no exe, no cmdline), each
 * process of the table, self, and a few files of the whole system; a
 * process's directory has cmdline, comm, stat, statm and status, and the
 * links cwd, exe and root.  The formats are proc(5)'s.  Nothing here is
 * written: writes are refused at open (EACCES), changes of names
 * (procfs_refuse) with Linux's errors.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "libc/libc_impl.h"
#include "procfs.h"
#include "sysdefs.h"
#include "tty.h"

#define SNAPSHOTS   16		    /* /proc files open at once, in all */
#define SNAPSHOT    4096	    /* bytes of one: a longer cmdline is cut */
#define PROC_DEV    4		    /* st_dev: the disk's is 1, devices' 2 */
#define USER_HZ	    100		    /* Linux's clock ticks (AT_CLKTCK) */
#define CONSOLE_TTY ((4 << 8) | 64) /* tty_nr of ttyS0: major 4, minor 64 */
#define SEEK_SET    0
#define SEEK_CUR    1
#define MAX_HOPS    8 /* links followed in one path before ELOOP */

/* A buffer being filled: what does not fit is dropped. */
struct out {
	char *b;
	size_t n, cap;
};

static void put(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	size_t room = o->cap - o->n;

	va_start(ap, fmt);
	int k = vsnprintf(o->b + o->n, room, fmt, ap);
	va_end(ap);
	if (k > 0) {
		o->n += (size_t)k < room ? (size_t)k : room - 1;
	}
}

/* A name of /proc: a file (gen), or a link (link: its target for the
 * caller p, of process of, into LX_PATH bytes: 0 or -ENOENT). */
struct entry {
	const char *name;
	unsigned mode;
	void (*gen)(struct lproc *of, struct out *o);
	int (*link)(const struct lproc *p, const struct lproc *of, char *buf);
};

/* What a path of /proc names: a process's directory or a name in it, or
 * /proc or a name in it (proc NULL). */
struct node {
	struct lproc *proc;
	const struct entry *e; /* NULL: the directory */
};

/* The server: pid 1, as a kernel thread, parent of those it started. */
static struct lproc server = {.state = LP_RUNNING,
			      .pid = 1,
			      .name = "posix",
			      .cwd = "/",
			      .pgid = 1,
			      .sid = 1};

/* The snapshots of the open files: OF_PROC's h is the index. */
static struct snapshot {
	bool used;
	size_t len;
	struct stat st;
	char b[SNAPSHOT];
} snaps[SNAPSHOTS];

static char
state_of(const struct lproc *of)
{
	if (of->state == LP_ZOMBIE) {
		return 'Z';
	}
	if (of->stopped) {
		return 'T';
	}
	/* The caller runs; the others are mostly held in a call, and the
	 * server does not tell them from those that run. */
	return of == posix_current ? 'R' : 'S';
}

/* The process's first argument to its last, as its stack has them now
 * (Linux reads them there too): empty for a zombie and for pid 1. */
static void
gen_cmdline(struct lproc *of, struct out *o)
{
	if (of->state != LP_RUNNING || of->arg_start == 0 ||
	    of->arg_end < of->arg_start) {
		return;
	}
	word_t n = of->arg_end - of->arg_start;
	n = n < o->cap ? n : o->cap;
	if (copy_in(of, o->b, of->arg_start, n) == 0) {
		o->n = n;
	}
}

static void
gen_comm(struct lproc *of, struct out *o)
{
	put(o, "%s\n", of->name);
}

static uint64_t
ticks(uint64_t ns)
{
	return ns / (1000000000ull / USER_HZ);
}

/* Linux's signal masks of the actions: ignored, and caught. */
static uint64_t
sig_mask(const struct lproc *of, word_t handler, bool caught)
{
	uint64_t m = 0;

	for (int i = 0; i < 64; i++) {
		word_t h = of->sa[i].handler;
		if (caught ? h > LX_SIG_IGN : h == handler) {
			m |= 1ull << i;
		}
	}
	return m;
}

/* proc(5)'s 52 fields; what Cairn does not count is 0. */
static void
gen_stat(struct lproc *of, struct out *o)
{
	bool tty = of != &server;
	word_t fg = tty_foreground();

	put(o, "%lu (%s) %c %lu %lu %lu %d %ld 0 0 0 0 0 0 0 0 0 20 0 1 0 ",
	    of->pid, of->name, state_of(of), of->ppid, of->pgid, of->sid,
	    tty ? CONSOLE_TTY : 0, tty && fg != 0 ? (long)fg : -1L);
	put(o, "%llu %llu %u 18446744073709551615 0 0 0 0 0 ",
	    (unsigned long long)ticks(of->start_ns),
	    (unsigned long long)of->npages * PAGE, of->npages);
	put(o, "%llu %llu %llu %llu 0 0 0 17 0 0 0 0 0 0 0 0 %lu %lu %lu 0 0 ",
	    (unsigned long long)of->sig_pending,
	    (unsigned long long)of->sig_blocked,
	    (unsigned long long)sig_mask(of, LX_SIG_IGN, false),
	    (unsigned long long)sig_mask(of, 0, true), of->brk_base,
	    of->arg_start, of->arg_end);
	put(o, "%lu\n", of->state == LP_ZOMBIE ? of->status : 0);
}

/* Sizes in pages: all, resident, shared, text, 0, data, 0. */
static void
gen_statm(struct lproc *of, struct out *o)
{
	put(o, "%u %u 0 0 0 %u 0\n", of->npages, of->npages, of->npages);
}

static const char *
state_name(char s)
{
	switch (s) {
	case 'R':
		return "running";
	case 'T':
		return "stopped";
	case 'Z':
		return "zombie";
	default:
		return "sleeping";
	}
}

static void
gen_status(struct lproc *of, struct out *o)
{
	char s = state_of(of);

	put(o, "Name:\t%s\nUmask:\t%04o\nState:\t%c (%s)\n", of->name,
	    of->umask, s, state_name(s));
	put(o, "Tgid:\t%lu\nNgid:\t0\nPid:\t%lu\nPPid:\t%lu\nTracerPid:\t0\n",
	    of->pid, of->pid, of->ppid);
	put(o, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n", of->uid[0],
	    of->uid[1], of->uid[2], of->uid[1], of->gid[0], of->gid[1],
	    of->gid[2], of->gid[1]);
	put(o, "FDSize:\t%d\nGroups:\t", POSIX_MAX_FDS);
	for (unsigned i = 0; i < of->ngroups; i++) {
		put(o, "%u ", of->groups[i]);
	}
	if (of->state == LP_RUNNING && of != &server) {
		put(o, "\nVmSize:\t%8lu kB\nVmRSS:\t%8lu kB",
		    (unsigned long)of->npages * 4,
		    (unsigned long)of->npages * 4);
	}
	put(o, "\nThreads:\t1\nSigPnd:\t%016llx\nShdPnd:\t0000000000000000\n",
	    (unsigned long long)of->sig_pending);
	put(o, "SigBlk:\t%016llx\nSigIgn:\t%016llx\nSigCgt:\t%016llx\n",
	    (unsigned long long)of->sig_blocked,
	    (unsigned long long)sig_mask(of, LX_SIG_IGN, false),
	    (unsigned long long)sig_mask(of, 0, true));
}

/* Seconds with two decimals (the formats have no floating point). */
static void
put_seconds(struct out *o, uint64_t ns, char end)
{
	uint64_t cs = ns / 10000000ull;

	put(o, "%llu.%02llu%c", (unsigned long long)(cs / 100),
	    (unsigned long long)(cs % 100), end);
}

/* The uptime, and the time idle (not counted: 0). */
static void
gen_uptime(struct lproc *of, struct out *o)
{
	(void)of;
	put_seconds(o, now_ns(), ' ');
	put_seconds(o, 0, '\n');
}

/* No load is measured: the averages are 0; then the processes that run
 * of all there are, and the newest pid. */
static void
gen_loadavg(struct lproc *of, struct out *o)
{
	unsigned all = 1, running = 0;
	word_t last = 1;

	(void)of;
	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		if (procs[i].state == LP_RUNNING) {
			all++;
			running += !procs[i].stopped;
			last = procs[i].pid > last ? procs[i].pid : last;
		}
	}
	put(o, "0.00 0.00 0.00 %u/%u %lu\n", running, all, last);
}

/* The server's memory (sysinfo's), in kB: no buffers, cache or swap. */
static void
gen_meminfo(struct lproc *of, struct out *o)
{
	uint64_t total, free;

	(void)of;
	mem_stats(&total, &free);
	put(o, "MemTotal:\t%8llu kB\nMemFree:\t%8llu kB\n",
	    (unsigned long long)total >> 10, (unsigned long long)free >> 10);
	put(o, "MemAvailable:\t%8llu kB\nBuffers:\t       0 kB\n",
	    (unsigned long long)free >> 10);
	put(o, "Cached:\t\t       0 kB\nSwapTotal:\t       0 kB\n"
	       "SwapFree:\t       0 kB\n");
}

/* One CPU whose time is not counted (all of it idle), boot at 0. */
static void
gen_stat_all(struct lproc *of, struct out *o)
{
	unsigned long long idle = ticks(now_ns());
	unsigned running = 0;

	(void)of;
	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		running += procs[i].state == LP_RUNNING && !procs[i].stopped;
	}
	put(o, "cpu  0 0 0 %llu 0 0 0 0 0 0\ncpu0 0 0 0 %llu 0 0 0 0 0 0\n",
	    idle, idle);
	put(o,
	    "intr 0\nctxt 0\nbtime 0\nprocesses 0\nprocs_running %u\n"
	    "procs_blocked 0\n",
	    running);
}

/* uname's, as Linux words it. */
static void
gen_version(struct lproc *of, struct out *o)
{
	(void)of;
	put(o, "Linux version 6.1.0-cairn (cairn) #1 Cairn\n");
}

static int
link_self(const struct lproc *p, const struct lproc *of, char *buf)
{
	(void)of;
	snprintf(buf, LX_PATH, "%lu", p->pid); /* relative, as Linux's */
	return 0;
}

/* A zombie's links, and pid 1's exe, are gone (ENOENT), as Linux's. */
static int
link_to(const struct lproc *of, const char *target, char *buf)
{
	if (of->state != LP_RUNNING || target[0] == '\0') {
		return -ENOENT;
	}
	snprintf(buf, LX_PATH, "%s", target);
	return 0;
}

static int
link_cwd(const struct lproc *p, const struct lproc *of, char *buf)
{
	(void)p;
	return link_to(of, of->cwd, buf);
}

static int
link_exe(const struct lproc *p, const struct lproc *of, char *buf)
{
	(void)p;
	return link_to(of, of->exe, buf);
}

static int
link_root(const struct lproc *p, const struct lproc *of, char *buf)
{
	(void)p;
	return link_to(of, "/", buf);
}

#define FILE_MODE (S_IFREG | 0444)
#define LINK_MODE (S_IFLNK | 0777)
#define DIR_MODE  (S_IFDIR | 0555)

static const struct entry root_entries[] = {
    {"loadavg", FILE_MODE, gen_loadavg, NULL},
    {"meminfo", FILE_MODE, gen_meminfo, NULL},
    {"self", LINK_MODE, NULL, link_self},
    {"stat", FILE_MODE, gen_stat_all, NULL},
    {"uptime", FILE_MODE, gen_uptime, NULL},
    {"version", FILE_MODE, gen_version, NULL},
};
static const struct entry pid_entries[] = {
    {"cmdline", FILE_MODE, gen_cmdline, NULL},
    {"comm", FILE_MODE, gen_comm, NULL},
    {"cwd", LINK_MODE, NULL, link_cwd},
    {"exe", LINK_MODE, NULL, link_exe},
    {"root", LINK_MODE, NULL, link_root},
    {"stat", FILE_MODE, gen_stat, NULL},
    {"statm", FILE_MODE, gen_statm, NULL},
    {"status", FILE_MODE, gen_status, NULL},
};
#define NROOT (sizeof(root_entries) / sizeof(root_entries[0]))
#define NPID  (sizeof(pid_entries) / sizeof(pid_entries[0]))

bool
procfs_has(const char *path)
{
	return strncmp(path, "/proc", 5) == 0 &&
	       (path[5] == '\0' || path[5] == '/');
}

/* The process whose pid the name s (n bytes) is, or NULL: Linux's names
 * have no sign and no leading zero. */
static struct lproc *
by_name(const char *s, size_t n)
{
	word_t pid = 0;

	if (n == 0 || n > 9 || s[0] == '0') {
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return NULL;
		}
		pid = pid * 10 + (word_t)(s[i] - '0');
	}
	return pid == 1 ? &server : proc_find(pid);
}

static const struct entry *
find_entry(bool in_pid, const char *s, size_t n)
{
	const struct entry *t = in_pid ? pid_entries : root_entries;
	size_t count = in_pid ? NPID : NROOT;

	for (size_t i = 0; i < count; i++) {
		if (strlen(t[i].name) == n && strncmp(t[i].name, s, n) == 0) {
			return &t[i];
		}
	}
	return NULL;
}

/*
 * Where path (in /proc, resolved) leads, into *nd: 0, -ENOENT or
 * -ENOTDIR.  It stops after a link that is not last: *rest is what
 * follows it ("" when nothing does).
 */
static int
lookup(const char *path, struct node *nd, const char **rest)
{
	const char *s = path + 5; /* past "/proc" */

	*nd = (struct node){NULL, NULL};
	while (*s == '/' && (nd->e == NULL || nd->e->link == NULL)) {
		size_t n = strcspn(++s, "/");
		if (nd->e != NULL) {
			return -ENOTDIR;
		}
		if (nd->proc == NULL && (nd->proc = by_name(s, n)) != NULL) {
			s += n;
			continue;
		}
		nd->e = find_entry(nd->proc != NULL, s, n);
		if (nd->e == NULL) {
			return -ENOENT;
		}
		s += n;
	}
	*rest = s;
	return 0;
}

int
procfs_refuse(const char *path)
{
	struct node nd;
	const char *rest;

	return lookup(path, &nd, &rest) == 0 ? -EPERM : -ENOENT;
}

int
procfs_resolve(struct lproc *p, char *path, bool follow)
{
	static char joined[LX_PATH];

	for (int hop = 0; hop < MAX_HOPS; hop++) {
		struct node nd;
		const char *rest;
		if (!procfs_has(path) || lookup(path, &nd, &rest) != 0 ||
		    nd.e == NULL || nd.e->link == NULL ||
		    (*rest == '\0' && !follow)) {
			return 0; /* no link to follow: the call answers */
		}
		int r = nd.e->link(p, nd.proc, joined);
		if (r != 0) {
			return r;
		}
		if (strlen(joined) + strlen(rest) >= LX_PATH) {
			return -ENAMETOOLONG;
		}
		strcat(joined, rest);
		/* A relative target (self's) is from /proc itself. */
		char *out = path;
		r = __cairn_path_resolve("/proc", joined, out, LX_PATH);
		if (r != 0) {
			return r;
		}
	}
	return -ELOOP;
}

/* The status of what nd names. */
static void
node_stat(const struct node *nd, struct stat *st)
{
	const struct lproc *of = nd->proc;
	size_t i = nd->e == NULL ? 0
		   : of != NULL	 ? (size_t)(nd->e - pid_entries) + 1
				 : (size_t)(nd->e - root_entries) + 2;

	memset(st, 0, sizeof(*st));
	st->st_dev = PROC_DEV;
	st->st_ino = (of != NULL ? of->pid << 8 : 0) + i + 1;
	st->st_mode = nd->e != NULL ? nd->e->mode : DIR_MODE;
	st->st_nlink = nd->e != NULL ? 1 : 2;
	st->st_blksize = 1024;
	if (of != NULL) {
		st->st_uid = of->uid[1];
		st->st_gid = of->gid[1];
		st->st_atime = st->st_mtime = st->st_ctime =
		    (time_t)(of->start_ns / 1000000000ull);
	}
}

int
procfs_stat(struct lproc *p, const char *path, struct stat *st)
{
	struct node nd;
	const char *rest;
	int r = lookup(path, &nd, &rest);

	(void)p;
	if (r == 0) {
		node_stat(&nd, st);
	}
	return r;
}

/* A free snapshot of nd's file, made now: its index, or -ENFILE. */
static int
snapshot(const struct node *nd)
{
	for (int i = 0; i < SNAPSHOTS; i++) {
		struct snapshot *s = &snaps[i];
		if (!s->used) {
			struct out o = {s->b, 0, sizeof(s->b)};
			nd->e->gen(nd->proc, &o);
			s->len = o.n;
			node_stat(nd, &s->st);
			s->used = true;
			return i;
		}
	}
	return -ENFILE;
}

/* Linux's answers to open's flags on a name of /proc: 0 or -errno. */
static int
open_check(const struct node *nd, int flags)
{
	if (nd->e != NULL && nd->e->link != NULL) {
		return -ELOOP; /* O_NOFOLLOW: the link was not followed */
	}
	if ((flags & O_CREAT) && (flags & O_EXCL)) {
		return -EEXIST;
	}
	if (nd->e == NULL) {
		return (flags & O_ACCMODE) != O_RDONLY ? -EISDIR : 0;
	}
	if (flags & O_DIRECTORY) {
		return -ENOTDIR;
	}
	return (flags & O_ACCMODE) != O_RDONLY ? -EACCES : 0;
}

struct ofile *
procfs_open(struct lproc *p, const char *path, int flags, int *err)
{
	struct node nd;
	const char *rest;
	struct ofile *f = NULL;
	int r = lookup(path, &nd, &rest);

	(void)p;
	if (r == 0) {
		r = open_check(&nd, flags);
	}
	if (r == 0 && nd.e == NULL) {
		f = ofile_new(OF_PROC, -1, O_RDONLY);
		r = f == NULL ? -ENFILE : 0;
		if (f != NULL) {
			strcpy(f->path, path);
		}
	} else if (r == 0) {
		r = snapshot(&nd);
		f = r < 0 ? NULL : ofile_new(OF_PROC, r, O_RDONLY);
		if (r >= 0 && f == NULL) {
			snaps[r].used = false;
		}
		r = f == NULL ? -ENFILE : 0;
	}
	*err = r;
	return f;
}

bool
procfs_isdir(const struct ofile *f)
{
	return f->kind == OF_PROC && f->h < 0;
}

void
procfs_fstat(struct ofile *f, struct stat *st)
{
	struct node nd;
	const char *rest;

	if (!procfs_isdir(f)) {
		*st = snaps[f->h].st;
	} else if (lookup(f->path, &nd, &rest) == 0) {
		node_stat(&nd, st);
	} else {
		nd = (struct node){NULL, NULL}; /* its process is gone */
		node_stat(&nd, st);
	}
}

long
procfs_readlink(struct lproc *p, const char *path, char *buf, word_t room)
{
	static char target[LX_PATH];
	struct node nd;
	const char *rest;
	int r = lookup(path, &nd, &rest);

	if (r != 0) {
		return r;
	}
	if (nd.e == NULL || nd.e->link == NULL) {
		return -EINVAL;
	}
	r = nd.e->link(p, nd.proc, target);
	if (r != 0) {
		return r;
	}
	size_t len = strlen(target);
	len = len < room ? len : room;
	memcpy(buf, target, len);
	return (long)len;
}

long
procfs_read(struct ofile *f, uint64_t *at, void *buf, word_t n)
{
	if (procfs_isdir(f)) {
		return -EISDIR;
	}
	const struct snapshot *s = &snaps[f->h];
	if (*at >= s->len) {
		return 0;
	}
	word_t k = s->len - *at < n ? s->len - *at : n;
	memcpy(buf, s->b + *at, k);
	*at += k;
	return (long)k;
}

long
procfs_lseek(struct ofile *f, int64_t off, unsigned whence)
{
	int64_t to = whence == SEEK_SET ? off
		     : whence == SEEK_CUR && !procfs_isdir(f)
			 ? (int64_t)f->off + off
			 : -1;

	if (to < 0) {
		return -EINVAL; /* and SEEK_END: Linux's files have no size */
	}
	f->off = (uint64_t)to;
	return to;
}

/* The smallest pid of the table from pid on (1 is the server's), or 0. */
static word_t
next_pid(word_t pid)
{
	word_t best = 0;

	if (pid <= 1) {
		return 1;
	}
	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		word_t q = procs[i].pid;
		if (procs[i].state != LP_FREE && q >= pid &&
		    (best == 0 || q < best)) {
			best = q;
		}
	}
	return best;
}

static unsigned char
dtype(unsigned mode)
{
	return S_ISDIR(mode) ? DT_DIR : S_ISLNK(mode) ? DT_LNK : DT_REG;
}

/*
 * Positions: 0 ".", 1 "..", then the entries; in /proc, after them, pid
 * q at FIRST_PID + q, in order, so that a process that comes or goes
 * moves no other (as Linux's positions are pids too).
 */
#define FIRST_PID 64

int
procfs_readdir(struct ofile *f, uint64_t *pos, struct dirent *d)
{
	struct node nd;
	const char *rest;
	uint64_t i = *pos;

	if (lookup(f->path, &nd, &rest) != 0) {
		return 0; /* its process is gone: nothing is left in it */
	}
	size_t count = nd.proc != NULL ? NPID : NROOT;
	word_t pid = next_pid(i < FIRST_PID ? 0 : i - FIRST_PID);
	d->d_ino = (nd.proc != NULL ? nd.proc->pid << 8 : 0) + i + 1;
	if (i < 2) {
		strcpy(d->d_name, i == 0 ? "." : "..");
		d->d_type = DT_DIR;
	} else if (i < 2 + count) {
		const struct entry *e =
		    (nd.proc != NULL ? pid_entries : root_entries) + (i - 2);
		strcpy(d->d_name, e->name);
		d->d_type = dtype(e->mode);
	} else if (nd.proc == NULL && pid != 0) {
		snprintf(d->d_name, sizeof(d->d_name), "%lu", pid);
		d->d_type = DT_DIR;
		d->d_ino = pid << 8 | 1;
		i = FIRST_PID + pid;
	} else {
		return 0;
	}
	*pos = i + 1;
	return 1;
}

void
procfs_close(struct ofile *f)
{
	if (!procfs_isdir(f)) {
		snaps[f->h].used = false;
	}
}
