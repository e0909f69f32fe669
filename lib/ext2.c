/*
 * ext2: mount, the checks of the superblock and the group descriptors,
 * sync, fsync and unmount.  The superblock is kept in fs->super as on
 * disk and written into its block at each sync.
 */
#include "cstring.h"
#include "ext2_impl.h"

struct feature {
	uint32_t bit;
	const char *why;
};

/* The features the library refuses, by name, for fs->why. */
static const struct feature incompat_names[] = {
    {0x0001, "incompatible feature: compression"},
    {0x0004, "incompatible feature: needs_recovery (journal)"},
    {0x0008, "incompatible feature: journal_dev"},
    {0x0010, "incompatible feature: meta_bg"},
    {0x0040, "incompatible feature: extent"},
    {0x0080, "incompatible feature: 64bit"},
    {0x0100, "incompatible feature: mmp"},
    {0x0200, "incompatible feature: flex_bg"},
    {0x0400, "incompatible feature: ea_inode"},
    {0x1000, "incompatible feature: dirdata"},
    {0x2000, "incompatible feature: metadata_csum_seed"},
    {0x4000, "incompatible feature: large_dir"},
    {0x8000, "incompatible feature: inline_data"},
    {0x10000, "incompatible feature: encrypt"},
    {0x20000, "incompatible feature: casefold"},
};

static const struct feature ro_names[] = {
    {0x0008, "read-only feature: huge_file (mount read-only)"},
    {0x0010, "read-only feature: uninit_bg (mount read-only)"},
    {0x0020, "read-only feature: dir_nlink (mount read-only)"},
    {0x0040, "read-only feature: extra_isize (mount read-only)"},
    {0x0100, "read-only feature: quota (mount read-only)"},
    {0x0200, "read-only feature: bigalloc (mount read-only)"},
    {0x0400, "read-only feature: metadata_csum (mount read-only)"},
    {0x1000, "read-only feature: readonly (mount read-only)"},
};

/* Name the first of the bits set in table t, or say "unknown". */
static const char *
feature_why(const struct feature *t, size_t n, uint32_t bits,
	    const char *unknown)
{
	for (size_t i = 0; i < n; i++) {
		if (bits & t[i].bit) {
			return t[i].why;
		}
	}
	return unknown;
}

/* Refuse: say why. */
static int
refuse(struct ext2_fs *fs, int err, const char *why)
{
	fs->why = why;
	return err;
}

/* The time now, never 0 (a zero dtime means "not deleted"). */
uint32_t
ext2_now(const struct ext2_fs *fs)
{
	uint32_t t = 0;

	if (fs->dev->now != NULL) {
		t = fs->dev->now(fs->dev->ctx);
	}
	return t ? t : 1;
}

/* May the file system be changed? */
int
ext2_writable(const struct ext2_fs *fs)
{
	return !(fs->flags & EXT2_RDONLY);
}

/* Add delta to the superblock's 32-bit counter at off. */
void
ext2_sb_add(struct ext2_fs *fs, uint32_t off, int delta)
{
	put32(fs->super + off, get32(fs->super + off) + (uint32_t)delta);
	fs->super_dirty = 1;
}

/* Check the features against what the library supports. */
static int
check_features(struct ext2_fs *fs)
{
	uint32_t incompat = get32(fs->super + SB_FEATURE_INCOMPAT);
	uint32_t ro = get32(fs->super + SB_FEATURE_RO_COMPAT);
	uint32_t ro_known =
	    RO_COMPAT_SPARSE_SUPER | RO_COMPAT_LARGE_FILE | RO_COMPAT_BTREE_DIR;

	if (incompat & ~INCOMPAT_FILETYPE) {
		return refuse(fs, EXT2_EUNSUPPORTED,
			      feature_why(incompat_names,
					  sizeof(incompat_names) /
					      sizeof(incompat_names[0]),
					  incompat & ~INCOMPAT_FILETYPE,
					  "incompatible feature: unknown"));
	}
	if ((ro & ~ro_known) && ext2_writable(fs)) {
		return refuse(
		    fs, EXT2_EUNSUPPORTED,
		    feature_why(ro_names,
				sizeof(ro_names) / sizeof(ro_names[0]),
				ro & ~ro_known,
				"read-only feature: unknown (mount "
				"read-only)"));
	}
	fs->sb.incompat = incompat;
	fs->sb.ro_compat = ro;
	return 0;
}

