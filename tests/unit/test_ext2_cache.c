/*
 * The cache's write order under crashes (lib/ext2_cache.c, docs/storage.md,
 * "Crashes").  A workload of rounds (rewrite a file whole with bytes that
 * follow from the round, fsync it; now and then make and remove other
 * files and folders, rename one over another, in a folder and into
 * another) runs on an image whose device stops storing writes after the
 * k-th, as a machine that lost its power there.  For every k, e2fsck -p
 * must repair the image on its own, e2fsck -fn then find nothing, and
 * every file whose last fsync returned before the k-th write must read
 * back (debugfs) as that round wrote it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "ext2.h"
#include "ext2_fixture.h"

#define FILES  3
#define ROUNDS 12
#define BYTES  40000 /* past the 12 direct blocks of 1 KiB: indirect ones */

/* A device that stores the first limit writes and drops the rest. */
struct crashdev {
	struct fx *fx;
	unsigned limit, writes;
};

static int
cd_read(void *ctx, uint64_t sector, uint32_t count, void *buf)
{
	struct crashdev *c = ctx;

	return c->fx->dev.read(c->fx->dev.ctx, sector, count, buf);
}

static int
cd_write(void *ctx, uint64_t sector, uint32_t count, const void *buf)
{
	struct crashdev *c = ctx;

	if (++c->writes > c->limit) {
		return 0; /* the power is gone: nothing reaches the disk */
	}
	return c->fx->dev.write(c->fx->dev.ctx, sector, count, buf);
}

static int
cd_flush(void *ctx)
{
	(void)ctx;
	return 0;
}

static size_t
round_size(int i)
{
	return 1 + (size_t)(i * 7919 + 4093) % BYTES;
}

static uint8_t data[BYTES];

/*
 * The workload on fx's image through c: returns the number of writes it
 * made; durable[f] gets the round of file f whose fsync returned with
 * all its writes stored, if no round began to rewrite it after (-1:
 * none).
 */
static unsigned
workload(struct fx *fx, struct crashdev *c, int durable[FILES])
{
	struct ext2_dev dev = fx->dev;
	char path[32];
	uint32_t ino;

	dev.ctx = c;
	dev.read = cd_read;
	dev.write = cd_write;
	dev.flush = cd_flush;
	for (int f = 0; f < FILES; f++) {
		durable[f] = -1;
	}
	struct ext2_cachemem m = fx_cachemem(fx);

	assert_int_equal(ext2_mount(&fx->fs, &dev, &m, 0), 0);
	ext2_mkdir(&fx->fs, "/e", 0755); /* renames go in and out of it */
	for (int i = 0; i < ROUNDS; i++) {
		int f = i % FILES;
		snprintf(path, sizeof(path), "/f%d", f);
		if (ext2_lookup(&fx->fs, path, 1, &ino) != 0 &&
		    ext2_create(&fx->fs, path, 0644, &ino) != 0) {
			continue;
		}
		fx_pattern(data, round_size(i), (unsigned)i);
		durable[f] = -1; /* being rewritten: anything may be there */
		/* An image used unrepaired after a crash may name an inode
		 * never written: the write is refused then, and the file is
		 * not durable (as the program would be told). */
		int wrote = ext2_truncate(&fx->fs, ino, 0) == 0 &&
			    ext2_write(&fx->fs, ino, 0, data, round_size(i)) ==
				(int64_t)round_size(i);
		if (i % 4 == 1) { /* other files and folders come and go */
			uint32_t t;
			snprintf(path, sizeof(path), "/t%d", i);
			ext2_create(&fx->fs, path, 0644, &t);
			snprintf(path, sizeof(path), "/t%d", i - 4);
			ext2_unlink(&fx->fs, path);
			if (i % 8 == 1) {
				ext2_mkdir(&fx->fs, "/d", 0755);
			} else {
				ext2_rmdir(&fx->fs, "/d");
			}
		}
		if (i % 4 == 3) { /* a rename over a file */
			uint32_t t;
			const char *to = i % 8 == 3 ? "/moved" : "/e/moved";
			if (ext2_lookup(&fx->fs, to, 1, &t) == 0 ||
			    ext2_create(&fx->fs, to, 0644, &t) == 0) {
				ext2_write(&fx->fs, t, 0, data, 3000);
			}
			if (i % 8 == 3) { /* in one folder */
				snprintf(path, sizeof(path), "/t%d", i - 2);
			} else { /* into another */
				snprintf(path, sizeof(path), "/moved");
			}
			ext2_rename(&fx->fs, path, to);
		}
		if (wrote && ext2_fsync(&fx->fs, ino) == 0 &&
		    c->writes <= c->limit) {
			durable[f] = i;
		}
	}
	ext2_unmount(&fx->fs);
	return c->writes;
}

