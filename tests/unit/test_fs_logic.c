/*
 * Host unit tests for the fs service's logic (services/fs/logic.c): the
 * file protocol's calls as a client sends them, on images that mke2fs -d
 * makes (1 KiB and 4 KiB blocks), with the client's shared region a
 * buffer here.  After the changes, e2fsck -fn must find nothing and
 * debugfs must read back what was written.  Every bad argument (a
 * pointer outside the region, a length, a handle, a client not
 * attached) must give its error and change nothing.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ext2_fixture.h"
#include "fs.h"

#define PID   7
#define OTHER 8

static _Alignas(4096) uint8_t region[FS_REGION_SIZE];
static struct fx fx;
static struct fs_service svc;
static int dead_pids; /* alive() says no to every pid */

static int
alive(uint64_t pid)
{
	(void)pid;
	return !dead_pids;
}

static int
remount(struct fs_service *s)
{
	struct ext2_cachemem m = fx_cachemem(&fx);

	return ext2_mount(s->ext2, &fx.dev, &m, 0) == 0 ? 0 : -EIO;
}

/* A fresh image of block size bs holding hello.txt and dir/inner. */
static void
start(unsigned bs)
{
	fx_init(&fx);
	fx_file(&fx, "hello.txt", "hello\n", 6);
	fx_mkdir(&fx, "dir");
	fx_file(&fx, "dir/inner", "in", 2);
	fx_mkfs(&fx, bs, 4096, "");
	assert_int_equal(fx_mount(&fx, 0), 0);
	memset(&svc, 0, sizeof(svc));
	svc.ext2 = &fx.fs;
	svc.mounted = 1;
	svc.mount = remount;
	svc.alive = alive;
	dead_pids = 0;
	assert_int_equal(
	    fs_attach(&svc, PID, (uint64_t)(uintptr_t)region, sizeof(region)),
	    0);
}

static void
finish(void)
{
	assert_int_equal(ext2_unmount(&fx.fs), 0);
	assert_int_equal(fx_fsck(&fx), 0);
	fx_done(&fx);
}

/* One call from pid: the result (MR0); out[] the answer. */
static int64_t
call_from(uint64_t pid, uint64_t label, uint64_t a, uint64_t b, uint64_t c,
	  uint64_t d, uint64_t *out)
{
	uint64_t w[FS_CALL_WORDS] = {a, b, c, d}, o[3] = {0};
	unsigned n = 0;

	assert_int_equal(fs_call(&svc, pid, label, w, o, &n), 0);
	assert_true(n >= 1 && n <= 3);
	if (out != NULL) {
		memcpy(out, o, sizeof(o));
	}
	return (int64_t)o[0];
}

static int64_t
call(uint64_t label, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	return call_from(PID, label, a, b, c, d, NULL);
}

/* path into the region at slot i (0-2, FS_PATH_MAX apart): its address. */
static uint64_t
put(int i, const char *path)
{
	memcpy(region + (size_t)i * FS_PATH_MAX, path, strlen(path));
	return (uint64_t)(uintptr_t)(region + (size_t)i * FS_PATH_MAX);
}

static uint64_t
data(void)
{
	return (uint64_t)(uintptr_t)(region + FS_REGION_PATHS);
}

static int64_t
open_path(const char *path, uint64_t flags)
{
	return call(FS_OPEN, put(0, path), strlen(path), flags, 0644);
}

/* Write s at off through handle h. */
static int64_t
write_at(int64_t h, uint64_t off, const char *s)
{
	memcpy(region + FS_REGION_PATHS, s, strlen(s));
	return call(FS_WRITE, (uint64_t)h, off, data(), strlen(s));
}

static void
expect_cat(const char *path, const char *want)
{
	char cmd[128];
	size_t n;

	snprintf(cmd, sizeof(cmd), "cat %s", path);
	char *got = fx_debugfs(&fx, cmd, &n);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(got, want, n);
	free(got);
}

