/*
 * stdlib.h: memory allocation, number conversion, sorting and program
 * termination.  Memory comes from the libc_morecore hook and exit from
 * libc_exit (cairn_libc.h).
 */
#ifndef CAIRN_LIBC_STDLIB_H
#define CAIRN_LIBC_STDLIB_H

#include <stddef.h>

#include "libc_names.h"

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

/*
 * Blocks are 16-byte aligned.  malloc(0) and realloc(p, 0) return a
 * unique minimum-size block, not NULL.  On failure malloc, calloc and
 * realloc return NULL with errno = ENOMEM (realloc then leaves p as it
 * was).  free(NULL) does nothing.  Freeing a pointer twice, or one malloc
 * did not return, or a block whose header was overwritten, is detected
 * in most cases and aborts with a message.
 */
void *malloc(size_t n);
void free(void *p);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *p, size_t n);

/*
 * Convert the start of s: leading white space, an optional sign, then
 * digits in base (2 to 36; 0 picks 16 after "0x", 8 after "0", else 10;
 * 16 also accepts "0x").  *end, if end is not NULL, is set past the last
 * digit used, or to s when there was no number.  Out of range: the
 * largest value of the sign given, errno = ERANGE.  A bad base: 0,
 * errno = EINVAL.
 */
long strtol(const char *restrict s, char **restrict end, int base);
long long strtoll(const char *restrict s, char **restrict end, int base);
unsigned long strtoul(const char *restrict s, char **restrict end, int base);
unsigned long long strtoull(const char *restrict s, char **restrict end,
			    int base);
int atoi(const char *s);
long atol(const char *s);

int abs(int v);
long labs(long v);
long long llabs(long long v);

/*
 * Sort n elements of the given size by cmp; O(n log n) comparisons at
 * worst, not stable.  bsearch finds key in such a sorted array, or
 * returns NULL.
 */
void qsort(void *base, size_t n, size_t size,
	   int (*cmp)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t n, size_t size,
	      int (*cmp)(const void *, const void *));

/* Flush output, then end the program through libc_exit(status). */
_Noreturn void exit(int status);
/* Flush output, print "abort", then libc_exit(134). */
_Noreturn void abort(void);

#endif
