/*
 * fs logic (fs.h): every call of the file protocol checked, then run on
 * lib/ext2.  Nothing a client sends is trusted: handles are looked up in
 * its own table, pointers must lie inside its region (with the length
 * they cover), paths are copied out of the region before use (the
 * client may change the region under us) and bounded.
 */
#include "fs.h"

#include <errno.h>

#include "cstring.h"

/* Paths copied out of a client's region (two: rename, link, symlink). */
static char path_a[FS_PATH_MAX], path_b[FS_PATH_MAX];

int
fs_errno(int err)
{
	static const int map[] = {
	    [-EXT2_EIO] = EIO,
	    [-EXT2_ECORRUPT] = EUCLEAN,
	    [-EXT2_EUNSUPPORTED] = EOPNOTSUPP,
	    [-EXT2_ENOENT] = ENOENT,
	    [-EXT2_EEXIST] = EEXIST,
	    [-EXT2_ENOTDIR] = ENOTDIR,
	    [-EXT2_EISDIR] = EISDIR,
	    [-EXT2_ENOTEMPTY] = ENOTEMPTY,
	    [-EXT2_ENOSPC] = ENOSPC,
	    [-EXT2_ENAMETOOLONG] = ENAMETOOLONG,
	    [-EXT2_EINVAL] = EINVAL,
	    [-EXT2_EROFS] = EROFS,
	    [-EXT2_ELOOP] = ELOOP,
	    [-EXT2_ENOMEM] = ENOMEM,
	    [-EXT2_EFBIG] = EFBIG,
	    [-EXT2_EMLINK] = EMLINK,
	};

	if (err >= 0) {
		return 0;
	}
	if (-err >= (int)(sizeof(map) / sizeof(map[0])) || map[-err] == 0) {
		return EIO;
	}
	return map[-err];
}

/* ext2's result r as the protocol's: itself if >= 0, else -errno. */
static int64_t
res(int64_t r)
{
	return r >= 0 ? r : -fs_errno((int)r);
}

static struct fs_client *
client(struct fs_service *s, uint64_t pid)
{
	for (int i = 0; i < FS_MAX_CLIENTS; i++) {
		if (s->clients[i].pid == pid && pid != 0) {
			return &s->clients[i];
		}
	}
	return NULL;
}

/* Does any client hold ino open?  (ext2's held: an unlinked file stays
 * while it is.) */
static int
held(void *ctx, uint32_t ino)
{
	struct fs_service *s = ctx;

	for (int i = 0; i < FS_MAX_CLIENTS; i++) {
		const struct fs_client *c = &s->clients[i];
		for (int k = 0; c->pid != 0 && k < FS_MAX_HANDLES; k++) {
			if (c->h[k].ino == ino && !c->h[k].stale) {
				return 1;
			}
		}
	}
	return 0;
}

/* Close c's handle h (open): an unlinked file goes with its last. */
static void
close_handle(struct fs_service *s, struct fs_client *c, int h)
{
	uint32_t ino = c->h[h].ino;
	int orphan = c->h[h].orphan && !c->h[h].stale;

	c->h[h].ino = 0;
	if (orphan && s->mounted && !held(s, ino)) {
		ext2_release(s->ext2, ino);
	}
}

/* Close every handle of c. */
static void
close_all(struct fs_service *s, struct fs_client *c)
{
	for (int k = 0; c->pid != 0 && k < FS_MAX_HANDLES; k++) {
		if (c->h[k].ino != 0) {
			close_handle(s, c, k);
		}
	}
}

int
fs_attach(struct fs_service *s, uint64_t pid, uint64_t base, uint64_t size)
{
	struct fs_client *c = client(s, pid);

	for (int i = 0; i < FS_MAX_CLIENTS && c == NULL; i++) {
		if (s->clients[i].pid == 0) {
			c = &s->clients[i];
		}
	}
	for (int i = 0; i < FS_MAX_CLIENTS && c == NULL; i++) {
		if (s->alive == NULL || !s->alive(s->clients[i].pid)) {
			c = &s->clients[i];
		}
	}
	if (c == NULL || pid == 0) {
		return -ENFILE;
	}
	close_all(s, c);
	memset(c, 0, sizeof(*c));
	c->pid = pid;
	c->base = base;
	c->size = size;
	return 0;
}

