/*
 * cairn_libc: what a program, or the runtime it is linked with, gives
 * Cairn's libc.  The libc does no system calls of its own: it writes,
 * grows its heap, ends the program and reaches files only through these
 * hooks.
 */
#ifndef CAIRN_LIBC_HOOKS_H
#define CAIRN_LIBC_HOOKS_H

#include <stddef.h>
#include <stdint.h>

#include "libc_names.h"

/* The heap grows by multiples of this many bytes. */
#define LIBC_MORECORE_UNIT 4096

/*
 * Write the n bytes at s to the program's output (its console or log).
 * printf, vprintf, puts and putchar end here; they buffer, but flush at
 * each newline, at the end of each printf, vprintf or puts call, and in
 * exit and abort.  Must not call printf itself.
 */
void libc_write(const char *s, size_t n);

/*
 * Grow the heap by n bytes, n a nonzero multiple of LIBC_MORECORE_UNIT.
 * Return the start of the new block, which must be 16-byte aligned and
 * should start where the previous block ended whenever it can (malloc
 * then merges the two), or NULL when there is no more memory, in which
 * case malloc returns NULL with errno set to ENOMEM.
 */
void *libc_morecore(size_t n);

/*
 * End the program with the given status; never returns.  exit() calls it
 * after flushing output; abort() after printing "abort", with status 134
 * (128 + SIGABRT, as a Unix shell would report it).
 */
_Noreturn void libc_exit(int status);

/*
 * File systems.  The libc routes a path to the mount whose directory is
 * its longest prefix and hands the rest ("/" for the mount's own
 * directory) to that mount's operations, which the runtime gives.  Each
 * operation returns >= 0 or a negative errno; handles are the mount's
 * own small numbers.  A mount with no write operation is read-only: the
 * libc answers EROFS for everything that would change it.  Reads and
 * writes name their offset (the descriptor's, which the libc keeps).
 */
struct stat;
struct dirent;
struct cairn_fs_statfs;
struct libc_fsops {
	int (*open)(const char *path, int flags, unsigned mode);
	int (*close)(int h);
	long (*read)(int h, uint64_t off, void *buf, size_t n);
	/* *end: the offset after the bytes (O_APPEND: the file's end). */
	long (*write)(int h, uint64_t off, const void *buf, size_t n,
		      uint64_t *end);
	int (*fstat)(int h, struct stat *st);
	int (*stat)(const char *path, int follow, struct stat *st);
	/* The entry at *pos (0: the first): 1, or 0 at the end. */
	int (*readdir)(int h, uint64_t *pos, struct dirent *d);
	int (*mkdir)(const char *path, unsigned mode);
	/* A FIFO, device or socket (mode's type); NULL: EPERM. */
	int (*mknod)(const char *path, unsigned mode, unsigned rdev);
	int (*rmdir)(const char *path);
	int (*unlink)(const char *path);
	int (*rename)(const char *from, const char *to);
	int (*link)(const char *existing, const char *path);
	int (*symlink)(const char *target, const char *path);
	long (*readlink)(const char *path, char *buf, size_t n);
	int (*truncate)(int h, uint64_t size);
	int (*fsync)(int h);
	int (*sync)(void);
	int (*statfs)(struct cairn_fs_statfs *st);
	int (*dropcache)(void);
	/* Set what mask (LIBC_SET_*) names of handle h's file, and its
	 * change time to now (NULL: the libc answers EROFS on a read-only
	 * mount, EOPNOTSUPP on another). */
	int (*setattr)(int h, unsigned mask, unsigned mode, unsigned uid,
		       unsigned gid, int64_t atime, int64_t mtime);
};

/*
 * setattr's mask (the file protocol's FS_SET_* values): the permission
 * bits (07777), the owner, the group, the access and modification times
 * in seconds since 1970, or those times set to the mount's now.
 */
enum {
	LIBC_SET_MODE = 1,
	LIBC_SET_UID = 2,
	LIBC_SET_GID = 4,
	LIBC_SET_ATIME = 8,
	LIBC_SET_MTIME = 16,
	LIBC_SET_ATIME_NOW = 32,
	LIBC_SET_MTIME_NOW = 64,
};

struct libc_mount {
	const char *dir;  /* "/" (the root, first), "/disk" */
	const char *type; /* "initramfs", "ext2" */
	const struct libc_fsops *ops;
};

/* The mounts, the root first: how many; *m the table. */
int libc_mounts(const struct libc_mount **m);

/*
 * Sockets (sys/socket.h), TCP and UDP over IPv4.  Handles are the
 * runtime's small numbers; addresses and ports are host order; each
 * operation returns >= 0 or a negative errno.  A blocking one waits
 * (nonblock 0), else it answers -EAGAIN.  libc_sockets returns NULL
 * when the program has none (socket() then fails with ENOSYS).
 */
enum {
	LIBC_SOCK_TCP = 1,
	LIBC_SOCK_UDP = 2,
	LIBC_SOCKOPT_REUSEADDR = 1,
	LIBC_SOCKOPT_KEEPALIVE = 2,
	LIBC_SOCKOPT_NODELAY = 3,
	LIBC_SOCKOPT_ERROR = 4, /* get only: the pending error, taken */
	LIBC_SOCKOPT_TYPE = 5,	/* get only */
};

/* poll's entry for a socket: events and revents as poll.h's. */
struct libc_pollsock {
	int32_t sock;
	int16_t events, revents;
};

struct libc_sockops {
	int (*open)(int type);
	int (*bind)(int h, uint32_t addr, uint16_t port);
	int (*listen)(int h, int backlog);
	int (*accept)(int h, int nonblock, uint32_t *addr, uint16_t *port);
	int (*connect)(int h, uint32_t addr, uint16_t port, int nonblock);
	/* UDP: addr and port 0 for the connected peer. */
	long (*send)(int h, const void *buf, size_t n, uint32_t addr,
		     uint16_t port, int nonblock);
	long (*recv)(int h, void *buf, size_t n, int peek, uint32_t *addr,
		     uint16_t *port, int nonblock);
	int (*shutdown)(int h, int how);
	int (*close)(int h);
	/* timeout_ms < 0: for ever.  How many are ready. */
	int (*poll)(struct libc_pollsock *p, int n, long timeout_ms);
	int (*name)(int h, int peer, uint32_t *addr, uint16_t *port);
	int (*setopt)(int h, int opt, uint64_t value);
	int (*getopt)(int h, int opt, uint64_t *value);
	/* The IPv4 address (host order) of a host name: LIBC_RESOLVE_OK
	 * with *addr, or another LIBC_RESOLVE_ (NULL: no resolver). */
	int (*resolve)(const char *name, uint32_t *addr);
};

/* What resolve answers: the net service's results (proto/net.h). */
enum {
	LIBC_RESOLVE_OK = 0,
	LIBC_RESOLVE_NOT_FOUND = 1,
	LIBC_RESOLVE_TIMED_OUT = 2,
	LIBC_RESOLVE_NO_SERVER = 3,
	LIBC_RESOLVE_BAD_NAME = 4,
	LIBC_RESOLVE_BUSY = 5,
	LIBC_RESOLVE_FAILED = 6, /* the service could not be asked */
};

const struct libc_sockops *libc_sockets(void);

#endif
