/*
 * string.h: memory and string functions, as C11 defines them, plus
 * strnlen, strtok_r, strdup and strndup from POSIX.
 */
#ifndef CAIRN_LIBC_STRING_H
#define CAIRN_LIBC_STRING_H

#include <stddef.h>

#include "libc_names.h"

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *restrict dst, const char *restrict src);
char *strncpy(char *restrict dst, const char *restrict src, size_t n);
char *strcat(char *restrict dst, const char *restrict src);
char *strncat(char *restrict dst, const char *restrict src, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *hay, const char *needle);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char *strpbrk(const char *s, const char *accept);
char *strtok_r(char *restrict s, const char *restrict sep,
	       char **restrict save);

/* Copies in memory from malloc; NULL with errno = ENOMEM if there is none. */
char *strdup(const char *s);
char *strndup(const char *s, size_t max);

/*
 * A message for an errno value.  Unknown values get "Unknown error N",
 * in a buffer the next such call overwrites.
 */
char *strerror(int err);

#endif
