/*
 * file: the file descriptor table and the POSIX-shaped calls over the
 * mounts the runtime gives (cairn_libc.h, libc_mounts).  A descriptor
 * holds its mount, the mount's handle, its flags and its offset: the
 * offset is ours, so reads and writes name it and lseek asks nobody
 * (but SEEK_END, which asks fstat for the size).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cairn_libc.h"
#include "libc_impl.h"

#define FIRST_FD 3 /* 0-2: the console */

static struct fd {
	const struct libc_mount *m; /* NULL: free */
	int h;
	int flags;
	uint64_t off;
} fds[OPEN_MAX];

/* Paths resolved (two for rename and link). */
static char pa[PATH_MAX], pb[PATH_MAX];

/* errno = -r, -1; or r itself when it is not an error. */
long
__cairn_ret(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

static struct fd *
get(int fd)
{
	if (fd < FIRST_FD || fd >= OPEN_MAX || fds[fd].m == NULL) {
		return NULL;
	}
	return &fds[fd];
}

static int
writable(const struct libc_mount *m)
{
	return m->ops->write != NULL;
}

int
open(const char *path, int flags, ...)
{
	const struct libc_mount *m;
	const char *rest;
	unsigned mode = 0;
	int fd = FIRST_FD;

	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, unsigned);
		va_end(ap);
	}
	int r = __cairn_path_where(path, pa, &rest, &m);
	if (r < 0) {
		return (int)__cairn_ret(r);
	}
	if (!writable(m) && ((flags & O_ACCMODE) != O_RDONLY ||
			     (flags & (O_CREAT | O_TRUNC)))) {
		return (int)__cairn_ret(-EROFS);
	}
	while (fd < OPEN_MAX && fds[fd].m != NULL) {
		fd++;
	}
	if (fd == OPEN_MAX) {
		return (int)__cairn_ret(-EMFILE);
	}
	r = m->ops->open(rest, flags, mode);
	if (r < 0) {
		return (int)__cairn_ret(r);
	}
	fds[fd] = (struct fd){m, r, flags, 0};
	return fd;
}

ssize_t
read(int fd, void *buf, size_t n)
{
	struct fd *f = get(fd);

	if (f == NULL || (f->flags & O_ACCMODE) == O_WRONLY) {
		return __cairn_ret(-EBADF);
	}
	if (f->m == &__cairn_sock_mount) {
		return __cairn_ret(__cairn_sock_read(f->h, buf, n, f->flags));
	}
	long r = f->m->ops->read(f->h, f->off, buf, n);
	if (r > 0) {
		f->off += (uint64_t)r;
	}
	return __cairn_ret(r);
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	struct fd *f = get(fd);
	uint64_t end = 0;

	if (fd == 1 || fd == 2) {
		__cairn_stdout_flush();
		if (n > 0) {
			libc_write(buf, n);
		}
		return (ssize_t)n;
	}
	if (f != NULL && f->m == &__cairn_sock_mount) {
		return __cairn_ret(__cairn_sock_write(f->h, buf, n, f->flags));
	}
	if (f == NULL || (f->flags & O_ACCMODE) == O_RDONLY ||
	    !writable(f->m)) {
		return __cairn_ret(-EBADF);
	}
	if (n == 0) {
		return 0;
	}
	long r = f->m->ops->write(f->h, f->off, buf, n, &end);
	if (r > 0) {
		f->off = end;
	}
	return __cairn_ret(r);
}

int
close(int fd)
{
	struct fd *f = get(fd);

	if (f == NULL) {
		return (int)__cairn_ret(-EBADF);
	}
	int r = f->m->ops->close(f->h);
	f->m = NULL;
	return (int)__cairn_ret(r);
}

int
fstat(int fd, struct stat *st)
{
	struct fd *f = get(fd);

	if (f == NULL) {
		return (int)__cairn_ret(-EBADF);
	}
	return (int)__cairn_ret(f->m->ops->fstat(f->h, st));
}

