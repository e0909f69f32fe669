/*
 * CNodes: copy, mint, move, mutate, delete and revoke, their refusals,
 * the derivation tree, destroying objects (and waking their waiters),
 * CNodes that hold caps to themselves or each other, and capability
 * lookups that pass through more than one CNode.
 */
#include "ktest.h"

#define NOT_YET 0xEEEE /* a thread's status before it has one */

/* The state threads of one test share with the root. */
static cptr_t park_n;	    /* done threads wait here for ever */
static cptr_t done_n;	    /* the root waits here; thread i signals bit i */
static cptr_t done_c[8];    /* badged caps to done_n */
static cptr_t settle_n;	    /* the root waits here in settle() */
static cptr_t ep_g, ntfn_g; /* what the threads block on */
static volatile word_t st_g[8];
static volatile word_t label_g[8];

static word_t
info_rights(cptr_t c)
{
	word_t type = 0, rights = 0, size = 0, w1 = 0;

	cairn_debug_cap_info(c, &type, &rights, &size, &w1);
	return rights;
}

static word_t
info_size(cptr_t c)
{
	word_t type = 0, rights = 0, size = 0, w1 = 0;

	cairn_debug_cap_info(c, &type, &rights, &size, &w1);
	return size;
}

static word_t
info_w1(cptr_t c)
{
	word_t type = 0, rights = 0, size = 0, w1 = 0;

	cairn_debug_cap_info(c, &type, &rights, &size, &w1);
	return w1;
}

static void
park(void)
{
	word_t b;

	for (;;) {
		if (cairn_wait(park_n, &b) != CAIRN_OK) {
			cairn_yield();
		}
	}
}

static void
setup(void)
{
	park_n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	done_n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	for (int i = 0; i < 8; i++) {
		done_c[i] = kt_mint(done_n, CAIRN_RIGHTS_ALL, 1ul << i);
		st_g[i] = NOT_YET;
		label_g[i] = 0;
	}
	settle_n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	ep_g = ntfn_g = 0;
}

static void
settler(word_t badged)
{
	cairn_signal(badged);
	park();
}

/*
 * Return once every thread above priority 1 has blocked: a thread at
 * priority 1 runs only then, and wakes the root.
 */
static void
settle(void)
{
	kt_thread(settler, kt_mint(settle_n, CAIRN_RIGHTS_ALL, 1), 1, 0);
	if (!kt_failed) { /* else nothing may ever wake us */
		kt_wait_bits(settle_n, 1);
	}
}

/*
 * Let every thread above priority 1 run until it blocks; then return the
 * bits signalled on n since it was last read.
 */
static word_t
settled(cptr_t n)
{
	word_t bits = 0;

	settle();
	cairn_poll(n, &bits);
	return bits;
}

static void
receiver(word_t i)
{
	struct cairn_msg m = {0};

	st_g[i] = (word_t)cairn_recv(ep_g, 0, &m);
	label_g[i] = m.label;
	cairn_signal(done_c[i]);
	park();
}

static void
sender(word_t i)
{
	struct cairn_msg m = {0};

	st_g[i] = (word_t)cairn_send(ep_g, 10 + i, 0, &m);
	cairn_signal(done_c[i]);
	park();
}

static void
caller(word_t i)
{
	struct cairn_msg m = {0};

	st_g[i] = (word_t)cairn_call(ep_g, 20 + i, 0, &m);
	cairn_signal(done_c[i]);
	park();
}

static void
waiter(word_t i)
{
	word_t bits = 0;

	st_g[i] = (word_t)cairn_wait(ntfn_g, &bits);
	label_g[i] = bits;
	cairn_signal(done_c[i]);
	park();
}

/* ---- copy ---- */

KTEST(cnode_copy_names_the_same_object)
{
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t b = kt_mint(n, CAIRN_RIGHTS_ALL, 0x10);
	word_t slot = 0, bits = 0;
	cptr_t c = kt_slot();

	KT_OK(cairn_cnode_copy(CAIRN_ROOT_CNODE, c, CAIRN_ROOT_CNODE, b,
			       CAIRN_RIGHTS_ALL, &slot));
	KT_EQ(slot, c);
	KT_EQ(kt_type(c), CAIRN_OBJ_NOTIFICATION);
	KT_EQ(info_w1(c), 0x10);
	KT_EQ(info_rights(c), CAIRN_RIGHTS_ALL);
	/* A signal through the copy reaches the original's word. */
	KT_OK(cairn_signal(c));
	KT_OK(cairn_poll(n, &bits));
	KT_EQ(bits, 0x10);
}

KTEST(cnode_copy_masks_rights)
{
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	struct cairn_msg m = {0};

	cptr_t r = kt_copy(e, CAIRN_RIGHT_READ);
	KT_EQ(info_rights(r), CAIRN_RIGHT_READ);
	/* A copy can only lose rights. */
	cptr_t r2 = kt_copy(r, CAIRN_RIGHTS_ALL);
	KT_EQ(info_rights(r2), CAIRN_RIGHT_READ);
	cptr_t w = kt_copy(e, CAIRN_RIGHT_WRITE | CAIRN_RIGHT_GRANT);
	KT_EQ(info_rights(w), CAIRN_RIGHT_WRITE | CAIRN_RIGHT_GRANT);
	cptr_t none = kt_copy(e, 0);
	KT_EQ(info_rights(none), 0);
	KT_EQ(kt_type(none), CAIRN_OBJ_ENDPOINT);
	/* The rights are enforced. */
	KT_EQ(cairn_nbsend(r, 0, 0, &m), CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_nbrecv(w, 0, &m), CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_nbsend(w, 0, 0, &m), CAIRN_E_WOULD_BLOCK);
	KT_EQ(cairn_nbrecv(r, 0, &m), CAIRN_E_WOULD_BLOCK);
	KT_EQ(cairn_nbsend(none, 0, 0, &m), CAIRN_E_NO_RIGHTS);
}

KTEST(cnode_copy_masks_notification_rights)
{
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	word_t bits;

	cptr_t w = kt_mint(n, CAIRN_RIGHT_WRITE, 4);
	cptr_t r = kt_copy(n, CAIRN_RIGHT_READ);
	KT_EQ(info_rights(w), CAIRN_RIGHT_WRITE);
	KT_EQ(info_w1(w), 4);
	KT_EQ(cairn_poll(w, &bits), CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_signal(r), CAIRN_E_NO_RIGHTS);
	KT_OK(cairn_signal(w));
	KT_OK(cairn_poll(r, &bits));
	KT_EQ(bits, 4);
}

KTEST(cnode_copy_between_cnodes)
{
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, 4);
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t back = kt_slot();
	word_t slot = 0;

	KT_EQ(kt_type(cn), CAIRN_OBJ_CNODE);
	KT_EQ(info_size(cn), 4);
	KT_OK(cairn_cnode_copy(cn, 5, CAIRN_ROOT_CNODE, e, CAIRN_RIGHT_WRITE,
			       &slot));
	KT_EQ(slot, 5);
	/* And from the child CNode back into the root one. */
	KT_OK(cairn_cnode_copy(CAIRN_ROOT_CNODE, back, cn, 5, CAIRN_RIGHTS_ALL,
			       &slot));
	KT_EQ(slot, back);
	KT_EQ(kt_type(back), CAIRN_OBJ_ENDPOINT);
	KT_EQ(info_rights(back), CAIRN_RIGHT_WRITE);
	/* Copies inside one child CNode. */
	KT_OK(cairn_cnode_copy(cn, 6, cn, 5, CAIRN_RIGHTS_ALL, &slot));
	KT_EQ(slot, 6);
	KT_EQ(cairn_cnode_copy(cn, 6, cn, 5, CAIRN_RIGHTS_ALL, NULL),
	      CAIRN_E_SLOT_OCCUPIED);
}

