/*
 * ext2_cache: the write-back block cache.  Slots live in fs->bufs, their
 * data in memory the caller gave to ext2_mount.  A caller pins a block
 * with ext2_bget or ext2_bzero and unpins it with ext2_bput; an unpinned
 * slot may be evicted (least recently used first), written back first if
 * dirty.  Each dirty block carries its owner: the inode whose data or
 * indirect block it is, or EXT2_META, so that fsync writes one file's
 * blocks and the metadata.
 */
#include "cstring.h"
#include "ext2_impl.h"

/* Give the cache the size bytes at mem: one slot per block that fits. */
int
ext2_cache_init(struct ext2_fs *fs, void *mem, size_t size)
{
	size_t n = size / fs->sb.block_size;

	if (n > EXT2_CACHE_MAX) {
		n = EXT2_CACHE_MAX;
	}
	if (n < EXT2_CACHE_MIN || mem == NULL) {
		return EXT2_EINVAL;
	}
	fs->nbufs = (uint32_t)n;
	for (uint32_t i = 0; i < fs->nbufs; i++) {
		struct ext2_buf *b = &fs->bufs[i];

		memset(b, 0, sizeof(*b));
		b->data = (uint8_t *)mem + (size_t)i * fs->sb.block_size;
	}
	fs->clock = 0;
	return 0;
}

/* Move block blk between the device and buf. */
static int
dev_io(struct ext2_fs *fs, uint32_t blk, uint8_t *buf, int write)
{
	uint64_t sector = (uint64_t)blk * ext2_spb(fs);
	const struct ext2_dev *d = fs->dev;

	if (blk >= fs->sb.blocks_count || sector + ext2_spb(fs) > d->sectors) {
		return EXT2_ECORRUPT;
	}
	if (write) {
		return d->write(d->ctx, sector, ext2_spb(fs), buf) ? EXT2_EIO
								   : 0;
	}
	return d->read(d->ctx, sector, ext2_spb(fs), buf) ? EXT2_EIO : 0;
}

/* Write slot b back if it is dirty. */
static int
clean(struct ext2_fs *fs, struct ext2_buf *b)
{
	int err;

	if (!b->valid || !b->dirty) {
		return 0;
	}
	err = dev_io(fs, b->blk, b->data, 1);
	if (err == 0) {
		b->dirty = 0;
	}
	return err;
}

/* The slot holding blk, or NULL. */
static struct ext2_buf *
find(struct ext2_fs *fs, uint32_t blk)
{
	for (uint32_t i = 0; i < fs->nbufs; i++) {
		if (fs->bufs[i].valid && fs->bufs[i].blk == blk) {
			return &fs->bufs[i];
		}
	}
	return NULL;
}

/* An unpinned slot to reuse, written back and emptied, or NULL. */
static struct ext2_buf *
victim(struct ext2_fs *fs, int *err)
{
	struct ext2_buf *best = NULL;

	for (uint32_t i = 0; i < fs->nbufs; i++) {
		struct ext2_buf *b = &fs->bufs[i];

		if (b->pins != 0) {
			continue;
		}
		if (!b->valid) {
			return b;
		}
		if (best == NULL ||
		    fs->clock - b->used > fs->clock - best->used) {
			best = b;
		}
	}
	*err = best ? clean(fs, best) : EXT2_ENOMEM;
	if (*err != 0) {
		return NULL;
	}
	best->valid = 0;
	return best;
}

/* Pin the slot for blk, found or made; *fresh says it was made. */
static int
slot(struct ext2_fs *fs, uint32_t blk, struct ext2_buf **out, int *fresh)
{
	struct ext2_buf *b;
	int err = 0;

	if (blk >= fs->sb.blocks_count) {
		return EXT2_ECORRUPT;
	}
	b = find(fs, blk);
	*fresh = b == NULL;
	if (b == NULL) {
		b = victim(fs, &err);
		if (b == NULL) {
			return err;
		}
		b->blk = blk;
		b->owner = EXT2_META;
		b->dirty = 0;
	}
	b->pins++;
	b->used = ++fs->clock;
	*out = b;
	return 0;
}

/*
 * Pin block blk with its contents in *out.  Returns 0, EXT2_ECORRUPT for
 * a block outside the file system, EXT2_EIO or EXT2_ENOMEM.
 */
int
ext2_bget(struct ext2_fs *fs, uint32_t blk, struct ext2_buf **out)
{
	int fresh, err = slot(fs, blk, out, &fresh);

	if (err != 0 || !fresh) {
		return err;
	}
	err = dev_io(fs, blk, (*out)->data, 0);
	if (err != 0) {
		(*out)->pins--;
		return err;
	}
	(*out)->valid = 1;
	return 0;
}

/*
 * Pin block blk, newly allocated to owner, filled with zeros and dirty,
 * without reading it.
 */
int
ext2_bzero(struct ext2_fs *fs, uint32_t blk, uint32_t owner,
	   struct ext2_buf **out)
{
	int fresh, err = slot(fs, blk, out, &fresh);

	if (err != 0) {
		return err;
	}
	memset((*out)->data, 0, fs->sb.block_size);
	(*out)->valid = 1;
	ext2_bdirty(*out, owner);
	return 0;
}

/* Unpin b. */
void
ext2_bput(struct ext2_fs *fs, struct ext2_buf *b)
{
	(void)fs;
	if (b != NULL && b->pins > 0) {
		b->pins--;
	}
}

/* Mark b changed, by owner (an inode, or EXT2_META). */
void
ext2_bdirty(struct ext2_buf *b, uint32_t owner)
{
	b->dirty = 1;
	b->owner = owner;
}

/*
 * Drop block blk, just freed, from the cache unwritten: what it held is
 * garbage now.  A pinned block stays.
 */
void
ext2_bforget(struct ext2_fs *fs, uint32_t blk)
{
	struct ext2_buf *b = find(fs, blk);

	if (b != NULL && b->pins == 0) {
		b->valid = 0;
		b->dirty = 0;
	}
}

/*
 * Write back the dirty blocks: all of them, or (all == 0) those of
 * inode owner and the metadata.  Returns 0 or the first error.
 */
int
ext2_cache_write(struct ext2_fs *fs, int all, uint32_t owner)
{
	int first = 0;

	for (uint32_t i = 0; i < fs->nbufs; i++) {
		struct ext2_buf *b = &fs->bufs[i];
		int err;

		if (!all && b->owner != owner && b->owner != EXT2_META) {
			continue;
		}
		err = clean(fs, b);
		if (first == 0) {
			first = err;
		}
	}
	return first;
}
