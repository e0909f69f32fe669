/*
 * cairn_libc: what a program, or the runtime it is linked with, gives
 * Cairn's libc.  The libc does no system calls of its own: it writes,
 * grows its heap and ends the program only through these three hooks.
 */
#ifndef CAIRN_LIBC_HOOKS_H
#define CAIRN_LIBC_HOOKS_H

#include <stddef.h>

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

#endif
