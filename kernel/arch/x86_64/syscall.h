/* syscall: SYSCALL entry set-up, dispatch and user-memory copies. */
#ifndef CAIRN_X86_SYSCALL_H
#define CAIRN_X86_SYSCALL_H

#include <stdint.h>

struct trap_frame;

/* Point SYSCALL at syscall_entry and set the segments and flag mask. */
void syscall_init(void);

/* Called by entry.S for each SYSCALL; the result goes in f->rax. */
void syscall_dispatch(struct trap_frame *f);

/*
 * Copy n bytes from user address src to dst.  Returns 0, or -1 if any
 * byte is outside user space or not readable.
 */
int user_copy_in(void *dst, uint64_t src, uint64_t n);

#endif
