/*
 * fuzz: what the host fuzz targets share.  Each target (fuzz_NAME.c) is
 * a libFuzzer entry point that drives one parser of untrusted input the
 * way its real caller does, and checks the promises of its API with
 * fuzz_check.  A broken promise aborts, so libFuzzer keeps the input as
 * it keeps one that crashed.
 */
#ifndef CAIRN_TESTS_FUZZ_H
#define CAIRN_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop the run, naming the promise, unless ok. */
static inline void
fuzz_check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz: broken promise: %s\n", what);
		abort();
	}
}

/* Does [p, p + n) lie inside the size bytes at base? */
static inline int
fuzz_inside(const void *p, size_t n, const void *base, size_t size)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)base;

	return a >= b && a - b <= size && n <= size - (a - b);
}

/* Is s NUL-terminated within its n bytes? */
static inline int
fuzz_terminated(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\0') {
			return 1;
		}
	}
	return 0;
}

/* Are the n bytes at p all zero, as memset leaves a refused result? */
static inline int
fuzz_zeroed(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		if (b[i] != 0) {
			return 0;
		}
	}
	return 1;
}

#endif
