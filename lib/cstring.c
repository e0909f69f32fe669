/*
 * cstring: freestanding string and memory functions.  The compiler may
 * emit calls to memcpy, memmove, memset and memcmp on its own, so these
 * exist in every freestanding image.
 */
#include "cstring.h"

#include <stdint.h>

void *
memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* Equally aligned: bytes to a boundary, then words, then the tail. */
	if ((uintptr_t)d % 8 == (uintptr_t)s % 8) {
		while (n > 0 && (uintptr_t)d % 8 != 0) {
			*d++ = *s++;
			n--;
		}
		for (; n >= 8; n -= 8, d += 8, s += 8) {
			*(uint64_t *)(void *)d =
			    *(const uint64_t *)(const void *)s;
		}
	}
	while (n-- > 0) {
		*d++ = *s++;
	}
	return dst;
}

void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s) {
		return memcpy(dst, src, n);
	}
	while (n-- > 0) {
		d[n] = s[n];
	}
	return dst;
}

void *
memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t w = 0x0101010101010101ull * (unsigned char)c;

	/* Bytes up to an 8-byte boundary, then words, then the tail. */
	while (n > 0 && (uintptr_t)d % 8 != 0) {
		*d++ = (unsigned char)c;
		n--;
	}
	for (; n >= 8; n -= 8, d += 8) {
		*(uint64_t *)(void *)d = w;
	}
	while (n-- > 0) {
		*d++ = (unsigned char)c;
	}
	return dst;
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i]) {
			return x[i] - y[i];
		}
	}
	return 0;
}

size_t
strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0') {
		n++;
	}
	return n;
}

int
strncmp(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (a[i] != b[i] || a[i] == '\0') {
			return (unsigned char)a[i] - (unsigned char)b[i];
		}
	}
	return 0;
}

int
strcmp(const char *a, const char *b)
{
	return strncmp(a, b, (size_t)-1);
}

char *
strcpy(char *restrict dst, const char *restrict src)
{
	return memcpy(dst, src, strlen(src) + 1);
}

/* The terminating NUL counts as part of s, so strchr(s, 0) finds it. */
char *
strchr(const char *s, int c)
{
	char ch = (char)c;

	for (;; s++) {
		if (*s == ch) {
			return (char *)s;
		}
		if (*s == '\0') {
			return NULL;
		}
	}
}

char *
strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++) {
		if (strncmp(hay, needle, n) == 0) {
			return (char *)hay;
		}
	}
	return n == 0 ? (char *)hay : NULL;
}
