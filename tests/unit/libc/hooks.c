/*
 * hooks: libc_write, libc_morecore and libc_exit for the host tests.
 * Output is captured in memory; the heap is a static arena; exit jumps
 * back into the test that expected it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "libc/include/cairn_libc.h"
#include "libc/include/dirent.h"
#include "libc/include/errno.h"
#include "libc/include/stdio.h"
#include "libc/include/stdlib.h"
#include "libc/include/string.h"
#include "libc/include/sys/stat.h"
#include "libc/libc_impl.h"
#include "hooks.h"

#define ARENA_SIZE (16u << 20)

char hook_out[1 << 16];
size_t hook_out_len;
int hook_write_calls;

size_t hook_core_left;
size_t hook_core_gap;
int hook_core_calls;
size_t hook_core_given;

jmp_buf *hook_exit_jmp;
int hook_exit_status;

_Alignas(4096) unsigned char hook_arena[ARENA_SIZE];
const size_t hook_arena_size = ARENA_SIZE;
static size_t arena_used;

void
hook_out_reset(void)
{
	hook_out_len = 0;
	hook_out[0] = '\0';
	hook_write_calls = 0;
}

void
hook_heap_reset(size_t limit)
{
	__cairn_heap_reset();
	arena_used = 0;
	hook_core_left = limit != 0 ? limit : ARENA_SIZE;
	hook_core_gap = 0;
	hook_core_calls = 0;
	hook_core_given = 0;
}

void
libc_write(const char *s, size_t n)
{
	size_t room = sizeof(hook_out) - 1 - hook_out_len;
	size_t m = n < room ? n : room;

	assert_true(n > 0);
	memcpy(hook_out + hook_out_len, s, m);
	hook_out_len += m;
	hook_out[hook_out_len] = '\0';
	hook_write_calls++;
}

void *
libc_morecore(size_t n)
{
	hook_core_calls++;
	assert_true(n > 0 && n % LIBC_MORECORE_UNIT == 0);
	size_t gap = hook_core_gap;
	if (n > hook_core_left || gap + n > ARENA_SIZE - arena_used) {
		return NULL;
	}
	unsigned char *p = hook_arena + arena_used + gap;
	arena_used += gap + n;
	hook_core_left -= n;
	hook_core_given += n;
	return p;
}

_Noreturn void
libc_exit(int status)
{
	hook_exit_status = status;
	if (hook_exit_jmp != NULL) {
		longjmp(*hook_exit_jmp, 1);
	}
	fail_msg("libc_exit(%d) with no test expecting it", status);
	abort();
}

/*
 * The mounts: a small file system in memory (files and directories by
 * full path), writable at "/disk", and the same table read-only at "/"
 * (its paths kept with a leading '@').  Enough for the libc's routing,
 * descriptor table and stdio buffering to be checked.
 */
struct memfile hook_files[HOOK_FILES];
int hook_fs_reads, hook_fs_writes, hook_fs_syncs;
int hook_setattr_calls;
unsigned hook_setattr_mask;

static int
mem_find(const char *path)
{
	for (int i = 0; i < HOOK_FILES; i++) {
		if (hook_files[i].used &&
		    strcmp(hook_files[i].path, path) == 0) {
			return i;
		}
	}
	return -1;
}

int
hook_file(const char *path, int dir, const char *data)
{
	for (int i = 0; i < HOOK_FILES; i++) {
		if (!hook_files[i].used) {
			struct memfile *f = &hook_files[i];
			memset(f, 0, sizeof(*f));
			f->used = 1;
			f->dir = dir;
			f->mode = dir ? 0755 : 0644;
			snprintf(f->path, sizeof(f->path), "%s", path);
			f->size = data != NULL ? strlen(data) : 0;
			if (data != NULL) {
				memcpy(f->data, data, f->size);
			}
			return i;
		}
	}
	return -ENOSPC;
}

void
hook_fs_reset(void)
{
	memset(hook_files, 0, sizeof(hook_files));
	hook_fs_reads = hook_fs_writes = hook_fs_syncs = 0;
	hook_setattr_calls = 0;
	hook_setattr_mask = 0;
	hook_file("/", 1, NULL);
	hook_file("@/", 1, NULL);
}

