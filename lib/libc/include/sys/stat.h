/*
 * sys/stat.h: what stat says about a file, the mode bits, mkdir, and
 * Cairn's file-system calls (statfs of a mount, the fs service's cache,
 * the mounts).
 */
#ifndef CAIRN_LIBC_SYS_STAT_H
#define CAIRN_LIBC_SYS_STAT_H

#include "../libc_names.h"
#include "types.h"

struct stat {
	dev_t st_dev; /* 0: the initramfs, 1: /disk */
	ino_t st_ino;
	mode_t st_mode;
	nlink_t st_nlink;
	uid_t st_uid;
	gid_t st_gid;
	off_t st_size;
	blksize_t st_blksize;
	blkcnt_t st_blocks; /* 512-byte units */
	time_t st_atime, st_mtime, st_ctime;
};

#define S_IFMT	    0170000
#define S_IFSOCK    0140000
#define S_IFLNK	    0120000
#define S_IFREG	    0100000
#define S_IFBLK	    0060000
#define S_IFDIR	    0040000
#define S_IFCHR	    0020000
#define S_IFIFO	    0010000
#define S_ISLNK(m)  (((m)&S_IFMT) == S_IFLNK)
#define S_ISREG(m)  (((m)&S_IFMT) == S_IFREG)
#define S_ISDIR(m)  (((m)&S_IFMT) == S_IFDIR)
#define S_ISCHR(m)  (((m)&S_IFMT) == S_IFCHR)
#define S_ISBLK(m)  (((m)&S_IFMT) == S_IFBLK)
#define S_ISFIFO(m) (((m)&S_IFMT) == S_IFIFO)
#define S_ISSOCK(m) (((m)&S_IFMT) == S_IFSOCK)

/* Each returns 0, or -1 with errno. */
int stat(const char *path, struct stat *st);
int lstat(const char *path, struct stat *st); /* a link itself */
int fstat(int fd, struct stat *st);
int mkdir(const char *path, mode_t mode);

/* A mounted file system's size (proto/fs.h defines the same). */
#ifndef CAIRN_FS_STATFS_DEFINED
#define CAIRN_FS_STATFS_DEFINED
struct cairn_fs_statfs {
	uint64_t block_size;
	uint64_t blocks, free_blocks;
	uint64_t inodes, free_inodes;
};
#endif

/* The sizes of the file system path is on: 0, or -1 with errno
 * (ENOSYS for the initramfs). */
int cairn_fs_statfs(const char *path, struct cairn_fs_statfs *st);

/* The fs service writes its cache back and forgets it (cold-cache
 * figures): 0, or -1 with errno. */
int cairn_fs_dropcache(void);

/* What is mounted: mount i (from 0)'s directory and type ("initramfs",
 * "ext2"); 0, or -1 past the last. */
int cairn_fs_mounts(int i, const char **dir, const char **type);

#endif