/* Does [p, p + n) lie inside c's region? */
static int
inside(const struct fs_client *c, uint64_t p, uint64_t n)
{
	return p >= c->base && n <= c->size && p - c->base <= c->size - n;
}

/* Copy the path at p, n bytes, out of c's region into buf (NUL added):
 * 0, -EFAULT outside the region, -ENAMETOOLONG, -ENOENT if empty,
 * -EINVAL if not absolute or holding a NUL. */
static int
take_path(const struct fs_client *c, uint64_t p, uint64_t n, char *buf)
{
	if (n >= FS_PATH_MAX) {
		return -ENAMETOOLONG;
	}
	if (!inside(c, p, n)) {
		return -EFAULT;
	}
	if (n == 0) {
		return -ENOENT;
	}
	memcpy(buf, (const void *)(uintptr_t)p, n);
	buf[n] = '\0';
	if (buf[0] != '/' || strlen(buf) != n) {
		return -EINVAL;
	}
	return 0;
}

/* Handle h of c, open and its inode alive: the handle, or NULL with
 * *err set (-EBADF, -ESTALE). */
static struct fs_handle *
handle(struct fs_client *c, uint64_t h, int *err)
{
	if (h >= FS_MAX_HANDLES || c->h[h].ino == 0) {
		*err = -EBADF;
		return NULL;
	}
	if (c->h[h].stale) {
		*err = -ESTALE;
		return NULL;
	}
	return &c->h[h];
}

/* A free handle of c for ino with flags: its number, or -EMFILE. */
static int64_t
new_handle(struct fs_client *c, uint32_t ino, uint32_t flags)
{
	for (int i = 0; i < FS_MAX_HANDLES; i++) {
		if (c->h[i].ino == 0) {
			c->h[i] = (struct fs_handle){ino, flags, 0, 0};
			return i;
		}
	}
	return -EMFILE;
}

static int
is_type(uint16_t mode, uint16_t type)
{
	return (mode & EXT2_S_IFMT) == type;
}

/* After a removal: mark every handle whose inode is gone stale (an
 * unlinked regular file stays while it is open: held()). */
static void
revalidate(struct fs_service *s)
{
	for (int i = 0; i < FS_MAX_CLIENTS; i++) {
		struct fs_client *c = &s->clients[i];
		for (int k = 0; c->pid != 0 && k < FS_MAX_HANDLES; k++) {
			struct ext2_stat st;
			struct fs_handle *h = &c->h[k];
			if (h->ino == 0 || h->stale || h->orphan) {
				continue;
			}
			if (ext2_stat(s->ext2, h->ino, &st) != 0 ||
			    (st.links == 0 &&
			     !is_type(st.mode, EXT2_S_IFREG))) {
				h->stale = 1;
			} else if (st.links == 0) {
				h->orphan = 1; /* kept while open (held) */
			}
		}
	}
}

/* OPEN's checks on what it found (st) against the flags. */
static int
open_check(const struct ext2_stat *st, uint32_t flags)
{
	uint32_t acc = flags & FS_O_ACCMODE;

	if (is_type(st->mode, EXT2_S_IFLNK)) {
		return -ELOOP; /* O_NOFOLLOW on a link */
	}
	if ((flags & FS_O_DIRECTORY) && !is_type(st->mode, EXT2_S_IFDIR)) {
		return -ENOTDIR;
	}
	if (is_type(st->mode, EXT2_S_IFDIR) && acc != FS_O_RDONLY) {
		return -EISDIR;
	}
	return 0;
}