static void
files_on(unsigned bs)
{
	uint64_t out[3];

	start(bs);
	int64_t h = call_from(PID, FS_OPEN, put(0, "/new.txt"), 8,
			      FS_O_RDWR | FS_O_CREAT, 0644, out);
	assert_true(h >= 0);
	assert_true(out[1] > 0);
	assert_int_equal(out[2], 0);
	assert_int_equal(write_at(h, 0, "one two"), 7);
	memcpy(region + FS_REGION_PATHS, "THREE", 5);
	assert_int_equal(
	    call_from(PID, FS_WRITE, (uint64_t)h, 4, data(), 5, out), 5);
	assert_int_equal(out[1], 9);
	assert_int_equal(call(FS_READ, (uint64_t)h, 0, data(), 100), 9);
	assert_memory_equal(region + FS_REGION_PATHS, "one THREE", 9);
	assert_int_equal(call(FS_FSYNC, (uint64_t)h, 0, 0, 0), 0);
	assert_int_equal(call(FS_CLOSE, (uint64_t)h, 0, 0, 0), 0);

	h = open_path("/hello.txt", FS_O_WRONLY | FS_O_APPEND);
	assert_true(h >= 0);
	memcpy(region + FS_REGION_PATHS, "more\n", 5);
	assert_int_equal(
	    call_from(PID, FS_WRITE, (uint64_t)h, 0, data(), 5, out), 5);
	assert_int_equal(out[1], 11);
	assert_int_equal(call(FS_TRUNCATE, (uint64_t)h, 8, 0, 0), 0);
	assert_int_equal(call(FS_CLOSE, (uint64_t)h, 0, 0, 0), 0);
	assert_int_equal(call(FS_SYNC, 0, 0, 0, 0), 0);
	expect_cat("/new.txt", "one THREE");
	expect_cat("/hello.txt", "hello\nmo");
	finish();
}

static void
test_files_1k(void **state)
{
	(void)state;
	files_on(1024);
}

static void
test_files_4k(void **state)
{
	(void)state;
	files_on(4096);
}

static void
test_names(void **state)
{
	struct cairn_fs_stat *st = (void *)(region + 2 * FS_PATH_MAX);

	(void)state;
	start(1024);
	assert_int_equal(call(FS_MKDIR, put(0, "/d"), 2, 0755, 0), 0);
	assert_int_equal(call(FS_MKDIR, put(0, "/d"), 2, 0755, 0), -EEXIST);
	assert_int_equal(
	    call(FS_RENAME, put(0, "/hello.txt"), 10, put(1, "/d/h"), 4), 0);
	assert_int_equal(call(FS_LINK, put(0, "/d/h"), 4, put(1, "/d/h2"), 5),
			 0);
	assert_int_equal(call(FS_SYMLINK, put(0, "h"), 1, put(1, "/d/s"), 4),
			 0);
	assert_int_equal(call(FS_STAT, put(0, "/d/s"), 4, 1, (uint64_t)st), 0);
	assert_int_equal(st->size, 6);
	assert_int_equal(st->links, 2);
	assert_int_equal(st->mode & 0170000, 0100000);
	assert_int_equal(call(FS_STAT, put(0, "/d/s"), 4, 0, (uint64_t)st), 0);
	assert_int_equal(st->mode & 0170000, 0120000);
	assert_int_equal(call(FS_READLINK, put(0, "/d/s"), 4, data(), 100), 1);
	assert_int_equal(region[FS_REGION_PATHS], 'h');
	assert_int_equal(call(FS_RMDIR, put(0, "/d"), 2, 0, 0), -ENOTEMPTY);
	assert_int_equal(call(FS_UNLINK, put(0, "/d/s"), 4, 0, 0), 0);
	assert_int_equal(call(FS_UNLINK, put(0, "/d/h2"), 5, 0, 0), 0);
	assert_int_equal(call(FS_UNLINK, put(0, "/d"), 2, 0, 0), -EISDIR);
	assert_int_equal(call(FS_RMDIR, put(0, "/d/h"), 4, 0, 0), -ENOTDIR);
	assert_int_equal(open_path("/nothing", FS_O_RDONLY), -ENOENT);
	assert_int_equal(open_path("/dir", FS_O_WRONLY), -EISDIR);
	assert_int_equal(open_path("/d/h", FS_O_RDONLY | FS_O_DIRECTORY),
			 -ENOTDIR);
	assert_int_equal(open_path("/d/h", FS_O_CREAT | FS_O_EXCL), -EEXIST);
	assert_int_equal(open_path("/d/h/x", FS_O_RDONLY), -ENOTDIR);
	assert_int_equal(call(FS_SYNC, 0, 0, 0, 0), 0);
	expect_cat("/d/h", "hello\n");
	finish();
}

