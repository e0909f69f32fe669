/*
 * fs_sys: the calls that name files by path, each the *at form (the old
 * x86_64 forms are the arch's wrappers, arch/<arch>/sysarch.c), and
 * those on a directory: getdents64, the working directory, umask.  Paths
 * are Linux's: "/" is the disk's root; /dev holds the devices the server
 * makes itself.
 */
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "cairn_libc.h"
#include "files.h"
#include "libc/libc_impl.h"
#include "procfs.h"
#include "sysdefs.h"

/* The devices: their path, kind and mode. */
static const struct device {
	const char *path;
	int kind;
	unsigned mode;
} devices[] = {
    {"/dev/null", OF_NULL, S_IFCHR | 0666},
    {"/dev/zero", OF_ZERO, S_IFCHR | 0666},
    {"/dev/tty", OF_CONSOLE, S_IFCHR | 0620},
    {"/dev/console", OF_CONSOLE, S_IFCHR | 0620},
};

static const struct device *
device(const char *path)
{
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		if (strcmp(devices[i].path, path) == 0) {
			return &devices[i];
		}
	}
	return NULL;
}

/* The disk's path dir as p sees it under its root (the root's own
 * "/"), or NULL if dir is outside the root. */
static const char *
under_root(const struct lproc *p, const char *dir)
{
	size_t k = strlen(p->root);

	if (strncmp(dir, p->root, k) != 0 || (dir[k] != '/' && dir[k] != 0)) {
		return NULL;
	}
	return dir[k] == '\0' ? "/" : dir + k;
}

int
path_at(struct lproc *p, word_t dirfd, word_t va, char *out)
{
	static char name[LX_PATH];
	long n = copy_string(p, name, va, LX_PATH);

	if (n == -E2BIG) {
		return -ENAMETOOLONG;
	}
	if (n < 0) {
		return (int)n;
	}
	return path_of(p, dirfd, name, out);
}

int
path_of(struct lproc *p, word_t dirfd, const char *name, char *out)
{
	const char *dir = p->cwd;

	if (name[0] == '\0') {
		return -ENOENT;
	}
	if (name[0] != '/' && (int32_t)dirfd != (int32_t)LX_AT_FDCWD) {
		struct ofile *f = fd_get(p, dirfd);
		if (f == NULL) {
			return -EBADF;
		}
		if (f->kind != OF_DIR && !procfs_isdir(f)) {
			return -ENOTDIR;
		}
		dir = f->path;
	}
	/* Under a chroot, resolve in the process's view (".." stops at its
	 * root), then put the root in front; a directory outside the root
	 * (kept from before chroot) resolves as it is, as on Linux. */
	const char *in = name[0] == '/' ? "/" : under_root(p, dir);
	if (in == NULL) {
		int r = __cairn_path_resolve(dir, name, out, LX_PATH);
		return r != 0 ? r : procfs_resolve(p, out, false);
	}
	size_t k = strlen(p->root);
	int r = __cairn_path_resolve(in, name, out + k, LX_PATH - k);
	if (r == 0 && k > 0) {
		memcpy(out, p->root, k);
		if (out[k] == '/' && out[k + 1] == '\0') {
			out[k] = '\0'; /* the root itself */
		}
	}
	/* /proc's links before the last name lead where they point. */
	return r != 0 ? r : procfs_resolve(p, out, false);
}

/* Open the disk's special file st (not regular, not a directory): a
 * FIFO is a pipe (pipe.c); a device node names one of the server's
 * devices by its number, or none (ENXIO), as a socket's does. */