/* OPEN: path, length, flags, mode -> handle, inode, size. */
static int64_t
do_open(struct fs_service *s, struct fs_client *c, const uint64_t *w,
	uint64_t *out)
{
	uint32_t flags = (uint32_t)w[2], ino;
	struct ext2_stat st;
	int r = take_path(c, w[0], w[1], path_a);

	if (r < 0) {
		return r;
	}
	if ((flags & FS_O_ACCMODE) == 3) {
		return -EINVAL;
	}
	r = ext2_lookup(s->ext2, path_a, !(flags & FS_O_NOFOLLOW), &ino);
	if (r == EXT2_ENOENT && (flags & FS_O_CREAT)) {
		r = ext2_create(s->ext2, path_a, (uint16_t)(w[3] & 07777),
				&ino);
	} else if (r == 0 && (flags & FS_O_CREAT) && (flags & FS_O_EXCL)) {
		return -EEXIST;
	}
	if (r == 0) {
		r = ext2_stat(s->ext2, ino, &st);
	}
	if (r != 0) {
		return res(r);
	}
	r = open_check(&st, flags);
	if (r == 0 && (flags & FS_O_TRUNC) &&
	    (flags & FS_O_ACCMODE) != FS_O_RDONLY &&
	    is_type(st.mode, EXT2_S_IFREG) && st.size != 0) {
		r = (int)res(ext2_truncate(s->ext2, ino, 0));
		st.size = 0;
	}
	if (r != 0) {
		return r;
	}
	out[1] = ino;
	out[2] = st.size;
	return new_handle(c, ino, flags);
}

/* REOPEN: inode, flags -> handle, after a service restart. */
static int64_t
do_reopen(struct fs_service *s, struct fs_client *c, const uint64_t *w)
{
	struct ext2_stat st;

	if (w[0] == 0 || w[0] > UINT32_MAX) {
		return -EINVAL;
	}
	int r = ext2_stat(s->ext2, (uint32_t)w[0], &st);
	if (r != 0) {
		return res(r);
	}
	if (st.links == 0 || st.mode == 0) {
		return -ESTALE;
	}
	return new_handle(c, (uint32_t)w[0], (uint32_t)w[1]);
}

/* READ: handle, offset, buffer, n -> bytes. */
static int64_t
do_read(struct fs_service *s, struct fs_client *c, const uint64_t *w)
{
	int err;
	struct fs_handle *h = handle(c, w[0], &err);

	if (h == NULL) {
		return err;
	}
	if ((h->flags & FS_O_ACCMODE) == FS_O_WRONLY) {
		return -EBADF;
	}
	if (!inside(c, w[2], w[3])) {
		return -EFAULT;
	}
	/* ext2_read refuses a directory: EISDIR. */
	return res(
	    ext2_read(s->ext2, h->ino, w[1], (void *)(uintptr_t)w[2], w[3]));
}

/* WRITE: handle, offset, buffer, n -> bytes, the offset after. */
static int64_t
do_write(struct fs_service *s, struct fs_client *c, const uint64_t *w,
	 uint64_t *out)
{
	int err;
	struct fs_handle *h = handle(c, w[0], &err);
	const void *buf = (const void *)(uintptr_t)w[2];
	int64_t r;

	if (h == NULL) {
		return err;
	}
	if ((h->flags & FS_O_ACCMODE) == FS_O_RDONLY) {
		return -EBADF;
	}
	if (!inside(c, w[2], w[3])) {
		return -EFAULT;
	}
	if (h->flags & FS_O_APPEND) {
		struct ext2_stat st;
		r = ext2_append(s->ext2, h->ino, buf, w[3]);
		if (r >= 0 && ext2_stat(s->ext2, h->ino, &st) == 0) {
			out[1] = st.size;
		}
	} else {
		r = ext2_write(s->ext2, h->ino, w[1], buf, w[3]);
		out[1] = w[1] + (r > 0 ? (uint64_t)r : 0);
	}
	return res(r);
}