KTEST(cnode_auto_index_takes_first_free_slot)
{
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, 2);
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	word_t slot = 99;

	for (word_t i = 0; i < 4; i++) {
		KT_OK(cairn_cnode_copy(cn, CAIRN_SLOT_AUTO, CAIRN_ROOT_CNODE, e,
				       CAIRN_RIGHTS_ALL, &slot));
		KT_EQ(slot, i);
	}
	KT_EQ(cairn_cnode_copy(cn, CAIRN_SLOT_AUTO, CAIRN_ROOT_CNODE, e,
			       CAIRN_RIGHTS_ALL, &slot),
	      CAIRN_E_NO_FREE_SLOT);
	KT_OK(cairn_cnode_delete(cn, 2));
	KT_OK(cairn_cnode_mint(cn, CAIRN_SLOT_AUTO, CAIRN_ROOT_CNODE, e,
			       CAIRN_RIGHTS_ALL, 3, &slot));
	KT_EQ(slot, 2);
	KT_OK(cairn_cnode_delete(cn, 0));
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	KT_OK(
	    cairn_cnode_move(cn, CAIRN_SLOT_AUTO, CAIRN_ROOT_CNODE, n, &slot));
	KT_EQ(slot, 0);
	KT_EQ(kt_type(n), CAIRN_OBJ_NULL);
	KT_OK(cairn_cnode_delete(cn, 1));
	cptr_t n2 = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	KT_OK(cairn_cnode_mutate(cn, CAIRN_SLOT_AUTO, CAIRN_ROOT_CNODE, n2, 7,
				 &slot));
	KT_EQ(slot, 1);
	/* Take it back to see the badge. */
	cptr_t back = kt_slot();
	KT_OK(cairn_cnode_move(CAIRN_ROOT_CNODE, back, cn, 1, NULL));
	KT_EQ(info_w1(back), 7);
}

KTEST(cnode_auto_index_in_root_cnode)
{
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	word_t slot = CAIRN_SLOT_AUTO;

	KT_OK(cairn_cnode_copy(CAIRN_ROOT_CNODE, CAIRN_SLOT_AUTO,
			       CAIRN_ROOT_CNODE, e, CAIRN_RIGHT_READ, &slot));
	KT_TRUE(slot < KT_ROOT_SLOTS);
	KT_TRUE(slot != e);
	KT_EQ(kt_type(slot), CAIRN_OBJ_ENDPOINT);
	KT_EQ(info_rights(slot), CAIRN_RIGHT_READ);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, slot));
	KT_EQ(kt_type(slot), CAIRN_OBJ_NULL);
}

/* ---- refusals ---- */

KTEST(cnode_refuses_empty_source)
{
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, 4);
	cptr_t empty = kt_slot(), d = kt_slot();

	KT_EQ(cairn_cnode_copy(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, empty,
			       CAIRN_RIGHTS_ALL, NULL),
	      CAIRN_E_EMPTY_SLOT);
	KT_EQ(cairn_cnode_mint(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, empty,
			       CAIRN_RIGHTS_ALL, 1, NULL),
	      CAIRN_E_EMPTY_SLOT);
	KT_EQ(cairn_cnode_move(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, empty,
			       NULL),
	      CAIRN_E_EMPTY_SLOT);
	KT_EQ(cairn_cnode_mutate(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, empty,
				 1, NULL),
	      CAIRN_E_EMPTY_SLOT);
	/* An empty slot of a child CNode. */
	KT_EQ(cairn_cnode_copy(CAIRN_ROOT_CNODE, d, cn, 3, CAIRN_RIGHTS_ALL,
			       NULL),
	      CAIRN_E_EMPTY_SLOT);
	KT_EQ(cairn_cnode_move(CAIRN_ROOT_CNODE, d, cn, 0, NULL),
	      CAIRN_E_EMPTY_SLOT);
	/* The source CNode named by an empty slot. */
	KT_EQ(cairn_cnode_copy(CAIRN_ROOT_CNODE, d, empty, 0, CAIRN_RIGHTS_ALL,
			       NULL),
	      CAIRN_E_EMPTY_SLOT);
	KT_EQ(kt_type(d), CAIRN_OBJ_NULL);
	/* Deleting or revoking an empty slot is no error. */
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, empty));
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, empty));
	KT_OK(cairn_cnode_delete(cn, 15));
}

KTEST(cnode_refuses_occupied_destination)
{
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	word_t slot = 1234;

	KT_EQ(cairn_cnode_copy(CAIRN_ROOT_CNODE, n, CAIRN_ROOT_CNODE, e,
			       CAIRN_RIGHTS_ALL, &slot),
	      CAIRN_E_SLOT_OCCUPIED);
	KT_EQ(slot, 1234);
	KT_EQ(cairn_cnode_mint(CAIRN_ROOT_CNODE, n, CAIRN_ROOT_CNODE, e,
			       CAIRN_RIGHTS_ALL, 5, NULL),
	      CAIRN_E_SLOT_OCCUPIED);
	KT_EQ(cairn_cnode_move(CAIRN_ROOT_CNODE, n, CAIRN_ROOT_CNODE, e, NULL),
	      CAIRN_E_SLOT_OCCUPIED);
	KT_EQ(cairn_cnode_mutate(CAIRN_ROOT_CNODE, n, CAIRN_ROOT_CNODE, e, 5,
				 NULL),
	      CAIRN_E_SLOT_OCCUPIED);
	/* Onto itself. */
	KT_EQ(cairn_cnode_move(CAIRN_ROOT_CNODE, e, CAIRN_ROOT_CNODE, e, NULL),
	      CAIRN_E_SLOT_OCCUPIED);
	/* Nothing moved or changed. */
	KT_EQ(kt_type(e), CAIRN_OBJ_ENDPOINT);
	KT_EQ(info_w1(e), 0);
	KT_EQ(kt_type(n), CAIRN_OBJ_NOTIFICATION);
	KT_EQ(info_w1(n), 0);
}

KTEST(cnode_refuses_index_out_of_range)
{
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, 4);
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t d = kt_slot();

	/* Destinations. */
	KT_EQ(cairn_cnode_copy(cn, 16, CAIRN_ROOT_CNODE, e, CAIRN_RIGHTS_ALL,
			       NULL),
	      CAIRN_E_RANGE);
	KT_EQ(cairn_cnode_mint(cn, 1ul << 40, CAIRN_ROOT_CNODE, e,
			       CAIRN_RIGHTS_ALL, 1, NULL),
	      CAIRN_E_RANGE);
	KT_EQ(cairn_cnode_move(cn, 16, CAIRN_ROOT_CNODE, e, NULL),
	      CAIRN_E_RANGE);
	KT_EQ(cairn_cnode_mutate(cn, 17, CAIRN_ROOT_CNODE, e, 1, NULL),
	      CAIRN_E_RANGE);
	KT_EQ(cairn_cnode_copy(CAIRN_ROOT_CNODE, KT_ROOT_SLOTS,
			       CAIRN_ROOT_CNODE, e, CAIRN_RIGHTS_ALL, NULL),
	      CAIRN_E_RANGE);
	/* Sources. */
	KT_EQ(cairn_cnode_copy(CAIRN_ROOT_CNODE, d, cn, 16, CAIRN_RIGHTS_ALL,
			       NULL),
	      CAIRN_E_RANGE);
	KT_EQ(cairn_cnode_move(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE,
			       KT_ROOT_SLOTS, NULL),
	      CAIRN_E_RANGE);
	KT_EQ(cairn_cnode_copy(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE,
			       CAIRN_SLOT_AUTO, CAIRN_RIGHTS_ALL, NULL),
	      CAIRN_E_RANGE);
	/* Delete and revoke. */
	KT_EQ(cairn_cnode_delete(cn, 16), CAIRN_E_RANGE);
	KT_EQ(cairn_cnode_revoke(cn, 16), CAIRN_E_RANGE);
	KT_EQ(cairn_cnode_delete(CAIRN_ROOT_CNODE, KT_ROOT_SLOTS),
	      CAIRN_E_RANGE);
	KT_EQ(cairn_cnode_revoke(CAIRN_ROOT_CNODE, ~0ul), CAIRN_E_RANGE);
	KT_EQ(kt_type(e), CAIRN_OBJ_ENDPOINT);
	KT_EQ(kt_type(d), CAIRN_OBJ_NULL);
}

