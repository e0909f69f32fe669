/*
 * ext2_cache: the write-back block cache.  Slots live in fs->bufs, their
 * data in the memory the caller gave to ext2_mount.  A caller pins a
 * block with ext2_bget or ext2_bzero and unpins it with ext2_bput; an
 * unpinned slot may be evicted (by a clock: one not used since the hand
 * last came round), written back first if dirty.  A block is found by
 * hashing its number to a chain of slots, and empty slots wait on a list,
 * so that a lookup costs the same however large the cache is.  Each dirty
 * block carries its owner: the inode whose data or indirect block it is,
 * or EXT2_META.  The files' blocks always reach the disk before any
 * metadata does (write-back and eviction alike), so an inode on disk
 * never names a block whose contents are not there yet.
 */
#include "cstring.h"
#include "ext2_impl.h"

/* Put slot i, empty, on the list of empty slots. */
static void
push_empty(struct ext2_fs *fs, uint32_t i)
{
	fs->bufs[i].next = fs->empty;
	fs->empty = i;
}

/*
 * Give the cache the memory in mem: bookkeeping for as many slots as
 * mem->slots has room for, and hash chains for them (at most twice as
 * many); data for as many as mem->data holds.  ext2_cache_add gives the
 * rest their data later.
 */
int
ext2_cache_init(struct ext2_fs *fs, const struct ext2_cachemem *mem)
{
	if (mem == NULL || mem->data == NULL || mem->slots == NULL) {
		return EXT2_EINVAL;
	}
	uintptr_t at = ((uintptr_t)mem->slots + 7) & ~(uintptr_t)7;
	size_t skew = at - (uintptr_t)mem->slots;
	size_t max = mem->slots_size < skew
			 ? 0
			 : (mem->slots_size - skew) / EXT2_SLOT_BYTES;

	if (max > 0x10000000u) {
		max = 0x10000000u;
	}
	if (max < EXT2_CACHE_MIN ||
	    mem->data_size / fs->sb.block_size < EXT2_CACHE_MIN) {
		return EXT2_EINVAL;
	}
	fs->nbufs = 0;
	fs->maxbufs = (uint32_t)max;
	fs->bufs = (struct ext2_buf *)at;
	fs->heads = (uint32_t *)(fs->bufs + max);
	for (fs->mask = 1; fs->mask < max; fs->mask <<= 1) {
	}
	fs->mask--;
	for (uint32_t h = 0; h <= fs->mask; h++) {
		fs->heads[h] = EXT2_NIL;
	}
	fs->empty = EXT2_NIL;
	fs->hand = 0;
	memset(fs->ndirty, 0, sizeof(fs->ndirty));
	fs->evictions = 0;
	ext2_cache_add(fs, mem->data, mem->data_size);
	return 0;
}

/*
 * Give the cache size more bytes at data, for as many more slots as it
 * has bookkeeping for: empty, the first to be used.  Returns how many.
 */
uint32_t
ext2_cache_add(struct ext2_fs *fs, void *data, size_t size)
{
	uint32_t added = 0;

	for (; size >= fs->sb.block_size && fs->nbufs < fs->maxbufs;
	     size -= fs->sb.block_size, added++) {
		uint32_t i = fs->nbufs++;
		struct ext2_buf *b = &fs->bufs[i];

		memset(b, 0, sizeof(*b));
		b->data = (uint8_t *)data + (size_t)added * fs->sb.block_size;
		push_empty(fs, i);
	}
	return added;
}

/* Put valid slot i on its block's chain. */
static void
hash_in(struct ext2_fs *fs, uint32_t i)
{
	uint32_t *h = &fs->heads[fs->bufs[i].blk & fs->mask];

	fs->bufs[i].next = *h;
	*h = i;
}

/* Take slot i off its block's chain. */
static void
hash_out(struct ext2_fs *fs, uint32_t i)
{
	uint32_t *p = &fs->heads[fs->bufs[i].blk & fs->mask];

	while (*p != EXT2_NIL && *p != i) {
		p = &fs->bufs[*p].next;
	}
	if (*p == i) {
		*p = fs->bufs[i].next;
	}
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

/* Mark b changed, by owner (an inode, or EXT2_META). */
void
ext2_bdirty(struct ext2_fs *fs, struct ext2_buf *b, uint32_t owner)
{
	if (b->dirty) {
		fs->ndirty[class_of(b)]--;
	}
	b->dirty = 1;
	b->owner = owner;
	fs->ndirty[class_of(b)]++;
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
		fs->ndirty[class_of(b)]--;
	}
	return err;
}

