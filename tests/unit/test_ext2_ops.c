/*
 * Host unit tests for the ext2 library's writing side (lib/ext2_ops.c and
 * the files it uses).  Each test makes an image with mke2fs -d, runs a
 * sequence of operations, unmounts, and checks that e2fsck -fn finds
 * nothing and that debugfs reads back exactly what was written.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "ext2.h"
#include "ext2_fixture.h"

/* A fresh writable image of block size bs and kib KiB with a few files. */
static void
setup(struct fx *fx, unsigned bs, unsigned kib)
{
	fx_init(fx);
	fx_file(fx, "old.txt", "old text\n", 9);
	fx_mkdir(fx, "dir");
	fx_file(fx, "dir/inside", "inside\n", 7);
	fx_mkfs(fx, bs, kib, "");
	assert_int_equal(fx_mount(fx, 0), 0);
}

/* Unmount; e2fsck must find the image clean. */
static void
finish(struct fx *fx)
{
	assert_int_equal(ext2_unmount(&fx->fs), 0);
	assert_int_equal(fx_fsck(fx), 0);
}

/* debugfs's cat of path must be the n bytes at want. */
static void
cat_is(struct fx *fx, const char *path, const void *want, size_t n)
{
	char cmd[300];
	size_t got;
	char *out;

	snprintf(cmd, sizeof(cmd), "cat %s", path);
	out = fx_debugfs(fx, cmd, &got);
	assert_int_equal(got, n);
	assert_memory_equal(out, want, n);
	free(out);
}

/* debugfs's stat of path must mention text. */
static void
stat_has(struct fx *fx, const char *path, const char *text)
{
	char cmd[300];
	size_t got;
	char *out;

	snprintf(cmd, sizeof(cmd), "stat %s", path);
	out = fx_debugfs(fx, cmd, &got);
	if (strstr(out, text) == NULL) {
		print_error("%s\n", out);
	}
	assert_non_null(strstr(out, text));
	free(out);
}

static uint8_t data[700 * 1024], back[sizeof(data)];

/* Create, write, append, overwrite, sparse write, truncate. */
static void
files(unsigned bs)
{
	struct ext2_stat st;
	struct fx fx;
	uint32_t a, b;

	setup(&fx, bs, 4096);
	fx_pattern(data, sizeof(data), bs);
	assert_int_equal(ext2_create(&fx.fs, "/a", 0644, &a), 0);
	assert_int_equal(ext2_create(&fx.fs, "/a", 0644, &b), EXT2_EEXIST);
	assert_int_equal(ext2_write(&fx.fs, a, 0, data, 300000), 300000);
	assert_int_equal(ext2_append(&fx.fs, a, data + 300000, 400000), 400000);
	assert_int_equal(ext2_write(&fx.fs, a, 1000, "XYZ", 3), 3);
	memcpy(data + 1000, "XYZ", 3);
	assert_int_equal(ext2_read(&fx.fs, a, 0, back, sizeof(back)), 700000);
	assert_memory_equal(back, data, 700000);
	/* A sparse file: a hole, then data far out, then cut back. */
	assert_int_equal(ext2_create(&fx.fs, "/dir/sparse", 0600, &b), 0);
	assert_int_equal(ext2_write(&fx.fs, b, 5000000, "end", 3), 3);
	assert_int_equal(ext2_stat(&fx.fs, b, &st), 0);
	assert_int_equal(st.size, 5000003);
	assert_int_equal(ext2_read(&fx.fs, b, 4999990, back, 100), 13);
	assert_memory_equal(back, "\0\0\0\0\0\0\0\0\0\0end", 13);
	assert_int_equal(ext2_truncate(&fx.fs, b, 100), 0);
	assert_int_equal(ext2_truncate(&fx.fs, a, 123457), 0);
	assert_int_equal(ext2_truncate(&fx.fs, a, 130000), 0);
	memset(data + 123457, 0, 130000 - 123457);
	finish(&fx);
	cat_is(&fx, "/a", data, 130000);
	cat_is(&fx, "/old.txt", "old text\n", 9);
	memset(back, 0, 100);
	cat_is(&fx, "/dir/sparse", back, 100);
	stat_has(&fx, "/dir/sparse", "Size: 100");
	fx_done(&fx);
}