KTEST(cnode_refuses_source_that_is_not_a_cnode)
{
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t t = kt_make(CAIRN_OBJ_TCB, 0);
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t d = kt_slot();

	KT_EQ(
	    cairn_cnode_copy(CAIRN_ROOT_CNODE, d, e, 0, CAIRN_RIGHTS_ALL, NULL),
	    CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_cnode_mint(CAIRN_ROOT_CNODE, d, t, 1, CAIRN_RIGHTS_ALL, 0,
			       NULL),
	      CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_cnode_move(CAIRN_ROOT_CNODE, d, f, 0, NULL),
	      CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_cnode_mutate(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_DEBUG, 0, 0,
				 NULL),
	      CAIRN_E_INVALID_CAP);
	/* A destination CNode the root's cptrs cannot name (guard). */
	KT_EQ(cairn_cnode_copy(KT_ROOT_SLOTS, 0, CAIRN_ROOT_CNODE, e,
			       CAIRN_RIGHTS_ALL, NULL),
	      CAIRN_E_INVALID_CAP);
	/* CNode methods invoked on other objects have no such method. */
	KT_EQ(
	    cairn_cnode_copy(t, 0, CAIRN_ROOT_CNODE, e, CAIRN_RIGHTS_ALL, NULL),
	    CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_cnode_delete(f, 0), CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_cnode_revoke(kt_untyped, 0), CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(kt_type(d), CAIRN_OBJ_NULL);
}

KTEST(cnode_refuses_copying_untyped_and_page_tables)
{
	static const word_t types[] = {CAIRN_OBJ_PAGE_TABLE, CAIRN_OBJ_PAGE_DIR,
				       CAIRN_OBJ_PDPT};
	cptr_t d = kt_slot();
	cptr_t u = kt_make(CAIRN_OBJ_UNTYPED, 12);

	KT_EQ(cairn_cnode_copy(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, u,
			       CAIRN_RIGHTS_ALL, NULL),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_cnode_mint(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, u,
			       CAIRN_RIGHTS_ALL, 0, NULL),
	      CAIRN_E_ILLEGAL_OPERATION);
	for (unsigned i = 0; i < 3; i++) {
		cptr_t pt = kt_make(types[i], 12);
		KT_EQ(cairn_cnode_copy(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE,
				       pt, CAIRN_RIGHTS_ALL, NULL),
		      CAIRN_E_ILLEGAL_OPERATION);
		KT_EQ(cairn_cnode_mint(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE,
				       pt, CAIRN_RIGHTS_ALL, 0, NULL),
		      CAIRN_E_ILLEGAL_OPERATION);
	}
	KT_EQ(kt_type(d), CAIRN_OBJ_NULL);
	/* They can be moved. */
	KT_OK(cairn_cnode_move(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, u, NULL));
	KT_EQ(kt_type(d), CAIRN_OBJ_UNTYPED);
	KT_EQ(kt_type(u), CAIRN_OBJ_NULL);
	/* A VSpace and a frame can be copied. */
	cptr_t vs = kt_make(CAIRN_OBJ_VSPACE, 0);
	cptr_t vc = kt_copy(vs, CAIRN_RIGHTS_ALL);
	KT_EQ(kt_type(vc), CAIRN_OBJ_VSPACE);
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t fc = kt_copy(f, CAIRN_RIGHT_READ);
	KT_EQ(kt_type(fc), CAIRN_OBJ_FRAME);
	KT_EQ(info_rights(fc), CAIRN_RIGHT_READ);
}

/* ---- mint and mutate ---- */

KTEST(cnode_mint_badges_endpoint)
{
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t b = kt_slot();
	word_t slot = 0;

	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, b, CAIRN_ROOT_CNODE, e,
			       CAIRN_RIGHT_WRITE | CAIRN_RIGHT_GRANT, 0xBEEF,
			       &slot));
	KT_EQ(slot, b);
	KT_EQ(kt_type(b), CAIRN_OBJ_ENDPOINT);
	KT_EQ(info_w1(b), 0xBEEF);
	KT_EQ(info_rights(b), CAIRN_RIGHT_WRITE | CAIRN_RIGHT_GRANT);
	/* The original is unchanged. */
	KT_EQ(info_w1(e), 0);
	KT_EQ(info_rights(e), CAIRN_RIGHTS_ALL);
	/* A copy of a badged capability keeps the badge. */
	cptr_t c = kt_copy(b, CAIRN_RIGHTS_ALL);
	KT_EQ(info_w1(c), 0xBEEF);
	/* A mint without a badge is a plain copy. */
	cptr_t p = kt_mint(e, CAIRN_RIGHTS_ALL, 0);
	KT_EQ(info_w1(p), 0);
}

KTEST(cnode_mint_badges_notification)
{
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	word_t bits = 0;

	cptr_t b1 = kt_mint(n, CAIRN_RIGHTS_ALL, 0x1);
	cptr_t b2 = kt_mint(n, CAIRN_RIGHT_WRITE, 0x100);
	KT_EQ(info_w1(b1), 0x1);
	KT_EQ(info_w1(b2), 0x100);
	KT_OK(cairn_signal(b1));
	KT_OK(cairn_signal(b2));
	KT_OK(cairn_poll(n, &bits));
	KT_EQ(bits, 0x101);
	/* An unbadged signal sets no bit. */
	KT_OK(cairn_signal(n));
	KT_EQ(cairn_poll(n, &bits), CAIRN_E_WOULD_BLOCK);
}

KTEST(cnode_refuses_rebadging)
{
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t d = kt_slot();

	cptr_t be = kt_mint(e, CAIRN_RIGHTS_ALL, 5);
	cptr_t bn = kt_mint(n, CAIRN_RIGHTS_ALL, 8);
	KT_EQ(cairn_cnode_mint(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, be,
			       CAIRN_RIGHTS_ALL, 6, NULL),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_cnode_mint(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, bn,
			       CAIRN_RIGHTS_ALL, 1, NULL),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_cnode_mutate(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, be, 7,
				 NULL),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_cnode_mutate(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, bn,
				 0x80, NULL),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(kt_type(d), CAIRN_OBJ_NULL);
	/* The refused mutate left the source where it was. */
	KT_EQ(info_w1(be), 5);
	KT_EQ(info_w1(bn), 8);
	/* Minting the same badge again is a copy. */
	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, be,
			       CAIRN_RIGHT_READ, 5, NULL));
	KT_EQ(info_w1(d), 5);
	KT_EQ(info_rights(d), CAIRN_RIGHT_READ);
}