off_t
lseek(int fd, off_t off, int whence)
{
	struct fd *f = get(fd);
	struct stat st;
	int64_t base;

	if (f == NULL) {
		return fd >= 0 && fd < FIRST_FD ? __cairn_ret(-ESPIPE)
						: __cairn_ret(-EBADF);
	}
	if (whence == SEEK_SET) {
		base = 0;
	} else if (whence == SEEK_CUR) {
		base = (int64_t)f->off;
	} else if (whence == SEEK_END) {
		int r = f->m->ops->fstat(f->h, &st);
		if (r < 0) {
			return __cairn_ret(r);
		}
		base = st.st_size;
	} else {
		return __cairn_ret(-EINVAL);
	}
	if ((off < 0 && base + off < 0) ||
	    (off > 0 && base > INT64_MAX - off)) {
		return __cairn_ret(-EINVAL);
	}
	f->off = (uint64_t)(base + off);
	return (off_t)f->off;
}

int
fsync(int fd)
{
	struct fd *f = get(fd);

	if (f == NULL) {
		return (int)__cairn_ret(-EBADF);
	}
	if (f->m->ops->fsync == NULL) {
		return 0; /* nothing to write back */
	}
	return (int)__cairn_ret(f->m->ops->fsync(f->h));
}

int
ftruncate(int fd, off_t size)
{
	struct fd *f = get(fd);

	if (f == NULL || (f->flags & O_ACCMODE) == O_RDONLY ||
	    f->m->ops->truncate == NULL) {
		return (int)__cairn_ret(
		    f == NULL || f->m->ops->truncate != NULL ? -EBADF : -EROFS);
	}
	if (size < 0) {
		return (int)__cairn_ret(-EINVAL);
	}
	return (int)__cairn_ret(f->m->ops->truncate(f->h, (uint64_t)size));
}

int
truncate(const char *path, off_t size)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0) {
		return -1;
	}
	int r = ftruncate(fd, size);
	int e = errno;
	close(fd);
	errno = e;
	return r;
}

/* stat and lstat: follow a last link or not. */
static int
stat_at(const char *path, int follow, struct stat *st)
{
	const struct libc_mount *m;
	const char *rest;
	int r = __cairn_path_where(path, pa, &rest, &m);

	if (r == 0) {
		r = m->ops->stat(rest, follow, st);
	}
	return (int)__cairn_ret(r);
}

int
stat(const char *path, struct stat *st)
{
	return stat_at(path, 1, st);
}

int
lstat(const char *path, struct stat *st)
{
	return stat_at(path, 0, st);
}

/* The mount a changing call on path goes to: 0, or -errno (EROFS). */
static int
changing(const char *path, char *buf, const char **rest,
	 const struct libc_mount **m)
{
	int r = __cairn_path_where(path, buf, rest, m);

	return r == 0 && !writable(*m) ? -EROFS : r;
}

int
mkdir(const char *path, mode_t mode)
{
	const struct libc_mount *m;
	const char *rest;
	int r = changing(path, pa, &rest, &m);

	return (int)__cairn_ret(r < 0 ? r : m->ops->mkdir(rest, mode));
}

int
rmdir(const char *path)
{
	const struct libc_mount *m;
	const char *rest;
	int r = changing(path, pa, &rest, &m);

	return (int)__cairn_ret(r < 0 ? r : m->ops->rmdir(rest));
}

int
unlink(const char *path)
{
	const struct libc_mount *m;
	const char *rest;
	int r = changing(path, pa, &rest, &m);

	return (int)__cairn_ret(r < 0 ? r : m->ops->unlink(rest));
}

/* rename and link: both paths on one mount (else EXDEV). */
static int
two_paths(const char *p, const char *q, int is_link)
{
	const struct libc_mount *m, *n;
	const char *a, *b;
	int r = changing(p, pa, &a, &m);

	if (r == 0) {
		r = changing(q, pb, &b, &n);
	}
	if (r == 0 && m != n) {
		r = -EXDEV;
	}
	if (r == 0) {
		r = is_link ? m->ops->link(a, b) : m->ops->rename(a, b);
	}
	return (int)__cairn_ret(r);
}

int
rename(const char *from, const char *to)
{
	return two_paths(from, to, 0);
}

