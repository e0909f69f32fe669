/*
 * files: the mounts a process's libc reaches (cairn_libc.h, libc_mounts):
 * the initramfs at "/", read-only, through init's LS and READ; and the
 * ext2 disk at "/disk", through the file service's client stubs
 * (proto/fs.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "cairn_libc.h"
#include "procrt.h"
#include "proto/fs.h"

/* ---- the disk, through the fs service ---- */

static void
from_fs(const struct cairn_fs_stat *s, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = 1;
	st->st_ino = s->ino;
	st->st_mode = s->mode;
	st->st_nlink = s->links;
	st->st_uid = s->uid;
	st->st_gid = s->gid;
	st->st_size = (off_t)s->size;
	st->st_blksize = 4096;
	st->st_blocks = (blkcnt_t)s->blocks;
	st->st_atime = (time_t)s->atime;
	st->st_mtime = (time_t)s->mtime;
	st->st_ctime = (time_t)s->ctime;
	st->st_rdev = (dev_t)s->rdev;
}

static int
disk_open(const char *path, int flags, unsigned mode)
{
	return cairn_fs_open(path, flags, mode, NULL);
}

static int
disk_fstat(int h, struct stat *st)
{
	struct cairn_fs_stat s;
	int r = cairn_fs_fstat(h, &s);

	if (r == 0) {
		from_fs(&s, st);
	}
	return r;
}

static int
disk_stat(const char *path, int follow, struct stat *st)
{
	struct cairn_fs_stat s;
	int r = cairn_fs_stat(path, follow, &s);

	if (r == 0) {
		from_fs(&s, st);
	}
	return r;
}

static int
disk_readdir(int h, uint64_t *pos, struct dirent *d)
{
	struct cairn_fs_dirent e;
	static const unsigned char types[8] = {DT_UNKNOWN, DT_REG, DT_DIR,
					       DT_CHR,	   DT_BLK, DT_FIFO,
					       DT_SOCK,	   DT_LNK};
	int r = cairn_fs_readdir(h, pos, &e);

	if (r > 0) {
		d->d_ino = e.ino;
		d->d_type = e.type < 8 ? types[e.type] : DT_UNKNOWN;
		memcpy(d->d_name, e.name, sizeof(d->d_name));
		d->d_name[sizeof(d->d_name) - 1] = '\0';
	}
	return r;
}

static const struct libc_fsops disk_ops = {
    .open = disk_open,
    .close = cairn_fs_close,
    .read = cairn_fs_read,
    .write = cairn_fs_write,
    .fstat = disk_fstat,
    .stat = disk_stat,
    .readdir = disk_readdir,
    .mkdir = cairn_fs_mkdir,
    .mknod = cairn_fs_mknod,
    .rmdir = cairn_fs_rmdir,
    .unlink = cairn_fs_unlink,
    .rename = cairn_fs_rename,
    .link = cairn_fs_link,
    .symlink = cairn_fs_symlink,
    .readlink = cairn_fs_readlink,
    .truncate = cairn_fs_truncate,
    .fsync = cairn_fs_fsync,
    .sync = cairn_fs_sync,
    .statfs = cairn_fs_statfs_raw,
    .dropcache = cairn_fs_dropcache_raw,
    .setattr = cairn_fs_setattr,
};

_Static_assert(LIBC_SET_MODE == FS_SET_MODE && LIBC_SET_UID == FS_SET_UID &&
		   LIBC_SET_GID == FS_SET_GID &&
		   LIBC_SET_ATIME == FS_SET_ATIME &&
		   LIBC_SET_MTIME == FS_SET_MTIME &&
		   LIBC_SET_ATIME_NOW == FS_SET_ATIME_NOW &&
		   LIBC_SET_MTIME_NOW == FS_SET_MTIME_NOW,
	       "the libc's setattr mask is the file protocol's");

/* ---- the initramfs, through init ---- */

#define RAM_HANDLES 8
#define RAM_NAME    121 /* LS gives at most 120 bytes of a name */

static struct {
	int used, dir;
	char name[RAM_NAME]; /* the archive's ("bin/hello"; "" the root) */
	word_t size, index;
} ram[RAM_HANDLES];

/*
 * What path (absolute, plain) is in the archive: 1 a file (*index, its
 * size), 2 a directory (some file's name starts with it), or 0.
 */
static int
ram_find(const char *path, word_t *index, word_t *size)
{
	char name[129];
	const char *want = path + 1;
	size_t k = strlen(want);

	for (word_t i = 0, sz; cairn_init_ls(i, &sz, name) == CAIRN_OK; i++) {
		if (strcmp(name, want) == 0) {
			*index = i;
			*size = sz;
			return 1;
		}
		if (k == 0 || (strncmp(name, want, k) == 0 && name[k] == '/')) {
			return 2;
		}
	}
	return 0;
}

static void
ram_stat_of(int kind, word_t index, word_t size, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = kind == 1 ? index + 2 : 1;
	st->st_mode = kind == 1 ? S_IFREG | 0444 : S_IFDIR | 0555;
	st->st_nlink = 1;
	st->st_size = (off_t)(kind == 1 ? size : 0);
	st->st_blksize = 512;
	st->st_blocks = (blkcnt_t)((size + 511) / 512);
}

