/*
 * errno.h: the error numbers Cairn's libc sets.  errno is one plain
 * global: Cairn processes are single-threaded for now.  The numbers are
 * Linux's, so they read familiar in a debugger and match what the file
 * service answers (proto/fs.h).
 */
#ifndef CAIRN_LIBC_ERRNO_H
#define CAIRN_LIBC_ERRNO_H

#include "libc_names.h"

#define EPERM	     1	 /* Operation not permitted */
#define ENOENT	     2	 /* No such file or directory */
#define EIO	     5	 /* Input/output error */
#define EBADF	     9	 /* Bad file descriptor */
#define EAGAIN	     11	 /* Resource temporarily unavailable */
#define ENOMEM	     12	 /* Out of memory */
#define EACCES	     13	 /* Permission denied */
#define EFAULT	     14	 /* Bad address */
#define EBUSY	     16	 /* Device or resource busy */
#define EEXIST	     17	 /* File exists */
#define EXDEV	     18	 /* Invalid cross-device link */
#define ENODEV	     19	 /* No such device */
#define ENOTDIR	     20	 /* Not a directory */
#define EISDIR	     21	 /* Is a directory */
#define EINVAL	     22	 /* Invalid argument */
#define ENFILE	     23	 /* Too many open files in system */
#define EMFILE	     24	 /* Too many open files */
#define EFBIG	     27	 /* File too large */
#define ENOSPC	     28	 /* No space left on device */
#define ESPIPE	     29	 /* Illegal seek */
#define EROFS	     30	 /* Read-only file system */
#define EMLINK	     31	 /* Too many links */
#define EDOM	     33	 /* Argument out of domain */
#define ERANGE	     34	 /* Result out of range */
#define ENAMETOOLONG 36	 /* File name too long */
#define ENOSYS	     38	 /* Function not implemented */
#define ENOTEMPTY    39	 /* Directory not empty */
#define ELOOP	     40	 /* Too many levels of symbolic links */
#define EOPNOTSUPP   95	 /* Operation not supported */
#define ESTALE	     116 /* Stale file handle */
#define EUCLEAN	     117 /* Structure needs cleaning */

extern int errno;
/* C says errno is a macro; this one names the global itself. */
#ifndef errno
#define errno errno
#endif

#endif
