/* Untyped: retype, its refusals, watermark, reset and revoke. */
#include "ktest.h"

KTEST(untyped_retype_each_type)
{
	static const word_t types[][2] = {
	    {CAIRN_OBJ_TCB, 0},		 {CAIRN_OBJ_ENDPOINT, 0},
	    {CAIRN_OBJ_NOTIFICATION, 0}, {CAIRN_OBJ_CNODE, 4},
	    {CAIRN_OBJ_REPLY, 0},	 {CAIRN_OBJ_FRAME, 12},
	    {CAIRN_OBJ_PAGE_TABLE, 0},	 {CAIRN_OBJ_PAGE_DIR, 0},
	    {CAIRN_OBJ_PDPT, 0},	 {CAIRN_OBJ_VSPACE, 0},
	    {CAIRN_OBJ_UNTYPED, 16},
	};

	for (unsigned i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		cptr_t s = kt_make(types[i][0], types[i][1]);
		KT_EQ(kt_type(s), types[i][0]);
	}
}

KTEST(untyped_retype_many_consecutive)
{
	cptr_t first = kt_slot();
	word_t got;

	for (int i = 0; i < 7; i++) {
		kt_slot();
	}
	KT_OK(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_ENDPOINT, 0,
				   CAIRN_ROOT_CNODE, first, 8, &got));
	KT_EQ(got, first);
	for (int i = 0; i < 8; i++) {
		KT_EQ(kt_type(first + i), CAIRN_OBJ_ENDPOINT);
	}
}

KTEST(untyped_retype_auto_slot)
{
	word_t got = 0;

	KT_OK(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_NOTIFICATION, 0,
				   CAIRN_ROOT_CNODE, CAIRN_SLOT_AUTO, 1, &got));
	KT_EQ(kt_type(got), CAIRN_OBJ_NOTIFICATION);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, got));
}

KTEST(untyped_refuses_bad_type_and_size)
{
	cptr_t s = kt_slot();

	KT_EQ(cairn_untyped_retype(kt_untyped, 0, 0, CAIRN_ROOT_CNODE, s, 1,
				   NULL),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(cairn_untyped_retype(kt_untyped, 99, 0, CAIRN_ROOT_CNODE, s, 1,
				   NULL),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_FRAME, 13,
				   CAIRN_ROOT_CNODE, s, 1, NULL),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_CNODE, 0,
				   CAIRN_ROOT_CNODE, s, 1, NULL),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_UNTYPED, 23,
				   CAIRN_ROOT_CNODE, s, 1, NULL),
	      CAIRN_E_INVALID_ARGUMENT);
}

KTEST(untyped_refuses_bad_destination)
{
	cptr_t s = kt_slot();

	KT_EQ(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_ENDPOINT, 0,
				   CAIRN_ROOT_DEBUG, s, 1, NULL),
	      CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_ENDPOINT, 0,
				   CAIRN_ROOT_CNODE, KT_ROOT_SLOTS, 1, NULL),
	      CAIRN_E_RANGE);
	KT_EQ(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_ENDPOINT, 0,
				   CAIRN_ROOT_CNODE, KT_ROOT_SLOTS - 1, 2,
				   NULL),
	      CAIRN_E_RANGE);
	KT_EQ(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_ENDPOINT, 0,
				   CAIRN_ROOT_CNODE, s, 0, NULL),
	      CAIRN_E_RANGE);
	/* VSpaces: at most 8 a call, so that one call's work is bounded. */
	KT_EQ(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_VSPACE, 0,
				   CAIRN_ROOT_CNODE, CAIRN_SLOT_AUTO, 9, NULL),
	      CAIRN_E_RANGE);
	KT_EQ(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_ENDPOINT, 0,
				   CAIRN_ROOT_CNODE, CAIRN_ROOT_TCB, 1, NULL),
	      CAIRN_E_SLOT_OCCUPIED);
}

/* Eight VSpaces in one call are allowed: each has its own ASID. */
KTEST(untyped_retype_eight_vspaces)
{
	cptr_t first = kt_slot();

	for (int i = 1; i < 8; i++) {
		kt_slot();
	}
	KT_OK(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_VSPACE, 0,
				   CAIRN_ROOT_CNODE, first, 8, NULL));
	for (cptr_t s = first; s < first + 8; s++) {
		KT_EQ(kt_type(s), CAIRN_OBJ_VSPACE);
	}
}

KTEST(untyped_exhausted_is_an_error)
{
	cptr_t s = kt_slot();

	/* 4 MiB holds two 2 MiB frames and no third. */
	kt_make(CAIRN_OBJ_FRAME, 21);
	kt_make(CAIRN_OBJ_FRAME, 21);
	KT_EQ(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_FRAME, 12,
				   CAIRN_ROOT_CNODE, s, 1, NULL),
	      CAIRN_E_NO_MEMORY);
}

KTEST(untyped_revoke_gives_all_memory_back)
{
	cptr_t child = kt_make(CAIRN_OBJ_UNTYPED, 21);
	cptr_t s = kt_slot();

	/* Fill the 2 MiB child, revoke, and fill it again. */
	for (int round = 0; round < 2; round++) {
		KT_OK(cairn_untyped_retype(child, CAIRN_OBJ_FRAME, 21,
					   CAIRN_ROOT_CNODE, s, 1, NULL));
		KT_EQ(cairn_untyped_retype(child, CAIRN_OBJ_ENDPOINT, 0,
					   CAIRN_ROOT_CNODE, kt_slot(), 1,
					   NULL),
		      CAIRN_E_NO_MEMORY);
		KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, child));
		KT_EQ(kt_type(s), CAIRN_OBJ_NULL);
	}
}

KTEST(untyped_new_objects_are_zero)
{
	cptr_t child = kt_make(CAIRN_OBJ_UNTYPED, 12);
	cptr_t f = kt_slot();
	word_t va = kt_vaddr(1);

	/* Dirty the page, revoke, and make it again: it must be zero. */
	for (int round = 0; round < 2; round++) {
		KT_OK(cairn_untyped_retype(child, CAIRN_OBJ_FRAME, 12,
					   CAIRN_ROOT_CNODE, f, 1, NULL));
		if (round == 0) {
			kt_map_page(va + 4096 * 1); /* tables for va */
		}
		KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va,
				      CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE));
		volatile word_t *p = (volatile word_t *)va;
		for (int i = 0; i < 512; i++) {
			KT_EQ(p[i], 0);
		}
		for (int i = 0; i < 512; i++) {
			p[i] = 0xDEADBEEF;
		}
		KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, child));
	}
}

KTEST(untyped_cannot_be_copied)
{
	KT_EQ(cairn_cnode_copy(CAIRN_ROOT_CNODE, kt_slot(), CAIRN_ROOT_CNODE,
			       kt_untyped, CAIRN_RIGHTS_ALL, NULL),
	      CAIRN_E_ILLEGAL_OPERATION);
}

KTEST(untyped_device_makes_frames_only)
{
	cptr_t dev = 0;

	for (word_t i = 0; i < kt_bi->nuntyped; i++) {
		if (kt_bi->untyped[i].device &&
		    kt_bi->untyped[i].size_bits >= 12) {
			dev = kt_bi->untyped_first + i;
			break;
		}
	}
	KT_TRUE(dev != 0);
	KT_EQ(cairn_untyped_retype(dev, CAIRN_OBJ_TCB, 0, CAIRN_ROOT_CNODE,
				   kt_slot(), 1, NULL),
	      CAIRN_E_INVALID_ARGUMENT);
}