KTEST(cnode_mint_sets_guard_on_cnode)
{
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, 4);
	cptr_t d = kt_slot();

	KT_EQ(info_w1(cn), 0); /* a new CNode capability has no guard */
	cptr_t g = kt_mint(cn, CAIRN_RIGHTS_ALL, 0x2A << 6 | 8);
	KT_EQ(kt_type(g), CAIRN_OBJ_CNODE);
	KT_EQ(info_size(g), 4);
	KT_EQ(info_w1(g), 8ul << 58 | 0x2A);
	/* Guard bits and radix may fill 64 bits, no more. */
	cptr_t full = kt_mint(cn, CAIRN_RIGHTS_ALL, 60);
	KT_EQ(info_w1(full), 60ul << 58);
	KT_EQ(cairn_cnode_mint(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, cn,
			       CAIRN_RIGHTS_ALL, 61, NULL),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(cairn_cnode_mutate(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, cn, 63,
				 NULL),
	      CAIRN_E_INVALID_ARGUMENT);
	/* The root CNode's guard: zero bits over its radix, 64 in all. */
	KT_EQ(info_w1(CAIRN_ROOT_CNODE), (word_t)KT_ROOT_GUARD << 58);
	KT_EQ(info_size(CAIRN_ROOT_CNODE), CAIRN_ROOT_CNODE_RADIX);
	KT_EQ(kt_type(d), CAIRN_OBJ_NULL);
}

KTEST(cnode_mint_refuses_badge_on_other_objects)
{
	cptr_t t = kt_make(CAIRN_OBJ_TCB, 0);
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t d = kt_slot();

	KT_EQ(cairn_cnode_mint(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, t,
			       CAIRN_RIGHTS_ALL, 1, NULL),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(cairn_cnode_mint(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, f,
			       CAIRN_RIGHTS_ALL, 0x40, NULL),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(cairn_cnode_mutate(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, t, 2,
				 NULL),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(kt_type(d), CAIRN_OBJ_NULL);
	/* With badge 0 they are plain copies. */
	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, t,
			       CAIRN_RIGHTS_ALL, 0, NULL));
	KT_EQ(kt_type(d), CAIRN_OBJ_TCB);
}

KTEST(cnode_mutate_badges_and_moves)
{
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, 3);
	cptr_t d = kt_slot(), d2 = kt_slot();
	word_t slot = 0;

	KT_OK(cairn_cnode_mutate(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, e, 9,
				 &slot));
	KT_EQ(slot, d);
	KT_EQ(kt_type(e), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(d), CAIRN_OBJ_ENDPOINT);
	KT_EQ(info_w1(d), 9);
	KT_EQ(info_rights(d), CAIRN_RIGHTS_ALL);
	/* A CNode's guard. */
	KT_OK(cairn_cnode_mutate(CAIRN_ROOT_CNODE, d2, CAIRN_ROOT_CNODE, cn,
				 3 << 6 | 2, NULL));
	KT_EQ(kt_type(cn), CAIRN_OBJ_NULL);
	KT_EQ(info_w1(d2), 2ul << 58 | 3);
	KT_EQ(info_size(d2), 3);
}

/* ---- move ---- */

KTEST(cnode_move_moves_the_capability)
{
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, 4);
	cptr_t d = kt_slot(), back = kt_slot();
	word_t slot = 0;

	cptr_t b = kt_mint(e, CAIRN_RIGHT_WRITE, 0x77);
	KT_OK(
	    cairn_cnode_move(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, b, &slot));
	KT_EQ(slot, d);
	KT_EQ(kt_type(b), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(d), CAIRN_OBJ_ENDPOINT);
	KT_EQ(info_w1(d), 0x77);
	KT_EQ(info_rights(d), CAIRN_RIGHT_WRITE);
	/* Into a child CNode and back. */
	KT_OK(cairn_cnode_move(cn, 9, CAIRN_ROOT_CNODE, d, &slot));
	KT_EQ(slot, 9);
	KT_EQ(kt_type(d), CAIRN_OBJ_NULL);
	KT_EQ(cairn_cnode_move(cn, 10, cn, 8, NULL), CAIRN_E_EMPTY_SLOT);
	KT_OK(cairn_cnode_move(cn, 10, cn, 9, NULL));
	KT_OK(cairn_cnode_move(CAIRN_ROOT_CNODE, back, cn, 10, NULL));
	KT_EQ(info_w1(back), 0x77);
	KT_EQ(info_rights(back), CAIRN_RIGHT_WRITE);
}

KTEST(cnode_moved_untyped_still_retypes)
{
	cptr_t u = kt_make(CAIRN_OBJ_UNTYPED, 16);
	cptr_t d = kt_slot(), o = kt_slot();

	KT_OK(cairn_cnode_move(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, u, NULL));
	KT_EQ(cairn_untyped_retype(u, CAIRN_OBJ_ENDPOINT, 0, CAIRN_ROOT_CNODE,
				   o, 1, NULL),
	      CAIRN_E_EMPTY_SLOT);
	KT_OK(cairn_untyped_retype(d, CAIRN_OBJ_ENDPOINT, 0, CAIRN_ROOT_CNODE,
				   o, 1, NULL));
	KT_EQ(kt_type(o), CAIRN_OBJ_ENDPOINT);
	/* It is still the parent of what it made. */
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, d));
	KT_EQ(kt_type(o), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(d), CAIRN_OBJ_UNTYPED);
}

KTEST(cnode_move_keeps_derivation_place)
{
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t d = kt_slot();

	cptr_t c1 = kt_copy(e, CAIRN_RIGHTS_ALL);
	cptr_t b1 = kt_mint(e, CAIRN_RIGHTS_ALL, 3);
	KT_OK(cairn_cnode_move(CAIRN_ROOT_CNODE, d, CAIRN_ROOT_CNODE, e, NULL));
	/* The moved original is still the parent of its copies. */
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, d));
	KT_EQ(kt_type(c1), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(b1), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(d), CAIRN_OBJ_ENDPOINT);
	/* And a moved child is still a child. */
	cptr_t c2 = kt_copy(d, CAIRN_RIGHTS_ALL);
	cptr_t c3 = kt_slot();
	KT_OK(
	    cairn_cnode_move(CAIRN_ROOT_CNODE, c3, CAIRN_ROOT_CNODE, c2, NULL));
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, d));
	KT_EQ(kt_type(c3), CAIRN_OBJ_NULL);
}

KTEST(cnode_copy_of_mapped_frame_is_unmapped)
{
	word_t va = kt_vaddr(2);
	cptr_t f = kt_map_page(va);
	cptr_t dummy = kt_map_page(va + 4096); /* the table for va + 4096 */

	KT_OK(cairn_frame_unmap(dummy));
	KT_TRUE(info_w1(f) != 0); /* mapped: w1 records where */
	cptr_t g = kt_copy(f, CAIRN_RIGHTS_ALL);
	KT_EQ(kt_type(g), CAIRN_OBJ_FRAME);
	KT_EQ(info_w1(g), 0);
	/* The copy maps the same frame somewhere else. */
	KT_OK(
	    cairn_frame_map(g, CAIRN_ROOT_VSPACE, va + 4096, CAIRN_RIGHT_READ));
	*(volatile word_t *)va = 0x5EED;
	KT_EQ(*(volatile word_t *)(va + 4096), 0x5EED);
	word_t p1 = 1, p2 = 2;
	KT_OK(cairn_frame_address(f, &p1));
	KT_OK(cairn_frame_address(g, &p2));
	KT_EQ(p1, p2);
	/* Deleting the copy unmaps it only. */
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, g));
	KT_EQ(*(volatile word_t *)va, 0x5EED);
}

/* ---- delete and revoke ---- */