static void
test_readdir(void **state)
{
	struct cairn_fs_dirent *d = (void *)(region + FS_REGION_PATHS);
	uint64_t out[3], pos = 0;
	int seen = 0, total = 0;

	(void)state;
	start(4096);
	int64_t h = open_path("/dir", FS_O_RDONLY | FS_O_DIRECTORY);
	assert_true(h >= 0);
	for (;;) {
		int64_t n = call_from(PID, FS_READDIR, (uint64_t)h, pos, data(),
				      2 * sizeof(*d), out);
		assert_true(n >= 0 && n <= 2);
		if (n == 0) {
			break;
		}
		for (int i = 0; i < n; i++) {
			seen |= strcmp(d[i].name, "inner") == 0;
			total++;
		}
		pos = out[1];
	}
	assert_int_equal(seen, 1);
	assert_int_equal(total, 3); /* ., .., inner */
	assert_int_equal(call(FS_READ, (uint64_t)h, 0, data(), 10), -EISDIR);
	finish();
}

/* Every argument from a client is checked; nothing changes. */
static void
test_bad_arguments(void **state)
{
	uint64_t r = (uint64_t)(uintptr_t)region;
	uint64_t end = r + sizeof(region);

	(void)state;
	start(1024);
	int64_t h = open_path("/hello.txt", FS_O_RDONLY);
	assert_true(h >= 0);
	assert_int_equal(call(FS_READ, (uint64_t)h, 0, end - 4, 8), -EFAULT);
	assert_int_equal(call(FS_READ, (uint64_t)h, 0, r - 1, 1), -EFAULT);
	assert_int_equal(call(FS_READ, (uint64_t)h, 0, r, ~0ull), -EFAULT);
	assert_int_equal(call(FS_READ, (uint64_t)h, 0, 16, 1), -EFAULT);
	assert_int_equal(call(FS_WRITE, (uint64_t)h, 0, r, 1), -EBADF);
	assert_int_equal(call(FS_TRUNCATE, (uint64_t)h, 0, 0, 0), -EBADF);
	assert_int_equal(call(FS_READ, FS_MAX_HANDLES, 0, r, 1), -EBADF);
	assert_int_equal(call(FS_READ, ~0ull, 0, r, 1), -EBADF);
	assert_int_equal(call(FS_READ, (uint64_t)h + 1, 0, r, 1), -EBADF);
	assert_int_equal(call(FS_FSTAT, (uint64_t)h, r + 1, 0, 0), -EFAULT);
	assert_int_equal(call(FS_FSTAT, (uint64_t)h, end - 8, 0, 0), -EFAULT);
	assert_int_equal(call(FS_STATFS, end, 0, 0, 0), -EFAULT);
	assert_int_equal(call(FS_OPEN, put(0, "/x"), FS_PATH_MAX, 0, 0),
			 -ENAMETOOLONG);
	assert_int_equal(call(FS_OPEN, end - 1, 2, 0, 0), -EFAULT);
	assert_int_equal(call(FS_OPEN, put(0, "/x"), 0, 0, 0), -ENOENT);
	assert_int_equal(call(FS_OPEN, put(0, "rel"), 3, 0, 0), -EINVAL);
	memcpy(region, "/a\0b", 4);
	assert_int_equal(call(FS_OPEN, r, 4, 0, 0), -EINVAL);
	assert_int_equal(call(FS_OPEN, put(0, "/hello.txt"), 10, 3, 0),
			 -EINVAL);
	assert_int_equal(call(FS_SYMLINK, end, 5, put(1, "/l"), 2), -EFAULT);
	assert_int_equal(call(FS_READLINK, put(0, "/hello.txt"), 10, r, 0),
			 -EFAULT);
	assert_int_equal(call(FS_REOPEN, 0, 0, 0, 0), -EINVAL);
	assert_int_equal(call(FS_REOPEN, 1ull << 40, 0, 0, 0), -EINVAL);
	assert_int_equal(call(99, 0, 0, 0, 0), -ENOSYS);
	/* Another client cannot use PID's handle, nor act unattached. */
	uint64_t w[FS_CALL_WORDS] = {0}, o[3];
	unsigned n;
	assert_int_equal(fs_call(&svc, OTHER, FS_READ, w, o, &n), -1);
	assert_int_equal(fs_attach(&svc, OTHER, r, sizeof(region)), 0);
	assert_int_equal(call_from(OTHER, FS_READ, (uint64_t)h, 0, r, 1, NULL),
			 -EBADF);
	assert_int_equal(fs_attach(&svc, 0, r, sizeof(region)), -ENFILE);
	assert_int_equal(call(FS_CLOSE, (uint64_t)h, 0, 0, 0), 0);
	assert_int_equal(call(FS_CLOSE, (uint64_t)h, 0, 0, 0), -EBADF);
	finish();
}

