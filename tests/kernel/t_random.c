/*
 * Random invocations on objects the test owns, with arguments drawn from
 * values that matter (its own slots, edges, addresses) and noise: the
 * kernel must answer every one with a status, and the leak check after
 * the test must still find every slot empty once the Untyped is revoked.
 * (The full system-call fuzzer is issue #5's; this is its small cousin,
 * fixed seed, so a failure repeats.)
 */
#include "ktest.h"

static uint64_t rng = 0x3345F4914F6CDD1Dull;

static uint64_t
next(void)
{
	return cairn_xorshift(&rng);
}

/* A capability address: one of the test's slots, or an empty one. */
static word_t
pick_slot(word_t first, word_t n)
{
	return (next() % 8 == 0) ? 0 : first + next() % n;
}

static word_t
pick_word(word_t first, word_t n, word_t va)
{
	switch (next() % 10) {
	case 0:
		return 0;
	case 1:
		return ~0ull;
	case 2: {
		/* Small: indices, sizes, types; never the root CNode (2),
		 * whose slots the root itself needs. */
		word_t v = next() % 16;
		return v == CAIRN_ROOT_CNODE ? 0 : v;
	}
	case 3:
	case 4:
		return pick_slot(first, n);
	case 5:
		return va + (next() % 64) * 4096; /* the test's addresses */
	case 6:
		return 12 + next() % 10; /* object sizes */
	case 7:
		return CAIRN_RIGHTS_ALL & next();
	default:
		return next();
	}
}

KTEST(random_invocations_on_owned_objects)
{
	/* Objects to play with; no TCB (a resumed one would run garbage). */
	word_t first = kt_make(CAIRN_OBJ_CNODE, 4);
	kt_make(CAIRN_OBJ_UNTYPED, 16);
	kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	kt_make(CAIRN_OBJ_REPLY, 0);
	kt_make(CAIRN_OBJ_FRAME, 12);
	kt_make(CAIRN_OBJ_PAGE_TABLE, 0);
	kt_make(CAIRN_OBJ_PAGE_DIR, 0);
	kt_make(CAIRN_OBJ_VSPACE, 0);
	kt_make(CAIRN_OBJ_UNTYPED, 14);
	word_t n = 9;
	word_t va = kt_vaddr(64);
	int succeeded = 0;

	for (int i = 0; i < 5000; i++) {
		cptr_t cap = first + next() % n;
		word_t label = next() % 110;
		word_t w[8];
		for (int k = 0; k < 8; k++) {
			w[k] = pick_word(first, n, va);
		}
		int st = cairn_invoke(cap, label, 1 + next() % 8, w);
		KT_TRUE(st >= CAIRN_OK && st < CAIRN_E_COUNT);
		succeeded += st == CAIRN_OK;
	}
	/*
	 * Both kinds of answer came: a kernel that refused everything (or
	 * took everything) would not be tested by the draws.  With this
	 * seed about one call in ten succeeds.
	 */
	printf("# %d of 5000 calls succeeded\n", succeeded);
	KT_TRUE(succeeded >= 100);
	KT_TRUE(succeeded <= 4900);
	/* What the calls made is under the test's Untyped; copies they put
	 * in its CNode go with it. */
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, first));
	for (word_t i = 0; i < 16; i++) {
		cairn_cnode_delete(first, i);
	}
}
