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
    [EEXIST] = "File exists",
    [EINVAL] = "Invalid argument",
    [ENOSPC] = "No space left on device",
    [EDOM] = "Argument out of domain",
    [ERANGE] = "Result out of range",
    [ENOSYS] = "Function not implemented",
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
