/*
 * ext2_file: reading, writing and truncating a file's bytes through its
 * block map, and the calls on files by inode number (read, write,
 * truncate, stat, setattr).  Reads do not
 * update the access time (as a noatime mount), so that reading never
 * writes.
 */
#include "cstring.h"
#include "ext2_impl.h"

/* The most bytes one read or write call moves. */
#define IO_MAX 0x40000000u

/* The largest size a file of this file system may have. */
static uint64_t
max_size(const struct ext2_fs *fs)
{
	return ext2_max_blocks(fs) * fs->sb.block_size;
}

/*
 * Read up to n bytes of in at off into buf; holes read as zeros.
 * Returns the bytes read or an error.
 */
int64_t
ext2_iread(struct ext2_fs *fs, struct ext2_inode *in, uint64_t off, void *buf,
	   size_t n)
{
	uint32_t bs = fs->sb.block_size;
	uint8_t *out = buf;
	size_t done = 0;

	if (off >= in->size) {
		return 0;
	}
	if (n > in->size - off) {
		n = (size_t)(in->size - off);
	}
	if (n > IO_MAX) {
		n = IO_MAX;
	}
	while (done < n) {
		uint64_t pos = off + done;
		uint32_t at = (uint32_t)(pos % bs), pblk;
		uint64_t left = (at + (uint64_t)(n - done) + bs - 1) / bs;
		int64_t run = ext2_bmap_run(
		    fs, in, pos / bs,
		    left > UINT32_MAX ? UINT32_MAX : (uint32_t)left, &pblk);

		if (run < 0) {
			return run;
		}
		/* The run's blocks, one after another on the device: each
		 * straight from the cache if there, else read into it. */
		for (uint32_t k = 0; k < run && done < n; k++, at = 0) {
			size_t chunk = bs - at < n - done ? bs - at : n - done;
			const uint8_t *src =
			    pblk == 0 ? NULL : ext2_bpeek(fs, pblk + k);
			struct ext2_buf *b;
			int err;

			if (src != NULL) {
				memcpy(out + done, src + at, chunk);
			} else if (pblk == 0) {
				memset(out + done, 0, chunk);
			} else if ((err = ext2_bget(fs, pblk + k, &b)) == 0) {
				memcpy(out + done, b->data + at, chunk);
				ext2_bput(fs, b);
			} else {
				return err;
			}
			done += chunk;
		}
	}
	return (int64_t)done;
}

/* Write chunk bytes of src at byte at of logical block lblk of in. */
static int
write_block(struct ext2_fs *fs, struct ext2_inode *in, uint64_t lblk,
	    uint32_t at, const uint8_t *src, size_t chunk)
{
	uint32_t owner = ext2_is_dir(in) ? EXT2_DIRBLK : in->ino, pblk;
	struct ext2_buf *b;
	int fresh = ext2_bmap(fs, in, lblk, 1, &pblk), err;

	if (fresh < 0) {
		return fresh;
	}
	if (fresh || chunk == fs->sb.block_size) {
		err = ext2_bzero(fs, pblk, owner, &b);
	} else {
		err = ext2_bget(fs, pblk, &b);
	}
	if (err != 0) {
		return err;
	}
	memcpy(b->data + at, src, chunk);
	ext2_bdirty(fs, b, owner);
	ext2_bput(fs, b);
	return 0;
}

/* Note a size past 2 GiB in the superblock's large_file feature. */
static void
note_size(struct ext2_fs *fs, uint64_t size)
{
	uint32_t ro = get32(fs->super + SB_FEATURE_RO_COMPAT);

	if (size > 0x7fffffffu && !(ro & RO_COMPAT_LARGE_FILE)) {
		put32(fs->super + SB_FEATURE_RO_COMPAT,
		      ro | RO_COMPAT_LARGE_FILE);
		fs->super_dirty = 1;
	}
}

/*
 * Write n bytes of buf into in at off, growing it, and write in back.
 * Returns n, the bytes written before an error, or the error.
 */
