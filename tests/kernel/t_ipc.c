/* Endpoints: send, receive, call and reply between threads. */
#include "ktest.h"

static cptr_t ep, reply, done;
static volatile word_t seen;

static void
echo_server(word_t arg)
{
	struct cairn_msg m;

	(void)arg;
	if (cairn_recv(ep, reply, &m) != CAIRN_OK) {
		return;
	}
	seen = m.badge;
	for (word_t i = 0; i < m.len; i++) {
		m.w[i] += 1;
	}
	cairn_reply(reply, m.label + 1, m.len, &m);
}

KTEST(ipc_call_reply_registers)
{
	struct cairn_msg m = {0};

	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	reply = kt_make(CAIRN_OBJ_REPLY, 0);
	kt_thread(echo_server, 0, 200, 0);
	for (int i = 0; i < 8; i++) {
		m.w[i] = 100 + i;
	}
	KT_OK(cairn_call(ep, 5, 8, &m));
	KT_EQ(m.label, 6);
	KT_EQ(m.len, 8);
	for (int i = 0; i < 8; i++) {
		KT_EQ(m.w[i], 101 + i);
	}
}

KTEST(ipc_call_reply_long_message)
{
	struct cairn_msg m = {0};

	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	reply = kt_make(CAIRN_OBJ_REPLY, 0);
	kt_thread(echo_server, 0, 200, 0);
	for (int i = 0; i < 40; i++) {
		m.w[i] = 1000 * i;
	}
	KT_OK(cairn_call(ep, 1, 40, &m));
	KT_EQ(m.len, 40);
	for (int i = 0; i < 40; i++) {
		KT_EQ(m.w[i], 1000 * i + 1);
	}
}

KTEST(ipc_badge_reaches_receiver)
{
	struct cairn_msg m = {0};
	cptr_t badged = kt_slot();

	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	reply = kt_make(CAIRN_OBJ_REPLY, 0);
	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, badged, CAIRN_ROOT_CNODE, ep,
			       CAIRN_RIGHTS_ALL, 0xBAD6E5, NULL));
	seen = 0;
	kt_thread(echo_server, 0, 200, 0);
	KT_OK(cairn_call(badged, 0, 0, &m));
	KT_EQ(seen, 0xBAD6E5);
}

static void
signal_after_write(word_t va)
{
	*(volatile word_t *)va = 1234;
	seen = *(volatile word_t *)va;
	cairn_signal(done);
}

KTEST(fault_page_fault_mapped_by_handler_then_resumed)
{
	struct cairn_msg m = {0};
	word_t bits;
	word_t va = kt_vaddr(2);

	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	reply = kt_make(CAIRN_OBJ_REPLY, 0);
	done = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	kt_map_page(va + 4096); /* the page table, not the page */
	seen = 0;
	kt_thread(signal_after_write, va, 200, ep);
	KT_OK(cairn_recv(ep, reply, &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], va);
	KT_TRUE(m.w[CAIRN_FAULT_CODE] & CAIRN_FAULT_WRITE);
	KT_TRUE(kt_page_vector(m.w[CAIRN_FAULT_VECTOR]));
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va,
			      CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE));
	KT_OK(cairn_reply(reply, 0, 0, &m));
	KT_OK(cairn_wait(done, &bits));
	KT_EQ(seen, 1234);
	KT_EQ(*(volatile word_t *)va, 1234);
}
