/*
 * errno: the errno global and the message for each value.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int errno;

static const char *const messages[] = {
    [0] = "Success",
    [EPERM] = "Operation not permitted",
    [ENOENT] = "No such file or directory",
    [EIO] = "Input/output error",
    [EBADF] = "Bad file descriptor",
    [EAGAIN] = "Resource temporarily unavailable",
    [ENOMEM] = "Out of memory",
    [EACCES] = "Permission denied",
    [EFAULT] = "Bad address",
    [EBUSY] = "Device or resource busy",
    [EEXIST] = "File exists",
    [EXDEV] = "Invalid cross-device link",
    [ENODEV] = "No such device",
    [ENOTDIR] = "Not a directory",
    [EISDIR] = "Is a directory",
    [EINVAL] = "Invalid argument",
    [ENFILE] = "Too many open files in system",
    [EMFILE] = "Too many open files",
    [EFBIG] = "File too large",
    [ENOSPC] = "No space left on device",
    [ESPIPE] = "Illegal seek",
    [EROFS] = "Read-only file system",
    [EMLINK] = "Too many links",
    [EDOM] = "Argument out of domain",
    [ERANGE] = "Result out of range",
    [ENAMETOOLONG] = "File name too long",
    [ENOSYS] = "Function not implemented",
    [ENOTEMPTY] = "Directory not empty",
    [ELOOP] = "Too many levels of symbolic links",
    [EOPNOTSUPP] = "Operation not supported",
    [ESTALE] = "Stale file handle",
    [EUCLEAN] = "Structure needs cleaning",
};

char *
strerror(int err)
{
	static char unknown[32];
	int n = (int)(sizeof(messages) / sizeof(messages[0]));

	if (err >= 0 && err < n && messages[err] != NULL) {
		return (char *)messages[err];
	}
	snprintf(unknown, sizeof(unknown), "Unknown error %d", err);
	return unknown;
}
