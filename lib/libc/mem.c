/*
 * mem: the memory functions of string.h.  The compiler may emit calls to
 * memcpy, memmove, memset and memcmp on its own, so they must not be
 * written in a way it would turn back into calls to themselves: plain
 * loops, which -ffreestanding keeps as loops.
 */
#include <stdint.h>
#include <string.h>

/* A word that may alias anything, for the word-at-a-time loops. */
typedef uint64_t __attribute__((may_alias)) word;

/* True if a, b and n all let the copy go a word at a time. */
static int
word_aligned(const void *a, const void *b, size_t n)
{
	return (((uintptr_t)a | (uintptr_t)b | n) % sizeof(word)) == 0;
}

void *
memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (word_aligned(d, s, n)) {
		word *dw = dst;
		const word *sw = src;
		for (size_t i = 0; i < n / sizeof(word); i++) {
			dw[i] = sw[i];
		}
		return dst;
	}
	for (size_t i = 0; i < n; i++) {
		d[i] = s[i];
	}
	return dst;
}

/* Overlapping copies go forward when dst is below src, else backward. */
void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d - (uintptr_t)s >= n) {
		/* dst is below src, or past the end of it: forward is safe. */
		for (size_t i = 0; i < n; i++) {
			d[i] = s[i];
		}
		return dst;
	}
	while (n > 0) {
		n--;
		d[n] = s[n];
	}
	return dst;
}

void *
memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned char b = (unsigned char)c;
	word w = (word)0x0101010101010101ull * b;

	/* Bytes up to a word boundary, then words, then the tail. */
	while (n > 0 && (uintptr_t)d % sizeof(word) != 0) {
		*d++ = b;
		n--;
	}
	for (; n >= sizeof(word); n -= sizeof(word), d += sizeof(word)) {
		*(word *)(void *)d = w;
	}
	while (n > 0) {
		*d++ = b;
		n--;
	}
	return dst;
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a;
	const unsigned char *y = b;

	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i]) {
			return x[i] < y[i] ? -1 : 1;
		}
	}
	return 0;
}

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