static void
test_files_1k(void **state)
{
	(void)state;
	files(1024);
}

static void
test_files_4k(void **state)
{
	(void)state;
	files(4096);
}

/* mkdir, rmdir, unlink, and many names to grow a directory. */
static void
dirs(unsigned bs)
{
	struct fx fx;
	uint32_t ino;
	char name[80];

	setup(&fx, bs, 2048);
	assert_int_equal(ext2_mkdir(&fx.fs, "/d1", 0755), 0);
	assert_int_equal(ext2_mkdir(&fx.fs, "/d1/d2", 0700), 0);
	assert_int_equal(ext2_mkdir(&fx.fs, "/d1", 0755), EXT2_EEXIST);
	assert_int_equal(ext2_mkdir(&fx.fs, "/nope/d", 0755), EXT2_ENOENT);
	assert_int_equal(ext2_rmdir(&fx.fs, "/d1"), EXT2_ENOTEMPTY);
	assert_int_equal(ext2_rmdir(&fx.fs, "/old.txt"), EXT2_ENOTDIR);
	assert_int_equal(ext2_unlink(&fx.fs, "/d1"), EXT2_EISDIR);
	assert_int_equal(ext2_rmdir(&fx.fs, "/"), EXT2_EINVAL);
	assert_int_equal(ext2_rmdir(&fx.fs, "/d1/."), EXT2_EINVAL);
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "/d1/d2/some-longer-file-name-%d",
			 i);
		assert_int_equal(ext2_create(&fx.fs, name, 0644, &ino), 0);
		assert_int_equal(ext2_write(&fx.fs, ino, 0, name, strlen(name)),
				 strlen(name));
	}
	for (int i = 0; i < 200; i += 2) {
		snprintf(name, sizeof(name), "/d1/d2/some-longer-file-name-%d",
			 i);
		assert_int_equal(ext2_unlink(&fx.fs, name), 0);
	}
	assert_int_equal(ext2_unlink(&fx.fs, name), EXT2_ENOENT);
	assert_int_equal(ext2_mkdir(&fx.fs, "/gone", 0755), 0);
	assert_int_equal(ext2_rmdir(&fx.fs, "/gone"), 0);
	assert_int_equal(ext2_lookup(&fx.fs, "/gone", 1, &ino), EXT2_ENOENT);
	assert_int_equal(ext2_unlink(&fx.fs, "/dir/inside"), 0);
	assert_int_equal(ext2_rmdir(&fx.fs, "/dir"), 0);
	finish(&fx);
	cat_is(&fx, "/d1/d2/some-longer-file-name-199",
	       "/d1/d2/some-longer-file-name-199", 32);
	stat_has(&fx, "/d1/d2", "Links: 2");
	stat_has(&fx, "/d1", "Links: 3");
	fx_done(&fx);
}

static void
test_dirs_1k(void **state)
{
	(void)state;
	dirs(1024);
}

static void
test_dirs_4k(void **state)
{
	(void)state;
	dirs(4096);
}

