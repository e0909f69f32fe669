/*
 * unistd.h: the POSIX-shaped file calls (lib/libc/file.c, path.c).
 * Paths under /disk go to the file service (the ext2 disk); every other
 * absolute path names the initramfs, read-only; a relative path starts
 * from the working directory (chdir, getcwd; "/" at first).  "." and
 * ".." are resolved by name before anything is looked up.  Each call
 * returns what POSIX says, or -1 with errno (Linux's numbers).
 *
 * File descriptors 0, 1 and 2 are the console: writes to 1 and 2 go
 * where printf goes; reading 0 is not supported (EBADF).
 */
#ifndef CAIRN_LIBC_UNISTD_H
#define CAIRN_LIBC_UNISTD_H

#include <stddef.h>
#include "sys/types.h"

#include "libc_names.h"

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* The most descriptors open at once, and the longest path. */
#define OPEN_MAX 192
#define PATH_MAX 4096

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
int close(int fd);
off_t lseek(int fd, off_t off, int whence);
int fsync(int fd);
int ftruncate(int fd, off_t size);
int truncate(const char *path, off_t size);
int rmdir(const char *path);
int unlink(const char *path);
/* rename is stdio.h's, as in POSIX. */
int link(const char *existing, const char *path);
int symlink(const char *target, const char *path);
/* Not NUL-terminated: the bytes of the target put in buf. */
ssize_t readlink(const char *path, char *buf, size_t n);
void sync(void);
/* A file's owner and group (lib/libc/attr.c; (uid_t)-1 or (gid_t)-1:
 * unchanged), and its change time to now.  No lchown: a link's own
 * attributes cannot be reached. */
int chown(const char *path, uid_t uid, gid_t gid);
int fchown(int fd, uid_t uid, gid_t gid);
int chdir(const char *path);
char *getcwd(char *buf, size_t n);

#endif
