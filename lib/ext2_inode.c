/*
 * ext2_inode: inodes in the inode tables: read (decoded into struct
 * ext2_inode), written back, made anew and released with what they own.
 */
#include "cstring.h"
#include "ext2_impl.h"

/*
 * Pin the inode-table block of inode ino in *b; *off is where the inode
 * starts in it.
 */
static int
locate(struct ext2_fs *fs, uint32_t ino, struct ext2_buf **b, uint32_t *off)
{
	uint32_t ipg = fs->sb.inodes_per_group, bs = fs->sb.block_size;
	struct ext2_buf *gb;
	uint64_t byte;
	uint32_t table;
	uint8_t *gd;
	int err;

	if (ino == 0 || ino > fs->sb.inodes_count) {
		return EXT2_ECORRUPT;
	}
	err = ext2_gd_get(fs, (ino - 1) / ipg, &gb, &gd);
	if (err != 0) {
		return err;
	}
	table = get32(gd + GD_INODE_TABLE);
	ext2_bput(fs, gb);
	byte = (uint64_t)((ino - 1) % ipg) * fs->sb.inode_size;
	*off = (uint32_t)(byte % bs);
	return ext2_bget(fs, table + (uint32_t)(byte / bs), b);
}

/* Decode the on-disk inode at p into in. */
static void
decode(const uint8_t *p, struct ext2_inode *in)
{
	in->mode = get16(p + I_MODE);
	in->uid = get16(p + I_UID) | ((uint32_t)get16(p + I_UID_HIGH) << 16);
	in->gid = get16(p + I_GID) | ((uint32_t)get16(p + I_GID_HIGH) << 16);
	in->size = get32(p + I_SIZE);
	if ((in->mode & EXT2_S_IFMT) == EXT2_S_IFREG) {
		in->size |= (uint64_t)get32(p + I_SIZE_HIGH) << 32;
	}
	in->atime = get32(p + I_ATIME);
	in->ctime = get32(p + I_CTIME);
	in->mtime = get32(p + I_MTIME);
	in->dtime = get32(p + I_DTIME);
	in->links = get16(p + I_LINKS);
	in->blocks = get32(p + I_BLOCKS);
	in->flags = get32(p + I_FLAGS);
	for (int i = 0; i < EXT2_NBLOCKS; i++) {
		in->block[i] = get32(p + I_BLOCK + 4 * i);
	}
	in->file_acl = get32(p + I_FILE_ACL);
}

/* Encode in into the on-disk inode at p, leaving other fields. */
static void
encode(const struct ext2_inode *in, uint8_t *p)
{
	put16(p + I_MODE, in->mode);
	put16(p + I_UID, in->uid & 0xffff);
	put16(p + I_UID_HIGH, in->uid >> 16);
	put16(p + I_GID, in->gid & 0xffff);
	put16(p + I_GID_HIGH, in->gid >> 16);
	put32(p + I_SIZE, (uint32_t)in->size);
	if ((in->mode & EXT2_S_IFMT) == EXT2_S_IFREG) {
		put32(p + I_SIZE_HIGH, (uint32_t)(in->size >> 32));
	}
	put32(p + I_ATIME, in->atime);
	put32(p + I_CTIME, in->ctime);
	put32(p + I_MTIME, in->mtime);
	put32(p + I_DTIME, in->dtime);
	put16(p + I_LINKS, in->links);
	put32(p + I_BLOCKS, in->blocks);
	put32(p + I_FLAGS, in->flags);
	for (int i = 0; i < EXT2_NBLOCKS; i++) {
		put32(p + I_BLOCK + 4 * i, in->block[i]);
	}
	put32(p + I_FILE_ACL, in->file_acl);
}

/*
 * Read inode ino into *in.  EXT2_ECORRUPT for a number outside the
 * inode tables.
 */
int
ext2_iget(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in)
{
	struct ext2_buf *b;
	uint32_t off;
	int err = locate(fs, ino, &b, &off);

	if (err != 0) {
		return err;
	}
	decode(b->data + off, in);
	in->ino = ino;
	ext2_bput(fs, b);
	return 0;
}

/* Write *in back into its inode table. */
int
ext2_iput(struct ext2_fs *fs, const struct ext2_inode *in)
{
	struct ext2_buf *b;
	uint32_t off;
	int err = locate(fs, in->ino, &b, &off);

	if (err != 0) {
		return err;
	}
	encode(in, b->data + off);
	ext2_bdirty(fs, b, EXT2_META);
	ext2_bput(fs, b);
	return 0;
}

/*
 * Clear the on-disk inode ino (just allocated) and fill *in as a new
 * inode of mode with no links, no blocks and the time now.  Large inodes
 * get the extra size Linux gives them.
 */
int
ext2_inew(struct ext2_fs *fs, uint32_t ino, uint16_t mode,
	  struct ext2_inode *in)
{
	struct ext2_buf *b;
	uint32_t off;
	int err = locate(fs, ino, &b, &off);