/* Check the revision's inode size and first inode. */
static int
check_inodes(struct ext2_fs *fs)
{
	struct ext2_sbinfo *s = &fs->sb;
	uint32_t rev = get32(fs->super + SB_REV_LEVEL);

	s->inode_size = 128;
	s->first_ino = 11;
	if (rev > 1) {
		return refuse(fs, EXT2_EUNSUPPORTED, "unknown revision");
	}
	if (rev == 1) {
		s->inode_size = get16(fs->super + SB_INODE_SIZE);
		s->first_ino = get32(fs->super + SB_FIRST_INO);
	}
	if (s->inode_size < 128 || s->inode_size > s->block_size ||
	    (s->inode_size & (s->inode_size - 1)) != 0) {
		return refuse(fs, EXT2_ECORRUPT, "bad inode size");
	}
	if (s->inodes_per_group == 0 ||
	    s->inodes_per_group > 8 * s->block_size ||
	    (uint64_t)s->inodes_per_group * s->groups != s->inodes_count ||
	    s->first_ino < 11 || s->first_ino >= s->inodes_count) {
		return refuse(fs, EXT2_ECORRUPT, "bad inode counts");
	}
	s->itable_blocks =
	    (uint32_t)(((uint64_t)s->inodes_per_group * s->inode_size +
			s->block_size - 1) /
		       s->block_size);
	return 0;
}

/* Read fs->sb from the superblock and check it against the device. */
static int
check_super(struct ext2_fs *fs)
{
	struct ext2_sbinfo *s = &fs->sb;
	uint32_t log = get32(fs->super + SB_LOG_BLOCK_SIZE), gdt_blocks;

	if (get16(fs->super + SB_MAGIC) != EXT2_MAGIC) {
		return refuse(fs, EXT2_ECORRUPT, "no ext2 magic number");
	}
	if (log > 2) {
		return refuse(fs, EXT2_EUNSUPPORTED, "block size over 4 KiB");
	}
	s->block_size = 1024u << log;
	s->blocks_count = get32(fs->super + SB_BLOCKS_COUNT);
	s->inodes_count = get32(fs->super + SB_INODES_COUNT);
	s->first_data_block = get32(fs->super + SB_FIRST_DATA_BLOCK);
	s->blocks_per_group = get32(fs->super + SB_BLOCKS_PER_GROUP);
	s->inodes_per_group = get32(fs->super + SB_INODES_PER_GROUP);
	if (s->first_data_block != (s->block_size == 1024 ? 1u : 0u) ||
	    s->blocks_count <= s->first_data_block + 1 ||
	    (uint64_t)s->blocks_count * ext2_spb(fs) > fs->dev->sectors) {
		return refuse(fs, EXT2_ECORRUPT, "bad block count");
	}
	if (s->blocks_per_group < 8 ||
	    s->blocks_per_group > 8 * s->block_size) {
		return refuse(fs, EXT2_ECORRUPT, "bad blocks per group");
	}
	s->groups =
	    (s->blocks_count - s->first_data_block + s->blocks_per_group - 1) /
	    s->blocks_per_group;
	s->gdt_block = s->first_data_block + 1;
	gdt_blocks = (s->groups * GD_SIZE + s->block_size - 1) / s->block_size;
	if (s->gdt_block + gdt_blocks > s->blocks_count) {
		return refuse(fs, EXT2_ECORRUPT, "bad group count");
	}
	return check_inodes(fs);
}

/*
 * Pin the descriptor of group in *b and point *gd at it, after checking
 * that its bitmaps and inode table lie inside the file system.
 */
int
ext2_gd_get(struct ext2_fs *fs, uint32_t group, struct ext2_buf **b,
	    uint8_t **gd)
{
	uint32_t per = fs->sb.block_size / GD_SIZE, table;
	int err;

	if (group >= fs->sb.groups) {
		return EXT2_ECORRUPT;
	}
	err = ext2_bget(fs, fs->sb.gdt_block + group / per, b);
	if (err != 0) {
		return err;
	}
	*gd = (*b)->data + (group % per) * GD_SIZE;
	table = get32(*gd + GD_INODE_TABLE);
	if (!ext2_blk_ok(fs, get32(*gd + GD_BLOCK_BITMAP)) ||
	    !ext2_blk_ok(fs, get32(*gd + GD_INODE_BITMAP)) ||
	    !ext2_blk_ok(fs, table) ||
	    table > fs->sb.blocks_count - fs->sb.itable_blocks) {
		ext2_bput(fs, *b);
		return EXT2_ECORRUPT;
	}
	return 0;
}

/* Check every group descriptor, then the root directory. */
static int
check_groups(struct ext2_fs *fs)
{
	struct ext2_inode root;
	struct ext2_buf *b;
	uint8_t *gd;
	int err;

	for (uint32_t g = 0; g < fs->sb.groups; g++) {
		err = ext2_gd_get(fs, g, &b, &gd);
		if (err != 0) {
			return refuse(fs, err, "bad group descriptor");
		}
		ext2_bput(fs, b);
	}
	err = ext2_iget(fs, EXT2_ROOT_INO, &root);
	if (err != 0 || !ext2_is_dir(&root)) {
		return refuse(fs, EXT2_ECORRUPT, "bad root directory");
	}
	return 0;
}

