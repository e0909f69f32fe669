/*
 * sys/stat.h: what stat says about a file, the mode bits, mkdir, chmod
 * and the times, and Cairn's file-system calls (statfs of a mount, the
 * fs service's cache, the mounts).
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
	dev_t st_rdev; /* a device's number (Linux's form) */
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

/* The permission bits, what chmod sets. */
#define S_ISUID 04000
#define S_ISGID 02000
#define S_ISVTX 01000
#define S_IRWXU 0700
#define S_IRUSR 0400
#define S_IWUSR 0200
#define S_IXUSR 0100
#define S_IRWXG 070
#define S_IRGRP 040
#define S_IWGRP 020
#define S_IXGRP 010
#define S_IRWXO 07
#define S_IROTH 04
#define S_IWOTH 02
#define S_IXOTH 01

/* A time in seconds and nanoseconds (POSIX's, as time.h would have it). */
#ifndef CAIRN_LIBC_TIMESPEC_DEFINED
#define CAIRN_LIBC_TIMESPEC_DEFINED
struct timespec {
	time_t tv_sec;
	long tv_nsec;
};
#endif

/* utimensat's and futimens's tv_nsec for "now" and "leave it", Linux's. */
#define UTIME_NOW  ((1L << 30) - 1L)
#define UTIME_OMIT ((1L << 30) - 2L)

/* The *at calls' directory "the working directory" and flag, as fcntl.h
 * has them on Linux. */
#ifndef AT_FDCWD
#define AT_FDCWD	    (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#endif

/* Each returns 0, or -1 with errno. */
int stat(const char *path, struct stat *st);
int lstat(const char *path, struct stat *st); /* a link itself */
int fstat(int fd, struct stat *st);
int mkdir(const char *path, mode_t mode);

/*
 * A file's permission bits (mode & 07777) and times (lib/libc/attr.c),
 * on a mount that can change them (/disk; EROFS on the initramfs).  Each
 * sets the change time to now too.  Times are kept in whole seconds
 * (nanoseconds are dropped), 1970 to 2038 (EINVAL outside).  times NULL,
 * or a tv_nsec of UTIME_NOW: now, as the file system stamps its writes;
 * UTIME_OMIT: unchanged.  utimensat: dirfd AT_FDCWD, or any with an
 * absolute path (EOPNOTSUPP for a relative path from another directory);
 * flags 0 or AT_SYMLINK_NOFOLLOW, which sets the times of anything but a
 * link itself (EOPNOTSUPP for a link).
 */
int chmod(const char *path, mode_t mode);
int fchmod(int fd, mode_t mode);
int utimensat(int dirfd, const char *path, const struct timespec times[2],
	      int flags);
int futimens(int fd, const struct timespec times[2]);

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
