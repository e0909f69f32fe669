/*
 * errno.h: the error numbers Cairn's libc sets.  errno is one plain
 * global: Cairn processes are single-threaded for now.  The numbers are
 * Linux's, so they read familiar in a debugger and match what the file
 * service answers (proto/fs.h).
 */
#ifndef CAIRN_LIBC_ERRNO_H
#define CAIRN_LIBC_ERRNO_H

#include "libc_names.h"

#define EPERM		1   /* Operation not permitted */
#define ENOENT		2   /* No such file or directory */
#define ESRCH		3   /* No such process */
#define EINTR		4   /* Interrupted system call */
#define EIO		5   /* Input/output error */
#define ENXIO		6   /* No such device or address */
#define E2BIG		7   /* Argument list too long */
#define ENOEXEC		8   /* Exec format error */
#define EBADF		9   /* Bad file descriptor */
#define ECHILD		10  /* No child processes */
#define EAGAIN		11  /* Resource temporarily unavailable */
#define ENOMEM		12  /* Out of memory */
#define EACCES		13  /* Permission denied */
#define EFAULT		14  /* Bad address */
#define EBUSY		16  /* Device or resource busy */
#define EEXIST		17  /* File exists */
#define EXDEV		18  /* Invalid cross-device link */
#define ENODEV		19  /* No such device */
#define ENOTDIR		20  /* Not a directory */
#define EISDIR		21  /* Is a directory */
#define EINVAL		22  /* Invalid argument */
#define ENFILE		23  /* Too many open files in system */
#define EMFILE		24  /* Too many open files */
#define ENOTTY		25  /* Inappropriate ioctl for device */
#define EFBIG		27  /* File too large */
#define ENOSPC		28  /* No space left on device */
#define ESPIPE		29  /* Illegal seek */
#define EROFS		30  /* Read-only file system */
#define EMLINK		31  /* Too many links */
#define EPIPE		32  /* Broken pipe */
#define EDOM		33  /* Argument out of domain */
#define ERANGE		34  /* Result out of range */
#define ENAMETOOLONG	36  /* File name too long */
#define ENOSYS		38  /* Function not implemented */
#define ENOTEMPTY	39  /* Directory not empty */
#define ELOOP		40  /* Too many levels of symbolic links */
#define ENOTSOCK	88  /* Socket operation on non-socket */
#define EDESTADDRREQ	89  /* Destination address required */
#define EMSGSIZE	90  /* Message too long */
#define EPROTOTYPE	91  /* Protocol wrong type for socket */
#define ENOPROTOOPT	92  /* Protocol not available */
#define EPROTONOSUPPORT 93  /* Protocol not supported */
#define EOPNOTSUPP	95  /* Operation not supported */
#define EAFNOSUPPORT	97  /* Address family not supported by protocol */
#define EADDRINUSE	98  /* Address already in use */
#define EADDRNOTAVAIL	99  /* Cannot assign requested address */
#define ENETDOWN	100 /* Network is down */
#define ENETUNREACH	101 /* Network is unreachable */
#define ECONNABORTED	103 /* Software caused connection abort */
#define ECONNRESET	104 /* Connection reset by peer */
#define ENOBUFS		105 /* No buffer space available */
#define EISCONN		106 /* Transport endpoint is already connected */
#define ENOTCONN	107 /* Transport endpoint is not connected */
#define ETIMEDOUT	110 /* Connection timed out */
#define ECONNREFUSED	111 /* Connection refused */
#define EHOSTUNREACH	113 /* No route to host */
#define EALREADY	114 /* Operation already in progress */
#define EINPROGRESS	115 /* Operation now in progress */
#define ESTALE		116 /* Stale file handle */
#define EUCLEAN		117 /* Structure needs cleaning */
#define EWOULDBLOCK	EAGAIN

extern int errno;
/* C says errno is a macro; this one names the global itself. */
#ifndef errno
#define errno errno
#endif

#endif
