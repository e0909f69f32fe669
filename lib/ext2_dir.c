/*
 * ext2_dir: directory entries.  A directory is a file of blocks, each a
 * chain of entries (inode, record length, name length, file type, name)
 * whose record lengths add up to the block.  Every entry is checked
 * before use; a bad one makes the call fail with EXT2_ECORRUPT.
 *
 * Lookups read a directory linearly, so a hash-indexed directory (the
 * dir_index feature) reads as any other: its index blocks look like
 * empty blocks of entries.  A change to an indexed directory clears its
 * index flag, which leaves a valid linear directory, as e2fsck sees it.
 */
#include "cstring.h"
#include "ext2_impl.h"

/* One decoded entry. */
struct dent {
	uint32_t off; /* in its block */
	uint32_t ino;
	uint32_t rec_len;
	uint32_t name_len;
	const char *name;
};

/* The record length an entry with a name of len bytes needs. */
static uint32_t
rec_size(size_t len)
{
	return (uint32_t)((8 + len + 3) & ~(size_t)3);
}

static int
has_filetype(const struct ext2_fs *fs)
{
	return (fs->sb.incompat & INCOMPAT_FILETYPE) != 0;
}

/* Decode and check the entry at off of directory block data. */
static int
dent_at(const struct ext2_fs *fs, const uint8_t *data, uint32_t off,
	struct dent *d)
{
	uint32_t bs = fs->sb.block_size;

	d->rec_len = 0;
	if (off + 8 > bs) {
		return EXT2_ECORRUPT;
	}
	d->off = off;
	d->ino = get32(data + off);
	d->rec_len = get16(data + off + 4);
	d->name_len = has_filetype(fs) ? data[off + 6] : get16(data + off + 6);
	d->name = (const char *)data + off + 8;
	if (d->rec_len < 8 || d->rec_len % 4 != 0 || d->rec_len > bs - off ||
	    d->name_len > EXT2_NAME_MAX || 8 + d->name_len > d->rec_len) {
		return EXT2_ECORRUPT;
	}
	/* A name in use holds neither NUL nor '/', as e2fsck requires. */
	for (uint32_t i = 0; d->ino != 0 && i < d->name_len; i++) {
		if (d->name[i] == '\0' || d->name[i] == '/') {
			return EXT2_ECORRUPT;
		}
	}
	return 0;
}

/* Write an entry at p: ino, rec_len, and the name of len bytes. */
static void
dent_put(const struct ext2_fs *fs, uint8_t *p, uint32_t ino, uint32_t rec_len,
	 const char *name, size_t len, uint8_t type)
{
	put32(p, ino);
	put16(p + 4, rec_len);
	p[6] = (uint8_t)len;
	p[7] = has_filetype(fs) ? type : 0;
	memcpy(p + 8, name, len);
}

/* The directory-entry file type of in, 0 without the filetype feature. */
uint8_t
ext2_ftype(const struct ext2_fs *fs, const struct ext2_inode *in)
{
	static const uint8_t by_fmt[16] = {0, 5, 3, 0, 2, 0, 4, 0,
					   1, 0, 7, 0, 6, 0, 0, 0};

	return has_filetype(fs) ? by_fmt[(in->mode >> 12) & 15] : 0;
}

/* What a visitor of entries says: go on, stop, or stop: block changed. */
enum { GO_ON = 0, STOP = 1, CHANGED = 2 };

/*
 * A visitor sees each entry d of a block (data) with the entry before
 * it in the block (NULL for the first) and returns GO_ON, STOP,
 * CHANGED or an error.
 */
typedef int (*visit_fn)(struct ext2_fs *fs, uint8_t *data, const struct dent *d,
			const struct dent *prev, void *arg);

/* Visit each entry of block pblk; returns what stopped the walk. */
static int
scan_block(struct ext2_fs *fs, uint32_t pblk, visit_fn fn, void *arg)
{
	struct dent d, prev = {0};
	struct ext2_buf *b;
	int r = ext2_bget(fs, pblk, &b);

	if (r != 0) {
		return r;
	}
	for (uint32_t off = 0; r == GO_ON && off < fs->sb.block_size;
	     off += d.rec_len) {
		r = dent_at(fs, b->data, off, &d);
		if (r == 0) {
			r = fn(fs, b->data, &d, off ? &prev : NULL, arg);
		}
		prev = d;
	}
	if (r == CHANGED) {
		ext2_bdirty(fs, b, EXT2_DIRBLK);
	}
	ext2_bput(fs, b);
	return r;
}

/* The blocks of directory dir, or an error for a size not in blocks. */
static int64_t
dir_blocks(const struct ext2_fs *fs, const struct ext2_inode *dir)
{
	if (!ext2_is_dir(dir)) {
		return EXT2_ENOTDIR;
	}
	if (dir->size % fs->sb.block_size != 0 || dir->size > UINT32_MAX) {
		return EXT2_ECORRUPT;
	}
	return (int64_t)(dir->size / fs->sb.block_size);
}

