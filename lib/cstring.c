/*
 * cstring: the string and memory functions that the kernel, libcairn and
 * the libc all use; the libc's string.c has the rest of string.h.  The
 * compiler may emit calls to memcpy, memmove, memset and memcmp on its
 * own, so these exist in every freestanding image, and they are plain
 * loops, which -ffreestanding keeps as loops rather than turning them
 * back into calls to themselves.
 */
#include "cstring.h"

#include <stdint.h>

/* A word that may alias anything, for the word-at-a-time loops. */
typedef uint64_t __attribute__((may_alias)) word;

/*
 * Copy n words upward: the bulk of a copy, where its speed is.  On
 * x86_64 one rep movsq (QEMU, like the hardware's microcode, moves a word
 * per step); elsewhere 64 bytes a turn, which the compiler makes four
 * load-pair and store-pair instructions on aarch64.
 */
static inline void
copy_words(word *d, const word *s, size_t n)
{
#if defined(__x86_64__)
	__asm__ volatile("rep movsq" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
#else
	for (; n >= 8; n -= 8, d += 8, s += 8) {
		word a = s[0], b = s[1], c = s[2], e = s[3];
		word f = s[4], g = s[5], h = s[6], i = s[7];
		d[0] = a, d[1] = b, d[2] = c, d[3] = e;
		d[4] = f, d[5] = g, d[6] = h, d[7] = i;
	}
	for (; n > 0; n--) {
		*d++ = *s++;
	}
#endif
}

/*
 * Whether a copy from s to d can move words once d is aligned: on x86_64
 * a word is read from any address (the NIC's frames sit 2 bytes past a
 * word in one buffer and 4 in the other); elsewhere s must then be
 * aligned too.
 */
static inline int
words_fit(const unsigned char *d, const unsigned char *s)
{
#if defined(__x86_64__)
	(void)d;
	(void)s;
	return 1;
#else
	return (uintptr_t)d % sizeof(word) == (uintptr_t)s % sizeof(word);
#endif
}

/*
 * Copy n bytes upward from s to d.  When words fit: bytes to a word
 * boundary of d, then words, then the tail (spawn copies whole pages
 * through here, the fs service whole blocks, the NIC driver frames).
 * Safe for overlap when d is below s.  Not inlined: memcpy and memmove
 * would each carry the loops.
 */
static __attribute__((noinline)) void
copy_up(unsigned char *d, const unsigned char *s, size_t n)
{
	if (words_fit(d, s)) {
		while (n > 0 && (uintptr_t)d % sizeof(word) != 0) {
			*d++ = *s++;
			n--;
		}
		size_t words = n / sizeof(word);
		copy_words((word *)(void *)d, (const word *)(const void *)s,
			   words);
		d += words * sizeof(word);
		s += words * sizeof(word);
		n -= words * sizeof(word);
	}
	while (n > 0) {
		*d++ = *s++;
		n--;
	}
}

void *
memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	copy_up(dst, src, n);
	return dst;
}

/* Overlapping copies go upward when dst is below src, else downward. */
void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d - (uintptr_t)s >= n) {
		/* dst is below src, or past the end of it: upward is safe. */
		copy_up(d, s, n);
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

/* A word from p, at any alignment (bytes where the arch needs them). */
static inline word
load_word(const unsigned char *p)
{
	word w;

	__builtin_memcpy(&w, p, sizeof(w));
	return w;
}

/* Words while they are equal, then bytes to find the first difference. */
int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a;
	const unsigned char *y = b;

	for (; n >= sizeof(word) && load_word(x) == load_word(y);
	     n -= sizeof(word), x += sizeof(word), y += sizeof(word)) {
	}
	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i]) {
			return x[i] < y[i] ? -1 : 1;
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

/* Characters are compared as unsigned char, as C requires. */
int
strncmp(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i];
		unsigned char y = (unsigned char)b[i];
		if (x != y) {
			return x < y ? -1 : 1;
		}
		if (x == '\0') {
			break;
		}
	}
	return 0;
}

int
strcmp(const char *a, const char *b)
{
	return strncmp(a, b, SIZE_MAX);
}

char *
strcpy(char *restrict dst, const char *restrict src)
{
	size_t i = 0;

	while ((dst[i] = src[i]) != '\0') {
		i++;
	}
	return dst;
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

	for (; *hay != '\0' || n == 0; hay++) {
		if (strncmp(hay, needle, n) == 0) {
			return (char *)hay;
		}
	}
	return NULL;
}