KTEST(cnode_delete_copy_keeps_object)
{
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	word_t bits = 0;

	cptr_t b = kt_mint(n, CAIRN_RIGHTS_ALL, 2);
	cptr_t c = kt_copy(b, CAIRN_RIGHTS_ALL);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, b));
	KT_EQ(kt_type(b), CAIRN_OBJ_NULL);
	KT_OK(cairn_signal(c));
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, n));
	KT_EQ(kt_type(n), CAIRN_OBJ_NULL);
	/* c still names the notification, with its bit pending. */
	KT_OK(cairn_poll(c, &bits));
	KT_EQ(bits, 2);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, c));
	KT_EQ(kt_type(c), CAIRN_OBJ_NULL);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, c));
}

KTEST(cnode_revoke_deletes_children_and_grandchildren)
{
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, 2);

	cptr_t c1 = kt_copy(e, CAIRN_RIGHTS_ALL);
	cptr_t g1 = kt_copy(c1, CAIRN_RIGHT_READ);
	cptr_t c2 = kt_copy(e, CAIRN_RIGHT_WRITE);
	cptr_t b = kt_mint(e, CAIRN_RIGHTS_ALL, 3);
	cptr_t bg = kt_copy(b, CAIRN_RIGHTS_ALL);
	KT_OK(cairn_cnode_copy(cn, 1, CAIRN_ROOT_CNODE, g1, CAIRN_RIGHTS_ALL,
			       NULL));
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, e));
	KT_EQ(kt_type(c1), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(g1), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(c2), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(b), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(bg), CAIRN_OBJ_NULL);
	/* The descendant in another CNode went too. */
	KT_EQ(cairn_cnode_move(CAIRN_ROOT_CNODE, kt_slot(), cn, 1, NULL),
	      CAIRN_E_EMPTY_SLOT);
	/* The parent stays, and works. */
	KT_EQ(kt_type(e), CAIRN_OBJ_ENDPOINT);
	struct cairn_msg m = {0};
	KT_EQ(cairn_nbsend(e, 0, 0, &m), CAIRN_E_WOULD_BLOCK);
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, e));
	KT_EQ(kt_type(e), CAIRN_OBJ_ENDPOINT);
}

KTEST(cnode_revoke_badged_spares_other_badges)
{
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);

	cptr_t plain = kt_copy(e, CAIRN_RIGHTS_ALL);
	cptr_t b1 = kt_mint(e, CAIRN_RIGHTS_ALL, 1);
	cptr_t b1c = kt_copy(b1, CAIRN_RIGHTS_ALL);
	cptr_t b1m = kt_mint(b1, CAIRN_RIGHT_WRITE, 1);
	cptr_t b2 = kt_mint(e, CAIRN_RIGHTS_ALL, 2);
	cptr_t b2c = kt_copy(b2, CAIRN_RIGHTS_ALL);
	/* A second, independent minting of badge 1. */
	cptr_t b1x = kt_mint(e, CAIRN_RIGHTS_ALL, 1);
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, b1));
	KT_EQ(kt_type(b1c), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(b1m), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(b1), CAIRN_OBJ_ENDPOINT);
	KT_EQ(kt_type(b2), CAIRN_OBJ_ENDPOINT);
	KT_EQ(kt_type(b2c), CAIRN_OBJ_ENDPOINT);
	KT_EQ(kt_type(b1x), CAIRN_OBJ_ENDPOINT);
	KT_EQ(kt_type(plain), CAIRN_OBJ_ENDPOINT);
	KT_EQ(kt_type(e), CAIRN_OBJ_ENDPOINT);
	/* Revoking the original takes every badge. */
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, e));
	KT_EQ(kt_type(b1), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(b2c), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(b1x), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(plain), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(e), CAIRN_OBJ_ENDPOINT);
}

KTEST(cnode_revoke_plain_copy_deletes_nothing_original_deletes_all)
{
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);

	/*
	 * docs/abi.md: plain copies cannot have children of their own (as in
	 * seL4): a copy of a copy hangs under the original.
	 */
	cptr_t c = kt_copy(e, CAIRN_RIGHTS_ALL);
	cptr_t g = kt_copy(c, CAIRN_RIGHTS_ALL);
	cptr_t sib = kt_copy(e, CAIRN_RIGHTS_ALL);
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, c));
	KT_EQ(kt_type(c), CAIRN_OBJ_ENDPOINT);
	KT_EQ(kt_type(g), CAIRN_OBJ_ENDPOINT);
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, e));
	KT_EQ(kt_type(e), CAIRN_OBJ_ENDPOINT);
	KT_EQ(kt_type(c), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(g), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(sib), CAIRN_OBJ_NULL);
}

KTEST(cnode_revoke_untyped_child_deletes_objects)
{
	cptr_t u = kt_make(CAIRN_OBJ_UNTYPED, 16);
	cptr_t e = kt_slot(), cn = kt_slot(), n = kt_slot();

	KT_OK(cairn_untyped_retype(u, CAIRN_OBJ_ENDPOINT, 0, CAIRN_ROOT_CNODE,
				   e, 1, NULL));
	KT_OK(cairn_untyped_retype(u, CAIRN_OBJ_CNODE, 3, CAIRN_ROOT_CNODE, cn,
				   1, NULL));
	KT_OK(
	    cairn_untyped_retype(u, CAIRN_OBJ_NOTIFICATION, 0, cn, 4, 1, NULL));
	cptr_t ec = kt_copy(e, CAIRN_RIGHTS_ALL);
	KT_OK(cairn_cnode_move(CAIRN_ROOT_CNODE, n, cn, 4, NULL));
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, u));
	KT_EQ(kt_type(e), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(ec), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(cn), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(n), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(u), CAIRN_OBJ_UNTYPED);
}

KTEST(cnode_delete_last_endpoint_cap_wakes_receiver)
{
	setup();
	ep_g = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	kt_thread(receiver, 0, 100, 0);
	settle();
	KT_EQ(st_g[0], NOT_YET);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, ep_g));
	KT_EQ(settled(done_n) & 1, 1);
	KT_EQ(st_g[0], CAIRN_E_DELETED);
}

KTEST(cnode_delete_endpoint_wakes_every_sender)
{
	setup();
	ep_g = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	kt_thread(sender, 0, 100, 0);
	kt_thread(sender, 1, 110, 0);
	kt_thread(caller, 2, 90, 0);
	settle();
	for (int i = 0; i < 3; i++) {
		KT_EQ(st_g[i], NOT_YET);
	}
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, ep_g));
	KT_EQ(settled(done_n) & 7, 7);
	for (int i = 0; i < 3; i++) {
		KT_EQ(st_g[i], CAIRN_E_DELETED);
	}
}

KTEST(cnode_delete_endpoint_wakes_every_receiver)
{
	setup();
	ep_g = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	for (word_t i = 0; i < 4; i++) {
		kt_thread(receiver, i, 100 + i, 0);
	}
	settle();
	KT_EQ(st_g[3], NOT_YET);
	/* Deleting copies first wakes nobody. */
	cptr_t c = kt_copy(ep_g, CAIRN_RIGHTS_ALL);
	cptr_t b = kt_mint(ep_g, CAIRN_RIGHTS_ALL, 4);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, c));
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, ep_g));
	settle();
	for (int i = 0; i < 4; i++) {
		KT_EQ(st_g[i], NOT_YET);
	}
	/* b is now the last capability. */
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, b));
	KT_EQ(settled(done_n) & 15, 15);
	for (int i = 0; i < 4; i++) {
		KT_EQ(st_g[i], CAIRN_E_DELETED);
	}
}

KTEST(cnode_delete_copy_leaves_waiter_blocked)
{
	struct cairn_msg m = {0};

	setup();
	ep_g = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t c = kt_copy(ep_g, CAIRN_RIGHTS_ALL);
	kt_thread(receiver, 0, 100, 0);
	settle();
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, c));
	KT_EQ(st_g[0], NOT_YET);
	/* The receiver still waits: a send meets it. */
	KT_OK(cairn_nbsend(ep_g, 42, 0, &m));
	KT_EQ(settled(done_n) & 1, 1);
	KT_EQ(st_g[0], CAIRN_OK);
	KT_EQ(label_g[0], 42);
}

