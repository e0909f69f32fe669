/*
 * Host unit tests for the ext2 library's reading side and its mount
 * checks (lib/ext2.c and the files it uses).  Images are made by mke2fs
 * -d from a folder each test fills (ext2_fixture.c); the library must
 * read back what the folder held, and refuse what it does not support.
 * test_ext2_ops.c tests the writing side.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ext2.h"
#include "ext2_fixture.h"

/* The folder every reading test starts from. */
static uint8_t big[300 * 1024];

static void
fill(struct fx *fx)
{
	char name[64];

	fx_file(fx, "hello.txt", "hello, world\n", 13);
	fx_file(fx, "empty", "", 0);
	fx_pattern(big, sizeof(big), 7);
	fx_file(fx, "big.bin", big, sizeof(big));
	fx_mkdir(fx, "sub");
	fx_mkdir(fx, "sub/deeper");
	fx_file(fx, "sub/deeper/note", "deep\n", 5);
	fx_symlink(fx, "fast", "sub/deeper/note");
	fx_symlink(fx, "slow",
		   "/sub/deeper/../../hello.txt"
		   "//////////////////////////////////////");
	fx_mkdir(fx, "many");
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "many/file-with-a-long-name-%03d",
			 i);
		fx_file(fx, name, name, strlen(name));
	}
}

/* Make the reading image with block size bs and mount it. */
static void
setup(struct fx *fx, unsigned bs)
{
	fx_init(fx);
	fill(fx);
	fx_mkfs(fx, bs, 4096, "");
	assert_int_equal(fx_mount(fx, EXT2_RDONLY), 0);
}

static void
read_back(unsigned bs)
{
	static uint8_t got[sizeof(big)];
	struct ext2_stat st;
	struct fx fx;
	uint32_t ino;
	char text[32];

	setup(&fx, bs);
	assert_int_equal(ext2_lookup(&fx.fs, "/hello.txt", 1, &ino), 0);
	assert_int_equal(ext2_read(&fx.fs, ino, 0, text, sizeof(text)), 13);
	assert_memory_equal(text, "hello, world\n", 13);
	assert_int_equal(ext2_read(&fx.fs, ino, 7, text, 3), 3);
	assert_memory_equal(text, "wor", 3);
	assert_int_equal(ext2_read(&fx.fs, ino, 13, text, 3), 0);
	assert_int_equal(ext2_lookup(&fx.fs, "big.bin", 1, &ino), 0);
	assert_int_equal(ext2_stat(&fx.fs, ino, &st), 0);
	assert_int_equal(st.size, sizeof(big));
	assert_int_equal(st.mode & EXT2_S_IFMT, EXT2_S_IFREG);
	assert_int_equal(ext2_read(&fx.fs, ino, 0, got, sizeof(got)),
			 sizeof(big));
	assert_memory_equal(got, big, sizeof(big));
	assert_int_equal(ext2_read(&fx.fs, ino, 70000, got, 5000), 5000);
	assert_memory_equal(got, big + 70000, 5000);
	assert_int_equal(ext2_lookup(&fx.fs, "/empty", 1, &ino), 0);
	assert_int_equal(ext2_read(&fx.fs, ino, 0, got, 10), 0);
	fx_done(&fx);
}

static void
test_read_1k(void **state)
{
	(void)state;
	read_back(1024);
}

static void
test_read_4k(void **state)
{
	(void)state;
	read_back(4096);
}

