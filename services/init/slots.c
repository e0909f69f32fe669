/*
 * slots: which of init's CNode slots are free, one bit each.  Single
 * slots come from the bottom (the lowest free one), ranges (a process's
 * slots, a mapping's copies) from the top, so that the scattered singles
 * do not cut up the space the ranges need.
 */
#include "slots.h"

#define NSLOTS (1u << INIT_RADIX)

static uint64_t used[NSLOTS / 64];
static word_t nused;
static cptr_t hint; /* no slot below it is free */

static bool
busy(cptr_t s)
{
	return used[s / 64] >> (s % 64) & 1;
}

static void
mark(cptr_t s, bool on)
{
	if (on) {
		used[s / 64] |= 1ull << (s % 64);
		nused++;
	} else {
		used[s / 64] &= ~(1ull << (s % 64));
		nused--;
	}
}

void
slots_init(cptr_t first_free)
{
	for (cptr_t s = 0; s < first_free && s < NSLOTS; s++) {
		if (!busy(s)) {
			mark(s, true);
		}
	}
	hint = first_free;
}

cptr_t
slot_alloc(void)
{
	for (cptr_t s = hint > 0 ? hint : 1; s < NSLOTS; s++) {
		if (!busy(s)) {
			mark(s, true);
			hint = s + 1;
			return s;
		}
	}
	return 0;
}

void
slot_free(cptr_t s)
{
	if (s != 0 && s < NSLOTS && busy(s)) {
		mark(s, false);
		hint = s < hint ? s : hint;
	}
}

/* Ranges come from the top down, a word of 64 slots passed over at once
 * when all of them are taken (the large processes' ranges sit there). */
cptr_t
slots_alloc_range(word_t n)
{
	word_t run = 0;
	cptr_t s = NSLOTS - 1;

	while (s > 0 && n > 0) {
		if (s % 64 == 63 && s >= 64 && used[s / 64] == ~0ull) {
			run = 0;
			s -= 64;
			continue;
		}
		run = busy(s) ? 0 : run + 1;
		if (run == n) {
			for (cptr_t i = s; i < s + n; i++) {
				mark(i, true);
			}
			return s;
		}
		s--;
	}
	return 0;
}

void
slots_free_range(cptr_t first, word_t n)
{
	for (word_t i = 0; i < n; i++) {
		slot_free(first + i);
	}
}

word_t
slots_in_use(void)
{
	return nused;
}