/* Handles are bounded, freed by a new ATTACH; a removed directory's go
 * stale;
 * the client table takes a dead client's place. */
static void
test_handles(void **state)
{
	uint64_t r = (uint64_t)(uintptr_t)region;
	int64_t h = 0;

	(void)state;
	start(1024);
	for (int i = 0; i < FS_MAX_HANDLES; i++) {
		h = open_path("/hello.txt", FS_O_RDONLY);
		assert_int_equal(h, i);
	}
	assert_int_equal(open_path("/hello.txt", FS_O_RDONLY), -EMFILE);
	assert_int_equal(fs_attach(&svc, PID, r, sizeof(region)), 0);
	assert_int_equal(call(FS_READ, (uint64_t)h, 0, data(), 1), -EBADF);
	h = open_path("/dir/inner", FS_O_RDWR);
	assert_int_equal(h, 0);
	assert_int_equal(call(FS_MKDIR, put(0, "/gone"), 5, 0755, 0), 0);
	int64_t d = open_path("/gone", FS_O_RDONLY | FS_O_DIRECTORY);
	assert_int_equal(call(FS_RMDIR, put(0, "/gone"), 5, 0, 0), 0);
	assert_int_equal(call(FS_READDIR, (uint64_t)d, 0, data(), 100),
			 -ESTALE);
	assert_int_equal(call(FS_READ, (uint64_t)h, 0, data(), 1), 1);
	assert_int_equal(call(FS_CLOSE, (uint64_t)d, 0, 0, 0), 0);
	assert_int_equal(call(FS_CLOSE, (uint64_t)h, 0, 0, 0), 0);
	for (uint64_t pid = 100; pid < 100 + FS_MAX_CLIENTS - 1; pid++) {
		assert_int_equal(fs_attach(&svc, pid, r, sizeof(region)), 0);
	}
	assert_int_equal(fs_attach(&svc, 200, r, sizeof(region)), -ENFILE);
	dead_pids = 1;
	assert_int_equal(fs_attach(&svc, 200, r, sizeof(region)), 0);
	finish();
}

/* The free inodes now. */
static uint64_t
free_inodes(void)
{
	struct cairn_fs_statfs *sf = (void *)(region + FS_REGION_PATHS);

	assert_int_equal(call(FS_STATFS, (uint64_t)(uintptr_t)sf, 0, 0, 0), 0);
	return sf->free_inodes;
}

/* A file unlinked or renamed over while open stays, nameless, until its
 * last handle (of any client's) closes; a new ATTACH lets go of it too.
 * e2fsck then finds no inode left over. */
