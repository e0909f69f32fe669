/*
 * ext2_impl: what the files of the ext2 library share and its callers do
 * not see: the on-disk layout (little-endian fields read and written
 * through get/put helpers, so no structure is cast over disk bytes), the
 * inode as the library holds it, and the functions each file gives the
 * others.  docs/storage.md describes the design.
 */
#ifndef CAIRN_LIB_EXT2_IMPL_H
#define CAIRN_LIB_EXT2_IMPL_H

#include "ext2.h"

/* Superblock field offsets (from byte 1024 of the device). */
enum {
	SB_INODES_COUNT = 0,
	SB_BLOCKS_COUNT = 4,
	SB_FREE_BLOCKS = 12,
	SB_FREE_INODES = 16,
	SB_FIRST_DATA_BLOCK = 20,
	SB_LOG_BLOCK_SIZE = 24,
	SB_LOG_FRAG_SIZE = 28,
	SB_BLOCKS_PER_GROUP = 32,
	SB_INODES_PER_GROUP = 40,
	SB_MTIME = 44,
	SB_WTIME = 48,
	SB_MNT_COUNT = 52,
	SB_MAGIC = 56,
	SB_STATE = 58,
	SB_REV_LEVEL = 76,
	SB_FIRST_INO = 84,
	SB_INODE_SIZE = 88,
	SB_FEATURE_COMPAT = 92,
	SB_FEATURE_INCOMPAT = 96,
	SB_FEATURE_RO_COMPAT = 100,
};

#define EXT2_MAGIC	 0xEF53u
#define EXT2_STATE_VALID 1u
#define EXT2_STATE_ERROR 2u

#define INCOMPAT_FILETYPE      0x0002u
#define RO_COMPAT_SPARSE_SUPER 0x0001u
#define RO_COMPAT_LARGE_FILE   0x0002u
#define RO_COMPAT_BTREE_DIR    0x0004u

/* Group descriptor: 32 bytes each, from gdt_block on. */
enum {
	GD_SIZE = 32,
	GD_BLOCK_BITMAP = 0,
	GD_INODE_BITMAP = 4,
	GD_INODE_TABLE = 8,
	GD_FREE_BLOCKS = 12,
	GD_FREE_INODES = 14,
	GD_USED_DIRS = 16,
};

/* Inode field offsets (the first 128 bytes of each inode). */
enum {
	I_MODE = 0,
	I_UID = 2,
	I_SIZE = 4,
	I_ATIME = 8,
	I_CTIME = 12,
	I_MTIME = 16,
	I_DTIME = 20,
	I_GID = 24,
	I_LINKS = 26,
	I_BLOCKS = 28,
	I_FLAGS = 32,
	I_BLOCK = 40,
	I_FILE_ACL = 104,
	I_SIZE_HIGH = 108,
	I_UID_HIGH = 120,
	I_GID_HIGH = 122,
	I_EXTRA_ISIZE = 128,
	/* A large inode's, if its extra size holds them: epoch bits and
	 * nanoseconds of each time (ext4's; Linux reads them on ext2). */
	I_CTIME_EXTRA = 132,
	I_MTIME_EXTRA = 136,
	I_ATIME_EXTRA = 140,
};

#define EXT2_NDIR	   12 /* direct block pointers */
#define EXT2_IND	   12 /* the indirect one, then double, triple */
#define EXT2_NBLOCKS	   15
#define EXT2_INDEX_FL	   0x1000u /* directory has a hash index */
#define EXT2_FAST_LINK_MAX 59	   /* longest target kept in i_block */
#define EXT2_LINK_MAX	   32000u
#define EXT2_XATTR_MAGIC   0xEA020000u

/* Directory entry file types (with the filetype feature). */
enum {
	EXT2_FT_UNKNOWN = 0,
	EXT2_FT_REG = 1,
	EXT2_FT_DIR = 2,
	EXT2_FT_SYMLINK = 7,
};

/* Owner tags in the cache: metadata (inodes, descriptors, the
 * superblock), bitmaps, and directories' blocks of entries; any other is
 * the inode whose data or indirect block it is. */
