/*
 * test_rand: a small deterministic generator (xorshift64*) for the
 * randomized tests, so every run checks the same cases.
 */
#ifndef CAIRN_TEST_LIBC_RAND_H
#define CAIRN_TEST_LIBC_RAND_H

#include <stdint.h>

static inline uint64_t
test_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dull;
}

/* A value in [0, n), n > 0. */
static inline uint64_t
test_below(uint64_t *state, uint64_t n)
{
	return test_rand(state) % n;
}

#endif
