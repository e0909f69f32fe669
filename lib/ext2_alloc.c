/*
 * ext2_alloc: block and inode allocation from the groups' bitmaps, with
 * the free counts of the group descriptors and the superblock kept in
 * step.  A count that a corrupt image has at zero stays at zero rather
 * than wrapping.
 */
#include "ext2_impl.h"

/* The first clear bit of bitmap map in [from, n), or n. */
static uint32_t
find_clear(const uint8_t *map, uint32_t from, uint32_t n)
{
	for (uint32_t i = from; i < n; i++) {
		if ((i & 7) == 0 && map[i / 8] == 0xff) {
			i += 7;
			continue;
		}
		if (!(map[i / 8] & (1u << (i & 7)))) {
			return i;
		}
	}
	return n;
}

/* Add delta to the 16-bit descriptor count at gd + off, not below 0. */
static void
gd_add(uint8_t *gd, uint32_t off, int delta)
{
	uint32_t v = get16(gd + off);

	if (delta > 0 || v > 0) {
		put16(gd + off, v + (uint32_t)delta);
	}
}

/* Add delta to the superblock's counter at off, not below 0. */
static void
sb_add(struct ext2_fs *fs, uint32_t off, int delta)
{
	if (delta > 0 || get32(fs->super + off) > 0) {
		ext2_sb_add(fs, off, delta);
	}
}

/* The blocks group g has (the last may be short). */
static uint32_t
group_blocks(const struct ext2_fs *fs, uint32_t g)
{
	uint32_t left = fs->sb.blocks_count - fs->sb.first_data_block -
			g * fs->sb.blocks_per_group;

	return left < fs->sb.blocks_per_group ? left : fs->sb.blocks_per_group;
}

/*
 * Take a clear bit in [from, n) of the bitmap at block map_blk, set it
 * and return it in *bit; EXT2_ENOSPC if there is none.
 */
static int
take_bit(struct ext2_fs *fs, uint32_t map_blk, uint32_t from, uint32_t n,
	 uint32_t *bit)
{
	struct ext2_buf *b;
	uint32_t i;
	int err = ext2_bget(fs, map_blk, &b);

	if (err != 0) {
		return err;
	}
	i = find_clear(b->data, from, n);
	if (i < n) {
		b->data[i / 8] |= (uint8_t)(1u << (i & 7));
		ext2_bdirty(fs, b, EXT2_BITMAP);
		*bit = i;
	}
	ext2_bput(fs, b);
	return i < n ? 0 : EXT2_ENOSPC;
}

/* Allocate a block of group g at or after bit from. */
static int
balloc_group(struct ext2_fs *fs, uint32_t g, uint32_t from, uint32_t *blk)
{
	struct ext2_buf *b;
	uint8_t *gd;
	uint32_t bit;
	int err = ext2_gd_get(fs, g, &b, &gd);

	if (err != 0) {
		return err;
	}
	err = take_bit(fs, get32(gd + GD_BLOCK_BITMAP), from,
		       group_blocks(fs, g), &bit);
	if (err == 0) {
		*blk =
		    fs->sb.first_data_block + g * fs->sb.blocks_per_group + bit;
		gd_add(gd, GD_FREE_BLOCKS, -1);
		ext2_bdirty(fs, b, EXT2_META);
		sb_add(fs, SB_FREE_BLOCKS, -1);
	}
	ext2_bput(fs, b);
	if (err == 0 && !ext2_blk_ok(fs, *blk)) {
		err = EXT2_ECORRUPT;
	}
	return err;
}

/*
 * Allocate a free block, near goal if it is a block of the file system.
 * Returns 0 with *blk, EXT2_ENOSPC, or an error.
 */