/* Renames of files and directories, within and across directories. */
static void
renames(unsigned bs)
{
	struct fx fx;
	uint32_t a, b;

	setup(&fx, bs, 2048);
	assert_int_equal(ext2_create(&fx.fs, "/f", 0644, &a), 0);
	assert_int_equal(ext2_write(&fx.fs, a, 0, "file f", 6), 6);
	assert_int_equal(ext2_rename(&fx.fs, "/f", "/g"), 0);
	assert_int_equal(ext2_lookup(&fx.fs, "/f", 1, &b), EXT2_ENOENT);
	assert_int_equal(ext2_rename(&fx.fs, "/g", "/dir/h"), 0);
	assert_int_equal(ext2_lookup(&fx.fs, "/dir/h", 1, &b), 0);
	assert_int_equal(a, b);
	/* Replace a file. */
	assert_int_equal(ext2_rename(&fx.fs, "/dir/h", "/old.txt"), 0);
	assert_int_equal(ext2_rename(&fx.fs, "/old.txt", "/old.txt"), 0);
	/* Directories: across parents, under itself, over a file. */
	assert_int_equal(ext2_mkdir(&fx.fs, "/p", 0755), 0);
	assert_int_equal(ext2_mkdir(&fx.fs, "/p/q", 0755), 0);
	assert_int_equal(ext2_rename(&fx.fs, "/p", "/p/q/r"), EXT2_EINVAL);
	assert_int_equal(ext2_rename(&fx.fs, "/p", "/old.txt"), EXT2_ENOTDIR);
	assert_int_equal(ext2_rename(&fx.fs, "/old.txt", "/p"), EXT2_EISDIR);
	assert_int_equal(ext2_rename(&fx.fs, "/p/q", "/dir/q"), 0);
	assert_int_equal(ext2_lookup(&fx.fs, "/dir/q/..", 1, &b), 0);
	assert_int_equal(ext2_lookup(&fx.fs, "/dir", 1, &a), 0);
	assert_int_equal(a, b);
	/* Over an empty directory, and not over a full one. */
	assert_int_equal(ext2_mkdir(&fx.fs, "/empty", 0755), 0);
	assert_int_equal(ext2_rename(&fx.fs, "/dir/q", "/empty"), 0);
	assert_int_equal(ext2_rename(&fx.fs, "/p", "/dir"), EXT2_ENOTEMPTY);
	assert_int_equal(ext2_rename(&fx.fs, "/empty", "/p/e2"), 0);
	assert_int_equal(ext2_rename(&fx.fs, "/nothing", "/x"), EXT2_ENOENT);
	finish(&fx);
	cat_is(&fx, "/old.txt", "file f", 6);
	stat_has(&fx, "/p", "Links: 3");
	stat_has(&fx, "/dir", "Links: 2");
	fx_done(&fx);
}

static void
test_renames_1k(void **state)
{
	(void)state;
	renames(1024);
}

static void
test_renames_4k(void **state)
{
	(void)state;
	renames(4096);
}

/* Symbolic links, fast and slow, and hard links. */
static void
links(unsigned bs)
{
	char target[1100], text[1200];
	struct ext2_stat st;
	struct fx fx;
	uint32_t a, b;

	setup(&fx, bs, 2048);
	memset(target, 'x', sizeof(target));
	memcpy(target, "/dir/../", 8);
	target[1000] = '\0';
	assert_int_equal(ext2_symlink(&fx.fs, "dir/inside", "/fast"), 0);
	assert_int_equal(ext2_symlink(&fx.fs, target, "/slow"), 0);
	assert_int_equal(ext2_symlink(&fx.fs, "x", "/fast"), EXT2_EEXIST);
	assert_int_equal(ext2_readlink(&fx.fs, "/slow", text, sizeof(text)),
			 1000);
	assert_string_equal(text, target);
	assert_int_equal(ext2_lookup(&fx.fs, "/fast", 1, &a), 0);
	assert_int_equal(ext2_lookup(&fx.fs, "/dir/inside", 1, &b), 0);
	assert_int_equal(a, b);
	assert_int_equal(ext2_link(&fx.fs, "/dir/inside", "/hard"), 0);
	assert_int_equal(ext2_link(&fx.fs, "/dir", "/hard2"), EXT2_EISDIR);
	assert_int_equal(ext2_stat(&fx.fs, a, &st), 0);
	assert_int_equal(st.links, 2);
	assert_int_equal(ext2_unlink(&fx.fs, "/dir/inside"), 0);
	assert_int_equal(ext2_stat(&fx.fs, a, &st), 0);
	assert_int_equal(st.links, 1);
	assert_int_equal(ext2_lookup(&fx.fs, "/fast", 1, &b), EXT2_ENOENT);
	assert_int_equal(ext2_symlink(&fx.fs, "gone", "/dangling"), 0);
	assert_int_equal(ext2_unlink(&fx.fs, "/dangling"), 0);
	finish(&fx);
	cat_is(&fx, "/hard", "inside\n", 7);
	stat_has(&fx, "/fast", "Fast link dest: \"dir/inside\"");
	stat_has(&fx, "/slow", "Size: 1000");
	fx_done(&fx);
}