/* Write st as the protocol's stat at p in c's region. */
static int64_t
put_stat(struct fs_client *c, uint64_t p, const struct ext2_stat *st)
{
	if (!inside(c, p, sizeof(struct cairn_fs_stat)) || p % 8 != 0) {
		return -EFAULT;
	}
	struct cairn_fs_stat *o = (void *)(uintptr_t)p;
	*o = (struct cairn_fs_stat){
	    .ino = st->ino,
	    .mode = st->mode,
	    .links = st->links,
	    .uid = st->uid,
	    .gid = st->gid,
	    .size = st->size,
	    .blocks = st->blocks,
	    .atime = st->atime,
	    .mtime = st->mtime,
	    .ctime = st->ctime,
	    .rdev = st->rdev,
	};
	return 0;
}

/* FSTAT: handle, stat buffer. */
static int64_t
do_fstat(struct fs_service *s, struct fs_client *c, const uint64_t *w)
{
	int err;
	struct fs_handle *h = handle(c, w[0], &err);
	struct ext2_stat st;

	if (h == NULL) {
		return err;
	}
	err = ext2_stat(s->ext2, h->ino, &st);
	return err != 0 ? res(err) : put_stat(c, w[1], &st);
}

/* STAT: path, length, follow, stat buffer. */
static int64_t
do_stat(struct fs_service *s, struct fs_client *c, const uint64_t *w)
{
	struct ext2_stat st;
	uint32_t ino;
	int r = take_path(c, w[0], w[1], path_a);

	if (r < 0) {
		return r;
	}
	r = ext2_lookup(s->ext2, path_a, w[2] != 0, &ino);
	if (r == 0) {
		r = ext2_stat(s->ext2, ino, &st);
	}
	return r != 0 ? res(r) : put_stat(c, w[3], &st);
}

/* READDIR: handle, position, buffer, bytes -> entries, next position. */
static int64_t
do_readdir(struct fs_service *s, struct fs_client *c, const uint64_t *w,
	   uint64_t *out)
{
	int err;
	struct fs_handle *h = handle(c, w[0], &err);
	uint64_t pos = w[1], n = 0;
	struct ext2_dirent e;

	if (h == NULL) {
		return err;
	}
	if (!inside(c, w[2], w[3]) || w[2] % 8 != 0) {
		return -EFAULT;
	}
	struct cairn_fs_dirent *d = (void *)(uintptr_t)w[2];
	uint64_t max = w[3] / sizeof(*d);
	while (n < max) {
		int r = ext2_readdir(s->ext2, h->ino, &pos, &e);
		if (r < 0) {
			return n > 0 ? (int64_t)n : res(r);
		}
		if (r == 0) {
			break;
		}
		memset(&d[n], 0, sizeof(d[n]));
		d[n].ino = e.ino;
		d[n].type = e.type;
		d[n].name_len = e.name_len;
		memcpy(d[n].name, e.name, e.name_len);
		n++;
	}
	out[1] = pos;
	return (int64_t)n;
}

/* Calls on one path: MKDIR, MKNOD, RMDIR, UNLINK. */
static int64_t
do_path1(struct fs_service *s, struct fs_client *c, uint64_t label,
	 const uint64_t *w)
{
	int r = take_path(c, w[0], w[1], path_a);

	if (r < 0) {
		return r;
	}
	if (label == FS_MKDIR) {
		return res(
		    ext2_mkdir(s->ext2, path_a, (uint16_t)(w[2] & 07777)));
	}
	if (label == FS_MKNOD) {
		if (w[2] > 0177777 || w[3] > UINT32_MAX) {
			return -EINVAL;
		}
		return res(ext2_mknod(s->ext2, path_a, (uint16_t)w[2],
				      (uint32_t)w[3]));
	}
	r = label == FS_RMDIR ? ext2_rmdir(s->ext2, path_a)
			      : ext2_unlink(s->ext2, path_a);
	if (r == 0) {
		revalidate(s);
	}
	return res(r);
}

/* SYMLINK's target (w[0], w[1]: any text, not a path of ours) into
 * path_a: 0 or -errno. */
