/*
 * ext2_fixture: what the ext2 host tests share.  Images are made at test
 * time by mke2fs -t ext2 -d from a folder the test fills, held in memory
 * behind a struct ext2_dev, and checked after by e2fsck -fn and debugfs.
 */
#ifndef CAIRN_TESTS_EXT2_FIXTURE_H
#define CAIRN_TESTS_EXT2_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "ext2.h"

/* An image in memory, its file, and the device over it. */
struct fx {
	char dir[256]; /* a fresh folder for this test */
	char src[300]; /* dir/src: what mke2fs -d copies */
	char img[300]; /* dir/img: the image file */
	uint8_t *mem;  /* the image */
	size_t size;
	struct ext2_dev dev;
	struct ext2_fs fs;
	uint8_t *cache; /* the cache's blocks */
	size_t cache_size;
	void *slots; /* and its bookkeeping (fx_cachemem) */
	unsigned reads, writes, flushes;
};

/* The cache memory for a mount: fx->cache, and bookkeeping for as many
 * 1 KiB blocks as fit in it (made anew each call). */
struct ext2_cachemem fx_cachemem(struct fx *fx);

/* Make a fresh folder for a test (fx->dir and an empty fx->src). */
void fx_init(struct fx *fx);

/* Write a file of n bytes at fx->src/rel (folders made as needed). */
void fx_file(struct fx *fx, const char *rel, const void *data, size_t n);

/* Make folder fx->src/rel. */
void fx_mkdir(struct fx *fx, const char *rel);

/* Make symbolic link fx->src/rel to target. */
void fx_symlink(struct fx *fx, const char *rel, const char *target);

/*
 * Run mke2fs -t ext2 -b block_size on fx->src into an image of kib KiB
 * (extra: more options, or ""), and load it into fx->mem.
 */
void fx_mkfs(struct fx *fx, unsigned block_size, unsigned kib,
	     const char *extra);

/* Index the image's directories (e2fsck -fyD) and load it again. */
void fx_reindex(struct fx *fx);

/* Mount fx's image with flags; returns ext2_mount's result. */
int fx_mount(struct fx *fx, unsigned flags);

/* Write fx->mem back to fx->img. */
void fx_save(struct fx *fx);

/* Save, then run e2fsck -fn on the image: its exit status (0 clean). */
int fx_fsck(struct fx *fx);

/*
 * Save, then run debugfs -R "cmd" on the image; its output (malloc'd,
 * NUL-terminated, *n bytes) is returned.
 */
char *fx_debugfs(struct fx *fx, const char *cmd, size_t *n);

/* Free fx's memory and remove its folder. */
void fx_done(struct fx *fx);

/* Fill buf with n bytes of a pattern seeded by seed. */
void fx_pattern(void *buf, size_t n, unsigned seed);

#endif
