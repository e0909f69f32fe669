/*
 * files: descriptors and open files (files.h), and the calls on them
 * that need no path: read, write and their vector and positioned forms,
 * lseek, close, dup, dup2, dup3, fcntl and the console's ioctls.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "cairn_libc.h"
#include "files.h"
#include "procfs.h"
#include "procrt.h"
#include "sysdefs.h"
#include "tty.h"

#define CHUNK	 4096
#define IOV_MAX	 1024
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

static struct ofile ofiles[OPEN_FILES];
static struct ofile console = {.kind = OF_CONSOLE, .flags = O_RDWR};
static const struct libc_fsops *disk;

const struct libc_fsops *
disk_ops(void)
{
	if (disk == NULL) {
		const struct libc_mount *m;
		int n = libc_mounts(&m);
		for (int i = 0; i < n; i++) {
			if (strcmp(m[i].dir, "/disk") == 0) {
				disk = m[i].ops;
			}
		}
	}
	return disk;
}

/* A free open file, its one reference taken; NULL if none is left. */
struct ofile *
ofile_new(int kind, int h, int flags)
{
	for (int i = 0; i < OPEN_FILES; i++) {
		struct ofile *f = &ofiles[i];
		if (f->kind == OF_FREE) {
			*f = (struct ofile){
			    .kind = kind, .refs = 1, .h = h, .flags = flags};
			return f;
		}
	}
	return NULL;
}

void
ofile_ref(struct ofile *f)
{
	f->refs += f != &console;
}

void
ofile_put(struct ofile *f)
{
	if (f == &console || --f->refs > 0) {
		return;
	}
	if (f->kind == OF_FILE || f->kind == OF_DIR) {
		disk_ops()->close(f->h);
	} else if (f->kind == OF_PIPE) {
		pipe_close(f);
	} else if (f->kind == OF_SOCKET) {
		sock_close(f);
	} else if (f->kind == OF_PROC) {
		procfs_close(f);
	}
	f->kind = OF_FREE;
}

void
files_start(struct lproc *p)
{
	memset(p->fd, 0, sizeof(p->fd));
	for (int i = 0; i < 3; i++) {
		p->fd[i] = &console;
	}
	p->cloexec = 0;
	p->umask = 022;
	strcpy(p->cwd, "/");
	p->root[0] = '\0';
	tty_open(p);
}

void
console_reset(void)
{
	console.flags = O_RDWR;
}

void
files_end(struct lproc *p)
{
	for (int i = 0; i < POSIX_MAX_FDS; i++) {
		if (p->fd[i] != NULL) {
			ofile_put(p->fd[i]);
			p->fd[i] = NULL;
		}
	}
}

struct ofile *
fd_get(struct lproc *p, word_t fd)
{
	/* Linux's descriptors are C ints: only the low 32 bits count. */
	fd = (uint32_t)fd;
	return fd < POSIX_MAX_FDS ? p->fd[fd] : NULL;
}

/* The lowest free descriptor from `from`, given f; or -EMFILE. */
long
fd_install(struct lproc *p, struct ofile *f, word_t from, bool cloexec)
{
	for (word_t i = from; i < POSIX_MAX_FDS; i++) {
		if (p->fd[i] == NULL) {
			p->fd[i] = f;
			p->cloexec = (p->cloexec & ~(1ull << i)) |
				     (cloexec ? 1ull << i : 0);
			return (long)i;
		}
	}
	return -EMFILE;
}

/* Move n bytes between f and buf at *at, moving *at past them: bytes,
 * or -errno.  An O_APPEND file's write goes to its end (the fs service
 * says where that was). */
static long
io(struct ofile *f, uint64_t *at, void *buf, word_t n, bool out)
{
	uint64_t end = *at;
	long r;

	switch (f->kind) {
	case OF_CONSOLE:
		if (out) {
			tty_write(buf, n);
			return (long)n;
		}
		return -EAGAIN; /* reads go to tty_read (rw, vector) */
	case OF_NULL:
		return out ? (long)n : 0;
	case OF_ZERO:
		if (!out) {
			memset(buf, 0, n);
		}
		return (long)n;
	case OF_DIR:
		return -EISDIR;
	case OF_SOCKET:
		return -EINVAL; /* sendfile's: Linux programs then write */
	case OF_PROC:
		return out ? -EBADF : procfs_read(f, at, buf, n);
	default:
		if ((f->flags & O_ACCMODE) == (out ? O_RDONLY : O_WRONLY)) {
			return -EBADF;
		}
		r = out ? disk_ops()->write(f->h, *at, buf, n, &end)
			: disk_ops()->read(f->h, *at, buf, n);
		if (r > 0) {
			*at = out ? end : *at + (uint64_t)r;
		}
		return r;
	}
}