static word_t
special_open(struct lproc *p, const struct stat *st, int flags)
{
	static const struct {
		unsigned rdev; /* Linux's numbers: major << 8 | minor */
		const char *path;
	} nodes[] = {{0x103, "/dev/null"},
		     {0x105, "/dev/zero"},
		     {0x500, "/dev/tty"},
		     {0x501, "/dev/console"}};
	const struct device *d = NULL;

	if (S_ISFIFO(st->st_mode)) {
		return pipe_fifo_open(p, (uint32_t)st->st_ino, flags);
	}
	for (size_t i = 0; S_ISCHR(st->st_mode) && d == NULL &&
			   i < sizeof(nodes) / sizeof(nodes[0]);
	     i++) {
		d = nodes[i].rdev == st->st_rdev ? device(nodes[i].path) : NULL;
	}
	if (d == NULL) {
		return (word_t)-ENXIO;
	}
	struct ofile *f = ofile_new(d->kind, 0, flags & (O_ACCMODE | O_APPEND));
	if (f == NULL) {
		return (word_t)-ENFILE;
	}
	long fd = fd_install(p, f, 0, flags & O_CLOEXEC);
	if (fd < 0) {
		ofile_put(f);
	}
	return (word_t)fd;
}

SYS(openat)
{
	static char path[LX_PATH];
	int flags = (int)a[2];
	int st = path_at(p, a[0], a[1], path);

	if (st == 0) {
		st = procfs_resolve(p, path, !(flags & O_NOFOLLOW));
	}
	if (st != 0) {
		return (word_t)st;
	}
	const struct device *d = device(path);
	struct ofile *f;
	if (procfs_has(path)) {
		f = procfs_open(p, path, flags, &st);
		if (f == NULL) {
			return (word_t)st;
		}
	} else if (d != NULL) {
		f = ofile_new(d->kind, 0, flags & (O_ACCMODE | O_APPEND));
	} else {
		int h = disk_ops()->open(path, flags & ~O_CLOEXEC,
					 (unsigned)a[3] & ~p->umask & 07777);
		if (h < 0) {
			return (word_t)h;
		}
		struct stat s;
		int got = disk_ops()->fstat(h, &s) == 0;
		if (got && (S_ISFIFO(s.st_mode) || S_ISCHR(s.st_mode) ||
			    S_ISBLK(s.st_mode) || S_ISSOCK(s.st_mode))) {
			disk_ops()->close(h);
			return special_open(p, &s, flags);
		}
		int dir = got && S_ISDIR(s.st_mode);
		f = ofile_new(dir ? OF_DIR : OF_FILE, h,
			      flags & (O_ACCMODE | O_APPEND | O_NONBLOCK));
		if (f == NULL) {
			disk_ops()->close(h);
		} else if (dir) {
			strcpy(f->path, path);
		}
	}
	if (f == NULL) {
		return (word_t)-ENFILE;
	}
	long fd = fd_install(p, f, 0, flags & O_CLOEXEC);
	if (fd < 0) {
		ofile_put(f);
	}
	return (word_t)fd;
}

/* A device's status, as the disk's files have theirs. */
static void
device_stat(int kind, struct stat *st)
{
	if (kind == OF_PIPE || kind == OF_SOCKET) {
		memset(st, 0, sizeof(*st));
		st->st_dev = 3;
		st->st_mode =
		    kind == OF_PIPE ? S_IFIFO | 0600 : S_IFSOCK | 0777;
		st->st_nlink = 1;
		st->st_blksize = 4096;
		return;
	}
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		if (devices[i].kind == kind) {
			memset(st, 0, sizeof(*st));
			st->st_dev = 2;
			st->st_ino = i + 1;
			st->st_mode = devices[i].mode;
			st->st_nlink = 1;
			st->st_blksize = 4096;
			return;
		}
	}
}

static int
stat_file(struct ofile *f, struct stat *st)
{
	if (f->kind == OF_FILE || f->kind == OF_DIR) {
		return disk_ops()->fstat(f->h, st);
	}
	if (f->kind == OF_PROC) {
		procfs_fstat(f, st);
		return 0;
	}
	device_stat(f->kind, st);
	return 0;
}

/* The status of path for p (follow: through a last symbolic link; path
 * becomes what a link of /proc points to). */
