/*
 * The file service's protocol (the endpoint named "fs"; services/fs is
 * its server) and its client stubs (fs.c).  docs/storage.md, "File
 * protocol", has the table.
 *
 * A client makes a shared region and sends its capability once
 * (FS_ATTACH); every later call names paths and buffers by pointers into
 * that region, so no bulk data is copied through IPC.  A served call is
 * answered CAIRN_OK with MR0 its result: >= 0, or a negative Linux errno
 * (-ENOENT...).  An answer's label other than CAIRN_OK is the transport's:
 * CAIRN_E_INVALID_CAP when the caller is not attached (the service
 * restarted), ILLEGAL_OPERATION for an unknown label, INVALID_ARGUMENT
 * for a short call.
 *
 * Offsets are the client's: READ and WRITE name the offset (as pread and
 * pwrite do), so there is no seek call and a service restart loses no
 * position.  Handles are the caller's own (by its badge, the pid),
 * bounded (FS_MAX_HANDLES), freed at CLOSE and all at once by a new
 * ATTACH from the same pid.
 */
#ifndef CAIRN_PROTO_FS_H
#define CAIRN_PROTO_FS_H

#include <stddef.h>
#include <stdint.h>

enum cairn_fs_call {
	FS_ATTACH = 1,	   /* the region capability sent along -> MR0 0 */
	FS_OPEN = 2,	   /* MR0 path, MR1 length, MR2 flags, MR3 mode ->
			      MR0 handle, MR1 inode, MR2 size */
	FS_CLOSE = 3,	   /* MR0 handle */
	FS_READ = 4,	   /* MR0 handle, MR1 offset, MR2 buffer, MR3 n ->
			      MR0 bytes read (0: end of file) */
	FS_WRITE = 5,	   /* MR0 handle, MR1 offset, MR2 buffer, MR3 n ->
			      MR0 bytes written, MR1 the offset after them
			      (O_APPEND: after the end) */
	FS_FSTAT = 6,	   /* MR0 handle, MR1 struct cairn_fs_stat * */
	FS_STAT = 7,	   /* MR0 path, MR1 length, MR2 follow (0: lstat),
			      MR3 struct cairn_fs_stat * */
	FS_READDIR = 8,	   /* MR0 handle, MR1 position, MR2 buffer, MR3 its
			      bytes -> MR0 entries (struct cairn_fs_dirent,
			      0: the end), MR1 the next position */
	FS_MKDIR = 9,	   /* MR0 path, MR1 length, MR2 mode */
	FS_RMDIR = 10,	   /* MR0 path, MR1 length */
	FS_UNLINK = 11,	   /* MR0 path, MR1 length */
	FS_RENAME = 12,	   /* MR0 from, MR1 length, MR2 to, MR3 length */
	FS_LINK = 13,	   /* MR0 existing, MR1 length, MR2 new, MR3 length */
	FS_SYMLINK = 14,   /* MR0 target, MR1 length, MR2 path, MR3 length */
	FS_READLINK = 15,  /* MR0 path, MR1 length, MR2 buffer, MR3 size ->
			      MR0 the target's length (not terminated) */
	FS_TRUNCATE = 16,  /* MR0 handle, MR1 size */
	FS_FSYNC = 17,	   /* MR0 handle */
	FS_SYNC = 18,	   /* write everything back, flush */
	FS_STATFS = 19,	   /* MR0 struct cairn_fs_statfs * */
	FS_DROPCACHE = 20, /* write back and forget every cached block */
	FS_UNMOUNT = 21,   /* unmount cleanly (power-off); the next call
			      mounts again */
	FS_REOPEN = 22,	   /* MR0 inode, MR1 flags -> MR0 handle: a handle
			      again after a service restart */
	FS_SETATTR = 23,   /* MR0 handle, MR1 mask (FS_SET_*), MR2 mode,
			      MR3 uid, MR4 gid, MR5 atime, MR6 mtime */
	FS_MKNOD = 24,	   /* MR0 path, MR1 length, MR2 mode (a FIFO's,
			      a device's or a socket's type and permission
			      bits), MR3 a device's number (Linux's) */
};

/*
 * FS_SETATTR's mask: what it sets (any open handle, read-only too; the
 * change time becomes now either way).  The mode is the permission bits
 * (07777 at most; the type stays); ids are 32-bit, not 0xffffffff; times
 * are seconds since 1970 up to 2^31 - 1 (ext2's 32-bit fields).  The
 * _NOW bits set a time to the service's now, the time its writes stamp.
 */
#define FS_SET_MODE	 1
#define FS_SET_UID	 2
#define FS_SET_GID	 4
#define FS_SET_ATIME	 8
#define FS_SET_MTIME	 16
#define FS_SET_ATIME_NOW 32
#define FS_SET_MTIME_NOW 64