static void
test_unlinked_open(void **state)
{
	uint64_t r = (uint64_t)(uintptr_t)region, out[3];
	struct cairn_fs_stat *st = (void *)(region + FS_REGION_PATHS);

	(void)state;
	start(1024);
	assert_int_equal(fs_attach(&svc, OTHER, r, sizeof(region)), 0);
	uint64_t before = free_inodes();
	int64_t h = open_path("/dir/inner", FS_O_RDWR);
	int64_t h2 = call_from(OTHER, FS_OPEN, put(0, "/dir/inner"), 10,
			       FS_O_RDONLY, 0, out);
	assert_true(h >= 0 && h2 >= 0);
	assert_int_equal(call(FS_UNLINK, put(0, "/dir/inner"), 10, 0, 0), 0);
	assert_int_equal(open_path("/dir/inner", FS_O_RDONLY), -ENOENT);
	assert_int_equal(write_at(h, 0, "xy"), 2);
	assert_int_equal(call(FS_FSTAT, (uint64_t)h, (uint64_t)st, 0, 0), 0);
	assert_int_equal(st->links, 0);
	assert_int_equal(st->size, 2);
	assert_int_equal(call(FS_CLOSE, (uint64_t)h, 0, 0, 0), 0);
	assert_int_equal(free_inodes(), before);
	assert_int_equal(
	    call_from(OTHER, FS_READ, (uint64_t)h2, 0, data(), 10, NULL), 2);
	assert_memory_equal(region + FS_REGION_PATHS, "xy", 2);
	assert_int_equal(
	    call_from(OTHER, FS_CLOSE, (uint64_t)h2, 0, 0, 0, NULL), 0);
	assert_int_equal(free_inodes(), before + 1);

	/* Renamed over: the old file stays for its handle. */
	h = open_path("/hello.txt", FS_O_RDONLY);
	int64_t n = open_path("/new", FS_O_RDWR | FS_O_CREAT);
	assert_int_equal(write_at(n, 0, "new"), 3);
	assert_int_equal(
	    call(FS_RENAME, put(0, "/new"), 4, put(1, "/hello.txt"), 10), 0);
	assert_int_equal(call(FS_READ, (uint64_t)h, 0, data(), 10), 6);
	assert_memory_equal(region + FS_REGION_PATHS, "hello\n", 6);
	assert_int_equal(call(FS_CLOSE, (uint64_t)h, 0, 0, 0), 0);
	assert_int_equal(call(FS_CLOSE, (uint64_t)n, 0, 0, 0), 0);
	assert_int_equal(free_inodes(), before + 1);
	assert_int_equal(call(FS_SYNC, 0, 0, 0, 0), 0);
	expect_cat("/hello.txt", "new");

	/* Unlinked, then the client attaches again: freed. */
	h = open_path("/hello.txt", FS_O_RDONLY);
	assert_int_equal(call(FS_UNLINK, put(0, "/hello.txt"), 10, 0, 0), 0);
	assert_int_equal(free_inodes(), before + 1);
	assert_int_equal(fs_attach(&svc, PID, r, sizeof(region)), 0);
	assert_int_equal(call(FS_READ, (uint64_t)h, 0, data(), 1), -EBADF);
	assert_int_equal(free_inodes(), before + 2);
	finish();
}

/* Does debugfs's stat of path say its device numbers are want? */
static void
expect_device(const char *path, const char *want)
{
	char cmd[128];
	size_t n;

	snprintf(cmd, sizeof(cmd), "stat %s", path);
	char *got = fx_debugfs(&fx, cmd, &n);
	assert_non_null(strstr(got, want));
	free(got);
}

/* MKNOD makes FIFOs, devices (their numbers in both of ext2's forms)
 * and sockets; a regular type is refused; they hold no data. */
static void
test_mknod(void **state)
{
	struct cairn_fs_stat *st = (void *)(region + FS_REGION_PATHS);
	uint64_t sp = (uint64_t)(uintptr_t)st;
	uint32_t big = (70000 & 0xff) | 300u << 8 | (70000u & ~0xffu) << 12;

	(void)state;
	start(1024);
	assert_int_equal(call(FS_MKNOD, put(0, "/fifo"), 5, 010640, 0), 0);
	assert_int_equal(call(FS_MKNOD, put(0, "/null"), 5, 020666, 0x103), 0);
	assert_int_equal(call(FS_MKNOD, put(0, "/big"), 4, 060600, big), 0);
	assert_int_equal(call(FS_MKNOD, put(0, "/sock"), 5, 0140755, 0), 0);
	assert_int_equal(call(FS_MKNOD, put(0, "/reg"), 4, 0100644, 0),
			 -EINVAL);
	assert_int_equal(call(FS_MKNOD, put(0, "/fifo"), 5, 010640, 0),
			 -EEXIST);
	assert_int_equal(call(FS_MKNOD, put(0, "/x"), 2, 010640, 1ull << 32),
			 -EINVAL);
	assert_int_equal(call(FS_STAT, put(0, "/null"), 5, 0, sp), 0);
	assert_true(st->mode == 020666 && st->rdev == 0x103 && st->size == 0);
	assert_int_equal(call(FS_STAT, put(0, "/big"), 4, 0, sp), 0);
	assert_true(st->mode == 060600 && st->rdev == big);
	int64_t h = open_path("/fifo", FS_O_RDWR);
	assert_true(h >= 0);
	assert_int_equal(call(FS_FSTAT, (uint64_t)h, sp, 0, 0), 0);
	assert_true(st->mode == 010640 && st->rdev == 0);
	assert_int_equal(call(FS_READ, (uint64_t)h, 0, data(), 1), -EINVAL);
	assert_int_equal(write_at(h, 0, "x"), -EINVAL);
	assert_int_equal(call(FS_CLOSE, (uint64_t)h, 0, 0, 0), 0);
	assert_int_equal(call(FS_SYNC, 0, 0, 0, 0), 0);
	expect_device("/null", "Device major/minor number: 01:03");
	expect_device("/big", "Device major/minor number: 300:70000");
	assert_int_equal(call(FS_UNLINK, put(0, "/big"), 4, 0, 0), 0);
	assert_int_equal(call(FS_UNLINK, put(0, "/null"), 5, 0, 0), 0);
	finish();
}