static int
stat_path(struct lproc *p, char *path, int follow, struct stat *st)
{
	int r = procfs_resolve(p, path, follow);
	const struct device *d = device(path);

	if (r != 0 || procfs_has(path)) {
		return r != 0 ? r : procfs_stat(p, path, st);
	}
	if (d != NULL) {
		device_stat(d->kind, st);
		return 0;
	}
	return disk_ops()->stat(path, follow, st);
}

/* Status by dirfd, path and AT_ flags, as newfstatat and statx take
 * them: 0 or -errno. */
static int
stat_at(struct lproc *p, word_t dirfd, word_t va, word_t flags, struct stat *st)
{
	static char path[LX_PATH];

	if (flags & ~(word_t)(LX_AT_SYMLINK_NOFOLLOW | LX_AT_EMPTY_PATH |
			      LX_AT_NO_AUTOMOUNT)) {
		return -EINVAL;
	}
	if (flags & LX_AT_EMPTY_PATH) {
		char c;
		if (copy_in(p, &c, va, 1) < 0) {
			return -EFAULT;
		}
		if (c == '\0') {
			struct ofile *f = (int32_t)dirfd == (int32_t)LX_AT_FDCWD
					      ? NULL
					      : fd_get(p, dirfd);
			if ((int32_t)dirfd == (int32_t)LX_AT_FDCWD) {
				return stat_path(p, p->cwd, 1, st);
			}
			return f == NULL ? -EBADF : stat_file(f, st);
		}
	}
	int r = path_at(p, dirfd, va, path);
	return r != 0
		   ? r
		   : stat_path(p, path, !(flags & LX_AT_SYMLINK_NOFOLLOW), st);
}

SYS(fstat)
{
	struct ofile *f = fd_get(p, a[0]);
	struct stat st;

	if (f == NULL) {
		return (word_t)-EBADF;
	}
	int r = stat_file(f, &st);
	return r != 0 ? (word_t)r : arch_put_stat(p, a[1], &st);
}

SYS(newfstatat)
{
	struct stat st;
	int r = stat_at(p, a[0], a[1], a[3], &st);

	return r != 0 ? (word_t)r : arch_put_stat(p, a[2], &st);
}

/* Linux's struct statx (the same on every arch): what is filled. */
struct lx_statx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, pad0;
	uint64_t ino, size, blocks, attributes_mask;
	int64_t atime[2], btime[2], ctime[2], mtime[2]; /* sec, nsec */
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare[14];
};
_Static_assert(sizeof(struct lx_statx) == 256, "Linux's statx");

#define LX_STATX_BASIC 0x7ff

SYS(statx)
{
	struct stat st;
	struct lx_statx x;
	int r = stat_at(p, a[0], a[1], a[2] & ~(word_t)LX_AT_STATX_SYNC, &st);

	if (r != 0) {
		return (word_t)r;
	}
	memset(&x, 0, sizeof(x));
	x.mask = LX_STATX_BASIC;
	x.blksize = (uint32_t)st.st_blksize;
	x.nlink = (uint32_t)st.st_nlink;
	x.uid = st.st_uid;
	x.gid = st.st_gid;
	x.mode = (uint16_t)st.st_mode;
	x.rdev_major = (uint32_t)(st.st_rdev >> 8) & 0xfff;
	x.rdev_minor =
	    (uint32_t)((st.st_rdev & 0xff) | ((st.st_rdev >> 12) & 0xfff00));
	x.ino = st.st_ino;
	x.size = (uint64_t)st.st_size;
	x.blocks = (uint64_t)st.st_blocks;
	x.atime[0] = st.st_atime;
	x.ctime[0] = st.st_ctime;
	x.mtime[0] = st.st_mtime;
	x.dev_minor = (uint32_t)st.st_dev;
	return copy_out(p, a[4], &x, sizeof(x)) < 0 ? (word_t)-EFAULT : 0;
}

/* Linux's struct linux_dirent64 before its name. */
struct lx_dirent {
	uint64_t ino;
	int64_t off;
	uint16_t reclen;
	uint8_t type;
} __attribute__((packed));

