/*
 * ext2_bmap: the map from a file's logical blocks to the device's: twelve
 * direct pointers, then a single, a double and a triple indirect block.
 * The walk has a fixed depth, so a corrupt map cannot loop; freeing is
 * bounded by the file system's block count, so a map whose pointers
 * repeat cannot make it run for ever.
 */
#include "ext2_impl.h"

/* Pointers per indirect block. */
static uint32_t
per_block(const struct ext2_fs *fs)
{
	return fs->sb.block_size / 4;
}

/* The most logical blocks a file can map. */
uint64_t
ext2_max_blocks(const struct ext2_fs *fs)
{
	uint64_t p = per_block(fs);

	return EXT2_NDIR + p + p * p + p * p * p;
}

/*
 * Split logical block lblk into its depth (0 direct, 1 to 3 indirect)
 * and the index at each level; returns the depth, or -1 past the map.
 */
static int
split(const struct ext2_fs *fs, uint64_t lblk, uint32_t idx[3])
{
	uint64_t p = per_block(fs), span = 1;
	int depth;

	if (lblk < EXT2_NDIR) {
		idx[0] = (uint32_t)lblk;
		return 0;
	}
	lblk -= EXT2_NDIR;
	for (depth = 1; depth <= 3; depth++) {
		span *= p;
		if (lblk < span) {
			break;
		}
		lblk -= span;
	}
	if (depth > 3) {
		return -1;
	}
	for (int i = depth - 1; i >= 0; i--) {
		idx[i] = (uint32_t)(lblk % p);
		lblk /= p;
	}
	return depth;
}

/* Allocate a block for in near its inode, counted in its i_blocks. */
static int
grab(struct ext2_fs *fs, struct ext2_inode *in, uint32_t *blk)
{
	uint32_t g = (in->ino - 1) / fs->sb.inodes_per_group;
	uint32_t goal = fs->sb.first_data_block + g * fs->sb.blocks_per_group;
	int err;

	if (in->blocks > UINT32_MAX - ext2_spb(fs)) {
		return EXT2_EFBIG;
	}
	err = ext2_balloc(fs, goal, blk);
	if (err == 0) {
		in->blocks += ext2_spb(fs);
	}
	return err;
}

/* Allocate an indirect block for in, zeroed, into *ptr. */
static int
grab_table(struct ext2_fs *fs, struct ext2_inode *in, uint32_t *ptr)
{
	struct ext2_buf *b;
	uint32_t blk;
	int err = grab(fs, in, &blk);

	if (err != 0) {
		return err;
	}
	err = ext2_bzero(fs, blk, in->ino, &b);
	if (err != 0) {
		return err;
	}
	ext2_bput(fs, b);
	*ptr = blk;
	return 0;
}

/* Follow entry i of indirect block *blk, allocating it if alloc. */
static int
step(struct ext2_fs *fs, struct ext2_inode *in, uint32_t *blk, uint32_t i,
     int alloc, int last, int *fresh)
{
	struct ext2_buf *b;
	uint32_t next;
	int err = ext2_bget(fs, *blk, &b);

	if (err != 0) {
		return err;
	}
	next = get32(b->data + 4 * i);
	if (next == 0 && alloc) {
		err = last ? grab(fs, in, &next) : grab_table(fs, in, &next);
		if (err == 0) {
			put32(b->data + 4 * i, next);
			ext2_bdirty(fs, b, in->ino);
			*fresh = last;
		}
	} else if (next != 0 && !ext2_blk_ok(fs, next)) {
		err = EXT2_ECORRUPT;
	}
	ext2_bput(fs, b);
	*blk = next;
	return err;
}

/*
 * The device block of logical block lblk of in in *pblk: 0 for a hole,
 * unless alloc, which fills the hole (and the indirect blocks on the
 * way) and adds them to in->blocks; the caller writes in back.  Returns
 * 1 if the data block is new (its contents undefined), 0, or an error.
 */
int
ext2_bmap(struct ext2_fs *fs, struct ext2_inode *in, uint64_t lblk, int alloc,
	  uint32_t *pblk)
{
	uint32_t idx[3], *root, blk;
	int depth = split(fs, lblk, idx), fresh = 0, err = 0;

	*pblk = 0;
	if (depth < 0) {
		return EXT2_EFBIG;
	}
	root =
	    depth == 0 ? &in->block[idx[0]] : &in->block[EXT2_IND + depth - 1];
	if (*root == 0 && alloc) {
		err =
		    depth == 0 ? grab(fs, in, root) : grab_table(fs, in, root);
		fresh = depth == 0;
	} else if (*root != 0 && !ext2_blk_ok(fs, *root)) {
		err = EXT2_ECORRUPT;
	}
	blk = *root;
	for (int d = 0; err == 0 && blk != 0 && d < depth; d++) {
		err = step(fs, in, &blk, idx[d], alloc, d == depth - 1, &fresh);
	}
	if (err != 0) {
		return err;
	}
	*pblk = blk;
	return fresh;
}

/*
 * The run of in's blocks from lblk: their count, at most max (1 or
 * more), with *pblk the device block of the first; the others follow it
 * on the device, or are all holes (*pblk 0).  A run ends where its table
 * of pointers does, so one lookup serves up to a table's worth of blocks
 * (sequential reads).  Returns the count or an error.
 */