/* Copy the superblock into its block in the cache, dirty. */
static int
super_to_cache(struct ext2_fs *fs)
{
	uint32_t bs = fs->sb.block_size;
	struct ext2_buf *b;
	int err;

	if (!fs->super_dirty) {
		return 0;
	}
	put32(fs->super + SB_WTIME, ext2_now(fs));
	err = ext2_bget(fs, 1024 / bs, &b);
	if (err != 0) {
		return err;
	}
	memcpy(b->data + 1024 % bs, fs->super, sizeof(fs->super));
	ext2_bdirty(fs, b, EXT2_META);
	ext2_bput(fs, b);
	fs->super_dirty = 0;
	return 0;
}

/* Write back everything, files' blocks first (ext2_sync), then flush. */
static int
write_back(struct ext2_fs *fs)
{
	int err;

	if (!ext2_writable(fs)) {
		return 0;
	}
	err = super_to_cache(fs);
	if (err == 0) {
		err = ext2_cache_write(fs);
	}
	if (err == 0 && fs->dev->flush != NULL &&
	    fs->dev->flush(fs->dev->ctx) != 0) {
		err = EXT2_EIO;
	}
	return err;
}

/* Count the mount and mark the file system in use, on disk at once. */
static int
mark_mounted(struct ext2_fs *fs)
{
	uint16_t state = get16(fs->super + SB_STATE);

	fs->sb.saved_state = state;
	put16(fs->super + SB_STATE, state & ~EXT2_STATE_VALID);
	put16(fs->super + SB_MNT_COUNT, get16(fs->super + SB_MNT_COUNT) + 1u);
	put32(fs->super + SB_MTIME, ext2_now(fs));
	fs->super_dirty = 1;
	return write_back(fs);
}

int
ext2_mount(struct ext2_fs *fs, const struct ext2_dev *dev,
	   const struct ext2_cachemem *mem, unsigned flags)
{
	int err;

	memset(fs, 0, sizeof(*fs));
	fs->dev = dev;
	fs->flags = flags;
	if (dev == NULL || dev->read == NULL || dev->write == NULL) {
		return refuse(fs, EXT2_EINVAL, "no device");
	}
	if (dev->sectors < 4 || dev->read(dev->ctx, 2, 2, fs->super) != 0) {
		return refuse(fs, EXT2_EIO, "cannot read the superblock");
	}
	err = check_super(fs);
	if (err == 0) {
		err = check_features(fs);
	}
	if (err == 0 && ext2_cache_init(fs, mem) != 0) {
		err = refuse(fs, EXT2_EINVAL, "cache too small");
	}
	if (err == 0) {
		err = check_groups(fs);
	}
	if (err == 0 && ext2_writable(fs) && mark_mounted(fs) != 0) {
		err =
		    refuse(fs, EXT2_EIO, "cannot mark the file system mounted");
	}
	if (err != 0) {
		fs->nbufs = 0;
	}
	return err;
}

int
ext2_unmount(struct ext2_fs *fs)
{
	int err;

	if (ext2_writable(fs)) {
		put16(fs->super + SB_STATE, fs->sb.saved_state);
		fs->super_dirty = 1;
	}
	err = write_back(fs);
	fs->nbufs = 0;
	return err;
}

int
ext2_dir_change(struct ext2_fs *fs, int removes)
{
	int err = 0;

	if (removes ? fs->dir_adds : fs->dir_removes) {
		err = write_back(fs);
	}
	if (err == 0 && removes) {
		fs->dir_removes = 1;
	} else if (err == 0) {
		fs->dir_adds = 1;
	}
	return err;
}

int
ext2_sync(struct ext2_fs *fs)
{
	return write_back(fs);
}

int
ext2_fsync(struct ext2_fs *fs, uint32_t ino)
{
	(void)ino;
	return write_back(fs);
}

int
ext2_dropcache(struct ext2_fs *fs)
{
	int err = write_back(fs);

	if (err == 0) {
		ext2_cache_forget(fs);
	}
	return err;
}

int
ext2_statfs(struct ext2_fs *fs, struct ext2_statfs *st)
{
	st->block_size = fs->sb.block_size;
	st->blocks = fs->sb.blocks_count;
	st->free_blocks = get32(fs->super + SB_FREE_BLOCKS);
	/* And those freed since the last write-back, free in all but the
	 * bitmap (ext2_bfree). */
	for (uint32_t i = 0; i < fs->nfreed; i++) {
		st->free_blocks += fs->freed[i].len;
	}
	st->inodes = fs->sb.inodes_count;
	st->free_inodes = get32(fs->super + SB_FREE_INODES) + fs->nifreed;
	return 0;
}

const char *
ext2_strerror(int err)
{
	static const char *const names[] = {
	    "ok",
	    "I/O error",
	    "corrupt file system",
	    "unsupported feature",
	    "no such file",
	    "file exists",
	    "not a directory",
	    "is a directory",
	    "directory not empty",
	    "no space left",
	    "name too long",
	    "invalid argument",
	    "read-only file system",
	    "too many links to follow",
	    "cache full",
	    "file too large",
	    "too many links",
	};

	if (err > 0 || -err >= (int)(sizeof(names) / sizeof(names[0]))) {
		return "unknown error";
	}
	return names[-err];
}