static int
take_target(const struct fs_client *c, const uint64_t *w)
{
	if (w[1] == 0 || w[1] >= FS_PATH_MAX) {
		return w[1] == 0 ? -ENOENT : -ENAMETOOLONG;
	}
	if (!inside(c, w[0], w[1])) {
		return -EFAULT;
	}
	memcpy(path_a, (const void *)(uintptr_t)w[0], w[1]);
	path_a[w[1]] = '\0';
	return strlen(path_a) != w[1] ? -EINVAL : 0;
}

/* Calls on two paths: RENAME, LINK, SYMLINK. */
static int64_t
do_path2(struct fs_service *s, struct fs_client *c, uint64_t label,
	 const uint64_t *w)
{
	int r = take_path(c, w[2], w[3], path_b);

	if (r < 0) {
		return r;
	}
	if (label == FS_SYMLINK) {
		r = take_target(c, w);
		return r < 0 ? r : res(ext2_symlink(s->ext2, path_a, path_b));
	}
	r = take_path(c, w[0], w[1], path_a);
	if (r < 0) {
		return r;
	}
	if (label == FS_LINK) {
		return res(ext2_link(s->ext2, path_a, path_b));
	}
	r = ext2_rename(s->ext2, path_a, path_b);
	if (r == 0) {
		revalidate(s);
	}
	return res(r);
}

/* READLINK: path, length, buffer, size -> the target's length. */
static int64_t
do_readlink(struct fs_service *s, struct fs_client *c, const uint64_t *w)
{
	int r = take_path(c, w[0], w[1], path_a);

	if (r < 0) {
		return r;
	}
	if (!inside(c, w[2], w[3]) || w[3] == 0) {
		return -EFAULT;
	}
	/* Into our own buffer first: ext2 wants room for the NUL. */
	r = ext2_readlink(s->ext2, path_a, path_b, sizeof(path_b));
	if (r < 0) {
		return res(r);
	}
	uint64_t n = (uint64_t)r < w[3] ? (uint64_t)r : w[3];
	memcpy((void *)(uintptr_t)w[2], path_b, n);
	return (int64_t)n;
}

/* Calls on one handle: TRUNCATE, FSYNC, CLOSE. */
static int64_t
do_handle(struct fs_service *s, struct fs_client *c, uint64_t label,
	  const uint64_t *w)
{
	int err;
	struct fs_handle *h;

	if (label == FS_CLOSE) {
		if (w[0] >= FS_MAX_HANDLES || c->h[w[0]].ino == 0) {
			return -EBADF;
		}
		close_handle(s, c, (int)w[0]);
		return 0;
	}
	h = handle(c, w[0], &err);
	if (h == NULL) {
		return err;
	}
	if (label == FS_FSYNC) {
		return res(ext2_fsync(s->ext2, h->ino));
	}
	if ((h->flags & FS_O_ACCMODE) == FS_O_RDONLY) {
		return -EBADF;
	}
	return res(ext2_truncate(s->ext2, h->ino, w[1]));
}

_Static_assert(FS_SET_MODE == EXT2_SET_MODE && FS_SET_UID == EXT2_SET_UID &&
		   FS_SET_GID == EXT2_SET_GID &&
		   FS_SET_ATIME == EXT2_SET_ATIME &&
		   FS_SET_MTIME == EXT2_SET_MTIME &&
		   FS_SET_ATIME_NOW == EXT2_SET_ATIME_NOW &&
		   FS_SET_MTIME_NOW == EXT2_SET_MTIME_NOW,
	       "FS_SET_ bits are lib/ext2's");

/* SETATTR: handle, mask, mode, uid, gid, atime, mtime.  Words too wide
 * for ext2's request are refused here, the values by ext2_setattr. */
