/*
 * Regression tests for the capability kernel's review: each was a way for
 * a user program to crash the kernel or reach memory it should not.
 */
#include "kt_space.h"

KTEST(review_untyped_child_of_parent_size_refused)
{
	cptr_t u = kt_make(CAIRN_OBJ_UNTYPED, 16);

	KT_EQ(cairn_untyped_retype(u, CAIRN_OBJ_UNTYPED, 16, CAIRN_ROOT_CNODE,
				   kt_slot(), 1, NULL),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_OK(cairn_untyped_retype(u, CAIRN_OBJ_UNTYPED, 15, CAIRN_ROOT_CNODE,
				   kt_slot(), 1, NULL));
}

KTEST(review_unmapped_table_comes_back_empty)
{
	word_t v1 = 0x500000000000ull, v2 = v1 + 0x200000;
	cptr_t pdpt = kt_make(CAIRN_OBJ_PDPT, 12);
	cptr_t pd = kt_make(CAIRN_OBJ_PAGE_DIR, 12);
	cptr_t pt = kt_make(CAIRN_OBJ_PAGE_TABLE, 12);
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t g = kt_make(CAIRN_OBJ_FRAME, 12);
	word_t rw = CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE;

	KT_OK(cairn_page_table_map(pdpt, CAIRN_ROOT_VSPACE, v1));
	KT_OK(cairn_page_table_map(pd, CAIRN_ROOT_VSPACE, v1));
	KT_OK(cairn_page_table_map(pt, CAIRN_ROOT_VSPACE, v1));
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, v1, rw));
	*(volatile word_t *)v1 = 0x1234;
	KT_OK(cairn_page_table_unmap(pt));
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, f));
	/* Mapped again elsewhere, the table holds no trace of f. */
	KT_OK(cairn_page_table_map(pt, CAIRN_ROOT_VSPACE, v2));
	KT_OK(cairn_frame_map(g, CAIRN_ROOT_VSPACE, v2, rw));
	KT_EQ(*(volatile word_t *)v2, 0);
	KT_OK(cairn_page_table_unmap(pt));
	KT_OK(cairn_page_table_unmap(pd));
	KT_OK(cairn_page_table_unmap(pdpt));
}

KTEST(review_delete_thread_with_two_level_cspace)
{
	cptr_t t = kt_make(CAIRN_OBJ_TCB, 0);
	cptr_t a = kt_make(CAIRN_OBJ_CNODE, 4);
	cptr_t c = kt_make(CAIRN_OBJ_CNODE, 2);

	/* The TCB holds the last capability to a, which holds c's. */
	KT_OK(cairn_cnode_move(a, 1, CAIRN_ROOT_CNODE, c, NULL));
	KT_OK(cairn_tcb_configure(t, 0, a, 60, CAIRN_ROOT_VSPACE, 0, 0));
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, a));
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, t));
	KT_EQ(kt_type(t), CAIRN_OBJ_NULL);
}

static void
configure_self(word_t ipcbuf)
{
	/* Its own TCB is a[1]: the old CSpace goes, and the TCB with it. */
	cairn_tcb_configure(0x10, 0, 0, 0, (5 << 4) | 2, ipcbuf, (5 << 4) | 3);
}

KTEST(review_thread_configures_itself_out_of_existence)
{
	word_t base = kt_vaddr(3);
	/* The TCB is the only object of an Untyped that holds four. */
	cptr_t u = kt_make(CAIRN_OBJ_UNTYPED, CAIRN_ARCH_TCB_BITS + 2);
	cptr_t tcb = kt_slot();
	cptr_t a = kt_make(CAIRN_OBJ_CNODE, 4);
	cptr_t b = kt_make(CAIRN_OBJ_CNODE, 4);

	KT_OK(cairn_untyped_retype(u, CAIRN_OBJ_TCB, 0, CAIRN_ROOT_CNODE, tcb,
				   1, NULL));
	kt_map_page(base);
	kt_map_page(base + 4096);
	cptr_t ipc = kt_map_page(base + 2 * 4096);
	KT_OK(cairn_cnode_copy(a, 5, CAIRN_ROOT_CNODE, b, CAIRN_RIGHTS_ALL,
			       NULL));
	KT_OK(cairn_cnode_copy(b, 2, CAIRN_ROOT_CNODE, CAIRN_ROOT_VSPACE,
			       CAIRN_RIGHTS_ALL, NULL));
	KT_OK(cairn_cnode_copy(b, 3, CAIRN_ROOT_CNODE, ipc, CAIRN_RIGHTS_ALL,
			       NULL));
	KT_OK(cairn_tcb_configure(tcb, 0, a, 56, CAIRN_ROOT_VSPACE,
				  base + 2 * 4096, ipc));
	word_t regs[KT_REG_START_N] = {0};
	kt_regs_start(regs, (word_t)configure_self,
		      kt_entry_sp(base + 2 * 4096), base + 2 * 4096, 0, 0);
	KT_OK(cairn_tcb_set_priority(tcb, CAIRN_ROOT_TCB, 100));
	KT_OK(cairn_tcb_write_registers(tcb, 0, KT_REG_START_N, regs));
	KT_OK(cairn_tcb_resume(tcb));
	KT_OK(cairn_cnode_move(a, 1, CAIRN_ROOT_CNODE, tcb, NULL));
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, a));
	ks_settle();
	/*
	 * The thread destroyed itself, its TCB too: the Untyped has no child
	 * left, so it holds four TCBs again.  (The TCB's slot here was
	 * emptied by the move: no proof.)
	 */
	cptr_t four = kt_slot();
	for (int i = 1; i < 4; i++) {
		kt_slot();
	}
	KT_OK(cairn_untyped_retype(u, CAIRN_OBJ_TCB, 0, CAIRN_ROOT_CNODE, four,
				   4, NULL));
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, b));
}