/* Visit every entry of dir until a visitor stops; returns what it said. */
static int
scan(struct ext2_fs *fs, struct ext2_inode *dir, visit_fn fn, void *arg)
{
	int64_t n = dir_blocks(fs, dir);
	int r = n < 0 ? (int)n : GO_ON;

	for (int64_t i = 0; r == GO_ON && i < n; i++) {
		uint32_t pblk;

		r = ext2_bmap(fs, dir, (uint64_t)i, 0, &pblk);
		if (r == 0 && pblk == 0) {
			r = EXT2_ECORRUPT; /* a hole in a directory */
		}
		if (r == 0) {
			r = scan_block(fs, pblk, fn, arg);
		}
	}
	return r;
}

/* A name looked for, and what goes in its place. */
struct want {
	const char *name;
	size_t len;
	uint32_t ino; /* found, or to set */
	uint8_t type;
};

static int
same_name(const struct dent *d, const struct want *w)
{
	return d->ino != 0 && d->name_len == w->len &&
	       memcmp(d->name, w->name, w->len) == 0;
}

static int
visit_find(struct ext2_fs *fs, uint8_t *data, const struct dent *d,
	   const struct dent *prev, void *arg)
{
	struct want *w = arg;

	(void)fs, (void)data, (void)prev;
	if (!same_name(d, w)) {
		return GO_ON;
	}
	w->ino = d->ino;
	return STOP;
}

/*
 * Look up the name of len bytes in directory dir: its inode in *ino.
 * Returns 0, EXT2_ENOENT, or an error.
 */
int
ext2_dir_find(struct ext2_fs *fs, struct ext2_inode *dir, const char *name,
	      size_t len, uint32_t *ino)
{
	struct want w = {name, len, 0, 0};
	int r = scan(fs, dir, visit_find, &w);

	if (r == STOP && (w.ino == 0 || w.ino > fs->sb.inodes_count)) {
		return EXT2_ECORRUPT;
	}
	*ino = w.ino;
	return r == STOP ? 0 : r == GO_ON ? EXT2_ENOENT : r;
}

/* Mark dir changed: its times, and no index any more; write it back. */
static int
touch_dir(struct ext2_fs *fs, struct ext2_inode *dir)
{
	dir->flags &= ~EXT2_INDEX_FL;
	dir->mtime = dir->ctime = ext2_now(fs);
	return ext2_iput(fs, dir);
}

static int
visit_set(struct ext2_fs *fs, uint8_t *data, const struct dent *d,
	  const struct dent *prev, void *arg)
{
	struct want *w = arg;

	(void)prev;
	if (!same_name(d, w)) {
		return GO_ON;
	}
	put32(data + d->off, w->ino);
	data[d->off + 7] = has_filetype(fs) ? w->type : 0;
	return CHANGED;
}

/* Point the existing entry name of dir at inode in. */
int
ext2_dir_set(struct ext2_fs *fs, struct ext2_inode *dir, const char *name,
	     size_t len, const struct ext2_inode *in)
{
	struct want w = {name, len, in->ino, ext2_ftype(fs, in)};
	int r = scan(fs, dir, visit_set, &w);

	if (r == GO_ON) {
		return EXT2_ENOENT;
	}
	return r < 0 ? r : touch_dir(fs, dir);
}

static int
visit_remove(struct ext2_fs *fs, uint8_t *data, const struct dent *d,
	     const struct dent *prev, void *arg)
{
	(void)fs;
	if (!same_name(d, arg)) {
		return GO_ON;
	}
	if (prev != NULL) {
		put16(data + prev->off + 4, prev->rec_len + d->rec_len);
	} else {
		put32(data + d->off, 0);
	}
	return CHANGED;
}

/* Remove the entry name from dir. */
int
ext2_dir_remove(struct ext2_fs *fs, struct ext2_inode *dir, const char *name,
		size_t len)
{
	struct want w = {name, len, 0, 0};
	int r = scan(fs, dir, visit_remove, &w);

	if (r == GO_ON) {
		return EXT2_ENOENT;
	}
	return r < 0 ? r : touch_dir(fs, dir);
}

static int
visit_add(struct ext2_fs *fs, uint8_t *data, const struct dent *d,
	  const struct dent *prev, void *arg)
{
	struct want *w = arg;
	uint32_t need = rec_size(w->len), used = rec_size(d->name_len);

	(void)prev;
	if (d->ino == 0 && d->rec_len >= need) {
		dent_put(fs, data + d->off, w->ino, d->rec_len, w->name, w->len,
			 w->type);
		return CHANGED;
	}
	if (d->ino != 0 && d->rec_len >= used + need) {
		put16(data + d->off + 4, used);
		dent_put(fs, data + d->off + used, w->ino, d->rec_len - used,
			 w->name, w->len, w->type);
		return CHANGED;
	}
	return GO_ON;
}