SYS(getdents64)
{
	struct ofile *f = fd_get(p, a[0]);
	static char buf[4096];
	struct dirent d;
	word_t done = 0, room = a[2] < sizeof(buf) ? a[2] : sizeof(buf);

	if (f == NULL) {
		return (word_t)-EBADF;
	}
	if (f->kind != OF_DIR && !procfs_isdir(f)) {
		return (word_t)-ENOTDIR;
	}
	if (!mem_can(p, a[1], room, true)) {
		return (word_t)-EFAULT;
	}
	uint64_t next = f->off;
	for (;;) {
		uint64_t pos = next;
		int r = f->kind == OF_PROC
			    ? procfs_readdir(f, &pos, &d)
			    : disk_ops()->readdir(f->h, &pos, &d);
		if (r < 0) {
			return done > 0 ? done : (word_t)r;
		}
		if (r == 0) {
			break;
		}
		size_t len = strlen(d.d_name);
		word_t rec = (sizeof(struct lx_dirent) + len + 1 + 7) & ~7ul;
		if (done + rec > room) {
			if (done == 0) {
				return (word_t)-EINVAL;
			}
			break;
		}
		struct lx_dirent e = {d.d_ino, (int64_t)pos, (uint16_t)rec,
				      d.d_type};
		memset(buf + done, 0, rec);
		memcpy(buf + done, &e, sizeof(e));
		memcpy(buf + done + sizeof(e), d.d_name, len);
		done += rec;
		next = pos;
	}
	if (copy_out(p, a[1], buf, done) < 0) {
		return (word_t)-EFAULT;
	}
	f->off = next; /* only once the entries are the caller's */
	return done;
}

/* Resolve the path at a[i] from the dirfd at a[i - 1] into out. */
static int
arg_path(struct lproc *p, const word_t *a, int i, char *out)
{
	return path_at(p, a[i - 1], a[i], out);
}

/* The same for a name to make, remove or rename: /proc's are refused. */
static int
name_path(struct lproc *p, const word_t *a, int i, char *out)
{
	int r = arg_path(p, a, i, out);

	return r == 0 && procfs_has(out) ? procfs_refuse(out) : r;
}

SYS(mkdirat)
{
	static char path[LX_PATH];
	int r = name_path(p, a, 1, path);

	if (r == 0 && strcmp(path, "/") == 0) {
		r = -EEXIST; /* the root is no entry of a directory */
	}
	return (word_t)(r != 0 ? r
			       : disk_ops()->mkdir(
				     path, (unsigned)a[2] & ~p->umask & 07777));
}

SYS(mknodat)
{
	static char path[LX_PATH];
	unsigned mode = (unsigned)a[2], type = mode & S_IFMT;
	int r = arg_path(p, a, 1, path);

	mode = type | (mode & ~p->umask & 07777);
	if (r == 0 && device(path) != NULL) {
		r = -EEXIST;
	} else if (r == 0 && type == S_IFDIR) {
		r = -EPERM; /* mkdir's */
	} else if (r == 0 && type != 0 && type != S_IFREG && type != S_IFIFO &&
		   type != S_IFCHR && type != S_IFBLK && type != S_IFSOCK) {
		r = -EINVAL;
	} else if (r == 0 && (type == S_IFCHR || type == S_IFBLK) &&
		   p->uid[1] != 0) {
		r = -EPERM; /* a device node wants root (CAP_MKNOD) */
	}
	if (r != 0) {
		return (word_t)r;
	}
	if (type == 0 || type == S_IFREG) {
		int h = disk_ops()->open(path, O_CREAT | O_EXCL | O_WRONLY,
					 mode & 07777);
		return (word_t)(h < 0 ? h : disk_ops()->close(h));
	}
	return (word_t)disk_ops()->mknod(path, mode, (unsigned)a[3]);
}