/*
 * Read or write n bytes at va in p through f, a chunk at a time; at
 * *off (NULL: f's own offset, moved on).  Bytes, or -errno.
 */
static long
transfer(struct lproc *p, struct ofile *f, word_t va, word_t n, uint64_t *off,
	 bool out)
{
	static char buf[CHUNK];
	uint64_t *at = off != NULL ? off : &f->off;
	word_t done = 0;

	if ((long)n < 0) {
		return -EINVAL;
	}
	if (!user_range(va, n)) {
		return -EFAULT; /* before anything moves, as Linux */
	}
	while (done < n) {
		word_t k = n - done < CHUNK ? n - done : CHUNK;
		long r = out ? copy_in(p, buf, va + done, k) : 0;
		if (r == 0) {
			r = io(f, at, buf, k, out);
		}
		if (r > 0 && !out && copy_out(p, va + done, buf, (word_t)r)) {
			r = -EFAULT;
		}
		if (r < 0) {
			return done > 0 ? (long)done : r;
		}
		done += (word_t)r;
		/* cppcheck-suppress knownConditionTrueFalse ; io may be short
		 */
		if ((word_t)r < k) {
			break; /* the end of the file */
		}
	}
	return (long)done;
}

/* A write to the console from the background under TOSTOP: SIGTTOU
 * (tty_job); else 0. */
static word_t
tostop(struct lproc *p, const struct ofile *f, bool out)
{
	if (f == NULL || f->kind != OF_CONSOLE || !out ||
	    !(tty_termios.lflag & LX_TOSTOP)) {
		return 0;
	}
	return tty_job(p, LX_SIGTTOU);
}

static word_t
rw(struct lproc *p, const word_t *a, uint64_t *off, bool out)
{
	struct ofile *f = fd_get(p, a[0]);
	word_t job = tostop(p, f, out);

	if (job != 0) {
		return job;
	}
	if (f != NULL && f->kind == OF_SOCKET) {
		return sock_rw(p, a, out, false); /* pread: ESPIPE before */
	}
	if (f != NULL && f->kind == OF_PIPE) {
		if ((f->flags & O_ACCMODE) == (out ? O_RDONLY : O_WRONLY)) {
			return (word_t)-EBADF;
		}
		return pipe_io(p, f, a[1], a[2], out, true);
	}
	if (f != NULL && f->kind == OF_CONSOLE && !out && off == NULL) {
		return tty_read(p, f, a[1], a[2], true);
	}
	return f == NULL ? (word_t)-EBADF
			 : (word_t)transfer(p, f, a[1], a[2], off, out);
}

SYS(read)
{
	return rw(p, a, NULL, false);
}

SYS(write)
{
	return rw(p, a, NULL, true);
}

static word_t
positioned(struct lproc *p, const word_t *a, bool out)
{
	struct ofile *f = fd_get(p, a[0]);
	uint64_t off = a[3];

	if (f != NULL && f->kind != OF_FILE && f->kind != OF_PROC) {
		return (word_t)-ESPIPE;
	}
	/* cppcheck-suppress knownConditionTrueFalse ; the caller's word */
	return (long)a[3] < 0 ? (word_t)-EINVAL : rw(p, a, &off, out);
}

SYS(pread64)
{
	return positioned(p, a, false);
}

SYS(pwrite64)
{
	return positioned(p, a, true);
}

static word_t
vector(struct lproc *p, const word_t *a, bool out)
{
	static struct {
		word_t base, len;
	} iov[IOV_MAX];
	struct ofile *f = fd_get(p, a[0]);
	word_t n = (uint32_t)a[2], total = 0;

	if (f == NULL) {
		return (word_t)-EBADF;
	}
	if (f->kind == OF_SOCKET) {
		return sock_rw(p, a, out, true);
	}
	word_t job = tostop(p, f, out);
	if (job != 0) {
		return job;
	}
	if (n > IOV_MAX) {
		return (word_t)-EINVAL;
	}
	if (copy_in(p, iov, a[1], n * sizeof(iov[0])) < 0) {
		return (word_t)-EFAULT;
	}
	/* Linux checks every vector before it moves a byte. */
	for (word_t i = 0; i < n; i++) {
		if ((long)iov[i].len < 0) {
			return (word_t)-EINVAL;
		}
		if (!user_range(iov[i].base, iov[i].len)) {
			return (word_t)-EFAULT;
		}
	}
	for (word_t i = 0; i < n; i++) {
		long r =
		    f->kind == OF_PIPE ? (long)pipe_io(p, f, iov[i].base,
						       iov[i].len, out, i == 0)
		    : f->kind == OF_CONSOLE && !out
			? (long)tty_read(p, f, iov[i].base, iov[i].len, i == 0)
			: transfer(p, f, iov[i].base, iov[i].len, NULL, out);
		if (r == (long)SYS_NO_REPLY) {
			return SYS_NO_REPLY; /* held, nothing moved */
		}
		if (r == -EAGAIN && total > 0) {
			return total;
		}
		if (r < 0) {
			return total > 0 ? total : (word_t)r;
		}
		total += (word_t)r;
		if ((word_t)r < iov[i].len) {
			return total;
		}
	}
	return total;
}