static void
test_links_1k(void **state)
{
	(void)state;
	links(1024);
}

static void
test_links_4k(void **state)
{
	(void)state;
	links(4096);
}

/* A hash-indexed directory made by mke2fs, changed: still clean. */
static void
test_indexed_dir(void **state)
{
	struct fx fx;
	uint32_t ino;
	char name[80];

	(void)state;
	fx_init(&fx);
	fx_mkdir(&fx, "big");
	for (int i = 0; i < 400; i++) {
		snprintf(name, sizeof(name), "big/a-rather-long-name-%04d", i);
		fx_file(&fx, name, "x", 1);
	}
	fx_mkfs(&fx, 1024, 4096, "");
	fx_reindex(&fx);
	stat_has(&fx, "/big", "Flags: 0x1000");
	assert_int_equal(fx_mount(&fx, 0), 0);
	assert_int_equal(ext2_create(&fx.fs, "/big/new", 0644, &ino), 0);
	assert_int_equal(ext2_unlink(&fx.fs, "/big/a-rather-long-name-0007"),
			 0);
	assert_int_equal(
	    ext2_lookup(&fx.fs, "/big/a-rather-long-name-0399", 1, &ino), 0);
	finish(&fx);
	cat_is(&fx, "/big/a-rather-long-name-0398", "x", 1);
	fx_done(&fx);
}

/* Fill the file system: ENOSPC, counts still right, space back. */
static void
test_full(void **state)
{
	struct ext2_statfs before, after;
	struct fx fx;
	uint32_t ino;
	int64_t n;

	(void)state;
	setup(&fx, 1024, 512);
	assert_int_equal(ext2_statfs(&fx.fs, &before), 0);
	assert_int_equal(ext2_create(&fx.fs, "/fill", 0644, &ino), 0);
	fx_pattern(data, sizeof(data), 3);
	n = ext2_write(&fx.fs, ino, 0, data, sizeof(data));
	assert_true(n > 0 && n < (int64_t)sizeof(data));
	assert_int_equal(ext2_append(&fx.fs, ino, data, 1024), EXT2_ENOSPC);
	assert_int_equal(ext2_read(&fx.fs, ino, 0, back, sizeof(back)), n);
	assert_memory_equal(back, data, (size_t)n);
	assert_int_equal(ext2_sync(&fx.fs), 0);
	assert_int_equal(fx_fsck(&fx), 0);
	assert_int_equal(ext2_unlink(&fx.fs, "/fill"), 0);
	assert_int_equal(ext2_statfs(&fx.fs, &after), 0);
	assert_int_equal(after.free_blocks, before.free_blocks);
	assert_int_equal(after.free_inodes, before.free_inodes);
	finish(&fx);
	fx_done(&fx);
}

/* fsync writes the file's data and metadata before any unmount. */
static void
test_fsync(void **state)
{
	struct fx fx;
	uint32_t ino;

	(void)state;
	setup(&fx, 4096, 2048);
	assert_int_equal(ext2_create(&fx.fs, "/synced", 0644, &ino), 0);
	assert_int_equal(ext2_write(&fx.fs, ino, 0, "durable", 7), 7);
	fx.flushes = 0;
	assert_int_equal(ext2_fsync(&fx.fs, ino), 0);
	assert_true(fx.flushes > 0);
	cat_is(&fx, "/synced", "durable", 7);
	assert_int_equal(ext2_sync(&fx.fs), 0);
	finish(&fx);
	fx_done(&fx);
}

