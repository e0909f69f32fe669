/*
 * Destination slots: the one check every method that makes a capability
 * goes through (CNode copy, mint, move and mutate, retype; IRQ GET and
 * port ISSUE are x86_64's, arch/x86_64/t_slot_x86.c), automatic slots
 * (CAIRN_SLOT_AUTO and CAIRN_SLOT_AUTO_FROM) and their refusals, and the
 * one guard check.
 */
#include "ktest.h"

#define LONG_RADIX 11 /* a CNode of 2,048 slots: more than one scan chunk */

KTEST(slot_auto_from_starts_at_its_slot)
{
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, 3);
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	word_t got = 0;

	KT_OK(cairn_cnode_copy(cn, CAIRN_SLOT_AUTO_FROM(5), CAIRN_ROOT_CNODE, e,
			       CAIRN_RIGHTS_ALL, &got));
	KT_EQ(got, 5);
	KT_OK(cairn_cnode_mint(cn, CAIRN_SLOT_AUTO_FROM(5), CAIRN_ROOT_CNODE, e,
			       CAIRN_RIGHTS_ALL, 4, &got));
	KT_EQ(got, 6);
	/* Nothing free at or after slot 8 of 8, nor far beyond. */
	KT_EQ(cairn_cnode_copy(cn, CAIRN_SLOT_AUTO_FROM(8), CAIRN_ROOT_CNODE, e,
			       CAIRN_RIGHTS_ALL, NULL),
	      CAIRN_E_NO_FREE_SLOT);
	KT_EQ(cairn_cnode_copy(cn, CAIRN_SLOT_AUTO_MIN, CAIRN_ROOT_CNODE, e,
			       CAIRN_RIGHTS_ALL, NULL),
	      CAIRN_E_NO_FREE_SLOT);
	KT_EQ(cairn_cnode_copy(cn, CAIRN_SLOT_AUTO_MIN - 1, CAIRN_ROOT_CNODE, e,
			       CAIRN_RIGHTS_ALL, NULL),
	      CAIRN_E_RANGE);
	/* Retype: a run of 3 from slot 5 on starts at 7?  No: 7 is last. */
	KT_EQ(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_ENDPOINT, 0, cn,
				   CAIRN_SLOT_AUTO_FROM(5), 3, NULL),
	      CAIRN_E_NO_FREE_SLOT);
	KT_OK(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_ENDPOINT, 0, cn,
				   CAIRN_SLOT_AUTO_FROM(1), 3, &got));
	KT_EQ(got, 1);
	KT_EQ(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_ENDPOINT, 0, cn,
				   CAIRN_SLOT_AUTO, 0, NULL),
	      CAIRN_E_RANGE);
	KT_EQ(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_ENDPOINT, 0, cn,
				   CAIRN_SLOT_AUTO, 9, NULL),
	      CAIRN_E_RANGE);
}

/* Fill slots [0, n) of cn with endpoints, 256 at a time. */
static int
fill(cptr_t cn, word_t n)
{
	for (word_t i = 0; i < n; i += 256) {
		word_t c = n - i < 256 ? n - i : 256;
		int err = cairn_untyped_retype(kt_untyped, CAIRN_OBJ_ENDPOINT,
					       0, cn, i, c, NULL);
		if (err != CAIRN_OK) {
			return err;
		}
	}
	return CAIRN_OK;
}

KTEST(slot_auto_finds_the_last_slot_of_a_long_cnode)
{
	word_t n = 1ul << LONG_RADIX, got = 0;
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, LONG_RADIX);
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);

	KT_OK(fill(cn, n - 1));
	KT_EQ(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_ENDPOINT, 0, cn,
				   CAIRN_SLOT_AUTO, 2, NULL),
	      CAIRN_E_NO_FREE_SLOT);
	KT_OK(cairn_cnode_copy(cn, CAIRN_SLOT_AUTO, CAIRN_ROOT_CNODE, e,
			       CAIRN_RIGHTS_ALL, &got));
	KT_EQ(got, n - 1);
	KT_EQ(cairn_cnode_copy(cn, CAIRN_SLOT_AUTO, CAIRN_ROOT_CNODE, e,
			       CAIRN_RIGHTS_ALL, NULL),
	      CAIRN_E_NO_FREE_SLOT);
	/* A run of two past the first chunk. */
	KT_OK(cairn_cnode_delete(cn, 1500));
	KT_OK(cairn_cnode_delete(cn, 1501));
	KT_OK(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_NOTIFICATION, 0, cn,
				   CAIRN_SLOT_AUTO, 2, &got));
	KT_EQ(got, 1500);
}

KTEST(slot_guard_check_refuses_a_guard_wider_than_its_bits)
{
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, 4);
	cptr_t d = kt_slot();

	/* Guard 4 in 2 bits: too wide; in 3 bits: fine. */
	KT_EQ(cairn_cnode_mint(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, cn,
			       CAIRN_RIGHTS_ALL, 4 << 6 | 2, NULL),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(kt_type(d), CAIRN_OBJ_NULL);
	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, cn,
			       CAIRN_RIGHTS_ALL, 4 << 6 | 3, NULL));
	KT_EQ(kt_type(d), CAIRN_OBJ_CNODE);
}
