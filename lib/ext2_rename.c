/*
 * ext2_rename: rename, as POSIX has it.  The new name is made (or
 * repointed) before the old one goes, so a crash between the two leaves
 * two names, never none.  When both names are in one directory, one
 * copy of its inode is used for both changes.
 */
#include "cstring.h"
#include "ext2_impl.h"

/* The most directories between any directory and the root. */
#define DEPTH_MAX 65536u

/* Both ends of a rename: directories, names, the inode moved. */
struct move {
	struct ext2_inode fdir, tdir, src;
	char fname[EXT2_NAME_MAX + 1], tname[EXT2_NAME_MAX + 1];
};

/* Is directory dir ancestor itself or under it?  1, 0, or an error. */
static int
is_under(struct ext2_fs *fs, uint32_t dir, uint32_t ancestor)
{
	struct ext2_inode in;
	uint32_t ino = dir;

	for (uint32_t n = 0; n < DEPTH_MAX; n++) {
		int err;

		if (ino == ancestor) {
			return 1;
		}
		if (ino == EXT2_ROOT_INO) {
			return 0;
		}
		err = ext2_iget(fs, ino, &in);
		if (err == 0) {
			err = ext2_dir_find(fs, &in, "..", 2, &ino);
		}
		if (err != 0) {
			return err;
		}
	}
	return EXT2_ECORRUPT;
}

/* Find both parents and the inode to move; check the move is allowed. */
static int
prepare(struct ext2_fs *fs, const char *from, const char *to, struct move *m)
{
	uint32_t ino;
	int err;

	if (!ext2_writable(fs)) {
		return EXT2_EROFS;
	}
	err = ext2_parent(fs, from, &m->fdir, m->fname);
	if (err == 0) {
		err = ext2_dir_find(fs, &m->fdir, m->fname, strlen(m->fname),
				    &ino);
	}
	if (err == 0) {
		err = ext2_iget(fs, ino, &m->src);
	}
	if (err == 0) {
		err = ext2_parent(fs, to, &m->tdir, m->tname);
	}
	if (err == 0 && ext2_is_dir(&m->src)) {
		err = is_under(fs, m->tdir.ino, m->src.ino);
		err = err == 1 ? EXT2_EINVAL : err;
	}
	if (err == 0 && ext2_is_dir(&m->src) && m->tdir.ino != m->fdir.ino &&
	    m->tdir.links >= EXT2_LINK_MAX) {
		err = EXT2_EMLINK;
	}
	return err;
}

/* May dst be replaced by src? */
static int
check_replace(struct ext2_fs *fs, struct move *m, struct ext2_inode *dst)
{
	int empty;

	if (!ext2_is_dir(&m->src)) {
		return ext2_is_dir(dst) ? EXT2_EISDIR : 0;
	}
	if (!ext2_is_dir(dst)) {
		return EXT2_ENOTDIR;
	}
	empty = ext2_dir_empty(fs, dst);
	return empty < 0 ? empty : empty ? 0 : EXT2_ENOTEMPTY;
}

/*
 * Point the existing name to at src; drop the inode it named (a
 * directory takes its ".." link to tdir with it).
 */
static int
replace(struct ext2_fs *fs, struct move *m, uint32_t ino)
{
	struct ext2_inode dst;
	int err = ext2_iget(fs, ino, &dst);

	if (err == 0) {
		err = check_replace(fs, m, &dst);
	}
	if (err == 0) {
		err = ext2_dir_set(fs, &m->tdir, m->tname, strlen(m->tname),
				   &m->src);
	}
	if (err != 0) {
		return err;
	}
	if (ext2_is_dir(&dst)) {
		dst.links = 0;
		m->tdir.links -= m->tdir.links > 2 ? 1 : 0;
	} else {
		dst.links -= dst.links ? 1 : 0;
	}
	dst.ctime = ext2_now(fs);
	return ext2_ilinks_put(fs, &dst);
}

/* Make the new name: a new entry, or the old one repointed. */
static int
make_new_name(struct ext2_fs *fs, struct move *m, int *same)
{
	uint32_t ino;
	int err = ext2_dir_find(fs, &m->tdir, m->tname, strlen(m->tname), &ino);

	*same = 0;
	if (err == EXT2_ENOENT) {
		return ext2_dir_add(fs, &m->tdir, m->tname, strlen(m->tname),
				    &m->src);
	}
	if (err != 0) {
		return err;
	}
	if (ino == m->src.ino) {
		*same = 1;
		return 0;
	}
	return replace(fs, m, ino);
}

/* A directory that changed parent: its "..", and both link counts. */
static int
reparent(struct ext2_fs *fs, struct move *m)
{
	int err = ext2_dir_set(fs, &m->src, "..", 2, &m->tdir);

	if (err != 0) {
		return err;
	}
	m->fdir.links -= m->fdir.links > 2 ? 1 : 0;
	m->tdir.links++;
	err = ext2_iput(fs, &m->fdir);
	return err ? err : ext2_iput(fs, &m->tdir);
}

int
ext2_rename(struct ext2_fs *fs, const char *from, const char *to)
{
	struct move m;
	int same = 0, one_dir, err = ext2_dir_change(fs, 0);

	if (err == 0) {
		err = prepare(fs, from, to, &m);
	}
	if (err == 0) {
		err = make_new_name(fs, &m, &same);
	}
	if (err != 0 || same) {
		return err;
	}
	one_dir = m.fdir.ino == m.tdir.ino;
	if (one_dir) {
		m.fdir = m.tdir;
	}
	err = ext2_dir_remove(fs, &m.fdir, m.fname, strlen(m.fname));
	if (err != 0) {
		return err;
	}
	if (one_dir) {
		m.tdir = m.fdir;
	} else if (ext2_is_dir(&m.src)) {
		err = reparent(fs, &m);
	}
	if (err == 0) {
		m.src.ctime = ext2_now(fs);
		err = ext2_iput(fs, &m.src);
	}
	return err;
}
