/*
 * hooks: the libc hooks (libc/include/cairn_libc.h) as the host tests
 * provide them, with knobs and records for the tests to use.
 */
#ifndef CAIRN_TEST_LIBC_HOOKS_H
#define CAIRN_TEST_LIBC_HOOKS_H

#include <setjmp.h>
#include <stddef.h>

/* libc_write appends here (NUL-terminated, cut at the size). */
extern char hook_out[1 << 16];
extern size_t hook_out_len;
extern int hook_write_calls;

/* libc_morecore: bytes it may still give (the arena's size at reset). */
extern size_t hook_core_left;
/* Leave this many bytes unused before each block, to break contiguity. */
extern size_t hook_core_gap;
extern int hook_core_calls;
extern size_t hook_core_given;

/*
 * libc_exit stores the status and longjmps to *hook_exit_jmp; with none
 * set, it fails the running test.
 */
extern jmp_buf *hook_exit_jmp;
extern int hook_exit_status;

/* Forget the output written so far. */
void hook_out_reset(void);

/*
 * Start again with an empty heap: reset the libc's allocator and give
 * morecore a fresh arena of at most limit bytes (0: the whole arena).
 */
void hook_heap_reset(size_t limit);

/* The arena morecore hands out, for tests that check addresses. */
extern unsigned char hook_arena[];
extern const size_t hook_arena_size;

/*
 * The file systems libc_mounts gives: one table of files in memory,
 * writable at "/disk" (paths kept as the mount sees them: "/a") and
 * read-only at "/" (kept with '@' before: "@/etc/motd").  Counters of
 * the reads, writes and syncs that reached them.
 */
#define HOOK_FILES 32
struct memfile {
	int used, dir;
	int append; /* opened with O_APPEND last */
	int link;   /* open with O_NOFOLLOW answers ELOOP */
	char path[80];
	char data[8192];
	size_t size;
	unsigned mode, uid, gid; /* setattr's (mode: 0644 or 0755 at first) */
	int64_t atime, mtime;
};
extern struct memfile hook_files[HOOK_FILES];
extern int hook_fs_reads, hook_fs_writes, hook_fs_syncs;
/* setattr's calls, and the mask of the last; LIBC_SET_*_NOW sets a time
 * to HOOK_NOW. */
extern int hook_setattr_calls;
extern unsigned hook_setattr_mask;
#define HOOK_NOW 1000000

/* Empty both, but for their roots ("/" and "@/"). */
void hook_fs_reset(void);
/* Add a file (or directory) with data (NULL: empty): its index. */
int hook_file(const char *path, int dir, const char *data);

#endif