SYS(readv)
{
	return vector(p, a, false);
}

SYS(writev)
{
	return vector(p, a, true);
}

SYS(lseek)
{
	struct ofile *f = fd_get(p, a[0]);
	int64_t base;
	struct stat st;

	if (f == NULL) {
		return (word_t)-EBADF;
	}
	if (f->kind == OF_PROC) {
		return (word_t)procfs_lseek(f, (int64_t)a[1], (uint32_t)a[2]);
	}
	if (f->kind != OF_FILE && f->kind != OF_DIR) {
		return f->kind == OF_NULL || f->kind == OF_ZERO
			   ? 0
			   : (word_t)-ESPIPE;
	}
	switch ((uint32_t)a[2]) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)f->off;
		break;
	case SEEK_END:
		if (disk_ops()->fstat(f->h, &st) != 0) {
			return (word_t)-EIO;
		}
		base = st.st_size;
		break;
	default:
		return (word_t)-EINVAL;
	}
	int64_t to = base + (int64_t)a[1];
	if (to < 0 || (f->kind == OF_DIR && (uint32_t)a[2] != SEEK_SET)) {
		return (word_t)-EINVAL;
	}
	f->off = (uint64_t)to;
	return (word_t)to;
}

SYS(close)
{
	struct ofile *f = fd_get(p, a[0]);

	if (f == NULL) {
		return (word_t)-EBADF;
	}
	p->fd[(uint32_t)a[0]] = NULL;
	ofile_put(f);
	return 0;
}

/* newfd names f from now on (closing what it named): newfd. */
static word_t
dup_to(struct lproc *p, struct ofile *f, word_t newfd, bool cloexec)
{
	if (p->fd[newfd] != f) {
		f->refs += f != &console;
		if (p->fd[newfd] != NULL) {
			ofile_put(p->fd[newfd]);
		}
		p->fd[newfd] = f;
	}
	p->cloexec =
	    (p->cloexec & ~(1ull << newfd)) | (cloexec ? 1ull << newfd : 0);
	return newfd;
}

static word_t
dup_from(struct lproc *p, struct ofile *f, word_t from, bool cloexec)
{
	long fd = fd_install(p, f, from, cloexec);

	if (fd >= 0 && f != &console) {
		f->refs++;
	}
	return (word_t)fd;
}

SYS(dup)
{
	struct ofile *f = fd_get(p, a[0]);

	return f == NULL ? (word_t)-EBADF : dup_from(p, f, 0, false);
}

SYS(dup2)
{
	struct ofile *f = fd_get(p, a[0]);

	if (f == NULL) {
		return (word_t)-EBADF;
	}
	word_t to = (uint32_t)a[1];
	return to >= POSIX_MAX_FDS ? (word_t)-EBADF : dup_to(p, f, to, false);
}

SYS(dup3)
{
	struct ofile *f = fd_get(p, a[0]);

	word_t from = (uint32_t)a[0], to = (uint32_t)a[1];
	word_t flags = (uint32_t)a[2];

	if (f == NULL || to >= POSIX_MAX_FDS) {
		return (word_t)-EBADF;
	}
	if (from == to || (flags & ~(word_t)O_CLOEXEC) != 0) {
		return (word_t)-EINVAL;
	}
	return dup_to(p, f, to, flags & O_CLOEXEC);
}