KTEST(cnode_delete_last_notification_cap_wakes_waiters)
{
	setup();
	ntfn_g = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	kt_thread(waiter, 0, 100, 0);
	kt_thread(waiter, 1, 100, 0);
	settle();
	KT_EQ(st_g[0], NOT_YET);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, ntfn_g));
	KT_EQ(settled(done_n) & 3, 3);
	KT_EQ(st_g[0], CAIRN_E_DELETED);
	KT_EQ(st_g[1], CAIRN_E_DELETED);
}

static cptr_t reply_g;

static void
silent_server(word_t i)
{
	struct cairn_msg m = {0};

	st_g[i] = (word_t)cairn_recv(ep_g, reply_g, &m);
	label_g[i] = m.label;
	cairn_signal(done_c[i]);
	park(); /* never replies */
}

KTEST(cnode_delete_reply_object_wakes_caller)
{
	setup();
	ep_g = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	reply_g = kt_make(CAIRN_OBJ_REPLY, 0);
	kt_thread(silent_server, 0, 150, 0);
	kt_thread(caller, 1, 100, 0);
	KT_EQ(settled(done_n) & 1, 1);
	KT_EQ(st_g[0], CAIRN_OK);
	KT_EQ(label_g[0], 21);
	settle();
	KT_EQ(st_g[1], NOT_YET);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, reply_g));
	KT_EQ(settled(done_n) & 2, 2);
	KT_EQ(st_g[1], CAIRN_E_DELETED);
}

KTEST(cnode_delete_cnode_destroys_what_it_holds)
{
	setup();
	cptr_t a = kt_make(CAIRN_OBJ_CNODE, 4);
	cptr_t b = kt_make(CAIRN_OBJ_CNODE, 2);
	ep_g = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ntfn_g = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	kt_thread(receiver, 0, 100, 0);
	kt_thread(waiter, 1, 100, 0);
	settle();
	/* The endpoint's only cap in b, b's in a; the notification in a. */
	KT_OK(cairn_cnode_move(b, 1, CAIRN_ROOT_CNODE, ep_g, NULL));
	KT_OK(cairn_cnode_move(a, 2, CAIRN_ROOT_CNODE, b, NULL));
	KT_OK(cairn_cnode_move(a, 15, CAIRN_ROOT_CNODE, ntfn_g, NULL));
	KT_EQ(kt_type(b), CAIRN_OBJ_NULL);
	KT_EQ(st_g[0], NOT_YET);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, a));
	KT_EQ(kt_type(a), CAIRN_OBJ_NULL);
	KT_EQ(settled(done_n) & 3, 3);
	KT_EQ(st_g[0], CAIRN_E_DELETED);
	KT_EQ(st_g[1], CAIRN_E_DELETED);
}

KTEST(cnode_delete_cnode_full_of_copies)
{
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, 9);
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	word_t slot = 0;

	for (word_t i = 0; i < 512; i++) {
		KT_OK(cairn_cnode_copy(cn, CAIRN_SLOT_AUTO, CAIRN_ROOT_CNODE, e,
				       CAIRN_RIGHTS_ALL, &slot));
		KT_EQ(slot, i);
	}
	KT_EQ(cairn_cnode_copy(cn, CAIRN_SLOT_AUTO, CAIRN_ROOT_CNODE, e,
			       CAIRN_RIGHTS_ALL, &slot),
	      CAIRN_E_NO_FREE_SLOT);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, cn));
	KT_EQ(kt_type(cn), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(e), CAIRN_OBJ_ENDPOINT);
	/* The copies are gone from the derivation tree: e has no child. */
	cptr_t c = kt_copy(e, CAIRN_RIGHTS_ALL);
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, e));
	KT_EQ(kt_type(c), CAIRN_OBJ_NULL);
}

KTEST(cnode_revoke_cnode_deletes_its_copies)
{
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, 4);
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);

	/* cn holds a copy of itself and the endpoint's only cap. */
	KT_OK(cairn_cnode_copy(cn, 1, CAIRN_ROOT_CNODE, cn, CAIRN_RIGHTS_ALL,
			       NULL));
	KT_OK(cairn_cnode_move(cn, 2, CAIRN_ROOT_CNODE, e, NULL));
	cptr_t c = kt_copy(cn, CAIRN_RIGHTS_ALL);
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, cn));
	KT_EQ(kt_type(c), CAIRN_OBJ_NULL);
	KT_EQ(kt_type(cn), CAIRN_OBJ_CNODE);
	/* The copy inside went; the endpoint is still there. */
	cptr_t back = kt_slot();
	KT_EQ(cairn_cnode_move(CAIRN_ROOT_CNODE, back, cn, 1, NULL),
	      CAIRN_E_EMPTY_SLOT);
	KT_OK(cairn_cnode_move(CAIRN_ROOT_CNODE, back, cn, 2, NULL));
	KT_EQ(kt_type(back), CAIRN_OBJ_ENDPOINT);
	/* Now the last cap: deleting it destroys the CNode. */
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, cn));
	KT_EQ(kt_type(cn), CAIRN_OBJ_NULL);
}

/* An Untyped of 64 KiB, wholly free again: a radix-11 CNode fills it. */
static int
untyped_is_free(cptr_t u)
{
	cptr_t s = kt_slot();
	int st = cairn_untyped_retype(u, CAIRN_OBJ_CNODE, 11, CAIRN_ROOT_CNODE,
				      s, 1, NULL);

	return st == CAIRN_OK && kt_type(s) == CAIRN_OBJ_CNODE &&
	       cairn_cnode_delete(CAIRN_ROOT_CNODE, s) == CAIRN_OK;
}

static cptr_t
make_from(cptr_t u, word_t type, word_t size)
{
	cptr_t s = kt_slot();

	if (cairn_untyped_retype(u, type, size, CAIRN_ROOT_CNODE, s, 1, NULL) !=
	    CAIRN_OK) {
		printf("# retype from %lu failed\n", u);
		kt_failed = 1;
	}
	return s;
}

KTEST(cnode_holding_its_only_cap_is_reclaimed)
{
	setup();
	cptr_t u = kt_make(CAIRN_OBJ_UNTYPED, 16);
	cptr_t cn = make_from(u, CAIRN_OBJ_CNODE, 4);
	ep_g = make_from(u, CAIRN_OBJ_ENDPOINT, 0);
	kt_thread(receiver, 0, 100, 0);
	settle();
	/* cn: a copy of itself, the endpoint, and its own original. */
	KT_OK(cairn_cnode_copy(cn, 1, CAIRN_ROOT_CNODE, cn, CAIRN_RIGHTS_ALL,
			       NULL));
	KT_OK(cairn_cnode_move(cn, 2, CAIRN_ROOT_CNODE, ep_g, NULL));
	KT_OK(cairn_cnode_move(cn, 3, CAIRN_ROOT_CNODE, cn, NULL));
	KT_EQ(kt_type(cn), CAIRN_OBJ_NULL);
	KT_EQ(untyped_is_free(u), 0);
	/* Unreachable now; revoking the Untyped must still destroy it. */
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, u));
	KT_EQ(settled(done_n) & 1, 1);
	KT_EQ(st_g[0], CAIRN_E_DELETED);
	KT_EQ(untyped_is_free(u), 1);
}

