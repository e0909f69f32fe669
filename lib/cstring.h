/*
 * cstring: the string.h functions that the kernel, libcairn and the libc
 * share, one implementation each (lib/cstring.c).  Hosted builds (the
 * unit tests) declare them through <string.h>: the host's, or in the
 * libc's host tests the libc's own header, which renames them.
 */
#ifndef CAIRN_LIB_CSTRING_H
#define CAIRN_LIB_CSTRING_H

#if __STDC_HOSTED__
#include <string.h>
#else
#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *restrict dst, const char *restrict src);
char *strchr(const char *s, int c);
char *strstr(const char *hay, const char *needle);
#endif

#endif