int64_t
ext2_iwrite(struct ext2_fs *fs, struct ext2_inode *in, uint64_t off,
	    const void *buf, size_t n)
{
	uint32_t bs = fs->sb.block_size;
	const uint8_t *src = buf;
	size_t done = 0;
	int err = 0;

	if (n > IO_MAX) {
		n = IO_MAX;
	}
	if (off > max_size(fs) || n > max_size(fs) - off) {
		return EXT2_EFBIG;
	}
	while (done < n && err == 0) {
		uint64_t pos = off + done;
		uint32_t at = (uint32_t)(pos % bs);
		size_t chunk = bs - at < n - done ? bs - at : n - done;

		err = write_block(fs, in, pos / bs, at, src + done, chunk);
		if (err == 0) {
			done += chunk;
		}
	}
	if (off + done > in->size) {
		in->size = off + done;
		note_size(fs, in->size);
	}
	in->mtime = in->ctime = ext2_now(fs);
	if (ext2_iput(fs, in) != 0 && err == 0) {
		err = EXT2_EIO;
	}
	return done > 0 ? (int64_t)done : err;
}

/* Zero the bytes of in's block at size from size on (a partial block). */
static int
zero_tail(struct ext2_fs *fs, struct ext2_inode *in, uint64_t size)
{
	uint32_t bs = fs->sb.block_size, at = (uint32_t)(size % bs), pblk;
	struct ext2_buf *b;
	int err;

	if (at == 0) {
		return 0;
	}
	err = ext2_bmap(fs, in, size / bs, 0, &pblk);
	if (err != 0 || pblk == 0) {
		return err;
	}
	err = ext2_bget(fs, pblk, &b);
	if (err != 0) {
		return err;
	}
	memset(b->data + at, 0, bs - at);
	ext2_bdirty(fs, b, ext2_is_dir(in) ? EXT2_DIRBLK : in->ino);
	ext2_bput(fs, b);
	return 0;
}

/* Set in's size, freeing the blocks past it, and write in back. */
int
ext2_itruncate(struct ext2_fs *fs, struct ext2_inode *in, uint64_t size)
{
	uint32_t bs = fs->sb.block_size;
	int err = 0;

	if (size > max_size(fs)) {
		return EXT2_EFBIG;
	}
	if (size < in->size) {
		err = ext2_bmap_free(fs, in, (size + bs - 1) / bs);
		if (err == 0) {
			err = zero_tail(fs, in, size);
		}
	}
	if (err != 0) {
		return err;
	}
	in->size = size;
	note_size(fs, size);
	in->mtime = in->ctime = ext2_now(fs);
	return ext2_iput(fs, in);
}

/* Read regular file ino into *in, for a call that may change it if rw. */
static int
get_file(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, int rw)
{
	int err;

	if (rw && !ext2_writable(fs)) {
		return EXT2_EROFS;
	}
	err = ext2_iget(fs, ino, in);
	if (err == 0 && ext2_is_dir(in)) {
		err = EXT2_EISDIR;
	} else if (err == 0 && !ext2_is_reg(in)) {
		err = EXT2_EINVAL;
	}
	return err;
}

int64_t
ext2_read(struct ext2_fs *fs, uint32_t ino, uint64_t off, void *buf, size_t n)
{
	struct ext2_inode in;
	int err = get_file(fs, ino, &in, 0);

	return err != 0 ? err : ext2_iread(fs, &in, off, buf, n);
}

int64_t
ext2_write(struct ext2_fs *fs, uint32_t ino, uint64_t off, const void *buf,
	   size_t n)
{
	struct ext2_inode in;
	int err = get_file(fs, ino, &in, 1);

	return err != 0 ? err : ext2_iwrite(fs, &in, off, buf, n);
}

int64_t
ext2_append(struct ext2_fs *fs, uint32_t ino, const void *buf, size_t n)
{
	struct ext2_inode in;
	int err = get_file(fs, ino, &in, 1);

	return err != 0 ? err : ext2_iwrite(fs, &in, in.size, buf, n);
}

