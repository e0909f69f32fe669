/*
 * ext2: a portable ext2 file-system library (docs/storage.md).  It reads
 * and writes the ext2 that mke2fs -t ext2 makes with its default
 * features, through a block device the caller supplies and a write-back
 * block cache in memory the caller supplies.  It needs no allocator and
 * no C library beyond lib/cstring.h, and builds for the host (the unit
 * tests and the fuzzer) and for Cairn's user land.
 *
 * Every call returns 0 (or a count) on success and a negative enum
 * ext2_error on failure.  An image is never trusted: a corrupt one gives
 * EXT2_ECORRUPT, never a read or write outside the device.
 *
 * One struct ext2_fs is one mounted file system.  It is not thread-safe:
 * the caller (the fs service) serialises calls on it.
 */
#ifndef CAIRN_LIB_EXT2_H
#define CAIRN_LIB_EXT2_H

#include <stddef.h>
#include <stdint.h>

enum ext2_error {
	EXT2_OK = 0,
	EXT2_EIO = -1,		/* the device failed */
	EXT2_ECORRUPT = -2,	/* the image is inconsistent */
	EXT2_EUNSUPPORTED = -3, /* a feature this library refuses */
	EXT2_ENOENT = -4,
	EXT2_EEXIST = -5,
	EXT2_ENOTDIR = -6,
	EXT2_EISDIR = -7,
	EXT2_ENOTEMPTY = -8,
	EXT2_ENOSPC = -9,
	EXT2_ENAMETOOLONG = -10,
	EXT2_EINVAL = -11,
	EXT2_EROFS = -12,
	EXT2_ELOOP = -13,
	EXT2_ENOMEM = -14, /* every cache slot is in use */
	EXT2_EFBIG = -15,
	EXT2_EMLINK = -16,
};

/*
 * The block device, in 512-byte sectors.  read and write move count
 * sectors at sector and return 0, or nonzero on failure; flush makes
 * every write before it durable (may be NULL if writes are durable at
 * once).  now, if not NULL, gives the time in seconds since 1970 for
 * the inodes' and the superblock's time stamps.
 */
struct ext2_dev {
	void *ctx;
	int (*read)(void *ctx, uint64_t sector, uint32_t count, void *buf);
	int (*write)(void *ctx, uint64_t sector, uint32_t count,
		     const void *buf);
	int (*flush)(void *ctx);
	uint32_t (*now)(void *ctx);
	uint64_t sectors; /* the device's size */
};

#define EXT2_SECTOR   512u
#define EXT2_NAME_MAX 255
#define EXT2_PATH_MAX 4096
#define EXT2_ROOT_INO 2u
/* The fewest blocks the cache may hold: the most any one operation
 * holds at once, with margin. */
#define EXT2_CACHE_MIN 16
/* The bookkeeping the cache needs for each block it holds (ext2_mount). */
#define EXT2_SLOT_BYTES (sizeof(struct ext2_buf) + 2 * sizeof(uint32_t))
/* Runs of blocks freed since the last write-back (docs/storage.md,
 * "Crashes"); past them a block is freed at once. */
#define EXT2_FREED_MAX 256
/* Inodes freed since the last write-back; past them one is freed at once. */
#define EXT2_IFREED_MAX 64

/* Mount flags. */
#define EXT2_RDONLY 1u

/*
 * One cache slot.  Owned by the cache (lib/ext2_cache.c): pins counts
 * the callers holding data; owner is the inode whose data (or indirect
 * block) it holds, or 0 for metadata: the files' blocks are written
 * before the metadata that names them.  A valid slot is on its block's
 * hash chain, an empty one on the list of empty slots (next, either
 * way); used says it was used since the clock hand last passed it.
 */
struct ext2_buf {
	uint32_t blk;
	uint32_t owner;
	uint32_t next; /* the chain or the list, EXT2_NIL at its end */
	uint16_t pins;
	uint8_t valid;
	uint8_t dirty;
	uint8_t used;
	uint8_t *data;
};

#define EXT2_NIL 0xffffffffu