static void
paths(unsigned bs)
{
	struct fx fx;
	uint32_t a, b;
	char text[128];

	setup(&fx, bs);
	assert_int_equal(ext2_lookup(&fx.fs, "/sub/deeper/note", 1, &a), 0);
	assert_int_equal(ext2_lookup(&fx.fs, "//sub/./deeper//note/", 1, &b),
			 0);
	assert_int_equal(a, b);
	assert_int_equal(
	    ext2_lookup(&fx.fs, "/sub/deeper/../deeper/note", 1, &b), 0);
	assert_int_equal(a, b);
	assert_int_equal(ext2_lookup(&fx.fs, "/fast", 1, &b), 0);
	assert_int_equal(a, b);
	assert_int_equal(ext2_lookup(&fx.fs, "/fast", 0, &b), 0);
	assert_int_not_equal(a, b);
	assert_int_equal(ext2_readlink(&fx.fs, "/fast", text, sizeof(text)),
			 15);
	assert_string_equal(text, "sub/deeper/note");
	assert_int_equal(ext2_readlink(&fx.fs, "/fast", text, 4),
			 EXT2_ENAMETOOLONG);
	assert_int_equal(ext2_lookup(&fx.fs, "/slow", 1, &b), 0);
	assert_int_equal(ext2_read(&fx.fs, b, 0, text, sizeof(text)), 13);
	assert_int_equal(ext2_lookup(&fx.fs, "/none", 1, &b), EXT2_ENOENT);
	assert_int_equal(ext2_lookup(&fx.fs, "/hello.txt/x", 1, &b),
			 EXT2_ENOTDIR);
	assert_int_equal(ext2_lookup(&fx.fs, "/", 1, &b), 0);
	assert_int_equal(b, EXT2_ROOT_INO);
	assert_int_equal(ext2_lookup(&fx.fs, "/..", 1, &b), 0);
	assert_int_equal(b, EXT2_ROOT_INO);
	assert_int_equal(ext2_read(&fx.fs, EXT2_ROOT_INO, 0, text, 1),
			 EXT2_EISDIR);
	fx_done(&fx);
}

static void
test_paths_1k(void **state)
{
	(void)state;
	paths(1024);
}

static void
test_paths_4k(void **state)
{
	(void)state;
	paths(4096);
}

/* Every name in /many, each once, and its contents. */
static void
test_readdir(void **state)
{
	static char seen[300];
	struct ext2_dirent ent = {0};
	uint64_t pos = 0;
	struct fx fx;
	uint32_t dir;
	int n = 0, dots = 0, r;

	(void)state;
	setup(&fx, 1024);
	memset(seen, 0, sizeof(seen));
	assert_int_equal(ext2_lookup(&fx.fs, "/many", 1, &dir), 0);
	while ((r = ext2_readdir(&fx.fs, dir, &pos, &ent)) == 1) {
		char text[64];
		int i;

		if (strcmp(ent.name, ".") == 0 || strcmp(ent.name, "..") == 0) {
			dots++;
			continue;
		}
		assert_int_equal(
		    strncmp(ent.name, "file-with-a-long-name-", 22), 0);
		i = (int)strtol(ent.name + 22, NULL, 10);
		assert_true(i >= 0 && i < 300);
		assert_int_equal(seen[i], 0);
		seen[i] = 1;
		assert_int_equal(ent.type, 1);
		assert_int_equal(
		    ext2_read(&fx.fs, ent.ino, 0, text, sizeof(text)), 30);
		assert_memory_equal(text, "many/", 5);
		n++;
	}
	assert_int_equal(r, 0);
	assert_int_equal(n, 300);
	assert_int_equal(dots, 2);
	assert_int_equal(ext2_readdir(&fx.fs, dir, &pos, &ent), 0);
	fx_done(&fx);
}

/* A read-only mount writes nothing; the image stays clean. */
static void
test_readonly(void **state)
{
	struct fx fx;
	uint32_t ino;

	(void)state;
	setup(&fx, 4096);
	assert_int_equal(ext2_create(&fx.fs, "/new", 0644, &ino), EXT2_EROFS);
	assert_int_equal(ext2_mkdir(&fx.fs, "/d", 0755), EXT2_EROFS);
	assert_int_equal(ext2_unlink(&fx.fs, "/hello.txt"), EXT2_EROFS);
	assert_int_equal(ext2_unmount(&fx.fs), 0);
	assert_int_equal(fx.writes, 0);
	assert_int_equal(fx_fsck(&fx), 0);
	fx_done(&fx);
}