KTEST(cnode_two_cnodes_holding_each_other_are_reclaimed)
{
	setup();
	cptr_t u = kt_make(CAIRN_OBJ_UNTYPED, 16);
	cptr_t a = make_from(u, CAIRN_OBJ_CNODE, 4);
	cptr_t b = make_from(u, CAIRN_OBJ_CNODE, 3);
	ep_g = make_from(u, CAIRN_OBJ_ENDPOINT, 0);
	ntfn_g = make_from(u, CAIRN_OBJ_NOTIFICATION, 0);
	kt_thread(receiver, 0, 100, 0);
	kt_thread(waiter, 1, 100, 0);
	settle();
	cptr_t b2 = kt_copy(b, CAIRN_RIGHTS_ALL);
	KT_OK(cairn_cnode_move(a, 1, CAIRN_ROOT_CNODE, ep_g, NULL));
	KT_OK(cairn_cnode_move(b, 7, CAIRN_ROOT_CNODE, ntfn_g, NULL));
	KT_OK(cairn_cnode_move(a, 0, CAIRN_ROOT_CNODE, b, NULL));
	KT_OK(cairn_cnode_move(b2, 0, CAIRN_ROOT_CNODE, a, NULL));
	/* b2 is not the last cap to b: deleting it destroys nothing. */
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, b2));
	settle();
	KT_EQ(st_g[0], NOT_YET);
	KT_EQ(st_g[1], NOT_YET);
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, u));
	KT_EQ(settled(done_n) & 3, 3);
	KT_EQ(st_g[0], CAIRN_E_DELETED);
	KT_EQ(st_g[1], CAIRN_E_DELETED);
	KT_EQ(untyped_is_free(u), 1);
}

KTEST(cnode_three_cnode_cycle_is_reclaimed)
{
	setup();
	cptr_t u = kt_make(CAIRN_OBJ_UNTYPED, 16);
	cptr_t a = make_from(u, CAIRN_OBJ_CNODE, 2);
	cptr_t b = make_from(u, CAIRN_OBJ_CNODE, 3);
	cptr_t c = make_from(u, CAIRN_OBJ_CNODE, 4);
	ep_g = make_from(u, CAIRN_OBJ_ENDPOINT, 0);
	kt_thread(receiver, 0, 100, 0);
	settle();
	cptr_t c2 = kt_copy(c, CAIRN_RIGHTS_ALL);
	/* a[3] -> b, b[0] -> c, c[9] -> a; c[1] the endpoint; c[2] -> c. */
	KT_OK(cairn_cnode_move(c, 1, CAIRN_ROOT_CNODE, ep_g, NULL));
	KT_OK(cairn_cnode_copy(c, 2, CAIRN_ROOT_CNODE, c, CAIRN_RIGHTS_ALL,
			       NULL));
	KT_OK(cairn_cnode_move(b, 0, CAIRN_ROOT_CNODE, c, NULL));
	KT_OK(cairn_cnode_move(a, 3, CAIRN_ROOT_CNODE, b, NULL));
	KT_OK(cairn_cnode_move(c2, 9, CAIRN_ROOT_CNODE, a, NULL));
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, c2));
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, u));
	KT_EQ(settled(done_n) & 1, 1);
	KT_EQ(st_g[0], CAIRN_E_DELETED);
	KT_EQ(untyped_is_free(u), 1);
}

KTEST(cnode_delete_chain_through_cnodes)
{
	cptr_t u = kt_make(CAIRN_OBJ_UNTYPED, 16);
	cptr_t cn[6];

	/* cn[0] holds cn[1]'s only cap, which holds cn[2]'s, and so on. */
	for (int i = 0; i < 6; i++) {
		cn[i] = make_from(u, CAIRN_OBJ_CNODE, 1 + i % 3);
	}
	for (int i = 5; i > 0; i--) {
		KT_OK(cairn_cnode_move(cn[i - 1], 1, CAIRN_ROOT_CNODE, cn[i],
				       NULL));
	}
	KT_EQ(untyped_is_free(u), 0);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, cn[0]));
	KT_EQ(kt_type(cn[0]), CAIRN_OBJ_NULL);
	KT_EQ(untyped_is_free(u), 1);
}

/* ---- lookups through more than one CNode ---- */

static cptr_t ml_slot, ml_other, ml_big, ml_park, ml_done, ml_done_n;
static volatile word_t ml_st[8];

static void
ml_start(word_t fn, word_t arg)
{
	((void (*)(word_t))fn)(arg);
	for (;;) {
		cairn_yield();
	}
}

/* A thread with CSpace root cspace (its guard given) in the root VSpace. */
static cptr_t
spawn(void (*fn)(word_t), word_t arg, word_t prio, cptr_t cspace, word_t guard)
{
	word_t base = kt_vaddr(3);
	cptr_t tcb = kt_make(CAIRN_OBJ_TCB, 0);
	word_t regs[KT_REG_START_N] = {0};

	kt_map_page(base);
	kt_map_page(base + 4096);
	cptr_t ipc = kt_map_page(base + 2 * 4096);
	kt_regs_start(regs, (word_t)ml_start, kt_entry_sp(base + 2 * 4096),
		      (word_t)fn, arg, 0);
	if (cairn_tcb_configure(tcb, 0, cspace, guard, CAIRN_ROOT_VSPACE,
				base + 2 * 4096, ipc) != CAIRN_OK ||
	    cairn_tcb_set_priority(tcb, CAIRN_ROOT_TCB, prio) != CAIRN_OK ||
	    cairn_tcb_write_registers(tcb, 1, KT_REG_START_N, regs) !=
		CAIRN_OK) {
		printf("# spawn: set-up failed\n");
		kt_failed = 1;
	}
	return tcb;
}

/* Root CNode with 4 bits fewer of guard: 4 left for a child. */
static void
ml_two_level(word_t arg)
{
	word_t b;

	(void)arg;
	ml_st[0] = (word_t)cairn_signal(ml_slot << 4 | 4);  /* empty */
	ml_st[1] = (word_t)cairn_signal(ml_big << 4 | 1);   /* too big */
	ml_st[2] = (word_t)cairn_signal(ml_slot << 4 | 3);  /* child [3] */
	ml_st[3] = (word_t)cairn_signal(ml_slot << 4 | 9);  /* child [9] */
	ml_st[4] = (word_t)cairn_signal(ml_other << 4 | 5); /* root slot */
	cairn_signal(ml_done << 4);
	for (;;) {
		cairn_wait(ml_park << 4, &b);
	}
}

static void
ml_setup(void)
{
	setup();
	ml_park = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	ml_done_n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	ml_done = kt_mint(ml_done_n, CAIRN_RIGHTS_ALL, 1);
	for (int i = 0; i < 8; i++) {
		ml_st[i] = NOT_YET;
	}
}

KTEST(cnode_lookup_through_child_cnode)
{
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, 4);
	word_t bits = 0;

	ml_setup();
	ml_slot = cn;
	ml_big = kt_make(CAIRN_OBJ_CNODE, 5); /* 5 bits: more than 4 left */
	KT_OK(cairn_cnode_mint(cn, 3, CAIRN_ROOT_CNODE, n, CAIRN_RIGHTS_ALL,
			       1ul << 3, NULL));
	KT_OK(cairn_cnode_mint(cn, 9, CAIRN_ROOT_CNODE, n, CAIRN_RIGHTS_ALL,
			       1ul << 9, NULL));
	KT_OK(cairn_cnode_mint(ml_big, 1, CAIRN_ROOT_CNODE, n, CAIRN_RIGHTS_ALL,
			       1ul << 20, NULL));
	ml_other = kt_mint(n, CAIRN_RIGHTS_ALL, 1ul << 1);
	spawn(ml_two_level, 0, 100, CAIRN_ROOT_CNODE,
	      0 << 6 | (KT_ROOT_GUARD - 4));
	KT_EQ(settled(ml_done_n), 1);
	KT_EQ(ml_st[0], CAIRN_E_EMPTY_SLOT);
	KT_EQ(ml_st[1], CAIRN_E_INVALID_CAP);
	KT_EQ(ml_st[2], CAIRN_OK);
	KT_EQ(ml_st[3], CAIRN_OK);
	KT_EQ(ml_st[4], CAIRN_OK);
	KT_OK(cairn_poll(n, &bits));
	KT_EQ(bits, 1ul << 3 | 1ul << 9 | 1ul << 1);
}

