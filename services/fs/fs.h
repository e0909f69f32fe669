/*
 * fs: the file service's logic (docs/storage.md, "The fs service"):
 * clients, their shared regions and handles, and every call of the file
 * protocol (proto/fs.h) decoded, checked and run on lib/ext2.  Pure C:
 * main.c is the glue (the block device, the region capabilities, the
 * serve loop), and the host tests run this file against images.
 */
#ifndef CAIRN_FS_FS_H
#define CAIRN_FS_FS_H

#include <stdint.h>

#include "ext2.h"
#include "proto/fs.h"

/* One open file of a client's. */
struct fs_handle {
	uint32_t ino; /* 0: free */
	uint32_t flags;
	uint8_t stale;	/* its inode was freed (unlinked) */
	uint8_t orphan; /* its file has no name left: freed at the last close */
};

/* A client: a process (by its badge, the pid) and its region. */
struct fs_client {
	uint64_t pid; /* 0: free */
	uint64_t base, size;
	struct fs_handle h[FS_MAX_HANDLES];
};

struct fs_service {
	struct ext2_fs *ext2; /* NULL: no disk (every call: -ENODEV) */
	int mounted;
	/* The glue's: mount ext2 (again, after UNMOUNT): 0 or a negative
	 * errno (-ENODEV: no disk); and whether pid still runs (to reclaim
	 * a full table). */
	int (*mount)(struct fs_service *s);
	int (*alive)(uint64_t pid);
	struct fs_client clients[FS_MAX_CLIENTS];
};

/* The most words a call carries (SETATTR's). */
#define FS_CALL_WORDS 7

/*
 * Client pid attaches the region at base, size bytes (mapped here at
 * the same address): its handles, if it had any, are all freed.  A full
 * table takes the slot of a client that no longer runs.  0 or -ENFILE.
 */
int fs_attach(struct fs_service *s, uint64_t pid, uint64_t base, uint64_t size);

/*
 * Serve call label of client pid with the words w (FS_CALL_WORDS of
 * them; the caller zero-fills what the call did not carry): the result
 * (>= 0, or a negative Linux errno) in out[0] and more answer words in
 * out[1..2], their number in *nout.  Returns 0, or -1 if pid is not
 * attached (the glue answers CAIRN_E_INVALID_CAP).
 */
int fs_call(struct fs_service *s, uint64_t pid, uint64_t label,
	    const uint64_t *w, uint64_t *out, unsigned *nout);

/* Linux's errno for an ext2 error (a negative enum ext2_error). */
int fs_errno(int ext2_err);

#endif
