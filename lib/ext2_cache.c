/*
 * ext2_cache: the write-back block cache.  Slots live in fs->bufs, their
 * data in memory the caller gave to ext2_mount.  A caller pins a block
 * with ext2_bget or ext2_bzero and unpins it with ext2_bput; an unpinned
 * slot may be evicted (least recently used first), written back first if
 * dirty.  Each dirty block carries its owner: the inode whose data or
 * indirect block it is, or EXT2_META.  The files' blocks always reach the
 * disk before any metadata does (write-back and eviction alike), so an
 * inode on disk never names a block whose contents are not there yet.
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

/* The classes of dirty blocks. */
enum { FILES, DIRS, BITMAPS, META, CLASSES };

static int
class_of(const struct ext2_buf *b)
{
	switch (b->owner) {
	case EXT2_META:
		return META;
	case EXT2_DIRBLK:
		return DIRS;
	case EXT2_BITMAP:
		return BITMAPS;
	default:
		return FILES;
	}
}

/*
 * Where class c comes in write-back's order: the files' blocks first;
 * then the bitmaps (a block or inode taken is marked so before anything
 * on disk names it: at worst a leak, and an fs that goes on unrepaired
 * never hands it out twice); directories before the inodes when names
 * were added, after them when removed (an entry may name an inode not
 * yet written or already deleted, which e2fsck -p clears, but an inode is
 * never left with data and no name, which it cannot).  The frees come
 * last of all (ext2_cache_write).
 */
static int
rank(const struct ext2_fs *fs, int c)
{
	static const int order[CLASSES] = {
	    [FILES] = 0, [BITMAPS] = 1, [META] = 3};

	if (c == DIRS) {
		return fs->dir_adds ? 2 : 4;
	}
	return order[c];
}

/* Write back every dirty block of class c.  Returns 0 or the first
 * error. */
static int
write_class(struct ext2_fs *fs, int c)
{
	int first = 0;

	for (uint32_t i = 0; i < fs->nbufs; i++) {
		struct ext2_buf *b = &fs->bufs[i];

		if (b->dirty && class_of(b) == c) {
			int err = clean(fs, b);
			first = first != 0 ? first : err;
		}
	}
	return first;
}

/* Write back what must reach the disk before a block of class c. */
static int
write_before(struct ext2_fs *fs, int c)
{
	int err = 0;

	for (int k = 0; k < CLASSES && err == 0; k++) {
		if (rank(fs, k) < rank(fs, c)) {
			err = write_class(fs, k);
		}
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
	*err = best ? 0 : EXT2_ENOMEM;
	if (best != NULL && best->dirty) {
		*err = write_before(fs, class_of(best));
	}
	if (*err == 0 && best != NULL) {
		*err = clean(fs, best);
	}
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
 * Write back every dirty block, in the order rank gives; then mark free
 * the blocks and inodes freed since the last write-back, now that nothing
 * on disk names them, and write those bitmaps and counts.  Returns 0 or
 * the first error (the frees wait for a write-back that went through).
 */
int
ext2_cache_write(struct ext2_fs *fs)
{
	int first = 0;

	for (int r = 0; r <= 4; r++) {
		for (int c = 0; c < CLASSES; c++) {
			if (rank(fs, c) == r) {
				int err = write_class(fs, c);
				first = first != 0 ? first : err;
			}
		}
	}
	if (first == 0 && (fs->nfreed != 0 || fs->nifreed != 0)) {
		ext2_apply_frees(fs);
		first = write_class(fs, BITMAPS);
		if (first == 0) {
			first = write_class(fs, META);
		}
	}
	if (first == 0) {
		fs->dir_adds = fs->dir_removes = 0;
	}
	return first;
}