/* The most handles a client holds, and the most clients. */
#define FS_MAX_HANDLES 128
#define FS_MAX_CLIENTS 16

/* Open flags, as Linux numbers them (fcntl.h has the same values). */
#define FS_O_ACCMODE   3
#define FS_O_RDONLY    0
#define FS_O_WRONLY    1
#define FS_O_RDWR      2
#define FS_O_CREAT     0100
#define FS_O_EXCL      0200
#define FS_O_TRUNC     01000
#define FS_O_APPEND    02000
#define FS_O_DIRECTORY 0200000
#define FS_O_NOFOLLOW  0400000

/* What FS_STAT and FS_FSTAT write into the region. */
struct cairn_fs_stat {
	uint64_t ino;
	uint32_t mode; /* type and permission bits, as st_mode */
	uint32_t links;
	uint32_t uid, gid;
	uint64_t size;
	uint64_t blocks; /* 512-byte units */
	uint64_t atime, mtime, ctime;
	uint64_t rdev; /* a device's number, as Linux's stat has it */
};

/* What FS_READDIR writes: as many as fit. */
struct cairn_fs_dirent {
	uint64_t ino;
	uint8_t type; /* 1 file, 2 directory, 7 link, ... (ext2's) */
	uint8_t name_len;
	char name[256]; /* NUL-terminated */
	uint8_t pad[6];
};

/* What FS_STATFS writes (the libc's sys/stat.h has the same). */
#ifndef CAIRN_FS_STATFS_DEFINED
#define CAIRN_FS_STATFS_DEFINED
struct cairn_fs_statfs {
	uint64_t block_size;
	uint64_t blocks, free_blocks;
	uint64_t inodes, free_inodes;
};
#endif

/*
 * The client.  One per process (fs.c keeps it): the service's endpoint,
 * the shared region, and for each handle what re-opens it after a
 * service restart (its inode and flags).  The region's first
 * FS_REGION_PATHS bytes carry paths (two of FS_PATH_MAX) and small
 * answers; the rest carries data, FS_REGION_DATA bytes a call at most
 * (64 KiB: a read or write of 64 KiB, dd's bs=64k, is one call).
 */
#define FS_PATH_MAX	4096
#define FS_REGION_PATHS (3 * FS_PATH_MAX)
#define FS_REGION_DATA	(64u << 10)
#define FS_REGION_SIZE	(FS_REGION_PATHS + FS_REGION_DATA)

/*
 * The client stubs: each returns >= 0 or a negative Linux errno.  They
 * attach on first use (the process's "needs fs" grant; -ENODEV without
 * one, or if no process named fs runs; the manifest must also say
 * "receive", for the region's capability: -EPERM without), and after a service
 * restart attach again and re-open the caller's handles by inode, so that a
 * restart is not seen.  Paths are the file system's own ("/a/b", its root "/").
 */
int cairn_fs_open(const char *path, int flags, unsigned mode, uint64_t *size);
int cairn_fs_close(int h);
long cairn_fs_read(int h, uint64_t off, void *buf, size_t n);
/* *end (if not NULL) gets the offset after the bytes written. */
long cairn_fs_write(int h, uint64_t off, const void *buf, size_t n,
		    uint64_t *end);
int cairn_fs_fstat(int h, struct cairn_fs_stat *st);
int cairn_fs_stat(const char *path, int follow, struct cairn_fs_stat *st);
/* The next entry at *pos (0: the first): 1 and *d, or 0 at the end. */
int cairn_fs_readdir(int h, uint64_t *pos, struct cairn_fs_dirent *d);
int cairn_fs_mkdir(const char *path, unsigned mode);
int cairn_fs_mknod(const char *path, unsigned mode, unsigned rdev);
int cairn_fs_rmdir(const char *path);
int cairn_fs_unlink(const char *path);
int cairn_fs_rename(const char *from, const char *to);
int cairn_fs_link(const char *existing, const char *path);
int cairn_fs_symlink(const char *target, const char *path);
long cairn_fs_readlink(const char *path, char *buf, size_t n);
int cairn_fs_truncate(int h, uint64_t size);
/* FS_SETATTR: the attributes mask names (FS_SET_*) of handle h. */
int cairn_fs_setattr(int h, unsigned mask, unsigned mode, unsigned uid,
		     unsigned gid, int64_t atime, int64_t mtime);
int cairn_fs_fsync(int h);
int cairn_fs_sync(void);
int cairn_fs_statfs_raw(struct cairn_fs_statfs *st);
int cairn_fs_dropcache_raw(void);
int cairn_fs_unmount(void);
/* Before a power-off or reboot: unmount if this process uses the fs. */
void cairn_fs_before_poweroff(void);

#endif