/* UNMOUNT, then any call mounts again; REOPEN by inode; no disk. */
static void
test_unmount_and_no_disk(void **state)
{
	uint64_t out[3];
	struct cairn_fs_statfs *sf = (void *)(region + 2 * FS_PATH_MAX);

	(void)state;
	start(1024);
	int64_t h = call_from(PID, FS_OPEN, put(0, "/hello.txt"), 10, FS_O_RDWR,
			      0, out);
	assert_true(h >= 0);
	assert_int_equal(write_at(h, 0, "HE"), 2);
	assert_int_equal(call(FS_UNMOUNT, 0, 0, 0, 0), 0);
	assert_int_equal(svc.mounted, 0);
	assert_int_equal(fx_fsck(&fx), 0);
	expect_cat("/hello.txt", "HEllo\n");
	assert_int_equal(call(FS_UNMOUNT, 0, 0, 0, 0), 0);
	assert_int_equal(call(FS_STATFS, (uint64_t)sf, 0, 0, 0), 0);
	assert_int_equal(svc.mounted, 1);
	assert_true(sf->blocks == 4096 && sf->free_blocks < 4096);
	int64_t h2 = call(FS_REOPEN, out[1], FS_O_RDONLY, 0, 0);
	assert_true(h2 >= 0);
	assert_int_equal(call(FS_READ, (uint64_t)h2, 0, data(), 2), 2);
	assert_memory_equal(region + FS_REGION_PATHS, "HE", 2);
	assert_int_equal(call(FS_DROPCACHE, 0, 0, 0, 0), 0);
	assert_int_equal(call(FS_READ, (uint64_t)h2, 0, data(), 6), 6);
	finish();
	svc.ext2 = NULL;
	assert_int_equal(call(FS_STATFS, (uint64_t)sf, 0, 0, 0), -ENODEV);
}

/* SETATTR's seven words from PID. */
static int64_t
setattr(uint64_t h, uint64_t mask, uint64_t mode, uint64_t uid, uint64_t gid,
	uint64_t atime, uint64_t mtime)
{
	uint64_t w[FS_CALL_WORDS] = {h, mask, mode, uid, gid, atime, mtime};
	uint64_t o[3] = {0};
	unsigned n = 0;

	assert_int_equal(fs_call(&svc, PID, FS_SETATTR, w, o, &n), 0);
	assert_int_equal(n, 1);
	return (int64_t)o[0];
}

/* debugfs's stat of path must mention text. */
static void
stat_has(const char *path, const char *text)
{
	char cmd[128];
	size_t n;

	snprintf(cmd, sizeof(cmd), "stat %s", path);
	char *got = fx_debugfs(&fx, cmd, &n);
	if (strstr(got, text) == NULL) {
		print_error("%s\n", got);
	}
	assert_non_null(strstr(got, text));
	free(got);
}

/* SETATTR on a file (a read-only handle) and a directory, then each
 * refusal, which changes nothing; EROFS on a read-only mount. */
