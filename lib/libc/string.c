/*
 * string: the rest of string.h that needs no allocation.  The functions
 * the kernel uses too (memcpy, memmove, memset, memcmp, strlen, strcmp,
 * strncmp, strcpy, strchr, strstr) are in lib/cstring.c.
 */
#include <stdint.h>
#include <string.h>

void *
memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;
	unsigned char b = (unsigned char)c;

	for (size_t i = 0; i < n; i++) {
		if (p[i] == b) {
			return (void *)(p + i);
		}
	}
	return NULL;
}

size_t
strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0') {
		n++;
	}
	return n;
}

/* Copy at most n characters, then pad with NULs up to n (C's rule). */
char *
strncpy(char *restrict dst, const char *restrict src, size_t n)
{
	size_t i = 0;

	for (; i < n && src[i] != '\0'; i++) {
		dst[i] = src[i];
	}
	for (; i < n; i++) {
		dst[i] = '\0';
	}
	return dst;
}

char *
strcat(char *restrict dst, const char *restrict src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

/* Append at most n characters of src, and always a NUL. */
char *
strncat(char *restrict dst, const char *restrict src, size_t n)
{
	char *d = dst + strlen(dst);
	size_t i = 0;

	for (; i < n && src[i] != '\0'; i++) {
		d[i] = src[i];
	}
	d[i] = '\0';
	return dst;
}

char *
strrchr(const char *s, int c)
{
	char ch = (char)c;
	const char *last = NULL;

	for (;; s++) {
		if (*s == ch) {
			last = s;
		}
		if (*s == '\0') {
			return (char *)last;
		}
	}
}

/* True if c is one of the characters of set (not counting its NUL). */
static int
in_set(char c, const char *set)
{
	for (; *set != '\0'; set++) {
		if (*set == c) {
			return 1;
		}
	}
	return 0;
}

size_t
strspn(const char *s, const char *accept)
{
	size_t n = 0;

	while (s[n] != '\0' && in_set(s[n], accept)) {
		n++;
	}
	return n;
}

size_t
strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] != '\0' && !in_set(s[n], reject)) {
		n++;
	}
	return n;
}

char *
strpbrk(const char *s, const char *accept)
{
	s += strcspn(s, accept);
	return *s != '\0' ? (char *)s : NULL;
}

/*
 * Return the next token of s (or, when s is NULL, of the string *save
 * was left in), ending it with a NUL; NULL when only separators remain.
 */
char *
strtok_r(char *restrict s, const char *restrict sep, char **restrict save)
{
	if (s == NULL) {
		s = *save;
	}
	if (s == NULL) {
		return NULL;
	}
	s += strspn(s, sep);
	if (*s == '\0') {
		*save = NULL;
		return NULL;
	}
	char *end = s + strcspn(s, sep);
	if (*end == '\0') {
		*save = NULL;
	} else {
		*end = '\0';
		*save = end + 1;
	}
	return s;
}
