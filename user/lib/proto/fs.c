/*
 * The file service's client stubs (fs.h).  One client per process: the
 * region it attached, and its handles, each with what re-opens it (its
 * inode and flags) after the service restarts.  The handle numbers the
 * caller sees are this table's, so they survive a restart.  What a
 * restart cannot bring back is what the dead service held in its cache:
 * a handle changed since its last fsync when the service restarted has
 * its next fsync fail with EIO, as Linux's does after a lost write-back,
 * so that no program believes lost data durable.
 */
#include "proto/fs.h"

#include <errno.h>

#include "cstring.h"
#include "procrt.h"

#define FS_TRIES 100 /* calls repeated across restarts before giving up */

static struct {
	struct cairn_client_region r;
	int attached;
	int ever; /* attached once: a later attach follows a restart */
	struct {
		uint64_t ino;
		uint32_t flags;
		int32_t sh; /* the service's handle; -1: lost (-ESTALE) */
		uint8_t used;
		uint8_t unsynced; /* changed since its last fsync */
		uint8_t lost;	  /* ...when the service restarted */
	} h[FS_MAX_HANDLES];
} fsc;

/* One raw call: the transport's status; the answer in m. */
static int
raw(word_t label, word_t n, struct cairn_msg *m)
{
	int st = cairn_call(fsc.r.ep, label, n, m);

	return st == CAIRN_OK ? (int)m->label : st;
}

/* Open the handles again after attaching anew (the service restarted). */
static void
reopen_all(void)
{
	for (int i = 0; i < FS_MAX_HANDLES; i++) {
		struct cairn_msg m = {0};
		if (!fsc.h[i].used || fsc.h[i].sh < 0) {
			continue;
		}
		m.w[0] = fsc.h[i].ino;
		m.w[1] = fsc.h[i].flags;
		int st = raw(FS_REOPEN, 2, &m);
		fsc.h[i].sh = st == CAIRN_OK && (int64_t)m.w[0] >= 0
				  ? (int32_t)m.w[0]
				  : -1;
	}
}

/* Attach (the first time: find the service, make the region): 0 or
 * -errno. */
static int
attach(void)
{
	if (fsc.r.ep == 0) {
		const struct cairn_grant *g =
		    cairn_grant_find(CAIRN_GRANT_NEEDS, "fs");
		if (g == NULL || !cairn_init_running("fs")) {
			return -ENODEV;
		}
		fsc.r.ep = g->slot;
	}
	int st =
	    cairn_region_attach(&fsc.r, FS_ATTACH, FS_REGION_SIZE, FS_TRIES);
	if (st != 0) {
		return st;
	}
	fsc.attached = 1;
	for (int i = 0; fsc.ever && i < FS_MAX_HANDLES; i++) {
		fsc.h[i].lost |= fsc.h[i].used && fsc.h[i].unsynced;
	}
	fsc.ever = 1;
	reopen_all();
	return 0;
}

/*
 * Call label with n words w (the answer's first words back in w, at
 * most n and 3): the result, >= 0 or
 * -errno.  Attaches first if needed, and again when the service
 * restarted (DELETED: it died under the call; INVALID_CAP: it came back
 * without us).  h >= 0 names the caller's handle in w[0], translated to
 * the service's (again after a re-attach).
 */
static int64_t
call(word_t label, word_t n, word_t *w, int h)
{
	for (int tries = 0; tries < FS_TRIES; tries++) {
		struct cairn_msg m = {0};
		if (!fsc.attached) {
			int r = attach();
			if (r < 0) {
				return r;
			}
		}
		for (word_t i = 0; i < n; i++) {
			m.w[i] = w[i];
		}
		if (h >= 0) {
			if (h >= FS_MAX_HANDLES || !fsc.h[h].used) {
				return -EBADF;
			}
			if (fsc.h[h].sh < 0) {
				return -ESTALE;
			}
			m.w[0] = (word_t)fsc.h[h].sh;
		}
		int st = raw(label, n, &m);
		if (st == CAIRN_OK) {
			for (word_t i = 0; i < n && i < 3; i++) {
				w[i] =
				    m.w[i]; /* no more than the caller gave */
			}
			return (int64_t)m.w[0];
		}
		if (st != CAIRN_E_DELETED && st != CAIRN_E_INVALID_CAP) {
			return st == CAIRN_E_ILLEGAL_OPERATION ? -ENOSYS
							       : -EINVAL;
		}
		fsc.attached = 0;
	}
	return -EIO;
}

/* Where path slot i (0, 1) and small answers go in the region. */
static char *
area(int i)
{
	return (char *)fsc.r.addr + (word_t)i * FS_PATH_MAX;
}

/* Attach if needed (the region must exist before a path goes in it). */
static int
ready(void)
{
	return fsc.attached || fsc.r.region != 0 ? 0 : attach();
}

