/*
 * libc_impl: what the libc's own files share and a program does not see.
 * The names start with __cairn_, which C reserves for the implementation
 * and no host C library uses, so they need no renaming in host tests.
 */
#ifndef CAIRN_LIBC_IMPL_H
#define CAIRN_LIBC_IMPL_H

#include <stddef.h>

/* Write out what printf, puts and putchar have buffered. */
void __cairn_stdout_flush(void);

/* Write the NUL-terminated s straight through libc_write. */
void __cairn_write_str(const char *s);

/*
 * Forget the whole heap: every block, free or not, and every region that
 * libc_morecore gave.  For host tests, which start each test on an empty
 * heap, and for a runtime that takes the heap's memory back.
 */
void __cairn_heap_reset(void);

/*
 * Make path absolute and plain into out (n bytes): relative ones from
 * dir, "." and empty components dropped, ".." taking the one before it
 * away (never above "/").  0, or -ENOENT (empty), -ENAMETOOLONG.
 */
int __cairn_path_resolve(const char *dir, const char *path, char *out,
			 size_t n);

/* The mount absolute path abs is under (the longest prefix), with
 * *rest the mount's own path ("/" for its directory); NULL if none. */
struct libc_mount;
const struct libc_mount *__cairn_route(const char *abs, const char **rest);

/* Both, from the working directory, into buf (PATH_MAX bytes): 0 or
 * -errno; *m the mount, *rest its path. */
int __cairn_path_where(const char *path, char *buf, const char **rest,
		       const struct libc_mount **m);

/* The mount and its handle behind descriptor fd (*h), or NULL. */
const struct libc_mount *__cairn_fd_handle(int fd, int *h);

/* A hook's result as a call returns it: errno = -r and -1 when r < 0,
 * else r itself. */
long __cairn_ret(long r);

/* A descriptor for handle h of mount m, with flags: fd or -EMFILE. */
int __cairn_fd_install(const struct libc_mount *m, int h, int flags);

/* fd's flags (O_NONBLOCK, O_CLOEXEC, the access mode), or -EBADF. */
int __cairn_fd_flags(int fd);

/* Sockets' descriptors (socket.c): their mount, and read and write on
 * them (flags: the descriptor's, for O_NONBLOCK). */
extern const struct libc_mount __cairn_sock_mount;
long __cairn_sock_read(int h, void *buf, size_t n, int flags);
long __cairn_sock_write(int h, const void *buf, size_t n, int flags);

/* Write out every stdio stream's buffer (exit does). */
void __cairn_files_flush(void);

#endif
