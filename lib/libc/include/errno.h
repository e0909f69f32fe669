/*
 * errno.h: the error numbers Cairn's libc sets.  errno is one plain
 * global: Cairn processes are single-threaded for now.  The numbers are
 * the traditional Unix ones, so they read familiar in a debugger.
 */
#ifndef CAIRN_LIBC_ERRNO_H
#define CAIRN_LIBC_ERRNO_H

#include "libc_names.h"

#define EPERM  1  /* Operation not permitted */
#define ENOENT 2  /* No such file or directory */
#define EIO    5  /* Input/output error */
#define EBADF  9  /* Bad file descriptor */
#define EAGAIN 11 /* Resource temporarily unavailable */
#define ENOMEM 12 /* Out of memory */
#define EEXIST 17 /* File exists */
#define EINVAL 22 /* Invalid argument */
#define ENOSPC 28 /* No space left on device */
#define EDOM   33 /* Argument out of domain */
#define ERANGE 34 /* Result out of range */
#define ENOSYS 38 /* Function not implemented */

extern int errno;
/* C says errno is a macro; this one names the global itself. */
#ifndef errno
#define errno errno
#endif

#endif