static int
mem_open(const char *path, int flags, unsigned mode)
{
	int i = mem_find(path);

	(void)mode;
	if (i < 0 && (flags & 0100)) {
		i = hook_file(path, 0, NULL);
		if (i >= 0) {
			hook_files[i].append = (flags & 02000) != 0;
		}
		return i;
	}
	if (i < 0) {
		return -ENOENT;
	}
	if ((flags & 0100) && (flags & 0200)) {
		return -EEXIST;
	}
	if ((flags & 0400000) && hook_files[i].link) {
		return -ELOOP;
	}
	if ((flags & 0200000) && !hook_files[i].dir) {
		return -ENOTDIR;
	}
	if (hook_files[i].dir && (flags & 3) != 0) {
		return -EISDIR;
	}
	if (flags & 01000) {
		hook_files[i].size = 0;
	}
	hook_files[i].append = (flags & 02000) != 0;
	return i;
}

static int
mem_close(int h)
{
	return h >= 0 && h < HOOK_FILES && hook_files[h].used ? 0 : -EBADF;
}

static long
mem_read(int h, uint64_t off, void *buf, size_t n)
{
	struct memfile *f = &hook_files[h];

	hook_fs_reads++;
	if (f->dir) {
		return -EISDIR;
	}
	if (off >= f->size) {
		return 0;
	}
	size_t k = f->size - off < n ? f->size - off : n;
	memcpy(buf, f->data + off, k);
	return (long)k;
}

static long
mem_write(int h, uint64_t off, const void *buf, size_t n, uint64_t *end)
{
	struct memfile *f = &hook_files[h];

	hook_fs_writes++;
	if (f->append) {
		off = f->size;
	}
	if (off > sizeof(f->data) || n > sizeof(f->data) - off) {
		return -EFBIG;
	}
	memcpy(f->data + off, buf, n);
	if (off + n > f->size) {
		f->size = off + n;
	}
	*end = off + n;
	return (long)n;
}

static void
mem_statof(int i, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = (ino_t)i + 1;
	st->st_mode =
	    (hook_files[i].dir ? S_IFDIR : S_IFREG) | hook_files[i].mode;
	st->st_size = (off_t)hook_files[i].size;
	st->st_nlink = 1;
	st->st_uid = hook_files[i].uid;
	st->st_gid = hook_files[i].gid;
	st->st_atime = hook_files[i].atime;
	st->st_mtime = hook_files[i].mtime;
}

static int
mem_fstat(int h, struct stat *st)
{
	mem_statof(h, st);
	return 0;
}

static int
mem_stat(const char *path, int follow, struct stat *st)
{
	int i = mem_find(path);

	(void)follow;
	if (i < 0) {
		return -ENOENT;
	}
	mem_statof(i, st);
	return 0;
}

/* Entries of directory h: the files whose parent it is, from *pos. */
static int
mem_readdir(int h, uint64_t *pos, struct dirent *d)
{
	const char *dir = hook_files[h].path;
	size_t n = strlen(dir);

	for (uint64_t i = *pos; i < HOOK_FILES; i++) {
		const char *p = hook_files[i].path;
		size_t skip = (n > 0 && dir[n - 1] == '/') ? n : n + 1;
		if (!hook_files[i].used || i == (uint64_t)h ||
		    strncmp(p, dir, n) != 0 || strlen(p) <= skip ||
		    (skip > n ? p[n] != '/' : 0) ||
		    strchr(p + skip, '/') != NULL) {
			continue;
		}
		memset(d, 0, sizeof(*d));
		snprintf(d->d_name, sizeof(d->d_name), "%s", p + skip);
		d->d_type = hook_files[i].dir ? DT_DIR : DT_REG;
		*pos = i + 1;
		return 1;
	}
	return 0;
}

static int
mem_mkdir(const char *path, unsigned mode)
{
	(void)mode;
	return mem_find(path) >= 0 ? -EEXIST : hook_file(path, 1, NULL) < 0;
}