/* Run e2fsck with opts on fx's image file (saved first if save): its
 * exit status. */
static int
fsck(struct fx *fx, const char *opts, int save)
{
	char cmd[700];

	if (save) {
		fx_save(fx);
	}
	snprintf(cmd, sizeof(cmd), "e2fsck %s %s >%s/fsck.log 2>&1", opts,
		 fx->img, fx->dir);
	int st = system(cmd); /* NOLINT(cert-env33-c): e2fsck, a test */
	/* What e2fsck repaired is what debugfs reads next (fx_debugfs saves
	 * fx->mem first). */
	FILE *f = fopen(fx->img, "rb");
	assert_non_null(f);
	assert_int_equal(fread(fx->mem, 1, fx->size, f), fx->size);
	fclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 99;
}

/* Does file /f<f> on the image hold what round i wrote? */
static int
holds(struct fx *fx, int f, int i)
{
	char cmd[32];
	size_t n;

	snprintf(cmd, sizeof(cmd), "cat /f%d", f);
	char *got = fx_debugfs(fx, cmd, &n);
	fx_pattern(data, round_size(i), (unsigned)i);
	int ok = n == round_size(i) && memcmp(got, data, n) == 0;
	free(got);
	return ok;
}

/*
 * The image after a crash after write k: e2fsck -p repairs it by itself,
 * e2fsck -fn then finds nothing, the durable files hold their rounds.
 */
static void
check(struct fx *fx, unsigned k, const char *what, const int durable[FILES])
{
	char cmd[700];

	fx_save(fx);
	snprintf(cmd, sizeof(cmd), "cp %s %s/pre.img", fx->img, fx->dir);
	/* NOLINTNEXTLINE(cert-env33-c): a copy, in a test */
	assert_int_equal(system(cmd), 0);
	int p = fsck(fx, "-p", 0);
	if (p > 1 || fsck(fx, "-fn", 0) != 0) {
		print_error("crash after write %u%s: e2fsck -p %d (the image "
			    "before: /tmp/ext2-crash.img)\n",
			    k, what, p);
		snprintf(
		    cmd, sizeof(cmd),
		    "cat %s/fsck.log >&2; cp %s/pre.img /tmp/ext2-crash.img",
		    fx->dir, fx->dir);
		/* NOLINTNEXTLINE(cert-env33-c): the log, in a test */
		if (system(cmd) != 0) {
			print_error("no fsck.log\n");
		}
		fail();
	}
	for (int f = 0; f < FILES; f++) {
		if (durable[f] >= 0 && !holds(fx, f, durable[f])) {
			print_error("crash after write %u%s: /f%d is not round "
				    "%d's\n",
				    k, what, f, durable[f]);
			fail();
		}
	}
}