/*
 * The memory a mount caches in.  data holds the blocks themselves, and
 * may be memory the device sees (the fs service shares it with the block
 * driver, so blocks move without a copy); slots, EXT2_SLOT_BYTES for each
 * block, is the cache's own bookkeeping and should be memory nobody else
 * can write.  The cache holds as many blocks as both have room for.
 */
struct ext2_cachemem {
	void *data;
	size_t data_size;
	void *slots;
	size_t slots_size;
};

/* The superblock fields the library uses, in host order. */
struct ext2_sbinfo {
	uint32_t inodes_count;
	uint32_t blocks_count;
	uint32_t first_data_block;
	uint32_t block_size;
	uint32_t blocks_per_group;
	uint32_t inodes_per_group;
	uint32_t groups;
	uint32_t inode_size;
	uint32_t first_ino;
	uint32_t gdt_block;	/* the first block of the descriptor table */
	uint32_t itable_blocks; /* blocks of each group's inode table */
	uint32_t incompat;
	uint32_t ro_compat;
	uint16_t saved_state; /* s_state when mounted */
};

/*
 * A mounted file system.  The caller allocates it (statically, say);
 * its fields are the library's.  why says, after a refused mount, what
 * was refused ("incompatible feature: extents").
 */
struct ext2_fs {
	const struct ext2_dev *dev;
	struct ext2_sbinfo sb;
	unsigned flags;
	const char *why;
	uint32_t nbufs;	    /* slots in bufs[] with their data */
	uint32_t maxbufs;   /* and with bookkeeping (ext2_cache_add) */
	uint64_t evictions; /* blocks the cache let go to make room */
	struct ext2_buf *bufs;
	uint32_t *heads;     /* the hash chains' first slots */
	uint32_t mask;	     /* the chains: mask + 1, a power of two */
	uint32_t empty;	     /* the first empty slot */
	uint32_t hand;	     /* the clock hand: the next slot to look at */
	uint32_t ndirty[4];  /* dirty slots of each class (ext2_cache.c) */
	uint8_t super[1024]; /* the superblock, as on disk */
	int super_dirty;     /* super[] changed since written */
	/*
	 * Blocks freed since the last write-back, as runs: their bitmap
	 * bits stay set until the metadata that let them go is on disk, so
	 * no new data lands on a block an inode on disk still names.
	 */
	struct ext2_run {
		uint32_t start, len;
	} freed[EXT2_FREED_MAX];
	uint32_t nfreed;
	/* Inodes freed since the last write-back: their bits wait too. */
	struct ext2_ifreed {
		uint32_t ino, dir;
	} ifreed[EXT2_IFREED_MAX];
	uint32_t nifreed;
	/* Names added to or removed from directories since the last
	 * write-back (ext2_dir_change). */
	uint8_t dir_adds, dir_removes;
	/*
	 * Set by the owner after mounting (ext2_mount clears it): does
	 * someone hold regular file ino open?  Its last name going then
	 * leaves it, no links and its data kept, until ext2_release.
	 */
	int (*held)(void *ctx, uint32_t ino);
	void *held_ctx;
	char scratch[2][EXT2_PATH_MAX]; /* path and link text, lookup's */
};

/* What stat gives. */
struct ext2_stat {
	uint32_t ino;
	uint16_t mode; /* type and permission bits, as st_mode */
	uint16_t links;
	uint32_t uid;
	uint32_t gid;
	uint64_t size;
	uint64_t blocks; /* 512-byte units */
	uint32_t atime, mtime, ctime;
	uint32_t rdev; /* a device's number, as Linux's stat has it */
};

/* What statfs gives. */
struct ext2_statfs {
	uint32_t block_size;
	uint32_t blocks, free_blocks;
	uint32_t inodes, free_inodes;
};

/* One directory entry, as readdir gives it. */
struct ext2_dirent {
	uint32_t ino;
	uint8_t type; /* EXT2_FT_*: 1 file, 2 dir, 7 symlink, ... */
	uint8_t name_len;
	char name[EXT2_NAME_MAX + 1]; /* NUL-terminated */
};