int
ext2_balloc(struct ext2_fs *fs, uint32_t goal, uint32_t *blk)
{
	uint32_t g0 = 0, from = 0;

	if (ext2_blk_ok(fs, goal)) {
		g0 = (goal - fs->sb.first_data_block) / fs->sb.blocks_per_group;
		from =
		    (goal - fs->sb.first_data_block) % fs->sb.blocks_per_group;
	}
	for (int again = 0; again < 2; again++) {
		for (uint32_t i = 0; i <= fs->sb.groups; i++) {
			uint32_t g = (g0 + i) % fs->sb.groups;
			int err = balloc_group(fs, g, i == 0 ? from : 0, blk);

			if (err != EXT2_ENOSPC) {
				return err;
			}
		}
		/* Full but for blocks freed since the last write-back: write
		 * back, which frees them, and look again. */
		if (fs->nfreed == 0 || ext2_sync(fs) != 0) {
			break;
		}
	}
	return EXT2_ENOSPC;
}

/* Clear block blk's bit, with the counts. */
static void
bfree_now(struct ext2_fs *fs, uint32_t blk)
{
	struct ext2_buf *gb, *mb;
	uint32_t g, bit;
	uint8_t *gd;

	g = (blk - fs->sb.first_data_block) / fs->sb.blocks_per_group;
	bit = (blk - fs->sb.first_data_block) % fs->sb.blocks_per_group;
	if (ext2_gd_get(fs, g, &gb, &gd) != 0) {
		return;
	}
	if (ext2_bget(fs, get32(gd + GD_BLOCK_BITMAP), &mb) == 0) {
		if (mb->data[bit / 8] & (1u << (bit & 7))) {
			mb->data[bit / 8] &= (uint8_t) ~(1u << (bit & 7));
			ext2_bdirty(fs, mb, EXT2_BITMAP);
			gd_add(gd, GD_FREE_BLOCKS, 1);
			ext2_bdirty(fs, gb, EXT2_META);
			sb_add(fs, SB_FREE_BLOCKS, 1);
		}
		ext2_bput(fs, mb);
	}
	ext2_bput(fs, gb);
}

/*
 * Free block blk; a block already free, or not one, is left alone.  Its
 * cached contents go at once; its bit is cleared at the next write-back
 * (ext2_apply_frees), once the files' blocks that might reuse it cannot
 * reach the disk before the inode that let it go.
 */
void
ext2_bfree(struct ext2_fs *fs, uint32_t blk)
{
	struct ext2_run *last =
	    fs->nfreed > 0 ? &fs->freed[fs->nfreed - 1] : NULL;

	if (!ext2_blk_ok(fs, blk)) {
		return;
	}
	ext2_bforget(fs, blk);
	/* A block freed twice is cleared once: bfree_now checks its bit. */
	if (last != NULL && last->start + last->len == blk) {
		last->len++;
	} else if (fs->nfreed < EXT2_FREED_MAX) {
		fs->freed[fs->nfreed++] = (struct ext2_run){blk, 1};
	} else {
		bfree_now(fs, blk);
	}
}

static void ifree_now(struct ext2_fs *fs, uint32_t ino, int dir);

/* Clear the bits of the blocks and inodes ext2_bfree and ext2_ifree kept
 * back. */
void
ext2_apply_frees(struct ext2_fs *fs)
{
	uint32_t n = fs->nfreed, ni = fs->nifreed;

	fs->nfreed = fs->nifreed = 0;
	for (uint32_t i = 0; i < ni; i++) {
		ifree_now(fs, fs->ifreed[i].ino, (int)fs->ifreed[i].dir);
	}
	for (uint32_t i = 0; i < n; i++) {
		for (uint32_t k = 0; k < fs->freed[i].len; k++) {
			bfree_now(fs, fs->freed[i].start + k);
		}
	}
}

/* The group to start looking for an inode in. */
static uint32_t
inode_goal(struct ext2_fs *fs, uint32_t parent, int dir)
{
	uint32_t best = 0, most = 0, g0 = 0;

	if (parent >= 1 && parent <= fs->sb.inodes_count) {
		g0 = (parent - 1) / fs->sb.inodes_per_group;
	}
	if (!dir) {
		return g0;
	}
	/* A directory goes to the group with the most free inodes. */
	for (uint32_t g = 0; g < fs->sb.groups; g++) {
		struct ext2_buf *b;
		uint8_t *gd;

		if (ext2_gd_get(fs, g, &b, &gd) != 0) {
			continue;
		}
		if (get16(gd + GD_FREE_INODES) > most) {
			most = get16(gd + GD_FREE_INODES);
			best = g;
		}
		ext2_bput(fs, b);
	}
	return most ? best : g0;
}

