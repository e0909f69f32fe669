/*
 * ext2_fixture: images for the ext2 host tests, made by mke2fs and
 * checked by e2fsck and debugfs (ext2_fixture.h).
 */
#define _DEFAULT_SOURCE
#include "ext2_fixture.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>

static void load(struct fx *fx);

/* Run the shell command made from fmt; returns its exit status. */
static int
run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	int st, n;

	/* e2fsprogs live in sbin, which a user's PATH may lack. */
	n = snprintf(cmd, sizeof(cmd), "PATH=\"$PATH:/usr/sbin:/sbin\" ");
	va_start(ap, fmt);
	vsnprintf(cmd + n, sizeof(cmd) - (size_t)n, fmt, ap);
	va_end(ap);
	/* The tests run e2fsprogs on their own files, through the shell. */
	st = system(cmd); /* NOLINT(cert-env33-c) */
	return st == -1 ? -1 : WEXITSTATUS(st);
}

static int
dev_read(void *ctx, uint64_t sector, uint32_t count, void *buf)
{
	struct fx *fx = ctx;
	uint64_t off = sector * EXT2_SECTOR, n = (uint64_t)count * EXT2_SECTOR;

	assert_true(off <= fx->size && n <= fx->size - off);
	memcpy(buf, fx->mem + off, n);
	fx->reads++;
	return 0;
}

static int
dev_write(void *ctx, uint64_t sector, uint32_t count, const void *buf)
{
	struct fx *fx = ctx;
	uint64_t off = sector * EXT2_SECTOR, n = (uint64_t)count * EXT2_SECTOR;

	assert_true(off <= fx->size && n <= fx->size - off);
	memcpy(fx->mem + off, buf, n);
	fx->writes++;
	return 0;
}

static int
dev_flush(void *ctx)
{
	((struct fx *)ctx)->flushes++;
	return 0;
}

static uint32_t
dev_now(void *ctx)
{
	(void)ctx;
	return (uint32_t)time(NULL);
}

void
fx_init(struct fx *fx)
{
	memset(fx, 0, sizeof(*fx));
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/cairn-ext2-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->src, sizeof(fx->src), "%s/src", fx->dir);
	snprintf(fx->img, sizeof(fx->img), "%s/img", fx->dir);
	assert_int_equal(mkdir(fx->src, 0755), 0);
}

void
fx_file(struct fx *fx, const char *rel, const void *data, size_t n)
{
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", fx->src, rel);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

void
fx_mkdir(struct fx *fx, const char *rel)
{
	char path[600];

	snprintf(path, sizeof(path), "%s/%s", fx->src, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

void
fx_symlink(struct fx *fx, const char *rel, const char *target)
{
	char path[600];

	snprintf(path, sizeof(path), "%s/%s", fx->src, rel);
	assert_int_equal(symlink(target, path), 0);
}

void
fx_mkfs(struct fx *fx, unsigned block_size, unsigned kib, const char *extra)
{
	assert_int_equal(run("mke2fs -q -F -t ext2 -b %u %s -d %s %s %uk "
			     ">/dev/null 2>&1",
			     block_size, extra, fx->src, fx->img, kib),
			 0);
	free(fx->mem);
	fx->size = (size_t)kib * 1024;
	fx->mem = malloc(fx->size);
	assert_non_null(fx->mem);
	load(fx);
	fx->dev =
	    (struct ext2_dev){fx,	 dev_read, dev_write,
			      dev_flush, dev_now,  fx->size / EXT2_SECTOR};
}

/* Load fx->img into fx->mem. */
static void
load(struct fx *fx)
{
	FILE *f = fopen(fx->img, "rb");

	assert_non_null(f);
	assert_int_equal(fread(fx->mem, 1, fx->size, f), fx->size);
	fclose(f);
}

void
fx_reindex(struct fx *fx)
{
	fx_save(fx);
	assert_true(run("e2fsck -fyD %s >/dev/null 2>&1", fx->img) <= 1);
	load(fx);
}

int
fx_mount(struct fx *fx, unsigned flags)
{
	if (fx->cache == NULL) {
		fx->cache_size = 64 * 4096;
		fx->cache = malloc(fx->cache_size);
		assert_non_null(fx->cache);
	}
	struct ext2_cachemem m = fx_cachemem(fx);

	return ext2_mount(&fx->fs, &fx->dev, &m, flags);
}

struct ext2_cachemem
fx_cachemem(struct fx *fx)
{
	size_t n = fx->cache_size / 1024 * EXT2_SLOT_BYTES;

	free(fx->slots);
	fx->slots = malloc(n);
	assert_non_null(fx->slots);
	return (struct ext2_cachemem){.data = fx->cache,
				      .data_size = fx->cache_size,
				      .slots = fx->slots,
				      .slots_size = n};
}

void
fx_save(struct fx *fx)
{
	FILE *f = fopen(fx->img, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(fx->mem, 1, fx->size, f), fx->size);
	fclose(f);
}

int
fx_fsck(struct fx *fx)
{
	int st;

	fx_save(fx);
	st = run("e2fsck -fn %s >%s/fsck.log 2>&1", fx->img, fx->dir);
	if (st != 0) {
		run("cat %s/fsck.log", fx->dir);
	}
	return st;
}

char *
fx_debugfs(struct fx *fx, const char *cmd, size_t *n)
{
	char out[600];
	char *buf;
	long len;
	FILE *f;

	fx_save(fx);
	snprintf(out, sizeof(out), "%s/debugfs.out", fx->dir);
	assert_int_equal(
	    run("debugfs -R '%s' %s >%s 2>/dev/null", cmd, fx->img, out), 0);
	f = fopen(out, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	*n = (size_t)len;
	return buf;
}

void
fx_done(struct fx *fx)
{
	free(fx->mem);
	free(fx->cache);
	free(fx->slots);
	run("rm -rf %s", fx->dir);
	fx->mem = NULL;
	fx->cache = NULL;
	fx->slots = NULL;
}

void
fx_pattern(void *buf, size_t n, unsigned seed)
{
	uint8_t *p = buf;
	uint32_t x = seed * 2654435761u + 1;

	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = (uint8_t)(x >> 16);
	}
}