/* The byte at off of the superblock. */
static uint8_t *
sb(struct fx *fx, size_t off)
{
	return fx->mem + 1024 + off;
}

/* Mounting a changed image is refused with err and why. */
static void
refused(struct fx *fx, unsigned flags, int err, const char *why)
{
	assert_int_equal(fx_mount(fx, flags), err);
	assert_non_null(fx->fs.why);
	assert_non_null(strstr(fx->fs.why, why));
}

static void
test_refuse(void **state)
{
	struct fx fx;
	uint8_t saved[1024];

	(void)state;
	fx_init(&fx);
	fx_file(&fx, "a", "a", 1);
	fx_mkfs(&fx, 1024, 256, "");
	memcpy(saved, sb(&fx, 0), sizeof(saved));
	sb(&fx, 96)[0] |= 0x40; /* extent */
	refused(&fx, 0, EXT2_EUNSUPPORTED, "extent");
	refused(&fx, EXT2_RDONLY, EXT2_EUNSUPPORTED, "extent");
	memcpy(sb(&fx, 0), saved, sizeof(saved));
	sb(&fx, 96)[0] |= 0x04; /* needs_recovery */
	refused(&fx, 0, EXT2_EUNSUPPORTED, "needs_recovery");
	memcpy(sb(&fx, 0), saved, sizeof(saved));
	sb(&fx, 100)[1] |= 0x04; /* metadata_csum: read-only only */
	refused(&fx, 0, EXT2_EUNSUPPORTED, "metadata_csum");
	assert_int_equal(fx_mount(&fx, EXT2_RDONLY), 0);
	memcpy(sb(&fx, 0), saved, sizeof(saved));
	sb(&fx, 56)[0] = 0; /* magic */
	refused(&fx, 0, EXT2_ECORRUPT, "magic");
	memcpy(sb(&fx, 0), saved, sizeof(saved));
	sb(&fx, 24)[0] = 3; /* 8 KiB blocks */
	refused(&fx, 0, EXT2_EUNSUPPORTED, "block size");
	memcpy(sb(&fx, 0), saved, sizeof(saved));
	fx.dev.sectors /= 2; /* a device shorter than the file system */
	refused(&fx, 0, EXT2_ECORRUPT, "block count");
	fx.dev.sectors *= 2;
	sb(&fx, 40)[0] ^= 1; /* inodes per group */
	refused(&fx, 0, EXT2_ECORRUPT, "inode");
	memcpy(sb(&fx, 0), saved, sizeof(saved));
	free(fx.cache);
	fx.cache_size = 4 * 1024;
	fx.cache = malloc(fx.cache_size);
	refused(&fx, 0, EXT2_EINVAL, "cache");
	fx_done(&fx);
}

/* A writable mount counts itself and marks the file system in use. */
static void
test_mount_state(void **state)
{
	struct fx fx;
	unsigned count;

	(void)state;
	fx_init(&fx);
	fx_file(&fx, "a", "a", 1);
	fx_mkfs(&fx, 4096, 1024, "");
	count = sb(&fx, 52)[0];
	assert_int_equal(sb(&fx, 58)[0] & 1, 1);
	assert_int_equal(fx_mount(&fx, 0), 0);
	assert_int_equal(sb(&fx, 58)[0] & 1, 0); /* on disk at once */
	assert_int_equal(sb(&fx, 52)[0], count + 1);
	assert_true(fx.flushes > 0);
	assert_int_equal(ext2_unmount(&fx.fs), 0);
	assert_int_equal(sb(&fx, 58)[0] & 1, 1);
	assert_int_equal(fx_fsck(&fx), 0);
	fx_done(&fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_read_1k),  cmocka_unit_test(test_read_4k),
	    cmocka_unit_test(test_paths_1k), cmocka_unit_test(test_paths_4k),
	    cmocka_unit_test(test_readdir),  cmocka_unit_test(test_readonly),
	    cmocka_unit_test(test_refuse),   cmocka_unit_test(test_mount_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
