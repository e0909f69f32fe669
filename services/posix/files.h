/*
 * files: Linux's file descriptors over the server's open files.  An open
 * file (Linux's "open file description") is shared by every descriptor
 * that dup or fork made from it, with its offset and flags; it holds a
 * handle of the disk's (the fs service's, through the libc's mount
 * operations) or is one of the devices the server makes itself.  Linux's
 * "/" is the disk's root.
 */
#ifndef CAIRN_POSIX_FILES_H
#define CAIRN_POSIX_FILES_H

#include <stdint.h>

#include "posix.h"

#define OPEN_FILES 128	/* open files of all processes together */
#define LX_PATH	   1024 /* the longest path taken */

enum ofile_kind {
	OF_FREE,
	OF_CONSOLE, /* the serial console: /dev/tty, /dev/console, fds 0-2 */
	OF_FILE,    /* a file of the disk's */
	OF_DIR,	    /* a directory of the disk's (getdents64, fchdir, *at) */
	OF_NULL,    /* /dev/null */
	OF_ZERO,    /* /dev/zero */
	OF_PIPE,    /* an end of a pipe (pipe.c): h the pipe */
	OF_SOCKET,  /* a socket (sock.c): h its entry there */
	OF_PROC,    /* of /proc (procfs.c): h its snapshot, -1 a directory */
};

struct ofile {
	int kind;	    /* enum ofile_kind */
	unsigned refs;	    /* descriptors naming it */
	int h;		    /* the disk's handle (OF_FILE, OF_DIR) */
	int flags;	    /* O_ACCMODE, O_APPEND, O_NONBLOCK as opened */
	uint64_t off;	    /* the offset; a directory's: the next entry */
	char path[LX_PATH]; /* a directory's absolute path (and /proc's) */
};

/* The console's open file, which fds 0-2 of a new process name. */
void files_start(struct lproc *p);
/* Close every descriptor of p (its end). */
void files_end(struct lproc *p);
/* A session of the console has ended: its flags are a new one's. */
void console_reset(void);

/* A free open file with one reference, or NULL; drop a reference. */
struct ofile *ofile_new(int kind, int h, int flags);
void ofile_put(struct ofile *f);
void ofile_ref(struct ofile *f); /* one more reference */

/* Give f the lowest free descriptor from `from` on: it, or -EMFILE. */
long fd_install(struct lproc *p, struct ofile *f, word_t from, bool cloexec);

/* p's descriptor fd, or NULL. */
struct ofile *fd_get(struct lproc *p, word_t fd);

/*
 * The absolute path of the string at va in p, relative to dirfd
 * (AT_FDCWD: the working directory) unless it is absolute, into out
 * (LX_PATH bytes): 0 or -errno.
 */
int path_at(struct lproc *p, word_t dirfd, word_t va, char *out);
/* The same for the server's own string name. */
int path_of(struct lproc *p, word_t dirfd, const char *name, char *out);

/* The disk's mount operations (the libc's "/disk"). */
const struct libc_fsops *disk_ops(void);

/* pipe.c: read or write a pipe's end (may hold the caller: may_hold
 * false answers -EAGAIN instead); its end closed; p's held calls
 * forgotten (p has stopped). */
word_t pipe_io(struct lproc *p, struct ofile *f, word_t va, word_t n, bool out,
	       bool may_hold);
void pipe_close(struct ofile *f);
void pipe_forget(struct lproc *p);
/* poll's events of a pipe's end now (POLLIN, POLLOUT, POLLHUP, POLLERR). */
int pipe_revents(struct ofile *f);
/* The bytes in f's pipe (FIONREAD). */
long pipe_unread(struct ofile *f);
/* Open FIFO ino for p with openat's flags: the descriptor, -errno, or
 * SYS_NO_REPLY while it waits for the other side. */
word_t pipe_fifo_open(struct lproc *p, uint32_t ino, int flags);

/* pipe.c, for sockets: a pipe with one reader and one writer and no open
 * file: its number, or -ENFILE; move bytes through it (out: in from p's
 * va) as a read or write of it would, without holding (bytes, 0 at its
 * end, -EPIPE, -EFAULT, or SYS_NO_REPLY: it would wait), a read that
 * peeks leaving them there; one side's user gone; its state.  The
 * caller wakes what waits (poll_wake). */
int pipe_new(void);
word_t pipe_move(int i, struct lproc *p, word_t va, word_t n, bool out,
		 bool peek);
void pipe_end(int i, int side);
struct pipe_state {
	unsigned len, readers, writers;
	bool writable; /* room for a write of PIPE_BUF */
};
void pipe_state(int i, struct pipe_state *st);
/* A process's buffers (Linux's struct iovec), checked. */
struct lx_iov {
	word_t base, len;
};
/* A message into pipe i: the server's header (hlen bytes) and the total
 * bytes of p's nv buffers v, whole: total, or -EMSGSIZE (more than a
 * pipe holds), -EPIPE (no reader), -EFAULT, or SYS_NO_REPLY (no room
 * now).  Take the next: its header into hdr (*hlen bytes; a put's hlen
 * at most), then its bytes into v, those past them lost (a peek leaves
 * it): the bytes moved, its whole length in *whole; 0 at the end (no
 * writer), -EFAULT (left whole), or SYS_NO_REPLY.  The data bytes of
 * the next message (all: of every message) in pipe i. */
word_t pipe_put(int i, struct lproc *p, const void *hdr, uint32_t hlen,
		const struct lx_iov *v, word_t nv, word_t total);
word_t pipe_take(int i, struct lproc *p, void *hdr, uint32_t *hlen,
		 const struct lx_iov *v, word_t nv, bool peek, word_t *whole);
long pipe_msg_bytes(int i, bool all);

/* sock.c, sockio.c: read or write (vector: readv, writev) on a socket's
 * descriptor a[0], with the call's arguments a (may hold the caller);
 * its last reference closed; p's held call forgotten (p has stopped). */
word_t sock_rw(struct lproc *p, const word_t *a, bool out, bool vector);
void sock_close(struct ofile *f);
void sock_forget(struct lproc *p);

#define LX_AT_FDCWD	       ((word_t)-100)
#define LX_AT_REMOVEDIR	       0x200
#define LX_AT_SYMLINK_NOFOLLOW 0x100
#define LX_AT_EMPTY_PATH       0x1000
#define LX_AT_NO_AUTOMOUNT     0x800
#define LX_UTIME_NOW	       ((1l << 30) - 1)
#define LX_UTIME_OMIT	       ((1l << 30) - 2)
#define LX_AT_STATX_SYNC       0x6000 /* statx's sync bits: all is in sync */
#define LX_F_DUPFD	       0
#define LX_F_GETFD	       1
#define LX_F_SETFD	       2
#define LX_F_GETFL	       3
#define LX_F_SETFL	       4
#define LX_F_DUPFD_CLOEXEC     1030
#define LX_FD_CLOEXEC	       1

#endif