#define EXT2_META   0u
#define EXT2_DIRBLK 0xffffffffu
#define EXT2_BITMAP 0xfffffffeu

/*
 * An inode as the library holds it: the fields it uses, decoded.  Other
 * bytes of the inode on disk are left as they were by ext2_iput.
 */
struct ext2_inode {
	uint32_t ino;
	uint16_t mode;
	uint16_t links;
	uint32_t uid, gid;
	uint64_t size;
	uint32_t atime, ctime, mtime, dtime;
	uint32_t blocks; /* 512-byte units */
	uint32_t flags;
	uint32_t block[EXT2_NBLOCKS];
	uint32_t file_acl;
};

static inline uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static inline void
put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline int
ext2_is_dir(const struct ext2_inode *in)
{
	return (in->mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
}

static inline int
ext2_is_reg(const struct ext2_inode *in)
{
	return (in->mode & EXT2_S_IFMT) == EXT2_S_IFREG;
}

static inline int
ext2_is_link(const struct ext2_inode *in)
{
	return (in->mode & EXT2_S_IFMT) == EXT2_S_IFLNK;
}

/* A FIFO, a device or a socket: i_block holds no block numbers (a
 * device's number, ext2_mknod). */
static inline int
ext2_is_special(const struct ext2_inode *in)
{
	return !ext2_is_dir(in) && !ext2_is_reg(in) && !ext2_is_link(in);
}

/* Can block number b hold data (inside the file system, past block 0)? */
static inline int
ext2_blk_ok(const struct ext2_fs *fs, uint32_t b)
{
	return b >= fs->sb.first_data_block && b < fs->sb.blocks_count &&
	       b != 0;
}

/* The sectors per block. */
static inline uint32_t
ext2_spb(const struct ext2_fs *fs)
{
	return fs->sb.block_size / EXT2_SECTOR;
}

/*
 * Is in a link whose target is kept in i_block?  It has no blocks but
 * its attribute block, as e2fsck judges.
 */
static inline int
ext2_fast_link(const struct ext2_fs *fs, const struct ext2_inode *in)
{
	uint32_t ea = in->file_acl ? ext2_spb(fs) : 0;

	return ext2_is_link(in) && in->blocks <= ea;
}

/* Unpin b (from ext2_bget or ext2_bzero; NULL is let be). */
static inline void
ext2_bput(struct ext2_fs *fs, struct ext2_buf *b)
{
	(void)fs;
	if (b != NULL && b->pins > 0) {
		b->pins--;
	}
}

/* The cache's slot holding block blk, or NULL (its hash chain). */
static inline struct ext2_buf *
ext2_bfind(struct ext2_fs *fs, uint32_t blk)
{
	uint32_t i = fs->heads[blk & fs->mask];

	while (i != EXT2_NIL && fs->bufs[i].blk != blk) {
		i = fs->bufs[i].next;
	}
	return i == EXT2_NIL ? NULL : &fs->bufs[i];
}

/*
 * The data of block blk if the cache holds it, else NULL; blk must be
 * inside the file system.  Not pinned: for a caller that copies it out
 * at once, before anything else touches the cache (sequential reads).
 */
static inline const uint8_t *
ext2_bpeek(struct ext2_fs *fs, uint32_t blk)
{
	struct ext2_buf *b = ext2_bfind(fs, blk);

	if (b == NULL) {
		return NULL;
	}
	b->used = 1;
	return b->data;
}

/* ext2_cache.c */
int ext2_cache_init(struct ext2_fs *fs, const struct ext2_cachemem *mem);
void ext2_cache_forget(struct ext2_fs *fs);
int ext2_bget(struct ext2_fs *fs, uint32_t blk, struct ext2_buf **out);
int ext2_bzero(struct ext2_fs *fs, uint32_t blk, uint32_t owner,
	       struct ext2_buf **out);
void ext2_bdirty(struct ext2_fs *fs, struct ext2_buf *b, uint32_t owner);
void ext2_bforget(struct ext2_fs *fs, uint32_t blk);
int ext2_cache_write(struct ext2_fs *fs);

/*
 * Before an operation that adds names to directories (removes 0: create,
 * mkdir, symlink, link, rename) or removes them (1: unlink, rmdir): the
 * write-back orders directory blocks before the inodes for additions and
 * after them for removals, so a crash leaves only what e2fsck -p repairs
 * by itself (docs/storage.md, "Crashes").  One kind waits for the other's
 * write-back.  Returns 0 or that write-back's error.
 */
int ext2_dir_change(struct ext2_fs *fs, int removes);

/* ext2.c */
uint32_t ext2_now(const struct ext2_fs *fs);
int ext2_writable(const struct ext2_fs *fs);
int ext2_gd_get(struct ext2_fs *fs, uint32_t group, struct ext2_buf **b,
		uint8_t **gd);
void ext2_sb_add(struct ext2_fs *fs, uint32_t off, int delta);

/* ext2_alloc.c */
int ext2_balloc(struct ext2_fs *fs, uint32_t goal, uint32_t *blk);
void ext2_bfree(struct ext2_fs *fs, uint32_t blk);
void ext2_apply_frees(struct ext2_fs *fs);
int ext2_ialloc(struct ext2_fs *fs, uint32_t parent, int dir, uint32_t *ino);
void ext2_ifree(struct ext2_fs *fs, uint32_t ino, int dir);

/* ext2_inode.c */
int ext2_iget(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in);
int ext2_iput(struct ext2_fs *fs, const struct ext2_inode *in);
int ext2_inew(struct ext2_fs *fs, uint32_t ino, uint16_t mode,
	      struct ext2_inode *in);
int ext2_idrop(struct ext2_fs *fs, struct ext2_inode *in);
int ext2_ilinks_put(struct ext2_fs *fs, struct ext2_inode *in);
int ext2_iwhole_seconds(struct ext2_fs *fs, uint32_t ino, unsigned which);

/* ext2_bmap.c */
int ext2_bmap(struct ext2_fs *fs, struct ext2_inode *in, uint64_t lblk,
	      int alloc, uint32_t *pblk);
int64_t ext2_bmap_run(struct ext2_fs *fs, struct ext2_inode *in, uint64_t lblk,
		      uint32_t max, uint32_t *pblk);
int ext2_bmap_free(struct ext2_fs *fs, struct ext2_inode *in, uint64_t from);
uint64_t ext2_max_blocks(const struct ext2_fs *fs);

/* ext2_file.c */
int64_t ext2_iread(struct ext2_fs *fs, struct ext2_inode *in, uint64_t off,
		   void *buf, size_t n);
int64_t ext2_iwrite(struct ext2_fs *fs, struct ext2_inode *in, uint64_t off,
		    const void *buf, size_t n);
int ext2_itruncate(struct ext2_fs *fs, struct ext2_inode *in, uint64_t size);

/* ext2_dir.c */
int ext2_dir_find(struct ext2_fs *fs, struct ext2_inode *dir, const char *name,
		  size_t len, uint32_t *ino);
int ext2_dir_add(struct ext2_fs *fs, struct ext2_inode *dir, const char *name,
		 size_t len, const struct ext2_inode *in);
int ext2_dir_remove(struct ext2_fs *fs, struct ext2_inode *dir,
		    const char *name, size_t len);
int ext2_dir_set(struct ext2_fs *fs, struct ext2_inode *dir, const char *name,
		 size_t len, const struct ext2_inode *in);
int ext2_dir_empty(struct ext2_fs *fs, struct ext2_inode *dir);
int ext2_dir_init(struct ext2_fs *fs, struct ext2_inode *dir, uint32_t parent);
uint8_t ext2_ftype(const struct ext2_fs *fs, const struct ext2_inode *in);

/* ext2_path.c */
int ext2_parent(struct ext2_fs *fs, const char *path, struct ext2_inode *dir,
		char *name);
int ext2_link_text(struct ext2_fs *fs, struct ext2_inode *in, char *buf,
		   size_t size);

#endif