int
ext2_truncate(struct ext2_fs *fs, uint32_t ino, uint64_t size)
{
	struct ext2_inode in;
	int err = get_file(fs, ino, &in, 1);

	return err != 0 ? err : ext2_itruncate(fs, &in, size);
}

int
ext2_stat(struct ext2_fs *fs, uint32_t ino, struct ext2_stat *st)
{
	struct ext2_inode in;
	int err = ext2_iget(fs, ino, &in);

	if (err != 0) {
		return err;
	}
	memset(st, 0, sizeof(*st));
	st->ino = ino;
	st->mode = in.mode;
	st->links = in.links;
	st->uid = in.uid;
	st->gid = in.gid;
	st->size = in.size;
	st->blocks = in.blocks;
	st->atime = in.atime;
	st->mtime = in.mtime;
	st->ctime = in.ctime;
	if ((in.mode & EXT2_S_IFMT) == EXT2_S_IFCHR ||
	    (in.mode & EXT2_S_IFMT) == EXT2_S_IFBLK) {
		/* The old 16-bit form (major 8 bits, minor 8) in block 0,
		 * else the new one, Linux's own, in block 1. */
		uint32_t old = in.block[0];
		st->rdev = old != 0 ? ((old >> 8) & 0xff) << 8 | (old & 0xff)
				    : in.block[1];
	}
	return 0;
}

/* Does ext2's 32-bit field hold time t, read as Linux reads it (signed,
 * with no epoch bits)?  Times before 1970 are refused too. */
static int
time_fits(int64_t t)
{
	return t >= 0 && t <= INT32_MAX;
}

/* ext2_setattr's checks of a, which change nothing: 0 or EXT2_EINVAL. */
static int
setattr_check(const struct ext2_setattr *a)
{
	unsigned m = a->mask;

	if ((m & ~EXT2_SET_ALL) != 0 ||
	    ((m & EXT2_SET_ATIME) && (m & EXT2_SET_ATIME_NOW)) ||
	    ((m & EXT2_SET_MTIME) && (m & EXT2_SET_MTIME_NOW))) {
		return EXT2_EINVAL;
	}
	if (((m & EXT2_SET_MODE) && (a->mode & ~07777u) != 0) ||
	    ((m & EXT2_SET_UID) && a->uid == UINT32_MAX) ||
	    ((m & EXT2_SET_GID) && a->gid == UINT32_MAX) ||
	    ((m & EXT2_SET_ATIME) && !time_fits(a->atime)) ||
	    ((m & EXT2_SET_MTIME) && !time_fits(a->mtime))) {
		return EXT2_EINVAL;
	}
	return 0;
}

int
ext2_setattr(struct ext2_fs *fs, uint32_t ino, const struct ext2_setattr *a)
{
	struct ext2_inode in;
	unsigned m = a->mask;
	uint32_t now = ext2_now(fs);
	int err = setattr_check(a);

	if (err == 0 && !ext2_writable(fs)) {
		err = EXT2_EROFS;
	} else if (err == 0 && (ino == 0 || ino > fs->sb.inodes_count)) {
		err = EXT2_EINVAL;
	}
	if (err == 0) {
		err = ext2_iget(fs, ino, &in);
	}
	if (err == 0 && (in.links == 0 || in.mode == 0)) {
		err = EXT2_ENOENT;
	}
	if (err != 0) {
		return err;
	}
	if (m & EXT2_SET_MODE) {
		in.mode = (uint16_t)((in.mode & EXT2_S_IFMT) | a->mode);
	}
	in.uid = m & EXT2_SET_UID ? a->uid : in.uid;
	in.gid = m & EXT2_SET_GID ? a->gid : in.gid;
	in.atime = m & EXT2_SET_ATIME	    ? (uint32_t)a->atime
		   : m & EXT2_SET_ATIME_NOW ? now
					    : in.atime;
	in.mtime = m & EXT2_SET_MTIME	    ? (uint32_t)a->mtime
		   : m & EXT2_SET_MTIME_NOW ? now
					    : in.mtime;
	in.ctime = now;
	err = ext2_iput(fs, &in);
	return err != 0 ? err : ext2_iwhole_seconds(fs, ino, m);
}