/* Root CNode with 8 bits fewer of guard: 8 left, for a child with a
 * 4-bit guard. */
static void
ml_guarded(word_t arg)
{
	word_t b;

	(void)arg;
	ml_st[0] = (word_t)cairn_signal(ml_slot << 8 | 0x6 << 4 | 2);
	ml_st[1] = (word_t)cairn_signal(ml_slot << 8 | 0x4 << 4 | 2);
	ml_st[2] = (word_t)cairn_signal(1ul << 63 | ml_slot << 8 | 5 << 4 | 2);
	/* A child without a guard ends the walk with bits to spare. */
	ml_st[3] = (word_t)cairn_signal(ml_other << 8 | 2 << 4 | 0xF);
	ml_st[4] = (word_t)cairn_signal(ml_slot << 8 | 0x5 << 4 | 2);
	cairn_signal(ml_done << 8);
	for (;;) {
		cairn_wait(ml_park << 8, &b);
	}
}

KTEST(cnode_lookup_checks_child_guard)
{
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, 4);
	cptr_t plain = kt_make(CAIRN_OBJ_CNODE, 4);
	word_t bits = 0;

	ml_setup();
	KT_OK(cairn_cnode_mint(cn, 2, CAIRN_ROOT_CNODE, n, CAIRN_RIGHTS_ALL,
			       1ul << 2, NULL));
	KT_OK(cairn_cnode_mint(plain, 2, CAIRN_ROOT_CNODE, n, CAIRN_RIGHTS_ALL,
			       1ul << 7, NULL));
	ml_slot = kt_mint(cn, CAIRN_RIGHTS_ALL, 0x5 << 6 | 4);
	ml_other = plain;
	spawn(ml_guarded, 0, 100, CAIRN_ROOT_CNODE,
	      0 << 6 | (KT_ROOT_GUARD - 8));
	KT_EQ(settled(ml_done_n), 1);
	KT_EQ(ml_st[0], CAIRN_E_INVALID_CAP); /* wrong child guard */
	KT_EQ(ml_st[1], CAIRN_E_INVALID_CAP);
	KT_EQ(ml_st[2], CAIRN_E_INVALID_CAP); /* wrong root guard */
	KT_EQ(ml_st[3], CAIRN_OK);
	KT_EQ(ml_st[4], CAIRN_OK);
	KT_OK(cairn_poll(n, &bits));
	KT_EQ(bits, 1ul << 2 | 1ul << 7);
}

/* CNode methods on a child CNode, named through a copy of it inside. */
static void
ml_cnode_ops(word_t arg)
{
	cptr_t self = ml_slot << 4 | 0;
	word_t b, slot = 0;

	(void)arg;
	ml_st[0] =
	    (word_t)cairn_cnode_copy(self, 5, self, 3, CAIRN_RIGHTS_ALL, &slot);
	ml_st[1] = slot;
	ml_st[2] = (word_t)cairn_cnode_mint(self, 6, self, 3, CAIRN_RIGHTS_ALL,
					    0x99, NULL);
	ml_st[3] =
	    (word_t)cairn_cnode_move(self, CAIRN_SLOT_AUTO, self, 4, &slot);
	ml_st[4] = slot;
	ml_st[5] = (word_t)cairn_signal(ml_slot << 4 | 5);
	ml_st[6] = (word_t)cairn_cnode_delete(self, 5);
	cairn_signal(ml_done << 4);
	for (;;) {
		cairn_wait(ml_park << 4, &b);
	}
}

KTEST(cnode_methods_on_child_cnode_from_two_level_cspace)
{
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, 4);
	cptr_t back = kt_slot();
	word_t bits = 0;

	ml_setup();
	ml_slot = cn;
	KT_OK(cairn_cnode_copy(cn, 0, CAIRN_ROOT_CNODE, cn, CAIRN_RIGHTS_ALL,
			       NULL));
	KT_OK(cairn_cnode_mint(cn, 3, CAIRN_ROOT_CNODE, n, CAIRN_RIGHTS_ALL, 8,
			       NULL));
	KT_OK(cairn_cnode_copy(cn, 4, CAIRN_ROOT_CNODE, n, CAIRN_RIGHT_READ,
			       NULL));
	spawn(ml_cnode_ops, 0, 100, CAIRN_ROOT_CNODE, KT_ROOT_GUARD - 4);
	KT_EQ(settled(ml_done_n), 1);
	KT_EQ(ml_st[0], CAIRN_OK);
	KT_EQ(ml_st[1], 5);
	KT_EQ(ml_st[2], CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(ml_st[3], CAIRN_OK);
	KT_EQ(ml_st[4], 1); /* slot 0 holds the CNode's own copy */
	KT_EQ(ml_st[5], CAIRN_OK);
	KT_EQ(ml_st[6], CAIRN_OK);
	KT_OK(cairn_poll(n, &bits));
	KT_EQ(bits, 8);
	/* What the thread did, seen from the root. */
	KT_EQ(cairn_cnode_move(CAIRN_ROOT_CNODE, back, cn, 5, NULL),
	      CAIRN_E_EMPTY_SLOT);
	KT_OK(cairn_cnode_move(CAIRN_ROOT_CNODE, back, cn, 1, NULL));
	KT_EQ(kt_type(back), CAIRN_OBJ_NOTIFICATION);
	KT_EQ(info_rights(back), CAIRN_RIGHT_READ);
}

/* A CSpace of a new CNode: radix 4 under 60 guard bits. */
static void
ml_own_cspace(word_t arg)
{
	word_t b;

	(void)arg;
	ml_st[0] = (word_t)cairn_signal(0x10 | 1); /* guard bit set */
	ml_st[1] = (word_t)cairn_signal(3);	   /* empty */
	ml_st[2] = (word_t)cairn_signal(CAIRN_ROOT_DEBUG + 0x100);
	ml_st[3] = (word_t)cairn_signal(1);
	cairn_signal(4);
	for (;;) {
		cairn_wait(2, &b);
	}
}

KTEST(cnode_thread_with_cspace_of_its_own)
{
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t cs = kt_make(CAIRN_OBJ_CNODE, 4);
	word_t bits = 0;

	ml_setup();
	KT_OK(cairn_cnode_mint(cs, 1, CAIRN_ROOT_CNODE, n, CAIRN_RIGHTS_ALL,
			       0x40, NULL));
	KT_OK(cairn_cnode_copy(cs, 2, CAIRN_ROOT_CNODE, ml_park,
			       CAIRN_RIGHT_READ, NULL));
	KT_OK(cairn_cnode_copy(cs, 4, CAIRN_ROOT_CNODE, ml_done,
			       CAIRN_RIGHT_WRITE, NULL));
	spawn(ml_own_cspace, 0, 100, cs, 60);
	KT_EQ(settled(ml_done_n), 1);
	KT_EQ(ml_st[0], CAIRN_E_INVALID_CAP);
	KT_EQ(ml_st[1], CAIRN_E_EMPTY_SLOT);
	KT_EQ(ml_st[2], CAIRN_E_INVALID_CAP);
	KT_EQ(ml_st[3], CAIRN_OK);
	KT_OK(cairn_poll(n, &bits));
	KT_EQ(bits, 0x40);
}
