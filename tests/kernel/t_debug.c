/*
 * The debug capability: CAP_INFO on every kind of capability and its
 * refusals, unknown methods and short calls, a copy of it.
 */
#include "ktest.h"

KTEST(debug_cap_info_describes_capabilities)
{
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, 5);
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t m = kt_slot();
	word_t type = 0, rights = 0, size = 0, w1 = 0;
	static const word_t arch_caps[][2] = KT_ARCH_ROOT_CAPS;

	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, m, CAIRN_ROOT_CNODE, e,
			       CAIRN_RIGHT_WRITE, 0xABC, NULL));
	KT_OK(cairn_debug_cap_info(e, &type, &rights, &size, &w1));
	KT_EQ(type, CAIRN_OBJ_ENDPOINT);
	KT_EQ(rights, CAIRN_RIGHTS_ALL);
	KT_EQ(w1, 0);
	KT_OK(cairn_debug_cap_info(m, &type, &rights, &size, &w1));
	KT_EQ(type, CAIRN_OBJ_ENDPOINT);
	KT_EQ(rights, CAIRN_RIGHT_WRITE);
	KT_EQ(w1, 0xABC);
	KT_OK(cairn_debug_cap_info(cn, &type, &rights, &size, &w1));
	KT_EQ(type, CAIRN_OBJ_CNODE);
	KT_EQ(size, 5);
	KT_OK(cairn_debug_cap_info(f, &type, &rights, &size, &w1));
	KT_EQ(type, CAIRN_OBJ_FRAME);
	KT_EQ(size, 12);
	KT_OK(cairn_debug_cap_info(kt_untyped, &type, &rights, &size, &w1));
	KT_EQ(type, CAIRN_OBJ_UNTYPED);
	KT_EQ(size, 22);
	KT_OK(
	    cairn_debug_cap_info(CAIRN_ROOT_DEBUG, &type, &rights, &size, &w1));
	KT_EQ(type, CAIRN_CAP_DEBUG);
	KT_OK(cairn_debug_cap_info(CAIRN_ROOT_IRQ_CONTROL, &type, &rights,
				   &size, &w1));
	KT_EQ(type, CAIRN_CAP_IRQ_CONTROL);
	for (int i = 0; arch_caps[i][0] != 0; i++) {
		KT_OK(cairn_debug_cap_info(arch_caps[i][0], &type, &rights,
					   &size, &w1));
		KT_EQ(type, arch_caps[i][1]);
	}
}

KTEST(debug_cap_info_refusals)
{
	static const word_t wild[] = {~0ull, 1ull << 63, KT_ROOT_SLOTS,
				      0xFFFFF};
	word_t type = 0, rights = 0, size = 0, w1 = 0;
	word_t w[4] = {0};

	KT_EQ(cairn_debug_cap_info(kt_slot(), &type, &rights, &size, &w1),
	      CAIRN_E_EMPTY_SLOT);
	KT_EQ(cairn_debug_cap_info(0, &type, &rights, &size, &w1),
	      CAIRN_E_EMPTY_SLOT);
	for (int i = 0; i < 4; i++) {
		KT_EQ(cairn_debug_cap_info(wild[i], &type, &rights, &size, &w1),
		      CAIRN_E_INVALID_CAP);
	}
	KT_EQ(cairn_invoke(CAIRN_ROOT_DEBUG, CAIRN_DEBUG_CAP_INFO, 0, w),
	      CAIRN_E_INVALID_ARGUMENT);
	/* Only the debug capability answers. */
	w[0] = CAIRN_ROOT_TCB;
	KT_EQ(cairn_invoke(CAIRN_ROOT_IRQ_CONTROL, CAIRN_DEBUG_CAP_INFO, 1, w),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(
	    cairn_invoke(kt_make(CAIRN_OBJ_TCB, 0), CAIRN_DEBUG_CAP_INFO, 1, w),
	    CAIRN_E_ILLEGAL_OPERATION);
}

KTEST(debug_unknown_methods_and_short_calls)
{
	/* Outside 64-79, where the debug methods are (67 powers off). */
	static const word_t labels[] = {0, 1, 63, 80, 96, 1000, 1ull << 50};
	word_t w[8] = {0};

	for (int i = 0; i < 7; i++) {
		KT_EQ(cairn_invoke(CAIRN_ROOT_DEBUG, labels[i], 1, w),
		      CAIRN_E_ILLEGAL_OPERATION);
	}
	KT_EQ(cairn_invoke(CAIRN_ROOT_DEBUG, CAIRN_DEBUG_PUTC, 0, w),
	      CAIRN_E_INVALID_ARGUMENT);
	/* FASTPATH: refused without its word. */
	KT_EQ(cairn_invoke(CAIRN_ROOT_DEBUG, CAIRN_DEBUG_FASTPATH, 0, w),
	      CAIRN_E_INVALID_ARGUMENT);
	/* WRITE: the count must fit the words sent. */
	KT_EQ(cairn_invoke(CAIRN_ROOT_DEBUG, CAIRN_DEBUG_WRITE, 0, w),
	      CAIRN_E_RANGE);
	w[0] = 9;
	KT_EQ(cairn_invoke(CAIRN_ROOT_DEBUG, CAIRN_DEBUG_WRITE, 2, w),
	      CAIRN_E_RANGE);
	w[0] = ~0ull;
	KT_EQ(cairn_invoke(CAIRN_ROOT_DEBUG, CAIRN_DEBUG_WRITE, 8, w),
	      CAIRN_E_RANGE);
	w[0] = 0;
	KT_OK(cairn_invoke(CAIRN_ROOT_DEBUG, CAIRN_DEBUG_WRITE, 1, w));
	KT_OK(cairn_debug_write("# debug write\n", 14));
	KT_OK(cairn_debug_putc('#'));
	KT_OK(cairn_debug_putc('\n'));
}

KTEST(debug_copy_of_the_debug_capability_works)
{
	cptr_t c = kt_slot();
	word_t w[4] = {CAIRN_ROOT_TCB};

	KT_OK(cairn_cnode_copy(CAIRN_ROOT_CNODE, c, CAIRN_ROOT_CNODE,
			       CAIRN_ROOT_DEBUG, CAIRN_RIGHT_READ, NULL));
	int st = cairn_invoke(c, CAIRN_DEBUG_CAP_INFO, 1, w);
	cairn_cnode_delete(CAIRN_ROOT_CNODE, c); /* the root's: not revoked */
	KT_OK(st);
	KT_EQ(w[0], CAIRN_OBJ_TCB);
	KT_EQ(kt_type(c), CAIRN_OBJ_NULL);
}