/* A small cache: many evictions, the same result. */
static void
test_small_cache(void **state)
{
	struct fx fx;
	uint32_t ino;

	(void)state;
	fx_init(&fx);
	fx_file(&fx, "a", "a", 1);
	fx_mkfs(&fx, 1024, 4096, "");
	fx.cache_size = EXT2_CACHE_MIN * 1024;
	fx.cache = malloc(fx.cache_size);
	assert_int_equal(fx_mount(&fx, 0), 0);
	fx_pattern(data, sizeof(data), 11);
	assert_int_equal(ext2_create(&fx.fs, "/big", 0644, &ino), 0);
	assert_int_equal(ext2_write(&fx.fs, ino, 0, data, sizeof(data)),
			 sizeof(data));
	assert_int_equal(ext2_truncate(&fx.fs, ino, 70000), 0);
	finish(&fx);
	cat_is(&fx, "/big", data, 70000);
	fx_done(&fx);
}

/* Read all of /big and check it against want: the device reads it took. */
static unsigned
read_big(struct fx *fx, uint32_t ino, const uint8_t *want, size_t n)
{
	static uint8_t got[200 * 1024];
	unsigned before = fx->reads;

	assert_int_equal(ext2_read(&fx->fs, ino, 0, got, n), (int64_t)n);
	assert_memory_equal(got, want, n);
	return fx->reads - before;
}

/*
 * The cache keeps what was used last and finds it again: a file larger
 * than the cache is read from the device every time (least recent use
 * goes first), one smaller is read from it once; a cache given more
 * memory holds what it did not before; a dropped cache reads again.
 */
static void
test_cache_lru_and_growth(void **state)
{
	static uint8_t want[200 * 1024];
	struct fx fx;
	uint32_t ino;

	(void)state;
	fx_init(&fx);
	fx_pattern(want, sizeof(want), 5);
	fx_file(&fx, "big", want, sizeof(want));
	fx_mkfs(&fx, 1024, 4096, "");
	fx.cache_size = 64 * 1024; /* 64 blocks, bookkeeping for 512 */
	fx.cache = malloc(fx.cache_size);
	fx.slots = malloc(512 * EXT2_SLOT_BYTES);
	struct ext2_cachemem m = {fx.cache, fx.cache_size, fx.slots,
				  512 * EXT2_SLOT_BYTES};
	assert_int_equal(ext2_mount(&fx.fs, &fx.dev, &m, EXT2_RDONLY), 0);
	assert_int_equal(fx.fs.nbufs, 64);
	assert_int_equal(fx.fs.maxbufs, 512);
	assert_int_equal(ext2_lookup(&fx.fs, "/big", 1, &ino), 0);
	assert_true(read_big(&fx, ino, want, sizeof(want)) >= 200);
	assert_true(fx.fs.evictions > 100);
	assert_true(read_big(&fx, ino, want, sizeof(want)) >= 200);
	/* A part that fits: read once, then found. */
	assert_true(read_big(&fx, ino, want, 40 * 1024) > 0);
	assert_int_equal(read_big(&fx, ino, want, 40 * 1024), 0);

	uint8_t *more = malloc(600 * 1024);
	assert_non_null(more);
	assert_int_equal(ext2_cache_add(&fx.fs, more, 600 * 1024), 448);
	assert_int_equal(ext2_cache_add(&fx.fs, more, 1024), 0); /* full */
	assert_true(read_big(&fx, ino, want, sizeof(want)) > 0);
	assert_int_equal(read_big(&fx, ino, want, sizeof(want)), 0);
	assert_int_equal(ext2_dropcache(&fx.fs), 0);
	assert_true(read_big(&fx, ino, want, sizeof(want)) >= 200);
	assert_int_equal(read_big(&fx, ino, want, sizeof(want)), 0);
	/* Bookkeeping too small for EXT2_CACHE_MIN slots: refused. */
	m.slots_size = (EXT2_CACHE_MIN - 1) * EXT2_SLOT_BYTES;
	assert_int_equal(ext2_mount(&fx.fs, &fx.dev, &m, EXT2_RDONLY),
			 EXT2_EINVAL);
	free(more);
	fx_done(&fx);
}

