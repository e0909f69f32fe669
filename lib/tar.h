/*
 * tar: reads the initramfs, a POSIX ustar archive as `tar --format=ustar`
 * writes it.  Entries are described in place: a file's data is a pointer
 * into the archive, so nothing is copied or allocated.
 *
 * The archive is untrusted: every header is checked (checksum, magic,
 * octal fields, the data's extent) before anything it says is used.
 */
#ifndef CAIRN_LIB_TAR_H
#define CAIRN_LIB_TAR_H

#include <stddef.h>
#include <stdint.h>

#define TAR_BLOCK    512
#define TAR_NAME_MAX 255 /* longest entry name, without its NUL */

enum tar_type {
	TAR_FILE = 0,  /* a regular file: typeflag '0', NUL or '7' */
	TAR_DIR = 1,   /* a directory: typeflag '5' */
	TAR_OTHER = 2, /* anything else: links, devices, extensions */
};

/*
 * One archive entry.  The name is the header's prefix and name joined with
 * '/', with any leading "./" and a directory's trailing '/' removed; the
 * archive's own root ("./") has the empty name.
 */
struct tar_entry {
	char name[TAR_NAME_MAX + 1];
	int type;	     /* enum tar_type */
	uint32_t mode;	     /* permission bits, as stored */
	uint64_t size;	     /* bytes of data; 0 for types that have none */
	const uint8_t *data; /* size bytes inside the archive */
};

/* An iterator's position; fill it with tar_begin. */
struct tar_iter {
	const uint8_t *archive;
	size_t size;
	size_t pos;	/* offset of the next header */
	int status;	/* 1 while entries may follow, then 0 or an error */
	int terminated; /* the end was two zero blocks, not the buffer's end */
};

enum tar_error {
	TAR_OK = 0,
	TAR_E_SHORT = -1,     /* the archive ends inside a header block */
	TAR_E_CHECKSUM = -2,  /* a header's checksum does not match */
	TAR_E_MAGIC = -3,     /* a header is not a ustar header */
	TAR_E_NUMBER = -4,    /* an octal field is malformed */
	TAR_E_SIZE = -5,      /* an entry's data runs past the archive's end */
	TAR_E_NAME = -6,      /* an entry's name is too long */
	TAR_E_ZERO = -7,      /* a lone zero block inside the archive */
	TAR_E_NOT_FOUND = -8, /* no regular file has that path */
};

/* Start iterating over the archive at archive (size bytes). */
void tar_begin(struct tar_iter *it, const void *archive, size_t size);

/*
 * Check the next header and describe its entry in *e.  Returns 1 with *e
 * filled, 0 at the end of the archive (two zero blocks, or the buffer's
 * end at a block boundary), or a negative tar_error.  After the end or an
 * error, every further call returns the same.
 */
int tar_next(struct tar_iter *it, struct tar_entry *e);

/*
 * Find the regular file at path ("bin/hello" or "./bin/hello") and
 * describe it in *e.  The whole archive is checked; if a path occurs more
 * than once the last one counts, as when tar extracts.  Returns TAR_OK,
 * TAR_E_NOT_FOUND, or the error that made the archive unreadable.
 */
int tar_find(const void *archive, size_t size, const char *path,
	     struct tar_entry *e);

/* A one-line description of a tar_error. */
const char *tar_strerror(int err);

#endif