SYS(unlinkat)
{
	static char path[LX_PATH];
	int r = name_path(p, a, 1, path);

	if (r == 0 && (a[2] & ~(word_t)LX_AT_REMOVEDIR) != 0) {
		r = -EINVAL;
	}
	if (r == 0) {
		r = a[2] & LX_AT_REMOVEDIR ? disk_ops()->rmdir(path)
					   : disk_ops()->unlink(path);
	}
	return (word_t)r;
}

SYS(renameat2)
{
	static char from[LX_PATH], to[LX_PATH];
	int r = name_path(p, a, 1, from);

	if (r == 0) {
		r = name_path(p, a, 3, to);
	}
	if (r == 0 && a[4] != 0) {
		r = -EINVAL; /* RENAME_NOREPLACE, _EXCHANGE: not yet */
	}
	return (word_t)(r != 0 ? r : disk_ops()->rename(from, to));
}

SYS(renameat)
{
	word_t b[6] = {a[0], a[1], a[2], a[3], 0, 0};

	return sys_renameat2(p, b);
}

SYS(linkat)
{
	static char from[LX_PATH], to[LX_PATH];
	int r = name_path(p, a, 1, from);

	if (r == 0) {
		r = name_path(p, a, 3, to);
	}
	if (r == 0 && (a[4] & ~(word_t)LX_AT_EMPTY_PATH) != 0) {
		r = -EINVAL;
	}
	return (word_t)(r != 0 ? r : disk_ops()->link(from, to));
}

SYS(symlinkat)
{
	static char target[LX_PATH], path[LX_PATH];
	long n = copy_string(p, target, a[0], LX_PATH);
	int r = n < 0 ? (n == -E2BIG ? -ENAMETOOLONG : (int)n)
		      : name_path(p, a, 2, path);

	return (word_t)(r != 0 ? r : disk_ops()->symlink(target, path));
}

SYS(readlinkat)
{
	static char path[LX_PATH], buf[LX_PATH];
	int r = arg_path(p, a, 1, path);

	if (r != 0) {
		return (word_t)r;
	}
	if ((long)a[3] <= 0) {
		return (word_t)-EINVAL;
	}
	word_t room = a[3] < sizeof(buf) ? a[3] : sizeof(buf);
	long n = procfs_has(path) ? procfs_readlink(p, path, buf, room)
				  : disk_ops()->readlink(path, buf, room);
	if (n > 0 && copy_out(p, a[2], buf, (word_t)n) < 0) {
		return (word_t)-EFAULT;
	}
	return (word_t)n;
}

SYS(ftruncate)
{
	struct ofile *f = fd_get(p, a[0]);

	if (f == NULL) {
		return (word_t)-EBADF;
	}
	if (f->kind != OF_FILE || (f->flags & O_ACCMODE) == O_RDONLY ||
	    (long)a[1] < 0) {
		return (word_t)-EINVAL;
	}
	return (word_t)disk_ops()->truncate(f->h, a[1]);
}

SYS(fsync)
{
	struct ofile *f = fd_get(p, a[0]);

	if (f == NULL) {
		return (word_t)-EBADF;
	}
	return f->kind == OF_FILE ? (word_t)disk_ops()->fsync(f->h) : 0;
}

SYS(getcwd)
{
	/* Outside a chroot's root, the disk's path (Linux would say
	 * "(unreachable)"). */
	const char *cwd = under_root(p, p->cwd);
	cwd = cwd != NULL ? cwd : p->cwd;
	word_t n = strlen(cwd) + 1;

	if (a[1] < n) {
		return (word_t)-ERANGE;
	}
	return copy_out(p, a[0], cwd, n) < 0 ? (word_t)-EFAULT : n;
}