/* Mode type bits, as Linux's st_mode. */
#define EXT2_S_IFMT   0170000u
#define EXT2_S_IFREG  0100000u
#define EXT2_S_IFDIR  0040000u
#define EXT2_S_IFLNK  0120000u
#define EXT2_S_IFIFO  0010000u
#define EXT2_S_IFCHR  0020000u
#define EXT2_S_IFBLK  0060000u
#define EXT2_S_IFSOCK 0140000u

/*
 * Mount the ext2 on dev, caching in mem (room for at least EXT2_CACHE_MIN
 * blocks of the file system's block size).  flags: EXT2_RDONLY.  Checks
 * the superblock and the group descriptors; refuses incompatible
 * features it does not know (EXT2_EUNSUPPORTED, fs->why says which) and
 * mounts read-only only a file system with unknown read-only features.
 * A writable mount counts the mount and marks the file system in use on
 * disk at once.  Returns 0 or an error; fs is then unusable.
 */
int ext2_mount(struct ext2_fs *fs, const struct ext2_dev *dev,
	       const struct ext2_cachemem *mem, unsigned flags);

/*
 * Give the cache of a mounted fs size more bytes at data: as many more
 * blocks as the bookkeeping ext2_mount was given has slots for.  Returns
 * how many blocks it took (a cache may grow when fs->evictions says it
 * is too small).
 */
uint32_t ext2_cache_add(struct ext2_fs *fs, void *data, size_t size);

/*
 * Write everything back, mark the file system clean (unless it was not
 * clean when mounted) and flush.  Returns 0 or the first error; fs is
 * unusable after either.
 */
int ext2_unmount(struct ext2_fs *fs);

/*
 * Write every dirty block and the superblock, then flush the device.  In
 * an order a crash cannot spoil: every file's data and indirect blocks
 * first, then the blocks freed since the last write-back are marked free,
 * then the metadata (inodes, bitmaps, descriptors, directories, the
 * superblock).  So an inode on disk never names a block that is not yet
 * written, or one given to another file since.
 */
int ext2_sync(struct ext2_fs *fs);

/*
 * Make inode ino's data durable.  Its inode shares blocks with other
 * inodes, which must not reach the disk before their own data, so this is
 * ext2_sync: everything, in that order.
 */
int ext2_fsync(struct ext2_fs *fs, uint32_t ino);

/*
 * Write everything back, as ext2_sync, then forget every cached block,
 * so that the next reads come from the device (cold-cache benchmarks).
 */
int ext2_dropcache(struct ext2_fs *fs);

/* The counts and sizes of the file system. */
int ext2_statfs(struct ext2_fs *fs, struct ext2_statfs *st);

/* A short English name for error err. */
const char *ext2_strerror(int err);

/*
 * Paths are absolute from the file system's root ("/a/b"); empty
 * components and "." are skipped, ".." is looked up as a name.  Symbolic
 * links on the way are followed (at most 8); ext2_lookup follows a last
 * component that is a link only with follow set.
 */
int ext2_lookup(struct ext2_fs *fs, const char *path, int follow,
		uint32_t *ino);

/* Inode ino's attributes. */
int ext2_stat(struct ext2_fs *fs, uint32_t ino, struct ext2_stat *st);

/* What ext2_setattr changes: the fields whose bit is in the mask. */
#define EXT2_SET_MODE	   1u /* the permission bits; the type stays */
#define EXT2_SET_UID	   2u
#define EXT2_SET_GID	   4u
#define EXT2_SET_ATIME	   8u  /* to atime */
#define EXT2_SET_MTIME	   16u /* to mtime */
#define EXT2_SET_ATIME_NOW 32u /* to now, the time writes stamp */
#define EXT2_SET_MTIME_NOW 64u
#define EXT2_SET_ALL	   127u

/* An ext2_setattr request: mask, and the new values it names. */
struct ext2_setattr {
	unsigned mask;
	uint32_t mode;	      /* 07777 at most */
	uint32_t uid, gid;    /* not 0xffffffff, Linux's "no id" */
	int64_t atime, mtime; /* seconds since 1970, 0 to 2^31 - 1 */
};

