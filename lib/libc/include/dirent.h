/*
 * dirent.h: reading directories, a DIR at a time (a file descriptor
 * underneath; lib/libc/dir.c).
 */
#ifndef CAIRN_LIBC_DIRENT_H
#define CAIRN_LIBC_DIRENT_H

#include "sys/types.h"

#include "libc_names.h"

/* d_type, as Linux's. */
#define DT_UNKNOWN 0
#define DT_FIFO	   1
#define DT_CHR	   2
#define DT_DIR	   4
#define DT_BLK	   6
#define DT_REG	   8
#define DT_LNK	   10
#define DT_SOCK	   12

struct dirent {
	ino_t d_ino;
	unsigned char d_type;
	char d_name[256];
};

typedef struct cairn_dir DIR;

/* NULL with errno on failure; at most 8 open at once. */
DIR *opendir(const char *path);
/* The next entry ("." and ".." included), or NULL at the end (errno
 * unchanged) or on an error (errno set).  Valid until the next call. */
struct dirent *readdir(DIR *d);
int closedir(DIR *d);

#endif