int
link(const char *existing, const char *path)
{
	return two_paths(existing, path, 1);
}

int
symlink(const char *target, const char *path)
{
	const struct libc_mount *m;
	const char *rest;
	int r = changing(path, pa, &rest, &m);

	if (r == 0 && (target == NULL || target[0] == '\0')) {
		r = -ENOENT;
	}
	return (int)__cairn_ret(r < 0 ? r : m->ops->symlink(target, rest));
}

ssize_t
readlink(const char *path, char *buf, size_t n)
{
	const struct libc_mount *m;
	const char *rest;
	long r = __cairn_path_where(path, pa, &rest, &m);

	if (r == 0) {
		r = m->ops->readlink != NULL ? m->ops->readlink(rest, buf, n)
					     : -EINVAL;
	}
	return __cairn_ret(r);
}

void
sync(void)
{
	const struct libc_mount *m;
	int n = libc_mounts(&m);

	__cairn_files_flush();
	for (int i = 0; i < n; i++) {
		if (m[i].ops->sync != NULL) {
			m[i].ops->sync();
		}
	}
}

int
cairn_fs_statfs(const char *path, struct cairn_fs_statfs *st)
{
	const struct libc_mount *m;
	const char *rest;
	int r = __cairn_path_where(path, pa, &rest, &m);

	if (r == 0) {
		r = m->ops->statfs != NULL ? m->ops->statfs(st) : -ENOSYS;
	}
	return (int)__cairn_ret(r);
}

int
cairn_fs_dropcache(void)
{
	const struct libc_mount *m;
	int n = libc_mounts(&m), r = 0;

	for (int i = 0; i < n && r == 0; i++) {
		if (m[i].ops->dropcache != NULL) {
			r = m[i].ops->dropcache();
		}
	}
	return (int)__cairn_ret(r);
}

int
cairn_fs_mounts(int i, const char **dir, const char **type)
{
	const struct libc_mount *m;
	int n = libc_mounts(&m);

	if (i < 0 || i >= n) {
		return -1;
	}
	*dir = m[i].dir;
	*type = m[i].type;
	return 0;
}

/* For socket.c: a descriptor for handle h of mount m, or -EMFILE. */
int
__cairn_fd_install(const struct libc_mount *m, int h, int flags)
{
	for (int fd = FIRST_FD; fd < OPEN_MAX; fd++) {
		if (fds[fd].m == NULL) {
			fds[fd] = (struct fd){m, h, flags, 0};
			return fd;
		}
	}
	return -EMFILE;
}

int
fcntl(int fd, int cmd, ...)
{
	struct fd *f = get(fd);
	va_list ap;
	int arg;

	if (f == NULL) {
		return (int)__cairn_ret(
		    fd >= 0 && fd < FIRST_FD && cmd == F_GETFL ? O_RDWR
							       : -EBADF);
	}
	switch (cmd) {
	case F_GETFL:
		return f->flags & ~O_CLOEXEC;
	case F_SETFL:
		va_start(ap, cmd);
		arg = va_arg(ap, int);
		va_end(ap);
		f->flags = (f->flags & ~O_NONBLOCK) | (arg & O_NONBLOCK);
		return 0;
	case F_GETFD:
		return f->flags & O_CLOEXEC ? FD_CLOEXEC : 0;
	case F_SETFD:
		va_start(ap, cmd);
		arg = va_arg(ap, int);
		va_end(ap);
		f->flags = (f->flags & ~O_CLOEXEC) |
			   (arg & FD_CLOEXEC ? O_CLOEXEC : 0);
		return 0;
	default:
		return (int)__cairn_ret(-EINVAL);
	}
}

/* For dir.c: the mount and handle behind fd, or NULL. */
const struct libc_mount *
__cairn_fd_handle(int fd, int *h)
{
	struct fd *f = get(fd);

	if (f == NULL) {
		return NULL;
	}
	*h = f->h;
	return f->m;
}

/* For socket.c: fd's flags (O_NONBLOCK...), or -EBADF. */
int
__cairn_fd_flags(int fd)
{
	struct fd *f = get(fd);

	return f == NULL ? -EBADF : f->flags;
}