SYS(chroot)
{
	static char path[LX_PATH];
	struct stat st;
	int r = path_at(p, LX_AT_FDCWD, a[0], path);

	if (r == 0) {
		r = stat_path(p, path, 1, &st);
	}
	if (r == 0 && !S_ISDIR(st.st_mode)) {
		r = -ENOTDIR;
	}
	if (r == 0 && p->uid[1] != 0) {
		r = -EPERM; /* root's (CAP_SYS_CHROOT) */
	}
	if (r != 0) {
		return (word_t)r;
	}
	strcpy(p->root, strcmp(path, "/") == 0 ? "" : path);
	return 0;
}

/* Make dir the working directory if it is one (a link of /proc's, where
 * it leads): 0 or -errno. */
static word_t
change_dir(struct lproc *p, char *dir)
{
	struct stat st;
	int r = stat_path(p, dir, 1, &st);

	if (r != 0) {
		return (word_t)r;
	}
	if (!S_ISDIR(st.st_mode)) {
		return (word_t)-ENOTDIR;
	}
	strcpy(p->cwd, dir);
	return 0;
}

SYS(chdir)
{
	static char path[LX_PATH];
	int r = path_at(p, LX_AT_FDCWD, a[0], path);

	return r != 0 ? (word_t)r : change_dir(p, path);
}

SYS(fchdir)
{
	struct ofile *f = fd_get(p, a[0]);

	if (f == NULL) {
		return (word_t)-EBADF;
	}
	return f->kind == OF_DIR || procfs_isdir(f) ? change_dir(p, f->path)
						    : (word_t)-ENOTDIR;
}

SYS(umask)
{
	unsigned old = p->umask;

	p->umask = (unsigned)a[0] & 0777;
	return old;
}

SYS(faccessat)
{
	struct stat st;
	int r = stat_at(p, a[0], a[1], 0, &st);

	if (r != 0) {
		return (word_t)r;
	}
	if (a[2] & ~7ul) {
		return (word_t)-EINVAL;
	}
	/* Everyone is root: only execution needs a bit to be set. */
	if ((a[2] & 1) && !S_ISDIR(st.st_mode) && !(st.st_mode & 0111)) {
		return (word_t)-EACCES;
	}
	return 0;
}

/* Set what mask names of f's file: 0 or -errno. */
static int
setattr_file(struct ofile *f, unsigned mask, unsigned mode, unsigned uid,
	     unsigned gid, int64_t at, int64_t mt)
{
	if (f->kind != OF_FILE && f->kind != OF_DIR) {
		return -EPERM; /* the server's devices keep theirs */
	}
	return disk_ops()->setattr(f->h, mask, mode, uid, gid, at, mt);
}

/* The same by path (from dirfd; follow: through a last link): a
 * handle reaches only a link's target, so a link itself is refused. */
static word_t
setattr_path(struct lproc *p, word_t dirfd, word_t va, bool follow,
	     unsigned mask, unsigned mode, unsigned uid, unsigned gid,
	     int64_t at, int64_t mt)
{
	static char path[LX_PATH];
	struct stat st;
	int r = path_at(p, dirfd, va, path);

	if (r == 0 && device(path) != NULL) {
		r = -EPERM;
	}
	if (r == 0 && procfs_has(path)) {
		r = procfs_refuse(path);
	}
	if (r == 0 && !follow) {
		r = disk_ops()->stat(path, 0, &st);
		if (r == 0 && S_ISLNK(st.st_mode)) {
			r = -EOPNOTSUPP;
		}
	}
	if (r != 0) {
		return (word_t)r;
	}
	int h = disk_ops()->open(path, O_RDONLY, 0);
	if (h < 0) {
		return (word_t)h;
	}
	r = disk_ops()->setattr(h, mask, mode, uid, gid, at, mt);
	disk_ops()->close(h);
	return (word_t)r;
}

SYS(fchmod)
{
	struct ofile *f = fd_get(p, a[0]);

	return f == NULL
		   ? (word_t)-EBADF
		   : (word_t)setattr_file(f, LIBC_SET_MODE,
					  (unsigned)a[1] & 07777, 0, 0, 0, 0);
}