/* Put path into slot i: its length, or -errno. */
static int64_t
put_path(int i, const char *path)
{
	size_t n = strlen(path);

	if (n >= FS_PATH_MAX) {
		return -ENAMETOOLONG;
	}
	memcpy(area(i), path, n);
	return (int64_t)n;
}

/* A call on one path (and up to two more words). */
static int64_t
path_call(word_t label, const char *path, word_t a, word_t b)
{
	int64_t n = ready();

	if (n == 0) {
		n = put_path(0, path);
	}
	if (n < 0) {
		return n;
	}
	word_t w[4] = {(word_t)area(0), (word_t)n, a, b};
	return call(label, 4, w, -1);
}

/* A call on two paths. */
static int64_t
path2_call(word_t label, const char *p, const char *q)
{
	int64_t n = ready(), k = 0;

	if (n == 0) {
		n = put_path(0, p);
		k = put_path(1, q);
	}
	if (n < 0 || k < 0) {
		return n < 0 ? n : k;
	}
	word_t w[4] = {(word_t)area(0), (word_t)n, (word_t)area(1), (word_t)k};
	return call(label, 4, w, -1);
}

int
cairn_fs_open(const char *path, int flags, unsigned mode, uint64_t *size)
{
	int i = 0;

	while (i < FS_MAX_HANDLES && fsc.h[i].used) {
		i++;
	}
	if (i == FS_MAX_HANDLES) {
		return -EMFILE;
	}
	int64_t n = ready();
	if (n == 0) {
		n = put_path(0, path);
	}
	if (n < 0) {
		return (int)n;
	}
	word_t w[4] = {(word_t)area(0), (word_t)n, (word_t)flags, mode};
	int64_t r = call(FS_OPEN, 4, w, -1);
	if (r < 0) {
		return (int)r;
	}
	fsc.h[i].used = 1;
	fsc.h[i].unsynced = (flags & (FS_O_CREAT | FS_O_TRUNC)) != 0;
	fsc.h[i].lost = 0;
	fsc.h[i].sh = (int32_t)r;
	fsc.h[i].ino = w[1];
	fsc.h[i].flags =
	    (uint32_t)flags & ~(FS_O_CREAT | FS_O_EXCL | FS_O_TRUNC);
	if (size != NULL) {
		*size = w[2];
	}
	return i;
}

int
cairn_fs_close(int h)
{
	word_t w[1] = {0};
	int64_t r = call(FS_CLOSE, 1, w, h);

	if (h >= 0 && h < FS_MAX_HANDLES && (r == 0 || r == -ESTALE)) {
		fsc.h[h].used = 0;
		r = 0;
	}
	return (int)r;
}

long
cairn_fs_read(int h, uint64_t off, void *buf, size_t n)
{
	size_t done = 0;
	char *data = (char *)fsc.r.addr + FS_REGION_PATHS;

	while (done < n) {
		size_t k =
		    n - done < FS_REGION_DATA ? n - done : FS_REGION_DATA;
		word_t w[4] = {0, off + done, (word_t)data, k};
		int64_t r = call(FS_READ, 4, w, h);
		if (r < 0) {
			return done > 0 ? (long)done : (long)r;
		}
		data = (char *)fsc.r.addr + FS_REGION_PATHS; /* attached now */
		memcpy((char *)buf + done, data, (size_t)r);
		done += (size_t)r;
		/* cppcheck-suppress knownConditionTrueFalse ; may be short */
		if ((size_t)r < k) {
			break;
		}
	}
	return (long)done;
}

long
cairn_fs_write(int h, uint64_t off, const void *buf, size_t n, uint64_t *end)
{
	size_t done = 0;

	if (ready() < 0) {
		return -ENODEV;
	}
	char *data = (char *)fsc.r.addr + FS_REGION_PATHS;
	do {
		size_t k =
		    n - done < FS_REGION_DATA ? n - done : FS_REGION_DATA;
		memcpy(data, (const char *)buf + done, k);
		word_t w[4] = {0, off + done, (word_t)data, k};
		int64_t r = call(FS_WRITE, 4, w, h);
		if (r < 0) {
			return done > 0 ? (long)done : (long)r;
		}
		fsc.h[h].unsynced = 1;
		done += (size_t)r;
		if (end != NULL) {
			*end = w[1];
		}
		/* cppcheck-suppress knownConditionTrueFalse ; may be short */
		if ((size_t)r < k) {
			break;
		}
	} while (done < n);
	return (long)done;
}

int
cairn_fs_fstat(int h, struct cairn_fs_stat *st)
{
	if (ready() < 0) {
		return -ENODEV;
	}
	word_t w[2] = {0, (word_t)area(2)};
	int64_t r = call(FS_FSTAT, 2, w, h);
	if (r == 0) {
		memcpy(st, area(2), sizeof(*st));
	}
	return (int)r;
}