/* Allocate an inode of group g. */
static int
ialloc_group(struct ext2_fs *fs, uint32_t g, int dir, uint32_t *ino)
{
	uint32_t ipg = fs->sb.inodes_per_group, first = 0, bit;
	struct ext2_buf *b;
	uint8_t *gd;
	int err;

	if (g * ipg + ipg < fs->sb.first_ino) {
		return EXT2_ENOSPC;
	}
	if (g * ipg < fs->sb.first_ino - 1) {
		first = fs->sb.first_ino - 1 - g * ipg;
	}
	err = ext2_gd_get(fs, g, &b, &gd);
	if (err != 0) {
		return err;
	}
	err = take_bit(fs, get32(gd + GD_INODE_BITMAP), first, ipg, &bit);
	if (err == 0) {
		*ino = g * ipg + bit + 1;
		gd_add(gd, GD_FREE_INODES, -1);
		if (dir) {
			gd_add(gd, GD_USED_DIRS, 1);
		}
		ext2_bdirty(fs, b, EXT2_META);
		sb_add(fs, SB_FREE_INODES, -1);
	}
	ext2_bput(fs, b);
	return err;
}

/*
 * Allocate an inode number for a new file (a directory if dir) whose
 * parent directory is inode parent.  Returns 0 with *ino, EXT2_ENOSPC,
 * or an error.
 */
int
ext2_ialloc(struct ext2_fs *fs, uint32_t parent, int dir, uint32_t *ino)
{
	uint32_t g0 = inode_goal(fs, parent, dir);

	for (uint32_t i = 0; i < fs->sb.groups; i++) {
		int err = ialloc_group(fs, (g0 + i) % fs->sb.groups, dir, ino);

		if (err != EXT2_ENOSPC) {
			return err;
		}
	}
	return EXT2_ENOSPC;
}

/* Clear inode ino's bit (a directory's if dir), with the counts. */
static void
ifree_now(struct ext2_fs *fs, uint32_t ino, int dir)
{
	uint32_t g = (ino - 1) / fs->sb.inodes_per_group;
	uint32_t bit = (ino - 1) % fs->sb.inodes_per_group;
	struct ext2_buf *gb, *mb;
	uint8_t *gd;

	if (ino == 0 || ino > fs->sb.inodes_count ||
	    ext2_gd_get(fs, g, &gb, &gd) != 0) {
		return;
	}
	if (ext2_bget(fs, get32(gd + GD_INODE_BITMAP), &mb) == 0) {
		if (mb->data[bit / 8] & (1u << (bit & 7))) {
			mb->data[bit / 8] &= (uint8_t) ~(1u << (bit & 7));
			ext2_bdirty(fs, mb, EXT2_BITMAP);
			gd_add(gd, GD_FREE_INODES, 1);
			if (dir) {
				gd_add(gd, GD_USED_DIRS, -1);
			}
			ext2_bdirty(fs, gb, EXT2_META);
			sb_add(fs, SB_FREE_INODES, 1);
		}
		ext2_bput(fs, mb);
	}
	ext2_bput(fs, gb);
}

/*
 * Free inode number ino (a directory's if dir).  Its bit, like a freed
 * block's, is cleared at the next write-back (ext2_apply_frees), once the
 * inode and the directories on disk no longer name it.
 */
void
ext2_ifree(struct ext2_fs *fs, uint32_t ino, int dir)
{
	if (fs->nifreed < EXT2_IFREED_MAX) {
		fs->ifreed[fs->nifreed++] = (struct ext2_ifreed){ino, dir != 0};
	} else {
		ifree_now(fs, ino, dir);
	}
}
