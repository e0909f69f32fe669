/*
 * ext2_ops: the calls that make and remove names: create, mkdir,
 * symlink, link, unlink, rmdir and readlink.  Each checks everything it
 * can before it changes anything; a new inode whose entry cannot be
 * added is released again.
 */
#include "cstring.h"
#include "ext2_impl.h"

/* A new node: its parent, name and inode, as make_node leaves them. */
struct node {
	struct ext2_inode dir;
	struct ext2_inode in;
	char name[EXT2_NAME_MAX + 1];
};

/*
 * Find the parent of path and check that the name is free; allocate an
 * inode of mode there (not yet linked) in n->in.
 */
static int
make_node(struct ext2_fs *fs, const char *path, uint16_t mode, struct node *n)
{
	int dir = (mode & EXT2_S_IFMT) == EXT2_S_IFDIR, err;
	uint32_t ino;

	if (!ext2_writable(fs)) {
		return EXT2_EROFS;
	}
	err = ext2_dir_change(fs, 0);
	if (err == 0) {
		err = ext2_parent(fs, path, &n->dir, n->name);
	}
	if (err == 0) {
		err =
		    ext2_dir_find(fs, &n->dir, n->name, strlen(n->name), &ino);
		err = err == 0 ? EXT2_EEXIST : err == EXT2_ENOENT ? 0 : err;
	}
	if (err == 0 && dir && n->dir.links >= EXT2_LINK_MAX) {
		err = EXT2_EMLINK;
	}
	if (err == 0) {
		err = ext2_ialloc(fs, n->dir.ino, dir, &ino);
	}
	if (err == 0) {
		err = ext2_inew(fs, ino, mode, &n->in);
	}
	if (err == 0) {
		n->in.links = dir ? 2 : 1;
	}
	return err;
}

/* Link the new node into its parent, or release it on failure. */
static int
link_node(struct ext2_fs *fs, struct node *n, int err)
{
	if (err == 0) {
		err =
		    ext2_dir_add(fs, &n->dir, n->name, strlen(n->name), &n->in);
	}
	if (err != 0) {
		ext2_idrop(fs, &n->in);
		return err;
	}
	if (ext2_is_dir(&n->in)) {
		n->dir.links++;
		return ext2_iput(fs, &n->dir);
	}
	return 0;
}

int
ext2_create(struct ext2_fs *fs, const char *path, uint16_t mode, uint32_t *ino)
{
	struct node n;
	int err = make_node(fs, path, EXT2_S_IFREG | (mode & 07777), &n);

	if (err != 0) {
		return err;
	}
	err = link_node(fs, &n, ext2_iput(fs, &n.in));
	if (err == 0 && ino != NULL) {
		*ino = n.in.ino;
	}
	return err;
}

int
ext2_mknod(struct ext2_fs *fs, const char *path, uint16_t mode, uint32_t rdev)
{
	uint16_t type = mode & EXT2_S_IFMT;
	uint32_t major = (rdev >> 8) & 0xfff;
	uint32_t minor = (rdev & 0xff) | ((rdev >> 12) & 0xfff00);
	struct node n;
	int err;

	if (type != EXT2_S_IFIFO && type != EXT2_S_IFCHR &&
	    type != EXT2_S_IFBLK && type != EXT2_S_IFSOCK) {
		return EXT2_EINVAL;
	}
	err = make_node(fs, path, (uint16_t)(type | (mode & 07777)), &n);
	if (err != 0) {
		return err;
	}
	if (type == EXT2_S_IFCHR || type == EXT2_S_IFBLK) {
		/* A number that fits the old 16-bit form goes in block 0,
		 * any other in block 1 (block 0 then 0), as Linux does. */
		if (major < 256 && minor < 256) {
			n.in.block[0] = major << 8 | minor;
		} else {
			n.in.block[1] = rdev;
		}
	}
	return link_node(fs, &n, ext2_iput(fs, &n.in));
}

int
ext2_mkdir(struct ext2_fs *fs, const char *path, uint16_t mode)
{
	struct node n;
	int err = make_node(fs, path, EXT2_S_IFDIR | (mode & 07777), &n);

	if (err != 0) {
		return err;
	}
	return link_node(fs, &n, ext2_dir_init(fs, &n.in, n.dir.ino));
}

/* Store target (len bytes) in the new link in: in i_block or a block. */
static int
put_target(struct ext2_fs *fs, struct ext2_inode *in, const char *target,
	   size_t len)
{
	if (len > EXT2_FAST_LINK_MAX) {
		int64_t n = ext2_iwrite(fs, in, 0, target, len);

		return n < 0 ? (int)n : n == (int64_t)len ? 0 : EXT2_ENOSPC;
	}
	for (size_t i = 0; i < len; i++) {
		in->block[i / 4] |= (uint32_t)(uint8_t)target[i]
				    << (8 * (i % 4));
	}
	in->size = len;
	return ext2_iput(fs, in);
}