static int
ram_open(const char *path, int flags, unsigned mode)
{
	word_t index = 0, size = 0;
	int kind = strlen(path) < RAM_NAME ? ram_find(path, &index, &size) : 0;
	int h = 0;

	(void)mode;
	if (kind == 0) {
		return -ENOENT;
	}
	if (kind == 1 && (flags & O_DIRECTORY)) {
		return -ENOTDIR;
	}
	while (h < RAM_HANDLES && ram[h].used) {
		h++;
	}
	if (h == RAM_HANDLES) {
		return -EMFILE;
	}
	ram[h].used = 1;
	ram[h].dir = kind == 2;
	strcpy(ram[h].name, path + 1);
	ram[h].size = size;
	ram[h].index = index;
	return h;
}

static int
ram_ok(int h)
{
	return h >= 0 && h < RAM_HANDLES && ram[h].used;
}

static int
ram_close(int h)
{
	if (!ram_ok(h)) {
		return -EBADF;
	}
	ram[h].used = 0;
	return 0;
}

static long
ram_read(int h, uint64_t off, void *buf, size_t n)
{
	size_t done = 0;

	if (!ram_ok(h) || ram[h].dir) {
		return ram_ok(h) ? -EISDIR : -EBADF;
	}
	while (done < n) {
		long r = cairn_init_read(ram[h].name, off + done,
					 (char *)buf + done, n - done);
		if (r < 0) {
			return done > 0 ? (long)done : -EIO;
		}
		if (r == 0) {
			break;
		}
		done += (size_t)r;
	}
	return (long)done;
}

static int
ram_fstat(int h, struct stat *st)
{
	if (!ram_ok(h)) {
		return -EBADF;
	}
	ram_stat_of(ram[h].dir ? 2 : 1, ram[h].index, ram[h].size, st);
	return 0;
}

static int
ram_stat(const char *path, int follow, struct stat *st)
{
	word_t index = 0, size = 0;
	int kind = strlen(path) < RAM_NAME ? ram_find(path, &index, &size) : 0;

	(void)follow;
	if (kind == 0) {
		return -ENOENT;
	}
	ram_stat_of(kind, index, size, st);
	return 0;
}

/*
 * The entry of directory dir (an archive prefix, "" the root) that file
 * name gives: its next component (in c, k bytes), 1 if a directory.
 * -1 if name is not under dir.
 */
static int
component(const char *dir, const char *name, const char **c, size_t *k)
{
	size_t n = strlen(dir);

	if (n > 0 && (strncmp(name, dir, n) != 0 || name[n] != '/')) {
		return -1;
	}
	*c = name + (n > 0 ? n + 1 : 0);
	const char *slash = strchr(*c, '/');
	*k = slash != NULL ? (size_t)(slash - *c) : strlen(*c);
	return slash != NULL;
}

/* Did a file before index give directory dir the entry c (k bytes)? */
static int
seen(const char *dir, word_t index, const char *c, size_t k)
{
	char name[129];
	word_t sz;

	for (word_t j = 0; j < index && cairn_init_ls(j, &sz, name) == CAIRN_OK;
	     j++) {
		const char *c2;
		size_t k2;
		if (component(dir, name, &c2, &k2) >= 0 && k2 == k &&
		    strncmp(c2, c, k) == 0) {
			return 1;
		}
	}
	return 0;
}

/* Entries: "." (0), ".." (1), then each file's from index pos - 2 on,
 * once each. */
static int
ram_readdir(int h, uint64_t *pos, struct dirent *d)
{
	char name[129];
	word_t sz;

	if (!ram_ok(h) || !ram[h].dir) {
		return ram_ok(h) ? -ENOTDIR : -EBADF;
	}
	memset(d, 0, sizeof(*d));
	if (*pos < 2) {
		strcpy(d->d_name, *pos == 0 ? "." : "..");
		d->d_type = DT_DIR;
		(*pos)++;
		return 1;
	}
	for (word_t i = *pos - 2; cairn_init_ls(i, &sz, name) == CAIRN_OK;
	     i++) {
		const char *c;
		size_t k;
		int isdir = component(ram[h].name, name, &c, &k);
		if (isdir < 0 || seen(ram[h].name, i, c, k)) {
			continue;
		}
		memcpy(d->d_name, c, k);
		d->d_type = isdir ? DT_DIR : DT_REG;
		d->d_ino = isdir ? 1 : i + 2;
		*pos = i + 3;
		return 1;
	}
	return 0;
}

static long
ram_readlink(const char *path, char *buf, size_t n)
{
	(void)path;
	(void)buf;
	(void)n;
	return -EINVAL; /* the archive holds no links */
}

/* No write, no setattr: read-only (the libc answers EROFS). */
static const struct libc_fsops ram_ops = {
    .open = ram_open,
    .close = ram_close,
    .read = ram_read,
    .fstat = ram_fstat,
    .stat = ram_stat,
    .readdir = ram_readdir,
    .readlink = ram_readlink,
};

static const struct libc_mount mounts[] = {
    {"/", "initramfs", &ram_ops},
    {"/disk", "ext2", &disk_ops},
};

int
libc_mounts(const struct libc_mount **m)
{
	*m = mounts;
	return (int)(sizeof(mounts) / sizeof(mounts[0]));
}
