/*
 * ext2_path: from a path to an inode, one component at a time from the
 * root, following symbolic links on the way.  A link's target replaces
 * the link's component in a working copy of the path (fs->scratch[0]),
 * so that the walk stays a loop; at most LINKS_MAX links are followed,
 * and each step consumes the path, so a loop of directories or links
 * cannot make it run for ever.
 */
#include "cstring.h"
#include "ext2_impl.h"

#define LINKS_MAX 8

/*
 * Copy the target of link in into buf (size bytes), NUL-terminated.
 * Returns its length, EXT2_ENAMETOOLONG if buf is too small, or an error.
 */
int
ext2_link_text(struct ext2_fs *fs, struct ext2_inode *in, char *buf,
	       size_t size)
{
	int64_t n;

	if (!ext2_is_link(in)) {
		return EXT2_EINVAL;
	}
	if (in->size >= fs->sb.block_size || in->size >= EXT2_PATH_MAX) {
		return EXT2_ECORRUPT;
	}
	if (in->size >= size) {
		return EXT2_ENAMETOOLONG;
	}
	if (ext2_fast_link(fs, in)) {
		if (in->size > EXT2_FAST_LINK_MAX) {
			return EXT2_ECORRUPT;
		}
		for (uint32_t i = 0; i < in->size; i++) {
			buf[i] = (char)(in->block[i / 4] >> (8 * (i % 4)));
		}
		n = (int64_t)in->size;
	} else {
		n = ext2_iread(fs, in, 0, buf, (size_t)in->size);
		if (n >= 0 && (uint64_t)n != in->size) {
			return EXT2_ECORRUPT;
		}
	}
	if (n >= 0) {
		buf[n] = '\0';
	}
	return (int)n;
}

/* Where a walk is: its directory, the rest of the path, links taken. */
struct walk {
	struct ext2_inode cur;
	char *p;
	int links;
};

/* Is the component at p (len bytes) the last of the path? */
static int
is_last(const char *p, size_t len)
{
	p += len;
	while (*p == '/') {
		p++;
	}
	return *p == '\0';
}

/*
 * Replace the walk's component (len bytes at w->p) by the target of link
 * in: the path becomes target/rest, from the root if it is absolute.
 */
static int
splice_link(struct ext2_fs *fs, struct walk *w, struct ext2_inode *in,
	    size_t len)
{
	char *path = fs->scratch[0], *target = fs->scratch[1];
	int n = ext2_link_text(fs, in, target, EXT2_PATH_MAX);
	size_t rest;

	if (n < 0) {
		return n;
	}
	if (++w->links > LINKS_MAX) {
		return EXT2_ELOOP;
	}
	rest = strlen(w->p + len);
	if ((size_t)n + 1 + rest >= EXT2_PATH_MAX) {
		return EXT2_ENAMETOOLONG;
	}
	memmove(path + n + 1, w->p + len, rest + 1);
	memcpy(path, target, (size_t)n);
	path[n] = '/';
	w->p = path;
	if (target[0] == '/') {
		return ext2_iget(fs, EXT2_ROOT_INO, &w->cur);
	}
	return 0;
}

/* Take one step: the component of len bytes at w->p. */
static int
step(struct ext2_fs *fs, struct walk *w, size_t len, int follow)
{
	struct ext2_inode next;
	uint32_t ino;
	int err;

	if (!ext2_is_dir(&w->cur)) {
		return EXT2_ENOTDIR;
	}
	if (len == 1 && w->p[0] == '.') {
		w->p += len;
		return 0;
	}
	err = ext2_dir_find(fs, &w->cur, w->p, len, &ino);
	if (err == 0) {
		err = ext2_iget(fs, ino, &next);
	}
	if (err != 0) {
		return err;
	}
	if (ext2_is_link(&next) && (follow || !is_last(w->p, len))) {
		return splice_link(fs, w, &next, len);
	}
	w->cur = next;
	w->p += len;
	return 0;
}

/* The length of the component at p, or an error if it is too long. */
static int
component(const char *p, size_t *len)
{
	size_t n = 0;

	while (p[n] != '\0' && p[n] != '/') {
		if (++n > EXT2_NAME_MAX) {
			return EXT2_ENAMETOOLONG;
		}
	}
	*len = n;
	return 0;
}

/*
 * Walk path: to its end (parent == 0), or to the directory holding its
 * last component (parent != 0), whose name goes to name (NUL-terminated).
 */
static int
walk(struct ext2_fs *fs, const char *path, int follow, char *name,
     struct ext2_inode *out)
{
	size_t plen = strlen(path), len = 0;
	struct walk w = {.p = fs->scratch[0]};
	int err;

	if (plen >= EXT2_PATH_MAX) {
		return EXT2_ENAMETOOLONG;
	}
	memcpy(fs->scratch[0], path, plen + 1);
	err = ext2_iget(fs, EXT2_ROOT_INO, &w.cur);
	while (err == 0) {
		while (*w.p == '/') {
			w.p++;
		}
		if (*w.p == '\0') {
			break;
		}
		err = component(w.p, &len);
		if (err == 0 && name != NULL && is_last(w.p, len)) {
			memcpy(name, w.p, len);
			name[len] = '\0';
			break;
		}
		if (err == 0) {
			err = step(fs, &w, len, follow);
		}
	}
	if (err == 0 && name != NULL && name[0] == '\0') {
		err = EXT2_EINVAL; /* the root has no parent */
	}
	*out = w.cur;
	return err;
}

int
ext2_lookup(struct ext2_fs *fs, const char *path, int follow, uint32_t *ino)
{
	struct ext2_inode in;
	int err = walk(fs, path, follow, NULL, &in);

	*ino = err == 0 ? in.ino : 0;
	return err;
}

/*
 * Walk path to the directory that holds its last component: that
 * directory in *dir, the component in name (EXT2_NAME_MAX + 1 bytes).
 * EXT2_EINVAL if the last component is "." or "..", or there is none.
 */
int
ext2_parent(struct ext2_fs *fs, const char *path, struct ext2_inode *dir,
	    char *name)
{
	int err;

	name[0] = '\0';
	err = walk(fs, path, 1, name, dir);
	if (err == 0 && !ext2_is_dir(dir)) {
		err = EXT2_ENOTDIR;
	}
	if (err == 0 && (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)) {
		err = EXT2_EINVAL;
	}
	return err;
}