static void
test_setattr(void **state)
{
	struct cairn_fs_stat *st = (void *)(region + 2 * FS_PATH_MAX);
	const uint64_t all =
	    FS_SET_MODE | FS_SET_UID | FS_SET_GID | FS_SET_ATIME | FS_SET_MTIME;

	(void)state;
	start(1024);
	int64_t h = open_path("/hello.txt", FS_O_RDONLY);
	int64_t d = open_path("/dir", FS_O_RDONLY | FS_O_DIRECTORY);
	assert_int_equal(call(FS_MKDIR, put(0, "/e"), 2, 0755, 0), 0);
	int64_t gone = open_path("/e", FS_O_RDONLY | FS_O_DIRECTORY);
	assert_true(h >= 0 && d >= 0 && gone >= 0);
	assert_int_equal(
	    setattr(h, all, 04600, 70000, 1001, 1000000000, 1234567890), 0);
	assert_int_equal(
	    setattr(d, FS_SET_MODE | FS_SET_MTIME_NOW, 0711, 0, 0, 0, 0), 0);
	assert_int_equal(call(FS_FSTAT, (uint64_t)h, (uint64_t)st, 0, 0), 0);
	assert_true(st->mode == 0104600 && st->uid == 70000 &&
		    st->gid == 1001 && st->atime == 1000000000 &&
		    st->mtime == 1234567890 && st->ctime > 1234567890);
	struct cairn_fs_stat was = *st;
	/* The refusals: the handle, the words, the values. */
	assert_int_equal(call(FS_RMDIR, put(0, "/e"), 2, 0, 0), 0);
	assert_int_equal(setattr(gone, FS_SET_MODE, 0600, 0, 0, 0, 0), -ESTALE);
	assert_int_equal(setattr(FS_MAX_HANDLES, FS_SET_MODE, 0600, 0, 0, 0, 0),
			 -EBADF);
	assert_int_equal(setattr(h + 3, FS_SET_MODE, 0600, 0, 0, 0, 0), -EBADF);
	assert_int_equal(setattr(h, 128, 0, 0, 0, 0, 0), -EINVAL);
	assert_int_equal(setattr(h, 1ull << 32 | FS_SET_MODE, 0600, 0, 0, 0, 0),
			 -EINVAL);
	assert_int_equal(setattr(h, FS_SET_MODE, 010600, 0, 0, 0, 0), -EINVAL);
	assert_int_equal(setattr(h, FS_SET_MODE, 1ull << 32 | 0600, 0, 0, 0, 0),
			 -EINVAL);
	assert_int_equal(setattr(h, FS_SET_UID, 0, 1ull << 32, 0, 0, 0),
			 -EINVAL);
	assert_int_equal(setattr(h, FS_SET_GID, 0, 0, UINT32_MAX, 0, 0),
			 -EINVAL);
	assert_int_equal(setattr(h, FS_SET_MTIME, 0, 0, 0, 0, ~0ull), -EINVAL);
	assert_int_equal(setattr(h, FS_SET_ATIME, 0, 0, 0, 1ull << 31, 0),
			 -EINVAL);
	assert_int_equal(
	    setattr(h, FS_SET_MTIME | FS_SET_MTIME_NOW, 0, 0, 0, 0, 5),
	    -EINVAL);
	assert_int_equal(call(FS_FSTAT, (uint64_t)h, (uint64_t)st, 0, 0), 0);
	assert_memory_equal(st, &was, sizeof(was));
	assert_int_equal(call(FS_SYNC, 0, 0, 0, 0), 0);
	stat_has("/hello.txt", "Mode:  04600");
	stat_has("/hello.txt", "User: 70000   Group:  1001");
	stat_has("/hello.txt", "mtime: 0x499602d2");
	stat_has("/hello.txt", "atime: 0x3b9aca00");
	stat_has("/dir", "Mode:  0711");
	/* Read-only: refused, the handle as good as ever. */
	assert_int_equal(ext2_unmount(&fx.fs), 0);
	assert_int_equal(fx_mount(&fx, EXT2_RDONLY), 0);
	assert_int_equal(setattr(h, FS_SET_MODE, 0644, 0, 0, 0, 0), -EROFS);
	assert_int_equal(call(FS_FSTAT, (uint64_t)h, (uint64_t)st, 0, 0), 0);
	assert_int_equal(st->mode, 0104600);
	finish();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_files_1k),
	    cmocka_unit_test(test_files_4k),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_readdir),
	    cmocka_unit_test(test_bad_arguments),
	    cmocka_unit_test(test_handles),
	    cmocka_unit_test(test_unlinked_open),
	    cmocka_unit_test(test_mknod),
	    cmocka_unit_test(test_unmount_and_no_disk),
	    cmocka_unit_test(test_setattr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