static int
mem_remove(const char *path, int dir)
{
	int i = mem_find(path);

	if (i < 0) {
		return -ENOENT;
	}
	if (hook_files[i].dir != dir) {
		return dir ? -ENOTDIR : -EISDIR;
	}
	hook_files[i].used = 0;
	return 0;
}

static int
mem_rmdir(const char *path)
{
	return mem_remove(path, 1);
}

static int
mem_unlink(const char *path)
{
	return mem_remove(path, 0);
}

static int
mem_rename(const char *from, const char *to)
{
	int i = mem_find(from), j = mem_find(to);

	if (i < 0) {
		return -ENOENT;
	}
	if (j >= 0) {
		hook_files[j].used = 0;
	}
	snprintf(hook_files[i].path, sizeof(hook_files[i].path), "%s", to);
	return 0;
}

static int
mem_truncate(int h, uint64_t size)
{
	if (size > sizeof(hook_files[h].data)) {
		return -EFBIG;
	}
	if (size > hook_files[h].size) {
		memset(hook_files[h].data + hook_files[h].size, 0,
		       size - hook_files[h].size);
	}
	hook_files[h].size = size;
	return 0;
}

static int
mem_sync(void)
{
	hook_fs_syncs++;
	return 0;
}

static int
mem_fsync(int h)
{
	(void)h;
	return mem_sync();
}

static int
mem_setattr(int h, unsigned mask, unsigned mode, unsigned uid, unsigned gid,
	    int64_t atime, int64_t mtime)
{
	hook_setattr_calls++;
	hook_setattr_mask = mask;
	if (h < 0 || h >= HOOK_FILES || !hook_files[h].used) {
		return -EBADF;
	}
	struct memfile *f = &hook_files[h];
	f->mode = mask & LIBC_SET_MODE ? mode : f->mode;
	f->uid = mask & LIBC_SET_UID ? uid : f->uid;
	f->gid = mask & LIBC_SET_GID ? gid : f->gid;
	f->atime = mask & LIBC_SET_ATIME       ? atime
		   : mask & LIBC_SET_ATIME_NOW ? HOOK_NOW
					       : f->atime;
	f->mtime = mask & LIBC_SET_MTIME       ? mtime
		   : mask & LIBC_SET_MTIME_NOW ? HOOK_NOW
					       : f->mtime;
	return 0;
}

/* The read-only root: the same table, its paths with '@' before. */
static const char *
ro(const char *path)
{
	static char buf[80];

	snprintf(buf, sizeof(buf), "@%s", path);
	return buf;
}

static int
ro_open(const char *path, int flags, unsigned mode)
{
	return mem_open(ro(path), flags, mode);
}

static int
ro_stat(const char *path, int follow, struct stat *st)
{
	return mem_stat(ro(path), follow, st);
}

static const struct libc_fsops disk_ops = {
    .open = mem_open,
    .close = mem_close,
    .read = mem_read,
    .write = mem_write,
    .fstat = mem_fstat,
    .stat = mem_stat,
    .readdir = mem_readdir,
    .mkdir = mem_mkdir,
    .rmdir = mem_rmdir,
    .unlink = mem_unlink,
    .rename = mem_rename,
    .truncate = mem_truncate,
    .fsync = mem_fsync,
    .sync = mem_sync,
    .setattr = mem_setattr,
};

static const struct libc_fsops root_ops = {
    .open = ro_open,
    .close = mem_close,
    .read = mem_read,
    .fstat = mem_fstat,
    .stat = ro_stat,
    .readdir = mem_readdir,
};

static const struct libc_mount mounts[] = {
    {"/", "initramfs", &root_ops},
    {"/disk", "ext2", &disk_ops},
};

int
libc_mounts(const struct libc_mount **m)
{
	*m = mounts;
	return 2;
}

/* No sockets here: socket() answers ENOSYS (test_libc_socket.c tests
 * the calls over a fake of its own). */
const struct libc_sockops *hook_sockets;

const struct libc_sockops *
libc_sockets(void)
{
	return hook_sockets;
}