	if (err != 0) {
		return err;
	}
	memset(b->data + off, 0, fs->sb.inode_size);
	if (fs->sb.inode_size >= 160) {
		put16(b->data + off + I_EXTRA_ISIZE, 32);
	}
	ext2_bdirty(fs, b, EXT2_META);
	ext2_bput(fs, b);
	memset(in, 0, sizeof(*in));
	in->ino = ino;
	in->mode = mode;
	in->atime = in->ctime = in->mtime = ext2_now(fs);
	return 0;
}

/* Release the extended-attribute block of in: one reference less. */
static void
drop_xattr(struct ext2_fs *fs, struct ext2_inode *in)
{
	struct ext2_buf *b;
	uint32_t refs;

	if (!ext2_blk_ok(fs, in->file_acl) ||
	    ext2_bget(fs, in->file_acl, &b) != 0) {
		in->file_acl = 0;
		return;
	}
	refs = get32(b->data + 4);
	if (get32(b->data) == EXT2_XATTR_MAGIC && refs > 1) {
		put32(b->data + 4, refs - 1);
		ext2_bdirty(fs, b, EXT2_META);
		ext2_bput(fs, b);
	} else {
		ext2_bput(fs, b);
		ext2_bfree(fs, in->file_acl);
	}
	in->file_acl = 0;
}

/*
 * Delete inode *in, which has no links left: free its blocks, its
 * attribute block and its number, and stamp its deletion time.
 */
int
ext2_idrop(struct ext2_fs *fs, struct ext2_inode *in)
{
	int dir = ext2_is_dir(in), err = 0;
	int fast = ext2_fast_link(fs, in) || ext2_is_special(in);

	if (!fast) {
		err = ext2_bmap_free(fs, in, 0);
	}
	if (in->file_acl != 0) {
		drop_xattr(fs, in);
	}
	in->links = 0;
	in->size = 0;
	in->blocks = 0;
	in->dtime = ext2_now(fs);
	if (fast) {
		memset(in->block, 0, sizeof(in->block));
	}
	if (err == 0) {
		err = ext2_iput(fs, in);
	}
	ext2_ifree(fs, in->ino, dir);
	return err;
}

/*
 * Write back *in after a name of it went: with links left, or open
 * (fs->held) and a regular file, it stays; else it is dropped.
 */
int
ext2_ilinks_put(struct ext2_fs *fs, struct ext2_inode *in)
{
	if (in->links != 0 || (ext2_is_reg(in) && fs->held != NULL &&
			       fs->held(fs->held_ctx, in->ino))) {
		return ext2_iput(fs, in);
	}
	return ext2_idrop(fs, in);
}

int
ext2_release(struct ext2_fs *fs, uint32_t ino)
{
	struct ext2_inode in;
	int err = ext2_iget(fs, ino, &in);

	if (err != 0 || in.links != 0 || in.mode == 0 || in.dtime != 0) {
		return err;
	}
	if (!ext2_writable(fs)) {
		return EXT2_EROFS;
	}
	return ext2_idrop(fs, &in);
}

/* Clear the extra word at off of the inode at p, if its extra size (the
 * bytes in use past the first 128, where the size itself is) holds it
 * and the inode is that large. */
static void
clear_extra(const struct ext2_fs *fs, uint8_t *p, uint32_t off)
{
	uint32_t extra = get16(p + I_EXTRA_ISIZE);

	if (off + 4 <= I_EXTRA_ISIZE + extra && off + 4 <= fs->sb.inode_size) {
		put32(p + off, 0);
	}
}

/*
 * After the times of inode ino were set to whole seconds (which:
 * EXT2_SET_ATIME and EXT2_SET_MTIME, or their _NOW; the change time
 * always): clear those times' extra words in a large inode, so that a
 * reader of them (Linux) finds the seconds alone, not the old
 * nanoseconds and epoch.  0 or an error.
 */
int
ext2_iwhole_seconds(struct ext2_fs *fs, uint32_t ino, unsigned which)
{
	struct ext2_buf *b;
	uint32_t off;
	int err;

	if (fs->sb.inode_size <= I_EXTRA_ISIZE + 2) {
		return 0;
	}
	err = locate(fs, ino, &b, &off);
	if (err != 0) {
		return err;
	}
	clear_extra(fs, b->data + off, I_CTIME_EXTRA);
	if (which & (EXT2_SET_MTIME | EXT2_SET_MTIME_NOW)) {
		clear_extra(fs, b->data + off, I_MTIME_EXTRA);
	}
	if (which & (EXT2_SET_ATIME | EXT2_SET_ATIME_NOW)) {
		clear_extra(fs, b->data + off, I_ATIME_EXTRA);
	}
	ext2_bdirty(fs, b, EXT2_META);
	ext2_bput(fs, b);
	return 0;
}
