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

#endif