/*
 * Change inode ino's attributes as a says, and its change time to now
 * (the device's clock; 1 without one, as every time stamp).  Times are
 * whole seconds: a large inode's extra words of the times set (their
 * nanoseconds and epoch bits) are cleared.  EXT2_EINVAL for a mask, mode,
 * id or time beyond the above (ATIME with ATIME_NOW too) or an inode
 * number outside the tables, EXT2_ENOENT for a free inode, EXT2_EROFS on
 * a read-only mount; nothing changes then.
 */
int ext2_setattr(struct ext2_fs *fs, uint32_t ino,
		 const struct ext2_setattr *a);

/*
 * Read up to n bytes of regular file (or link) ino at offset off into
 * buf.  Returns the bytes read (0 at or past the end) or an error.
 */
int64_t ext2_read(struct ext2_fs *fs, uint32_t ino, uint64_t off, void *buf,
		  size_t n);

/*
 * Write n bytes of buf into regular file ino at offset off, growing it
 * (holes read as zeros).  Returns n, or the bytes written before an
 * error (EXT2_ENOSPC, EXT2_EFBIG) if any, or the error.
 */
int64_t ext2_write(struct ext2_fs *fs, uint32_t ino, uint64_t off,
		   const void *buf, size_t n);

/* Write n bytes of buf at the end of regular file ino, as ext2_write. */
int64_t ext2_append(struct ext2_fs *fs, uint32_t ino, const void *buf,
		    size_t n);

/* Set regular file ino's size; blocks past it are freed. */
int ext2_truncate(struct ext2_fs *fs, uint32_t ino, uint64_t size);

/*
 * Create an empty regular file at path with permission bits mode (its
 * parent must exist).  EXT2_EEXIST if the name is taken.  *ino (if not
 * NULL) gets its inode.
 */
int ext2_create(struct ext2_fs *fs, const char *path, uint16_t mode,
		uint32_t *ino);

/* Make an empty directory at path with permission bits mode. */
int ext2_mkdir(struct ext2_fs *fs, const char *path, uint16_t mode);

/*
 * Make a special file at path: mode is its type (EXT2_S_IFIFO, _IFCHR,
 * _IFBLK or _IFSOCK; anything else is EXT2_EINVAL) and permission bits;
 * a device's number rdev as Linux's stat gives it (major in bits 8-19,
 * minor in bits 0-7 and 20-31), kept in i_block as Linux's ext2 keeps it.
 */
int ext2_mknod(struct ext2_fs *fs, const char *path, uint16_t mode,
	       uint32_t rdev);

/* Remove the name path of a file or link; its inode goes with its last,
 * unless fs->held says it is open (then ext2_release lets it go). */
int ext2_unlink(struct ext2_fs *fs, const char *path);

/*
 * The last holder of inode ino has let it go: if no name is left (an
 * unlinked file kept while open), free it.  0, or an error.
 */
int ext2_release(struct ext2_fs *fs, uint32_t ino);

/* Remove the empty directory path. */
int ext2_rmdir(struct ext2_fs *fs, const char *path);

/* Give the file (not directory) at existing a second name, path. */
int ext2_link(struct ext2_fs *fs, const char *existing, const char *path);

/*
 * Make a symbolic link at path to target (1 to block size - 1 bytes):
 * in the inode if shorter than 60 bytes, else in a block.
 */
int ext2_symlink(struct ext2_fs *fs, const char *target, const char *path);

/*
 * Copy the target of link path into buf (size bytes), NUL-terminated.
 * Returns its length, or EXT2_ENAMETOOLONG if buf is too small.
 */
int ext2_readlink(struct ext2_fs *fs, const char *path, char *buf, size_t size);

/*
 * Rename from to to, as POSIX rename: an existing to is replaced (a
 * file by a file, a directory by an empty directory); a directory cannot
 * move under itself (EXT2_EINVAL).
 */
int ext2_rename(struct ext2_fs *fs, const char *from, const char *to);

/*
 * The next entry of directory dir at or after *pos (start at 0): fills
 * *ent, advances *pos and returns 1, or returns 0 at the end.  "." and
 * ".." are given as any other entry.
 */
int ext2_readdir(struct ext2_fs *fs, uint32_t dir, uint64_t *pos,
		 struct ext2_dirent *ent);

#endif
