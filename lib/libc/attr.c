/*
 * attr: a file's mode, owner and times (chmod, fchmod, chown, fchown,
 * utimensat, futimens) through its mount's setattr (cairn_libc.h).  The
 * calls on a path open it read-only on its mount (a directory too), set
 * the attributes on that handle and close it, so a mount needs no
 * setattr by path.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cairn_libc.h"
#include "libc_impl.h"

/* A setattr request: the mask (LIBC_SET_*) and what it names. */
struct attr {
	unsigned mask, mode, uid, gid;
	int64_t atime, mtime;
};

static char apath[PATH_MAX];

/* Set a on handle h of mount m: 0 or -errno.  Without setattr: EROFS
 * on a file system that cannot be written, else EOPNOTSUPP (a socket's
 * descriptor, a file system that keeps no attributes). */
static int
apply(const struct libc_mount *m, int h, const struct attr *a)
{
	if (m->ops->setattr == NULL) {
		return m->ops->open != NULL && m->ops->write == NULL
			   ? -EROFS
			   : -EOPNOTSUPP;
	}
	return m->ops->setattr(h, a->mask, a->mode, a->uid, a->gid, a->atime,
			       a->mtime);
}

/*
 * Set a on the file at path, a last link followed unless nofollow (then
 * a link is EOPNOTSUPP: only its target can be opened).  Returns what
 * the call returns: 0, or -1 with errno.
 */
static int
on_path(const char *path, int nofollow, const struct attr *a)
{
	const struct libc_mount *m;
	const char *rest;
	int r = __cairn_path_where(path, apath, &rest, &m);

	if (r == 0 && m->ops->write == NULL) {
		r = -EROFS;
	}
	if (r == 0) {
		r = m->ops->open(rest, O_RDONLY | (nofollow ? O_NOFOLLOW : 0),
				 0);
	}
	if (r == -ELOOP && nofollow) {
		r = -EOPNOTSUPP;
	}
	if (r >= 0) {
		int h = r;
		r = apply(m, h, a);
		m->ops->close(h);
	}
	return (int)__cairn_ret(r);
}

/* Set a on descriptor fd's file: 0, or -1 with errno. */
static int
on_fd(int fd, const struct attr *a)
{
	int h;
	const struct libc_mount *m = __cairn_fd_handle(fd, &h);

	return (int)__cairn_ret(m == NULL ? -EBADF : apply(m, h, a));
}

int
chmod(const char *path, mode_t mode)
{
	struct attr a = {.mask = LIBC_SET_MODE, .mode = mode & 07777};

	return on_path(path, 0, &a);
}

int
fchmod(int fd, mode_t mode)
{
	struct attr a = {.mask = LIBC_SET_MODE, .mode = mode & 07777};

	return on_fd(fd, &a);
}

/* chown's request: an id of -1 is left as it is. */
static struct attr
owner(uid_t uid, gid_t gid)
{
	struct attr a = {.uid = uid, .gid = gid};

	a.mask |= uid != (uid_t)-1 ? LIBC_SET_UID : 0;
	a.mask |= gid != (gid_t)-1 ? LIBC_SET_GID : 0;
	return a;
}

int
chown(const char *path, uid_t uid, gid_t gid)
{
	struct attr a = owner(uid, gid);

	return on_path(path, 0, &a);
}

int
fchown(int fd, uid_t uid, gid_t gid)
{
	struct attr a = owner(uid, gid);

	return on_fd(fd, &a);
}

/*
 * times (NULL: both now) as a request in *a: 0, or -EINVAL for a
 * tv_nsec that is neither a nanosecond count nor UTIME_NOW or UTIME_OMIT.
 * Both UTIME_OMIT leave a->mask 0.
 */
static int
times_of(const struct timespec *times, struct attr *a)
{
	static const unsigned set[2] = {LIBC_SET_ATIME, LIBC_SET_MTIME};
	static const unsigned now[2] = {LIBC_SET_ATIME_NOW, LIBC_SET_MTIME_NOW};
	int64_t *sec[2] = {&a->atime, &a->mtime};

	*a = (struct attr){0};
	for (int i = 0; i < 2; i++) {
		long ns = times != NULL ? times[i].tv_nsec : UTIME_NOW;
		if (ns == UTIME_OMIT) {
			continue;
		}
		if (ns == UTIME_NOW) {
			a->mask |= now[i];
		} else if (ns >= 0 && ns <= 999999999L) {
			a->mask |= set[i];
			*sec[i] = times[i].tv_sec;
		} else {
			return -EINVAL;
		}
	}
	return 0;
}

int
utimensat(int dirfd, const char *path, const struct timespec times[2],
	  int flags)
{
	struct attr a;
	struct stat st;
	int r = times_of(times, &a);

	if (r == 0 && (flags & ~AT_SYMLINK_NOFOLLOW) != 0) {
		r = -EINVAL;
	} else if (r == 0 && dirfd != AT_FDCWD && path != NULL &&
		   path[0] != '/') {
		r = -EOPNOTSUPP; /* no calls relative to a directory's fd */
	}
	if (r < 0) {
		return (int)__cairn_ret(r);
	}
	if (a.mask == 0) {
		/* Both UTIME_OMIT: nothing changes, but the file must be. */
		return (flags & AT_SYMLINK_NOFOLLOW) ? lstat(path, &st)
						     : stat(path, &st);
	}
	return on_path(path, (flags & AT_SYMLINK_NOFOLLOW) != 0, &a);
}

int
futimens(int fd, const struct timespec times[2])
{
	struct attr a;
	int h, r = times_of(times, &a);

	if (r == 0 && __cairn_fd_handle(fd, &h) == NULL) {
		r = -EBADF;
	}
	if (r < 0 || a.mask == 0) {
		return (int)__cairn_ret(r);
	}
	return on_fd(fd, &a);
}
