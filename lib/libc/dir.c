/*
 * dir: opendir, readdir and closedir over a descriptor opened with
 * O_DIRECTORY; the position is the mount's (a cookie readdir gives
 * back).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "cairn_libc.h"
#include "libc_impl.h"

#define MAX_DIRS 8

struct cairn_dir {
	int fd; /* -1: free */
	uint64_t pos;
	struct dirent ent;
};

static struct cairn_dir dirs[MAX_DIRS] = {
    {-1, 0, {0}}, {-1, 0, {0}}, {-1, 0, {0}}, {-1, 0, {0}},
    {-1, 0, {0}}, {-1, 0, {0}}, {-1, 0, {0}}, {-1, 0, {0}},
};

DIR *
opendir(const char *path)
{
	DIR *d = NULL;

	for (int i = 0; i < MAX_DIRS && d == NULL; i++) {
		if (dirs[i].fd < 0) {
			d = &dirs[i];
		}
	}
	if (d == NULL) {
		errno = EMFILE;
		return NULL;
	}
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		return NULL;
	}
	d->fd = fd;
	d->pos = 0;
	return d;
}

struct dirent *
readdir(DIR *d)
{
	int h;
	const struct libc_mount *m =
	    d != NULL ? __cairn_fd_handle(d->fd, &h) : NULL;

	if (m == NULL) {
		errno = EBADF;
		return NULL;
	}
	int r = m->ops->readdir(h, &d->pos, &d->ent);
	if (r < 0) {
		errno = -r;
	}
	return r > 0 ? &d->ent : NULL;
}

int
closedir(DIR *d)
{
	if (d == NULL || d->fd < 0) {
		errno = EBADF;
		return -1;
	}
	int r = close(d->fd);
	d->fd = -1;
	return r;
}