SYS(fchmodat)
{
	if ((uint32_t)a[3] & ~(uint32_t)LX_AT_SYMLINK_NOFOLLOW) {
		return (word_t)-EINVAL;
	}
	return setattr_path(p, a[0], a[1],
			    !((uint32_t)a[3] & LX_AT_SYMLINK_NOFOLLOW),
			    LIBC_SET_MODE, (unsigned)a[2] & 07777, 0, 0, 0, 0);
}

/* chown's mask: an id of -1 is left as it is. */
static unsigned
owner_mask(word_t uid, word_t gid)
{
	return ((uint32_t)uid != ~0u ? LIBC_SET_UID : 0) |
	       ((uint32_t)gid != ~0u ? LIBC_SET_GID : 0);
}

SYS(fchown)
{
	struct ofile *f = fd_get(p, a[0]);
	unsigned mask = owner_mask(a[1], a[2]);

	if (f == NULL) {
		return (word_t)-EBADF;
	}
	return mask == 0 ? 0
			 : (word_t)setattr_file(f, mask, 0, (uint32_t)a[1],
						(uint32_t)a[2], 0, 0);
}

SYS(fchownat)
{
	unsigned mask = owner_mask(a[2], a[3]);
	uint32_t flags = (uint32_t)a[4];

	if (flags & ~(uint32_t)(LX_AT_SYMLINK_NOFOLLOW | LX_AT_EMPTY_PATH)) {
		return (word_t)-EINVAL;
	}
	if (mask == 0) {
		struct stat st;
		int r = stat_at(p, a[0], a[1], flags, &st);
		return (word_t)r; /* nothing to set: the file must be there */
	}
	return setattr_path(p, a[0], a[1], !(flags & LX_AT_SYMLINK_NOFOLLOW),
			    mask, 0, (uint32_t)a[2], (uint32_t)a[3], 0, 0);
}

/* One of utimensat's times: its mask bits and seconds; -EINVAL for a
 * bad one. */
static int
time_mask(const int64_t ts[2], unsigned set, unsigned now, unsigned *mask,
	  int64_t *sec)
{
	if (ts[1] == LX_UTIME_OMIT) {
		return 0;
	}
	if (ts[1] == LX_UTIME_NOW) {
		*mask |= now;
		return 0;
	}
	if (ts[1] < 0 || ts[1] > 999999999) {
		return -EINVAL;
	}
	*mask |= set;
	*sec = ts[0];
	return 0;
}

SYS(utimensat)
{
	int64_t ts[2][2] = {{0, LX_UTIME_NOW}, {0, LX_UTIME_NOW}};
	unsigned mask = 0;
	int64_t at = 0, mt = 0;
	uint32_t flags = (uint32_t)a[3];

	if (flags & ~(uint32_t)LX_AT_SYMLINK_NOFOLLOW) {
		return (word_t)-EINVAL;
	}
	if (a[2] != 0 && copy_in(p, ts, a[2], sizeof(ts)) < 0) {
		return (word_t)-EFAULT;
	}
	int r =
	    time_mask(ts[0], LIBC_SET_ATIME, LIBC_SET_ATIME_NOW, &mask, &at);
	if (r == 0) {
		r = time_mask(ts[1], LIBC_SET_MTIME, LIBC_SET_MTIME_NOW, &mask,
			      &mt);
	}
	if (r != 0) {
		return (word_t)r;
	}
	if (a[1] == 0) { /* futimens: the descriptor's file */
		struct ofile *f = fd_get(p, a[0]);
		if (f == NULL) {
			return (word_t)-EBADF;
		}
		return mask == 0
			   ? 0
			   : (word_t)setattr_file(f, mask, 0, 0, 0, at, mt);
	}
	if (mask == 0) {
		struct stat st;
		return (word_t)stat_at(p, a[0], a[1], flags, &st);
	}
	return setattr_path(p, a[0], a[1], !(flags & LX_AT_SYMLINK_NOFOLLOW),
			    mask, 0, 0, 0, at, mt);
}
