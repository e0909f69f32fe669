/*
 * procfs: Linux's /proc, made by the server from its process table
 * (docs/posix.md, "/proc").  A file is a snapshot taken at open; a
 * directory is listed from the table at each getdents64.  The calls of
 * fs_sys.c and files.c hand paths under /proc and OF_PROC open files
 * here.
 */
#ifndef CAIRN_POSIX_PROCFS_H
#define CAIRN_POSIX_PROCFS_H

#include <stdbool.h>
#include <stdint.h>

#include "files.h"

struct stat;
struct dirent;

/* Is path (absolute and resolved, as path_at gives it) in /proc? */
bool procfs_has(const char *path);

/*
 * Follow the symbolic links of /proc in path (LX_PATH bytes), in place:
 * self, and a process's cwd, exe and root; the last component only if
 * follow.  What is left is a path of the disk's, or of /proc with no
 * link before its end.  0, or -ENOENT (no such process), -ELOOP,
 * -ENAMETOOLONG.
 */
int procfs_resolve(struct lproc *p, char *path, bool follow);

/* The answer to a call that would make, remove, rename or change a name
 * of /proc (mkdir, unlink, chmod...): -EPERM, or -ENOENT if there is no
 * such name, as Linux's. */
int procfs_refuse(const char *path);

/* Open path (resolved) for p with open's flags: an OF_PROC open file,
 * or NULL with *err (ENOENT, EACCES, EISDIR, ENOTDIR, ELOOP, ENFILE). */
struct ofile *procfs_open(struct lproc *p, const char *path, int flags,
			  int *err);

/* The status of path (resolved; a link is the link's): 0 or -errno. */
int procfs_stat(struct lproc *p, const char *path, struct stat *st);
/* The status of f, an OF_PROC open file. */
void procfs_fstat(struct ofile *f, struct stat *st);

/* The target of the link at path (resolved) into buf (room bytes, cut
 * there as readlink cuts it): its length, or -errno (EINVAL: no link). */
long procfs_readlink(struct lproc *p, const char *path, char *buf, word_t room);

/* Bytes of f's snapshot at *at into buf (at most n), *at moved past
 * them: how many (0 at its end), or -EISDIR for a directory. */
long procfs_read(struct ofile *f, uint64_t *at, void *buf, word_t n);
/* lseek on f: the new offset, or -EINVAL. */
long procfs_lseek(struct ofile *f, int64_t off, unsigned whence);
/* The entry of directory f at *pos into d, *pos moved to the next: 1,
 * or 0 at the end (the disk's readdir's contract). */
int procfs_readdir(struct ofile *f, uint64_t *pos, struct dirent *d);
/* Is f a directory of /proc (getdents64, fchdir, a dirfd)? */
bool procfs_isdir(const struct ofile *f);
/* f's last reference is gone: its snapshot is free again. */
void procfs_close(struct ofile *f);

#endif