SYS(fcntl)
{
	struct ofile *f = fd_get(p, a[0]);
	const int settable = O_APPEND | O_NONBLOCK;
	word_t fd = (uint32_t)a[0], cmd = (uint32_t)a[1];

	if (f == NULL) {
		return (word_t)-EBADF;
	}
	switch (cmd) {
	case LX_F_DUPFD:
	case LX_F_DUPFD_CLOEXEC:
		return (uint32_t)a[2] >= POSIX_MAX_FDS
			   ? (word_t)-EINVAL
			   : dup_from(p, f, (uint32_t)a[2],
				      cmd == LX_F_DUPFD_CLOEXEC);
	case LX_F_GETFD:
		return p->cloexec >> fd & 1;
	case LX_F_SETFD:
		p->cloexec = (p->cloexec & ~(1ull << fd)) |
			     ((word_t)(a[2] & LX_FD_CLOEXEC) << fd);
		return 0;
	case LX_F_GETFL:
		return (word_t)f->flags;
	case LX_F_SETFL:
		f->flags = (f->flags & ~settable) | ((int)a[2] & settable);
		return 0;
	default:
		return (word_t)-EINVAL;
	}
}

/* Linux's ioctls on any descriptor. */
#define LX_FIONREAD 0x541b
#define LX_FIONBIO  0x5421
#define LX_FIONCLEX 0x5450
#define LX_FIOCLEX  0x5451

/* FIONREAD: the bytes a read of f would find now, or -ENOTTY. */
static long
unread(struct ofile *f)
{
	struct stat st;

	switch (f->kind) {
	case OF_PIPE:
		return pipe_unread(f);
	case OF_CONSOLE:
		return tty_unread();
	case OF_SOCKET:
		return sock_unread(f);
	case OF_FILE:
		if (disk_ops()->fstat(f->h, &st) != 0) {
			return -EIO;
		}
		return st.st_size > (off_t)f->off ? st.st_size - (off_t)f->off
						  : 0;
	default:
		return -ENOTTY; /* sockets' too, for now */
	}
}

SYS(ioctl)
{
	struct ofile *f = fd_get(p, a[0]);
	word_t fd = (uint32_t)a[0], cmd = (uint32_t)a[1];
	int32_t v;

	if (f == NULL) {
		return (word_t)-EBADF;
	}
	switch (cmd) {
	case LX_FIOCLEX:
	case LX_FIONCLEX:
		p->cloexec = (p->cloexec & ~(1ull << fd)) |
			     ((word_t)(cmd == LX_FIOCLEX) << fd);
		return 0;
	case LX_FIONBIO:
		if (copy_in(p, &v, a[2], sizeof(v)) < 0) {
			return (word_t)-EFAULT;
		}
		f->flags =
		    v != 0 ? f->flags | O_NONBLOCK : f->flags & ~O_NONBLOCK;
		return 0;
	case LX_FIONREAD:
		if (unread(f) < 0) {
			return (word_t)unread(f);
		}
		v = (int32_t)unread(f);
		return copy_out(p, a[2], &v, sizeof(v)) < 0 ? (word_t)-EFAULT
							    : 0;
	default:
		break;
	}
	if (f->kind != OF_CONSOLE) {
		return (word_t)-ENOTTY;
	}
	return tty_ioctl(p, a[1], a[2]);
}

SYS(sendfile)
{
	static char buf[CHUNK];
	struct ofile *out = fd_get(p, a[0]), *in = fd_get(p, a[1]);
	uint64_t off = 0, *at;
	word_t done = 0;

	if (out == NULL || in == NULL) {
		return (word_t)-EBADF;
	}
	if ((in->kind != OF_FILE && in->kind != OF_PROC) || (long)a[3] < 0) {
		return (word_t)-EINVAL;
	}
	if (a[2] != 0 && copy_in(p, &off, a[2], sizeof(off)) < 0) {
		return (word_t)-EFAULT;
	}
	at = a[2] != 0 ? &off : &in->off;
	while (done < a[3]) {
		word_t k = a[3] - done < CHUNK ? a[3] - done : CHUNK;
		uint64_t from = *at;
		long r = io(in, at, buf, k, false);
		uint64_t wat = out->off;
		long w = r > 0 ? io(out, &wat, buf, (word_t)r, true) : r;
		if (out->kind == OF_FILE) {
			out->off = wat;
		}
		if (w < 0) {
			*at = from;
			if (done == 0) {
				return (word_t)w;
			}
			break;
		}
		done += (word_t)w;
		/* cppcheck-suppress knownConditionTrueFalse ; io may be short
		 */
		if (r == 0 || (word_t)r < k) {
			break;
		}
	}
	if (a[2] != 0 && copy_out(p, a[2], &off, sizeof(off)) < 0) {
		return (word_t)-EFAULT;
	}
	return done;
}