static int64_t
do_setattr(struct fs_service *s, struct fs_client *c, const uint64_t *w)
{
	int err;
	struct fs_handle *h = handle(c, w[0], &err);

	if (h == NULL) {
		return err;
	}
	if (w[1] > UINT32_MAX || w[2] > UINT32_MAX || w[3] > UINT32_MAX ||
	    w[4] > UINT32_MAX) {
		return -EINVAL;
	}
	struct ext2_setattr a = {(unsigned)w[1], (uint32_t)w[2], (uint32_t)w[3],
				 (uint32_t)w[4], (int64_t)w[5],	 (int64_t)w[6]};
	return res(ext2_setattr(s->ext2, h->ino, &a));
}

/* Calls on the whole file system: SYNC, STATFS, DROPCACHE, UNMOUNT. */
static int64_t
do_fs(struct fs_service *s, struct fs_client *c, uint64_t label,
      const uint64_t *w)
{
	struct ext2_statfs st;

	switch (label) {
	case FS_SYNC:
		return res(ext2_sync(s->ext2));
	case FS_DROPCACHE:
		return res(ext2_dropcache(s->ext2));
	case FS_UNMOUNT:
		s->mounted = 0;
		return res(ext2_unmount(s->ext2));
	default:
		break;
	}
	if (!inside(c, w[0], sizeof(struct cairn_fs_statfs)) || w[0] % 8) {
		return -EFAULT;
	}
	ext2_statfs(s->ext2, &st);
	*(struct cairn_fs_statfs *)(uintptr_t)w[0] =
	    (struct cairn_fs_statfs){st.block_size, st.blocks, st.free_blocks,
				     st.inodes, st.free_inodes};
	return 0;
}

/* The call, on a mounted file system. */
static int64_t
dispatch(struct fs_service *s, struct fs_client *c, uint64_t label,
	 const uint64_t *w, uint64_t *out, unsigned *nout)
{
	switch (label) {
	case FS_OPEN:
		*nout = 3;
		return do_open(s, c, w, out);
	case FS_REOPEN:
		return do_reopen(s, c, w);
	case FS_READ:
		return do_read(s, c, w);
	case FS_WRITE:
		*nout = 2;
		return do_write(s, c, w, out);
	case FS_FSTAT:
		return do_fstat(s, c, w);
	case FS_STAT:
		return do_stat(s, c, w);
	case FS_READDIR:
		*nout = 2;
		return do_readdir(s, c, w, out);
	case FS_MKDIR:
	case FS_MKNOD:
	case FS_RMDIR:
	case FS_UNLINK:
		return do_path1(s, c, label, w);
	case FS_RENAME:
	case FS_LINK:
	case FS_SYMLINK:
		return do_path2(s, c, label, w);
	case FS_READLINK:
		return do_readlink(s, c, w);
	case FS_SETATTR:
		return do_setattr(s, c, w);
	case FS_CLOSE:
	case FS_TRUNCATE:
	case FS_FSYNC:
		return do_handle(s, c, label, w);
	case FS_SYNC:
	case FS_STATFS:
	case FS_DROPCACHE:
	case FS_UNMOUNT:
		return do_fs(s, c, label, w);
	default:
		return -ENOSYS;
	}
}

int
fs_call(struct fs_service *s, uint64_t pid, uint64_t label, const uint64_t *w,
	uint64_t *out, unsigned *nout)
{
	struct fs_client *c = client(s, pid);
	int64_t r = 0;

	if (c == NULL) {
		return -1;
	}
	out[1] = out[2] = 0;
	*nout = 1;
	if (s->ext2 == NULL) {
		r = -ENODEV;
	} else if (label == FS_UNMOUNT && !s->mounted) {
		r = 0; /* unmounted already */
	} else if (!s->mounted && s->mount != NULL && (r = s->mount(s)) != 0) {
		/* r: why it cannot mount */
	} else {
		s->mounted = 1;
		s->ext2->held = held; /* a mount cleared it */
		s->ext2->held_ctx = s;
		r = dispatch(s, c, label, w, out, nout);
	}
	out[0] = (uint64_t)r;
	return 0;
}