KTEST(review_large_frame_cannot_reach_the_last_page)
{
	struct ks_space s;
	cptr_t big = kt_make(CAIRN_OBJ_FRAME, 21);

	KT_OK(ks_space_make(&s));
	KT_EQ(ks_space_map(&s, big, 0x7fffffe00000ull,
			   CAIRN_RIGHT_READ | CAIRN_RIGHT_EXEC),
	      CAIRN_E_BAD_ADDRESS);
}

KTEST(review_unreadable_mappings_refused)
{
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	word_t va = kt_vaddr(1);

	kt_map_page(va + 4096);
	KT_EQ(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, 0),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, CAIRN_RIGHT_WRITE),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, CAIRN_RIGHT_EXEC),
	      CAIRN_E_INVALID_ARGUMENT);
}

KTEST(review_retype_count_bounded)
{
	cptr_t cn = kt_make(CAIRN_OBJ_CNODE, 9);

	KT_EQ(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_NOTIFICATION, 0, cn, 0,
				   257, NULL),
	      CAIRN_E_RANGE);
	KT_OK(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_NOTIFICATION, 0, cn, 0,
				   256, NULL));
}

static cptr_t unwrap_ep, unwrap_reply;
static volatile word_t unwrap_info, unwrap_badge0, unwrap_slot_type;
static cptr_t unwrap_slot;

static void
unwrap_receiver(word_t arg)
{
	struct cairn_msg m;
	struct cairn_ipc_buffer *b = cairn_ipcbuf();

	(void)arg;
	b->recv_cnode = CAIRN_ROOT_CNODE;
	b->recv_index = unwrap_slot;
	if (cairn_recv(unwrap_ep, unwrap_reply, &m) == CAIRN_OK) {
		unwrap_info = m.caps | m.unwrapped << 4 | m.len << 8;
		unwrap_badge0 = b->badges[0];
		unwrap_slot_type = kt_type(unwrap_slot);
		cairn_reply(unwrap_reply, 0, 0, &m);
	}
	b->recv_cnode = 0;
}

KTEST(ipc_badged_cap_to_the_same_endpoint_is_unwrapped)
{
	struct cairn_msg m = {0};
	struct cairn_ipc_buffer *b = cairn_ipcbuf();

	unwrap_ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	unwrap_reply = kt_make(CAIRN_OBJ_REPLY, 0);
	unwrap_slot = kt_slot();
	cptr_t badged = kt_mint(unwrap_ep, CAIRN_RIGHTS_ALL, 0x77);
	cptr_t other = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	kt_thread(unwrap_receiver, 0, 200, 0);
	/* Two capabilities: the first unwraps, the second is copied. */
	b->caps[0] = badged;
	b->caps[1] = other;
	m.caps = 2;
	m.w[0] = 5;
	KT_OK(cairn_call(badged, 1, 1, &m));
	b->caps[0] = b->caps[1] = 0;
	KT_EQ(unwrap_info & 3, 2);	  /* two capabilities came */
	KT_EQ((unwrap_info >> 4) & 7, 1); /* the first unwrapped */
	KT_EQ(unwrap_badge0, 0x77);	  /* the first as its badge */
	KT_EQ(unwrap_slot_type, CAIRN_OBJ_NOTIFICATION); /* the second */
	KT_EQ(unwrap_info >> 8, 1);
}

static cptr_t remap_ep, remap_reply;

static void
write_once(word_t va)
{
	*(volatile word_t *)va = 7;
}

KTEST(vspace_remap_changes_rights_in_place)
{
	struct cairn_msg m;
	word_t va = kt_vaddr(2);
	word_t rw = CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE;
	cptr_t f = kt_map_page(va);

	*(volatile word_t *)va = 1;
	/* Read-only in place: the same frame, the same address. */
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, CAIRN_RIGHT_READ));
	KT_EQ(*(volatile word_t *)va, 1);
	remap_ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	remap_reply = kt_make(CAIRN_OBJ_REPLY, 0);
	kt_thread(write_once, va, 200, remap_ep);
	KT_OK(cairn_recv(remap_ep, remap_reply, &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_TRUE(m.w[CAIRN_FAULT_CODE] & CAIRN_FAULT_PRESENT);
	KT_TRUE(m.w[CAIRN_FAULT_CODE] & CAIRN_FAULT_WRITE);
	/* Writable again, and the thread's write goes through. */
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, rw));
	KT_OK(cairn_reply(remap_reply, 0, 0, &m));
	for (int i = 0; i < 100 && *(volatile word_t *)va != 7; i++) {
		cairn_tcb_set_priority(CAIRN_ROOT_TCB, CAIRN_ROOT_TCB, 200);
		cairn_yield();
		cairn_tcb_set_priority(CAIRN_ROOT_TCB, CAIRN_ROOT_TCB, 255);
	}
	KT_EQ(*(volatile word_t *)va, 7);
	/* Elsewhere it is still in use. */
	KT_EQ(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va + 4096, rw),
	      CAIRN_E_IN_USE);
}