/* Little-endian words of an image. */
static uint32_t
le(const uint8_t *p, int bytes)
{
	uint32_t v = 0;

	for (int i = bytes - 1; i >= 0; i--) {
		v = v << 8 | p[i];
	}
	return v;
}

/* Inode ino's bytes in fx's image (in group 0, as in these small ones). */
static uint8_t *
raw_inode(struct fx *fx, uint32_t ino)
{
	const uint8_t *sb = fx->mem + 1024;
	uint32_t bs = 1024u << le(sb + 24, 4), first = le(sb + 20, 4);
	uint32_t table = le(fx->mem + (size_t)(first + 1) * bs + 8, 4);

	return fx->mem + (size_t)table * bs +
	       (size_t)(ino - 1) * le(sb + 88, 2);
}

/*
 * ext2_setattr on an image of block size bs with inodes of isize bytes:
 * mode (the type kept), ids past 16 bits, times, now; a large inode's
 * extra words of the times set cleared, of the others kept; each
 * refusal changing nothing.  debugfs reads it all back.
 */
static void
setattr_on(unsigned bs, unsigned isize)
{
	struct ext2_stat st, was;
	struct fx fx;
	char opt[16];
	uint32_t f, d, gone;
	uint32_t t0 = (uint32_t)time(NULL);

	fx_init(&fx);
	fx_file(&fx, "f", "data\n", 5);
	fx_file(&fx, "gone", "x", 1);
	fx_mkdir(&fx, "d");
	snprintf(opt, sizeof(opt), "-I %u", isize);
	fx_mkfs(&fx, bs, 4096, opt);
	assert_int_equal(fx_mount(&fx, 0), 0);
	assert_int_equal(ext2_lookup(&fx.fs, "/f", 1, &f), 0);
	assert_int_equal(ext2_lookup(&fx.fs, "/d", 1, &d), 0);
	assert_int_equal(ext2_lookup(&fx.fs, "/gone", 1, &gone), 0);
	if (isize > 128) {
		/* Nanoseconds 7 in the atime's extra word (not set below),
		 * 5 in the mtime's and ctime's (both set), written into the
		 * image while it is not mounted. */
		assert_int_equal(ext2_unmount(&fx.fs), 0);
		uint8_t *p = raw_inode(&fx, f);
		p[140] = 7 << 2;
		p[136] = p[132] = 5 << 2;
		assert_int_equal(fx_mount(&fx, 0), 0);
	}
	assert_int_equal(ext2_stat(&fx.fs, f, &was), 0);
	struct ext2_setattr a = {EXT2_SET_MODE | EXT2_SET_UID | EXT2_SET_GID |
				     EXT2_SET_MTIME,
				 02750,
				 70000,
				 65537,
				 0,
				 1234567890};
	assert_int_equal(ext2_setattr(&fx.fs, f, &a), 0);
	assert_int_equal(ext2_stat(&fx.fs, f, &st), 0);
	assert_true(st.mode == (EXT2_S_IFREG | 02750) && st.uid == 70000 &&
		    st.gid == 65537 && st.mtime == 1234567890 &&
		    st.atime == was.atime && st.ctime >= t0 && st.size == 5);
	a = (struct ext2_setattr){.mask = EXT2_SET_MODE | EXT2_SET_ATIME_NOW,
				  .mode = 0700};
	assert_int_equal(ext2_setattr(&fx.fs, d, &a), 0);
	assert_int_equal(ext2_stat(&fx.fs, d, &st), 0);
	assert_true(st.mode == (EXT2_S_IFDIR | 0700) && st.atime >= t0);

	/* The refusals: nothing changes. */
	assert_int_equal(ext2_stat(&fx.fs, f, &was), 0);
	struct ext2_setattr bad[] = {
	    {.mask = EXT2_SET_ALL + 1},
	    {.mask = EXT2_SET_MODE, .mode = 010644},
	    {.mask = EXT2_SET_UID, .uid = UINT32_MAX},
	    {.mask = EXT2_SET_GID, .gid = UINT32_MAX},
	    {.mask = EXT2_SET_ATIME, .atime = -1},
	    {.mask = EXT2_SET_MTIME, .mtime = (int64_t)1 << 31},
	    {.mask = EXT2_SET_ATIME | EXT2_SET_ATIME_NOW, .atime = 5},
	    {.mask = EXT2_SET_MTIME | EXT2_SET_MTIME_NOW, .mtime = 5},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(ext2_setattr(&fx.fs, f, &bad[i]), EXT2_EINVAL);
	}
	a = (struct ext2_setattr){.mask = EXT2_SET_MODE, .mode = 0600};
	assert_int_equal(ext2_setattr(&fx.fs, 0, &a), EXT2_EINVAL);
	assert_int_equal(ext2_setattr(&fx.fs, fx.fs.sb.inodes_count + 1, &a),
			 EXT2_EINVAL);
	assert_int_equal(ext2_unlink(&fx.fs, "/gone"), 0);
	assert_int_equal(ext2_setattr(&fx.fs, gone, &a), EXT2_ENOENT);
	assert_int_equal(ext2_stat(&fx.fs, f, &st), 0);
	assert_memory_equal(&st, &was, sizeof(st));
	finish(&fx);

	stat_has(&fx, "/f", "Mode:  02750");
	stat_has(&fx, "/f", "User: 70000   Group: 65537");
	stat_has(&fx, "/f",
		 isize > 128 ? "mtime: 0x499602d2:00000000"
			     : "mtime: 0x499602d2 --");
	stat_has(&fx, "/d", "Mode:  0700");
	if (isize > 128) {
		char want[64];
		snprintf(want, sizeof(want), "atime: 0x%08x:0000001c",
			 was.atime);
		stat_has(&fx, "/f", want);
		stat_has(&fx, "/f", "ctime: 0x");
		char *out = fx_debugfs(&fx, "stat /f", &(size_t){0});
		assert_null(strstr(out, ":00000014"));
		free(out);
	}
	/* Read-only: refused. */
	assert_int_equal(fx_mount(&fx, EXT2_RDONLY), 0);
	a = (struct ext2_setattr){.mask = EXT2_SET_MODE, .mode = 0600};
	assert_int_equal(ext2_setattr(&fx.fs, f, &a), EXT2_EROFS);
	assert_int_equal(ext2_unmount(&fx.fs), 0);
	assert_int_equal(fx_fsck(&fx), 0);
	fx_done(&fx);
}

static void
test_setattr_1k(void **state)
{
	(void)state;
	setattr_on(1024, 128);
}

static void
test_setattr_4k(void **state)
{
	(void)state;
	setattr_on(4096, 256);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_files_1k),
	    cmocka_unit_test(test_files_4k),
	    cmocka_unit_test(test_dirs_1k),
	    cmocka_unit_test(test_dirs_4k),
	    cmocka_unit_test(test_renames_1k),
	    cmocka_unit_test(test_renames_4k),
	    cmocka_unit_test(test_links_1k),
	    cmocka_unit_test(test_links_4k),
	    cmocka_unit_test(test_indexed_dir),
	    cmocka_unit_test(test_full),
	    cmocka_unit_test(test_fsync),
	    cmocka_unit_test(test_small_cache),
	    cmocka_unit_test(test_cache_lru_and_growth),
	    cmocka_unit_test(test_setattr_1k),
	    cmocka_unit_test(test_setattr_4k),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