static void
test_crash_at_every_write(void **state)
{
	struct fx fx;
	struct crashdev c = {&fx, ~0u, 0};
	int durable[FILES];

	(void)state;
	fx_init(&fx);
	fx_file(&fx, "f0", "old", 3);
	fx_mkfs(&fx, 1024, 2048, "");
	uint8_t *pristine = malloc(fx.size);
	assert_non_null(pristine);
	memcpy(pristine, fx.mem, fx.size);
	fx_mount(&fx, 0); /* the fixture's cache */
	ext2_unmount(&fx.fs);
	memcpy(fx.mem, pristine, fx.size);
	unsigned total = workload(&fx, &c, durable);
	assert_true(total > 50);
	assert_int_equal(fsck(&fx, "-fn", 1), 0);
	/* About a hundred crash points; EXT2_CRASH_STEP=1, every write. */
	const char *every = getenv("EXT2_CRASH_STEP");
	long want = every != NULL ? strtol(every, NULL, 10) : 0;
	unsigned step = want > 0 ? (unsigned)want : total / 97 + 1;
	unsigned points = 0;
	uint8_t *crashed = malloc(fx.size);
	assert_non_null(crashed);
	for (unsigned k = 1; k < total; k += step, points++) {
		memcpy(fx.mem, pristine, fx.size);
		c = (struct crashdev){&fx, k, 0};
		workload(&fx, &c, durable);
		memcpy(crashed, fx.mem, fx.size);
		check(&fx, k, "", durable);
		if (points % 3 == 0) {
			/* As the fs service killed: mounted again as it is,
			 * with no e2fsck, and used. */
			memcpy(fx.mem, crashed, fx.size);
			c = (struct crashdev){&fx, ~0u, 0};
			workload(&fx, &c, durable);
			check(&fx, k, ", then used again unrepaired", durable);
		}
	}
	free(crashed);
	assert_true(points > 40);
	free(pristine);
	fx_done(&fx);
}

/* The blocks debugfs lists for path, as a bitmap of the image's blocks. */
static void
blocks_of(struct fx *fx, const char *path, uint8_t *map, size_t max)
{
	char cmd[64];
	size_t n;

	snprintf(cmd, sizeof(cmd), "blocks %s", path);
	char *out = fx_debugfs(fx, cmd, &n);
	for (char *p = out; *p != '\0';) {
		char *end;
		unsigned long b = strtoul(p, &end, 10);
		if (end == p) {
			break;
		}
		assert_true(b < max);
		map[b] = 1;
		p = end;
	}
	free(out);
}

/* A block freed is not given out again before a write-back: the inode on
 * disk that still names it must find it as it was. */
static void
test_freed_blocks_wait(void **state)
{
	static uint8_t old[2048], new[2048];
	struct fx fx;
	struct ext2_statfs a, b;
	uint32_t ino, ino2;

	(void)state;
	fx_init(&fx);
	fx_mkfs(&fx, 1024, 2048, "");
	assert_int_equal(fx_mount(&fx, 0), 0);
	assert_int_equal(ext2_create(&fx.fs, "/a", 0644, &ino), 0);
	fx_pattern(data, BYTES, 1);
	assert_int_equal(ext2_write(&fx.fs, ino, 0, data, BYTES), BYTES);
	assert_int_equal(ext2_sync(&fx.fs), 0);
	blocks_of(&fx, "/a", old, sizeof(old));
	assert_int_equal(ext2_statfs(&fx.fs, &a), 0);
	assert_int_equal(ext2_truncate(&fx.fs, ino, 0), 0);
	assert_int_equal(ext2_statfs(&fx.fs, &b), 0);
	assert_true(b.free_blocks >= a.free_blocks + BYTES / 1024);
	assert_int_equal(ext2_create(&fx.fs, "/b", 0644, &ino2), 0);
	fx_pattern(data, BYTES, 2);
	assert_int_equal(ext2_write(&fx.fs, ino2, 0, data, BYTES), BYTES);
	assert_int_equal(ext2_sync(&fx.fs), 0);
	blocks_of(&fx, "/b", new, sizeof(new));
	for (size_t i = 0; i < sizeof(old); i++) {
		assert_false(old[i] && new[i]);
	}
	assert_int_equal(ext2_unmount(&fx.fs), 0);
	assert_int_equal(fx_fsck(&fx), 0);
	fx_done(&fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_crash_at_every_write),
	    cmocka_unit_test(test_freed_blocks_wait),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