int64_t
ext2_bmap_run(struct ext2_fs *fs, struct ext2_inode *in, uint64_t lblk,
	      uint32_t max, uint32_t *pblk)
{
	uint32_t idx[3], blk, n = 1, end, first;
	int depth = split(fs, lblk, idx), fresh = 0, err = 0;
	const uint8_t *table;
	struct ext2_buf *b = NULL;

	*pblk = 0;
	if (depth < 0) {
		return EXT2_EFBIG;
	}
	if (depth == 0) {
		table = NULL;
		end = EXT2_NDIR;
	} else {
		blk = in->block[EXT2_IND + depth - 1];
		if (blk != 0 && !ext2_blk_ok(fs, blk)) {
			return EXT2_ECORRUPT;
		}
		for (int d = 0; err == 0 && blk != 0 && d < depth - 1; d++) {
			err = step(fs, in, &blk, idx[d], 0, 0, &fresh);
		}
		if (err == 0 && blk != 0) {
			err = ext2_bget(fs, blk, &b);
		}
		if (err != 0) {
			return err;
		}
		if (b == NULL) {
			return 1; /* a hole above the table: one block */
		}
		table = b->data;
		end = per_block(fs);
	}
	uint32_t at = idx[depth == 0 ? 0 : depth - 1];
	/* The direct pointers are host words, the tables disk words. */
	first = depth == 0 ? in->block[at] : get32(table + 4 * at);
	if (first != 0 && !ext2_blk_ok(fs, first)) {
		err = EXT2_ECORRUPT;
	}
	if (end - at < max) {
		max = end - at;
	}
	if (first != 0 && fs->sb.blocks_count - first < max) {
		max = fs->sb.blocks_count - first; /* the run stays inside */
	}
	for (; err == 0 && n < max; n++) {
		uint32_t e = depth == 0 ? in->block[at + n]
					: get32(table + 4 * (at + n));
		if (e != (first == 0 ? 0 : first + n)) {
			break;
		}
	}
	ext2_bput(fs, b);
	*pblk = first;
	return err != 0 ? (int64_t)err : (int64_t)n;
}

/* A freeing walk: the inode, and how many more pointers it may visit. */
struct walk {
	struct ext2_fs *fs;
	struct ext2_inode *in;
	uint64_t budget;
};

/* Release block blk of the walk's inode. */
static int
release(struct walk *w, uint32_t blk)
{
	if (w->budget == 0) {
		return EXT2_ECORRUPT;
	}
	w->budget--;
	ext2_bfree(w->fs, blk);
	if (w->in->blocks >= ext2_spb(w->fs)) {
		w->in->blocks -= ext2_spb(w->fs);
	}
	return 0;
}

typedef int (*level_fn)(struct walk *w, uint32_t blk, uint64_t start);

/*
 * Free what the entries of indirect block blk map from data block start
 * (of the blk's subtree) on, where each entry maps span data blocks;
 * sub frees one level down (NULL at the last level).  The levels nest
 * three deep at most: free_ind3 calls free_ind2 calls free_ind1.
 */
static int
free_entries(struct walk *w, uint32_t blk, uint64_t start, uint64_t span,
	     level_fn sub)
{
	struct ext2_buf *b;
	int err;

	if (!ext2_blk_ok(w->fs, blk)) {
		return 0;
	}
	err = ext2_bget(w->fs, blk, &b);
	if (err != 0) {
		return err;
	}
	for (uint32_t i = (uint32_t)(start / span);
	     err == 0 && i < per_block(w->fs); i++) {
		uint32_t e = get32(b->data + 4 * i);
		uint64_t s = i == start / span ? start % span : 0;

		if (e == 0) {
			continue;
		}
		if (sub != NULL && ext2_blk_ok(w->fs, e)) {
			err = sub(w, e, s);
		}
		if (err == 0 && s == 0) {
			err = release(w, e);
			put32(b->data + 4 * i, 0);
			ext2_bdirty(w->fs, b, w->in->ino);
		}
	}
	ext2_bput(w->fs, b);
	return err;
}

static int
free_ind1(struct walk *w, uint32_t blk, uint64_t start)
{
	return free_entries(w, blk, start, 1, NULL);
}

static int
free_ind2(struct walk *w, uint32_t blk, uint64_t start)
{
	return free_entries(w, blk, start, per_block(w->fs), free_ind1);
}

static int
free_ind3(struct walk *w, uint32_t blk, uint64_t start)
{
	uint64_t p = per_block(w->fs);

	return free_entries(w, blk, start, p * p, free_ind2);
}

/*
 * Free every block of in that maps logical block from or later, and the
 * indirect blocks left empty.  The caller writes in back.
 */
int
ext2_bmap_free(struct ext2_fs *fs, struct ext2_inode *in, uint64_t from)
{
	static const level_fn level[3] = {free_ind1, free_ind2, free_ind3};
	struct walk w = {fs, in, (uint64_t)fs->sb.blocks_count * 2};
	uint64_t base = EXT2_NDIR, span = per_block(fs);
	int err = 0;

	for (uint64_t i = from; i < EXT2_NDIR; i++) {
		if (in->block[i] != 0) {
			err = release(&w, in->block[i]);
			in->block[i] = 0;
		}
	}
	for (int d = 0; err == 0 && d < 3; d++) {
		uint32_t *root = &in->block[EXT2_IND + d];
		uint64_t start = from > base ? from - base : 0;

		if (*root != 0 && start < span) {
			err = level[d](&w, *root, start);
			if (err == 0 && start == 0) {
				err = release(&w, *root);
				*root = 0;
			}
		}
		base += span;
		span *= per_block(fs);
	}
	return err;
}