/* Empty valid slot i, unwritten, and make it the next to be reused. */
static void
invalidate(struct ext2_fs *fs, uint32_t i)
{
	struct ext2_buf *b = &fs->bufs[i];

	hash_out(fs, i);
	if (b->dirty) {
		fs->ndirty[class_of(b)]--;
	}
	b->valid = 0;
	b->dirty = 0;
	push_empty(fs, i);
}

/* Write back every dirty block of class c.  Returns 0 or the first
 * error. */
static int
write_class(struct ext2_fs *fs, int c)
{
	int first = 0;

	for (uint32_t i = 0; i < fs->nbufs && fs->ndirty[c] != 0; i++) {
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

/*
 * An empty slot to reuse, taken off the list of empty slots, or NULL.
 * When none is empty, the clock hand goes round the slots: a slot used
 * since the hand last passed it is let off once (its mark cleared), and
 * the first unpinned slot without the mark is written back if dirty and
 * emptied.  Recently used blocks stay; a block used once goes first.
 */
static struct ext2_buf *
victim(struct ext2_fs *fs, int *err)
{
	*err = 0;
	if (fs->empty == EXT2_NIL) {
		uint32_t i = fs->hand, looked = 0;
		struct ext2_buf *b;

		/* Twice round at most: the first clears every mark. */
		for (;; i = i + 1 == fs->nbufs ? 0 : i + 1) {
			b = &fs->bufs[i];
			if (looked++ == 2 * fs->nbufs) {
				*err = EXT2_ENOMEM;
				return NULL;
			}
			if (b->pins != 0) {
				continue;
			}
			if (!b->used) {
				break;
			}
			b->used = 0;
		}
		fs->hand = i + 1 == fs->nbufs ? 0 : i + 1;
		if (b->dirty) {
			*err = write_before(fs, class_of(b));
			if (*err == 0) {
				*err = clean(fs, b);
			}
			if (*err != 0) {
				return NULL;
			}
		}
		fs->evictions++;
		invalidate(fs, i);
	}
	struct ext2_buf *b = &fs->bufs[fs->empty];
	fs->empty = b->next;
	return b;
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
	b = ext2_bfind(fs, blk);
	*fresh = b == NULL;
	if (b == NULL) {
		b = victim(fs, &err);
		if (b == NULL) {
			return err;
		}
		b->blk = blk;
		b->owner = EXT2_META;
		b->next = EXT2_NIL;
	}
	b->pins++;
	b->used = 1;
	*out = b;
	return 0;
}

/* Slot b, emptied by victim and pinned by slot, now holds its block. */
static void
made_valid(struct ext2_fs *fs, struct ext2_buf *b)
{
	b->valid = 1;
	hash_in(fs, (uint32_t)(b - fs->bufs));
}

/*
 * Pin block blk with its contents in *out.  Returns 0, EXT2_ECORRUPT for
 * a block outside the file system, EXT2_EIO or EXT2_ENOMEM.
 */
int
ext2_bget(struct ext2_fs *fs, uint32_t blk, struct ext2_buf **out)
{
	struct ext2_buf *b =
	    blk < fs->sb.blocks_count ? ext2_bfind(fs, blk) : NULL;

	if (b != NULL) { /* the common case, kept short */
		b->pins++;
		b->used = 1;
		*out = b;
		return 0;
	}
	int fresh, err = slot(fs, blk, out, &fresh);

	if (err != 0 || !fresh) {
		return err;
	}
	err = dev_io(fs, blk, (*out)->data, 0);
	if (err != 0) {
		(*out)->pins--;
		push_empty(fs, (uint32_t)(*out - fs->bufs));
		return err;
	}
	made_valid(fs, *out);
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
	if (fresh) {
		made_valid(fs, *out);
	}
	ext2_bdirty(fs, *out, owner);
	return 0;
}

/*
 * Drop block blk, just freed, from the cache unwritten: what it held is
 * garbage now.  A pinned block stays.
 */
void
ext2_bforget(struct ext2_fs *fs, uint32_t blk)
{
	struct ext2_buf *b =
	    blk < fs->sb.blocks_count ? ext2_bfind(fs, blk) : NULL;

	if (b != NULL && b->pins == 0) {
		invalidate(fs, (uint32_t)(b - fs->bufs));
	}
}

/* Forget every block that is neither pinned nor dirty (ext2_dropcache). */
void
ext2_cache_forget(struct ext2_fs *fs)
{
	for (uint32_t i = 0; i < fs->nbufs; i++) {
		struct ext2_buf *b = &fs->bufs[i];

		if (b->valid && b->pins == 0 && !b->dirty) {
			invalidate(fs, i);
		}
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