int
ext2_symlink(struct ext2_fs *fs, const char *target, const char *path)
{
	size_t len = strlen(target);
	struct node n;
	int err;

	if (len == 0 || len >= fs->sb.block_size) {
		return len ? EXT2_ENAMETOOLONG : EXT2_EINVAL;
	}
	err = make_node(fs, path, EXT2_S_IFLNK | 0777, &n);
	if (err != 0) {
		return err;
	}
	return link_node(fs, &n, put_target(fs, &n.in, target, len));
}

int
ext2_link(struct ext2_fs *fs, const char *existing, const char *path)
{
	char name[EXT2_NAME_MAX + 1];
	struct ext2_inode in, dir;
	uint32_t ino;
	int err;

	err = ext2_dir_change(fs, 0);
	if (err != 0) {
		return err;
	}

	if (!ext2_writable(fs)) {
		return EXT2_EROFS;
	}
	err = ext2_lookup(fs, existing, 0, &ino);
	if (err == 0) {
		err = ext2_iget(fs, ino, &in);
	}
	if (err == 0 && ext2_is_dir(&in)) {
		err = EXT2_EISDIR;
	} else if (err == 0 && in.links >= EXT2_LINK_MAX) {
		err = EXT2_EMLINK;
	}
	if (err == 0) {
		err = ext2_parent(fs, path, &dir, name);
	}
	if (err == 0) {
		err = ext2_dir_find(fs, &dir, name, strlen(name), &ino);
		err = err == 0 ? EXT2_EEXIST : err == EXT2_ENOENT ? 0 : err;
	}
	if (err == 0) {
		err = ext2_dir_add(fs, &dir, name, strlen(name), &in);
	}
	if (err != 0) {
		return err;
	}
	in.links++;
	in.ctime = ext2_now(fs);
	return ext2_iput(fs, &in);
}

/* Find path's parent and the inode it names, for unlink and rmdir. */
static int
find_child(struct ext2_fs *fs, const char *path, struct node *n)
{
	uint32_t ino;
	int err;

	if (!ext2_writable(fs)) {
		return EXT2_EROFS;
	}
	err = ext2_parent(fs, path, &n->dir, n->name);
	if (err == 0) {
		err =
		    ext2_dir_find(fs, &n->dir, n->name, strlen(n->name), &ino);
	}
	if (err == 0) {
		err = ext2_iget(fs, ino, &n->in);
	}
	return err;
}

int
ext2_unlink(struct ext2_fs *fs, const char *path)
{
	struct node n = {0};
	int err = ext2_dir_change(fs, 1);

	if (err == 0) {
		err = find_child(fs, path, &n);
	}

	if (err == 0 && ext2_is_dir(&n.in)) {
		err = EXT2_EISDIR;
	}
	if (err == 0) {
		err = ext2_dir_remove(fs, &n.dir, n.name, strlen(n.name));
	}
	if (err != 0) {
		return err;
	}
	n.in.links = n.in.links ? n.in.links - 1 : 0;
	n.in.ctime = ext2_now(fs);
	return ext2_ilinks_put(fs, &n.in);
}

int
ext2_rmdir(struct ext2_fs *fs, const char *path)
{
	struct node n = {0};
	int err = ext2_dir_change(fs, 1);

	if (err == 0) {
		err = find_child(fs, path, &n);
	}

	if (err == 0 && !ext2_is_dir(&n.in)) {
		err = EXT2_ENOTDIR;
	}
	if (err == 0 && n.in.ino == EXT2_ROOT_INO) {
		err = EXT2_EINVAL;
	}
	if (err == 0) {
		err = ext2_dir_empty(fs, &n.in);
		err = err == 1 ? 0 : err == 0 ? EXT2_ENOTEMPTY : err;
	}
	if (err == 0) {
		err = ext2_dir_remove(fs, &n.dir, n.name, strlen(n.name));
	}
	if (err != 0) {
		return err;
	}
	if (n.dir.links > 2) {
		n.dir.links--;
	}
	err = ext2_iput(fs, &n.dir);
	if (err == 0) {
		err = ext2_idrop(fs, &n.in);
	}
	return err;
}

int
ext2_readlink(struct ext2_fs *fs, const char *path, char *buf, size_t size)
{
	struct ext2_inode in;
	uint32_t ino;
	int err = ext2_lookup(fs, path, 0, &ino);

	if (err == 0) {
		err = ext2_iget(fs, ino, &in);
	}
	return err != 0 ? err : ext2_link_text(fs, &in, buf, size);
}