int
cairn_fs_stat(const char *path, int follow, struct cairn_fs_stat *st)
{
	int64_t r = ready() < 0 ? -ENODEV
				: path_call(FS_STAT, path, follow != 0,
					    (word_t)area(2));

	if (r == 0) {
		memcpy(st, area(2), sizeof(*st));
	}
	return (int)r;
}

int
cairn_fs_readdir(int h, uint64_t *pos, struct cairn_fs_dirent *d)
{
	if (ready() < 0) {
		return -ENODEV;
	}
	word_t w[4] = {0, *pos, (word_t)area(2), sizeof(*d)};
	int64_t r = call(FS_READDIR, 4, w, h);
	if (r > 0) {
		memcpy(d, area(2), sizeof(*d));
		*pos = w[1];
	}
	return (int)r;
}

int
cairn_fs_mkdir(const char *path, unsigned mode)
{
	return (int)path_call(FS_MKDIR, path, mode, 0);
}

int
cairn_fs_mknod(const char *path, unsigned mode, unsigned rdev)
{
	return (int)path_call(FS_MKNOD, path, mode, rdev);
}

int
cairn_fs_rmdir(const char *path)
{
	return (int)path_call(FS_RMDIR, path, 0, 0);
}

int
cairn_fs_unlink(const char *path)
{
	return (int)path_call(FS_UNLINK, path, 0, 0);
}

int
cairn_fs_rename(const char *from, const char *to)
{
	return (int)path2_call(FS_RENAME, from, to);
}

int
cairn_fs_link(const char *existing, const char *path)
{
	return (int)path2_call(FS_LINK, existing, path);
}

int
cairn_fs_symlink(const char *target, const char *path)
{
	return (int)path2_call(FS_SYMLINK, target, path);
}

long
cairn_fs_readlink(const char *path, char *buf, size_t n)
{
	int64_t r = ready() < 0 ? -ENODEV
				: path_call(FS_READLINK, path, (word_t)area(2),
					    n < FS_PATH_MAX ? n : FS_PATH_MAX);

	if (r > 0) {
		memcpy(buf, area(2), (size_t)r);
	}
	return (long)r;
}

int
cairn_fs_truncate(int h, uint64_t size)
{
	word_t w[2] = {0, size};
	int r = (int)call(FS_TRUNCATE, 2, w, h);

	if (r == 0) {
		fsc.h[h].unsynced = 1;
	}
	return r;
}

int
cairn_fs_setattr(int h, unsigned mask, unsigned mode, unsigned uid,
		 unsigned gid, int64_t atime, int64_t mtime)
{
	word_t w[7] = {0, mask, mode, uid, gid, (word_t)atime, (word_t)mtime};
	int r = (int)call(FS_SETATTR, 7, w, h);

	if (r == 0) {
		fsc.h[h].unsynced = 1; /* in the service's cache until a sync */
	}
	return r;
}

int
cairn_fs_fsync(int h)
{
	word_t w[1] = {0};
	int r = (int)call(FS_FSYNC, 1, w, h);

	if (h < 0 || h >= FS_MAX_HANDLES || !fsc.h[h].used) {
		return r;
	}
	if (fsc.h[h].lost) {
		/* The service restarted with some of this file's changes
		 * still in its cache: they are gone, say so once. */
		fsc.h[h].lost = fsc.h[h].unsynced = 0;
		return -EIO;
	}
	if (r == 0) {
		fsc.h[h].unsynced = 0;
	}
	return r;
}

/* A call with no arguments but a pointer to area 2. */
static int
fs_call0(word_t label)
{
	if (ready() < 0) {
		return -ENODEV;
	}
	word_t w[1] = {(word_t)area(2)};
	return (int)call(label, 1, w, -1);
}

int
cairn_fs_sync(void)
{
	return fs_call0(FS_SYNC);
}

int
cairn_fs_statfs_raw(struct cairn_fs_statfs *st)
{
	int r = fs_call0(FS_STATFS);

	if (r == 0) {
		memcpy(st, area(2), sizeof(*st));
	}
	return r;
}

int
cairn_fs_dropcache_raw(void)
{
	return fs_call0(FS_DROPCACHE);
}

int
cairn_fs_unmount(void)
{
	return fs_call0(FS_UNMOUNT);
}

void
cairn_fs_before_poweroff(void)
{
	const struct cairn_grant *g = cairn_grant_find(CAIRN_GRANT_NEEDS, "fs");
	struct cairn_msg m = {0};

	/*
	 * Only if the service waits for calls this moment: a send that
	 * cannot block, of a label no call has (its loop refuses it and
	 * answers nobody), reaches it only then.  A call nobody serves, or
	 * one to a service stuck on something else (a timer given up on),
	 * would not end, and the power-off with it; without the unmount the
	 * disk is left as after a crash, which e2fsck -p repairs.
	 */
	if (g != NULL && cairn_init_running("fs") &&
	    cairn_nbsend(g->slot, 0, 0, &m) == CAIRN_OK) {
		cairn_fs_unmount();
	}
}
