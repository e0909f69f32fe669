/*
 * fcntl.h: open and its flags, as Linux numbers them (the file service
 * takes the same values: proto/fs.h).  lib/libc/file.c.
 */
#ifndef CAIRN_LIBC_FCNTL_H
#define CAIRN_LIBC_FCNTL_H

#include "sys/types.h"

#include "libc_names.h"

#define O_ACCMODE   3
#define O_RDONLY    0
#define O_WRONLY    1
#define O_RDWR	    2
#define O_CREAT	    0100
#define O_EXCL	    0200
#define O_TRUNC	    01000
#define O_APPEND    02000
#define O_DIRECTORY 0200000
#define O_NOFOLLOW  0400000
#define O_NONBLOCK  04000
#define O_CLOEXEC   02000000

#define F_GETFD	   1
#define F_SETFD	   2
#define F_GETFL	   3
#define F_SETFL	   4
#define FD_CLOEXEC 1

/*
 * Open path (relative ones from the working directory): a file
 * descriptor, or -1 with errno.  mode (with O_CREAT) gives the new
 * file's permission bits.  Under /disk: the file service; elsewhere the
 * initramfs, read-only (EROFS for any flag that would write).
 */
int open(const char *path, int flags, ...);
/* F_GETFL, F_SETFL (O_NONBLOCK only changes), F_GETFD, F_SETFD. */
int fcntl(int fd, int cmd, ...);

#endif