/* Add a block to dir holding the one entry w. */
static int
add_block(struct ext2_fs *fs, struct ext2_inode *dir, const struct want *w)
{
	uint32_t bs = fs->sb.block_size, pblk;
	struct ext2_buf *b;
	int err;

	if (dir->size + bs > UINT32_MAX) {
		return EXT2_EFBIG;
	}
	err = ext2_bmap(fs, dir, dir->size / bs, 1, &pblk);
	if (err < 0) {
		return err;
	}
	err = ext2_bzero(fs, pblk, EXT2_DIRBLK, &b);
	if (err != 0) {
		return err;
	}
	dent_put(fs, b->data, w->ino, bs, w->name, w->len, w->type);
	ext2_bput(fs, b);
	dir->size += bs;
	return 0;
}

/*
 * Add the entry name -> in to dir (the caller has checked that the name
 * is not there): in the first gap big enough, else in a new block.
 */
int
ext2_dir_add(struct ext2_fs *fs, struct ext2_inode *dir, const char *name,
	     size_t len, const struct ext2_inode *in)
{
	struct want w = {name, len, in->ino, ext2_ftype(fs, in)};
	int r;

	if (len == 0 || len > EXT2_NAME_MAX) {
		return EXT2_ENAMETOOLONG;
	}
	r = scan(fs, dir, visit_add, &w);
	if (r == GO_ON) {
		r = add_block(fs, dir, &w);
	}
	return r < 0 ? r : touch_dir(fs, dir);
}

static int
visit_empty(struct ext2_fs *fs, uint8_t *data, const struct dent *d,
	    const struct dent *prev, void *arg)
{
	(void)fs, (void)data, (void)prev, (void)arg;
	if (d->ino == 0 || (d->name_len == 1 && d->name[0] == '.') ||
	    (d->name_len == 2 && d->name[0] == '.' && d->name[1] == '.')) {
		return GO_ON;
	}
	return STOP;
}

/* Does dir hold only "." and ".."?  1 yes, 0 no, or an error. */
int
ext2_dir_empty(struct ext2_fs *fs, struct ext2_inode *dir)
{
	int r = scan(fs, dir, visit_empty, NULL);

	return r < 0 ? r : r == GO_ON;
}

/*
 * Give the new directory dir its first block, with "." and ".." (to
 * parent), and write dir back.
 */
int
ext2_dir_init(struct ext2_fs *fs, struct ext2_inode *dir, uint32_t parent)
{
	uint32_t bs = fs->sb.block_size, pblk;
	uint8_t type = has_filetype(fs) ? EXT2_FT_DIR : 0;
	struct ext2_buf *b;
	int err = ext2_bmap(fs, dir, 0, 1, &pblk);

	if (err < 0) {
		return err;
	}
	err = ext2_bzero(fs, pblk, EXT2_DIRBLK, &b);
	if (err != 0) {
		return err;
	}
	dent_put(fs, b->data, dir->ino, 12, ".", 1, type);
	dent_put(fs, b->data + 12, parent, bs - 12, "..", 2, type);
	ext2_bput(fs, b);
	dir->size = bs;
	return ext2_iput(fs, dir);
}

/* Where readdir is: the entry to give, and its block's position. */
struct cursor {
	uint64_t from; /* first byte of the block */
	uint64_t pos;  /* entries before this are given already */
	struct ext2_dirent *ent;
};

static int
visit_next(struct ext2_fs *fs, uint8_t *data, const struct dent *d,
	   const struct dent *prev, void *arg)
{
	struct cursor *c = arg;
	uint64_t at = c->from + d->off;

	(void)prev;
	if (at < c->pos) {
		return GO_ON;
	}
	c->pos = at + d->rec_len;
	if (d->ino == 0) {
		return GO_ON;
	}
	c->ent->ino = d->ino;
	c->ent->type = has_filetype(fs) ? data[d->off + 7] : 0;
	c->ent->name_len = (uint8_t)d->name_len;
	memcpy(c->ent->name, d->name, d->name_len);
	c->ent->name[d->name_len] = '\0';
	return STOP;
}

int
ext2_readdir(struct ext2_fs *fs, uint32_t dir, uint64_t *pos,
	     struct ext2_dirent *ent)
{
	uint32_t bs = fs->sb.block_size;
	struct cursor c = {0, *pos, ent};
	struct ext2_inode in = {0};
	int r = ext2_iget(fs, dir, &in);
	int64_t n = r < 0 ? r : dir_blocks(fs, &in);

	for (r = n < 0 ? (int)n : GO_ON; r == GO_ON && c.pos < in.size;) {
		uint32_t pblk;

		c.from = c.pos / bs * bs;
		r = ext2_bmap(fs, &in, c.pos / bs, 0, &pblk);
		if (r == 0 && pblk == 0) {
			r = EXT2_ECORRUPT;
		}
		if (r == 0) {
			r = scan_block(fs, pblk, visit_next, &c);
		}
		if (r == GO_ON) {
			c.pos = c.from + bs;
		}
	}
	*pos = c.pos;
	return r < 0 ? r : r == STOP;
}
