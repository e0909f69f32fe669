/*
 * Endpoints, more: both orders of send and receive, the non-blocking
 * calls, calls and reply objects, rights, labels and lengths, capability
 * transfer, badges, IPC between address spaces, and wild arguments.
 */
#include "kt_space.h"

static cptr_t ep, ep2, rep, rep2, ntf, xfer;
static struct cairn_msg rx;		 /* what a thread received */
static volatile word_t rx_st, tx_st;	 /* a thread's statuses */
static volatile word_t got[8], order[8]; /* what threads saw */
static volatile word_t norder;

static void
reset(void)
{
	struct cairn_msg zero = {0};

	rx = zero;
	rx_st = tx_st = KS_PENDING;
	norder = 0;
	for (int i = 0; i < 8; i++) {
		got[i] = KS_PENDING;
		order[i] = 0;
	}
}

/* Raw system call n on cap with info; returns the status. */
static word_t
raw(word_t n, word_t cap, word_t info, word_t reply)
{
	struct cairn_regs r = {cap, info, reply, {0}};

	return cairn_syscall(n, &r);
}

/* Threads. */

static void
receiver(word_t arg)
{
	(void)arg;
	rx_st = cairn_recv(ep, 0, &rx);
}

static void
sender(word_t arg)
{
	struct cairn_msg m = {0};

	m.w[0] = arg;
	m.w[1] = arg + 1;
	tx_st = cairn_send(ep, 7, 2, &m);
}

/* Send arg through ep2 (a cap the test chose), record the order. */
static void
queued_sender(word_t arg)
{
	struct cairn_msg m = {0};

	m.w[0] = arg;
	order[norder++] = arg;
	cairn_send(ep2, 1, 1, &m);
}

static void
caller(word_t arg)
{
	struct cairn_msg m = {0};

	m.w[0] = arg;
	tx_st = cairn_call(ep, 3, 1, &m);
	rx = m;
}

KTEST(ipc_send_recv_receiver_first)
{
	struct cairn_msg m = {0};

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ks_guard();
	ks_thread(receiver, 0, 100, 0);
	ks_settle();
	KT_EQ(rx_st, KS_PENDING); /* blocked in its receive */
	m.w[0] = 11;
	m.w[1] = 22;
	m.w[2] = 33;
	/* Non-blocking: it succeeds only because a receiver waits. */
	KT_OK(cairn_nbsend(ep, 42, 3, &m));
	ks_settle();
	KT_OK(rx_st);
	KT_EQ(rx.label, 42);
	KT_EQ(rx.len, 3);
	KT_EQ(rx.badge, 0);
	KT_EQ(rx.w[0], 11);
	KT_EQ(rx.w[1], 22);
	KT_EQ(rx.w[2], 33);
}

KTEST(ipc_send_recv_sender_first)
{
	struct cairn_msg m = {0};

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ks_guard();
	ks_thread(sender, 500, 100, 0);
	ks_settle();
	KT_EQ(tx_st, KS_PENDING); /* blocked in its send */
	/* Non-blocking: it succeeds only because a sender waits. */
	KT_OK(cairn_nbrecv(ep, 0, &m));
	KT_EQ(m.label, 7);
	KT_EQ(m.len, 2);
	KT_EQ(m.w[0], 500);
	KT_EQ(m.w[1], 501);
	ks_settle();
	KT_OK(tx_st);
	/* Nobody else is queued. */
	KT_EQ(cairn_nbrecv(ep, 0, &m), CAIRN_E_WOULD_BLOCK);
}

KTEST(ipc_blocking_send_then_blocking_recv)
{
	struct cairn_msg m = {0};

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ks_guard();
	ks_thread(sender, 9, 100, 0);
	/* The root blocks; the sender runs and meets it. */
	KT_OK(cairn_recv(ep, 0, &m));
	KT_EQ(m.label, 7);
	KT_EQ(m.w[0], 9);
	ks_settle();
	KT_OK(tx_st);
}

KTEST(ipc_nbsend_without_receiver_would_block)
{
	struct cairn_msg m = {0};

	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	m.w[0] = 1;
	KT_EQ(cairn_nbsend(ep, 1, 1, &m), CAIRN_E_WOULD_BLOCK);
	KT_EQ(cairn_nbsend(ep, 0, 0, &m), CAIRN_E_WOULD_BLOCK);
	/* Nothing was left queued. */
	KT_EQ(cairn_nbrecv(ep, 0, &m), CAIRN_E_WOULD_BLOCK);
}

KTEST(ipc_nbrecv_without_sender_would_block)
{
	struct cairn_msg m = {0};

	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	KT_EQ(cairn_nbrecv(ep, 0, &m), CAIRN_E_WOULD_BLOCK);
	KT_EQ(cairn_nbrecv(ep, rep, &m), CAIRN_E_WOULD_BLOCK);
	/* The reply object was not kept: usable again, still no caller. */
	KT_EQ(cairn_nbrecv(ep, rep, &m), CAIRN_E_WOULD_BLOCK);
	KT_EQ(cairn_reply(rep, 0, 0, &m), CAIRN_E_NO_REPLY);
	/* Nor was the root left queued as a receiver. */
	KT_EQ(cairn_nbsend(ep, 0, 0, &m), CAIRN_E_WOULD_BLOCK);
}

KTEST(ipc_call_without_reply_object_acts_as_send)
{
	struct cairn_msg m = {0};

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ks_guard();
	ks_thread(receiver, 0, 100, 0); /* receives with no reply object */
	ks_settle();
	m.w[0] = 77;
	/* The receiver brought no reply object: the call does not wait. */
	KT_OK(cairn_call(ep, 9, 1, &m));
	ks_settle();
	KT_OK(rx_st);
	KT_EQ(rx.label, 9);
	KT_EQ(rx.len, 1);
	KT_EQ(rx.w[0], 77);
}

static void
receiver_then_reply(word_t arg)
{
	struct cairn_msg m = {0};

	(void)arg;
	rx_st = cairn_recv(ep, 0, &rx);
	/* The caller was not bound to anything: nothing to answer. */
	got[0] = cairn_reply(rep, 0, 0, &m);
}

KTEST(ipc_call_without_reply_object_caller_first)
{
	struct cairn_msg m = {0};

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	ks_guard();
	ks_thread(receiver_then_reply, 0, 100, 0);
	m.w[0] = 5;
	KT_OK(cairn_call(ep, 4, 1, &m)); /* blocks until received */
	ks_settle();
	KT_OK(rx_st);
	KT_EQ(rx.label, 4);
	KT_EQ(rx.w[0], 5);
	KT_EQ(got[0], CAIRN_E_NO_REPLY);
}

static void
doubler(word_t n)
{
	struct cairn_msg m = {0};
	int st = cairn_recv(ep, rep, &m);

	for (word_t i = 0; i < n && st == CAIRN_OK; i++) {
		got[0] = i + 1; /* calls served */
		m.w[0] *= 2;
		m.caps = 0;
		st = cairn_reply_recv(ep, rep, m.label + 1, 1, &m);
	}
}

KTEST(ipc_reply_recv_serves_several_calls)
{
	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	ks_guard();
	ks_thread(doubler, 100, 100, 0);
	for (word_t i = 1; i <= 6; i++) {
		struct cairn_msg m = {0};
		m.w[0] = 10 * i;
		KT_OK(cairn_call(ep, i, 1, &m));
		KT_EQ(m.label, i + 1);
		KT_EQ(m.len, 1);
		KT_EQ(m.w[0], 20 * i);
		KT_EQ(got[0], i);
	}
}

KTEST(ipc_reply_recv_serves_two_clients)
{
	struct cairn_msg m = {0};

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	ks_guard();
	ks_thread(doubler, 100, 150, 0);
	ks_thread(caller, 21, 100, 0);
	ks_settle(); /* the server answered the thread, and waits again */
	KT_OK(tx_st);
	KT_EQ(rx.label, 4);
	KT_EQ(rx.w[0], 42);
	m.w[0] = 8;
	KT_OK(cairn_call(ep, 1, 1, &m));
	KT_EQ(m.label, 2);
	KT_EQ(m.w[0], 16);
	KT_EQ(got[0], 2);
}

/* Receive a call (A's) on rep, then another (the root's) on rep2; answer
 * the second first, and the first later. */
static void
keeper(word_t arg)
{
	struct cairn_msg a = {0}, b = {0};

	(void)arg;
	if (cairn_recv(ep, rep, &a) != CAIRN_OK) {
		return;
	}
	got[0] = a.w[0];
	if (cairn_recv(ep, rep2, &b) != CAIRN_OK) {
		return;
	}
	b.w[0] += 1;
	got[1] = cairn_reply(rep2, 2, 1, &b);
	a.w[0] += 1;
	got[2] = cairn_reply(rep, 1, 1, &a);
}

KTEST(ipc_reply_object_kept_answered_after_another_client)
{
	struct cairn_msg m = {0};

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	rep2 = kt_make(CAIRN_OBJ_REPLY, 0);
	ks_guard();
	ks_thread(keeper, 0, 150, 0);
	ks_thread(caller, 10, 100, 0);
	ks_settle(); /* A's call is held; the server waits again */
	KT_EQ(got[0], 10);
	KT_EQ(tx_st, KS_PENDING);
	m.w[0] = 100;
	KT_OK(cairn_call(ep, 0, 1, &m));
	KT_EQ(m.label, 2);
	KT_EQ(m.w[0], 101);
	/* The root was answered first; A still waits. */
	KT_EQ(tx_st, KS_PENDING);
	ks_settle();
	KT_OK(got[1]);
	KT_OK(got[2]);
	KT_OK(tx_st);
	KT_EQ(rx.label, 1);
	KT_EQ(rx.w[0], 11);
}

KTEST(ipc_reply_without_caller_is_no_reply)
{
	struct cairn_msg m = {0};
	cptr_t empty = kt_slot();

	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	KT_EQ(cairn_reply(rep, 1, 1, &m), CAIRN_E_NO_REPLY);
	KT_EQ(cairn_reply(rep, 0, 0, &m), CAIRN_E_NO_REPLY);
	/* Only a reply object can be replied through. */
	KT_EQ(cairn_reply(ep, 0, 0, &m), CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_reply(empty, 0, 0, &m), CAIRN_E_EMPTY_SLOT);
	KT_EQ(cairn_reply(CAIRN_ROOT_TCB, 0, 0, &m), CAIRN_E_INVALID_CAP);
}

KTEST(ipc_reply_recv_with_idle_reply_object_just_receives)
{
	struct cairn_msg m = {0};

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	ks_guard();
	ks_thread(sender, 70, 100, 0);
	ks_settle();
	KT_OK(cairn_reply_recv(ep, rep, 0, 0, &m));
	KT_EQ(m.label, 7);
	KT_EQ(m.w[0], 70);
	/* A send binds no caller. */
	KT_EQ(cairn_reply(rep, 0, 0, &m), CAIRN_E_NO_REPLY);
	ks_settle();
	KT_OK(tx_st);
}

KTEST(ipc_recv_with_busy_reply_object_is_in_use)
{
	struct cairn_msg m = {0};

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	ks_guard();
	ks_thread(caller, 30, 100, 0);
	ks_settle();
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.w[0], 30);
	/* rep holds the caller: receiving with it again is refused. */
	KT_EQ(cairn_nbrecv(ep, rep, &m), CAIRN_E_IN_USE);
	KT_EQ(cairn_recv(ep, rep, &m), CAIRN_E_IN_USE);
	KT_EQ(tx_st, KS_PENDING);
	m.w[0] = 31;
	KT_OK(cairn_reply(rep, 5, 1, &m));
	ks_settle();
	KT_OK(tx_st);
	KT_EQ(rx.label, 5);
	KT_EQ(rx.w[0], 31);
	/* Free again. */
	KT_EQ(cairn_nbrecv(ep, rep, &m), CAIRN_E_WOULD_BLOCK);
	KT_EQ(cairn_reply(rep, 0, 0, &m), CAIRN_E_NO_REPLY);
}

KTEST(ipc_send_needs_write_right)
{
	struct cairn_msg m = {0};
	cptr_t ro = kt_slot(), none = kt_slot();

	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, ro, CAIRN_ROOT_CNODE, ep,
			       CAIRN_RIGHT_READ | CAIRN_RIGHT_GRANT, 1, NULL));
	KT_OK(cairn_cnode_copy(CAIRN_ROOT_CNODE, none, CAIRN_ROOT_CNODE, ep, 0,
			       NULL));
	KT_EQ(ks_cap_rights(ro), CAIRN_RIGHT_READ | CAIRN_RIGHT_GRANT);
	KT_EQ(cairn_send(ro, 0, 0, &m), CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_nbsend(ro, 0, 0, &m), CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_call(ro, 0, 0, &m), CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_send(none, 0, 0, &m), CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_nbrecv(none, 0, &m), CAIRN_E_NO_RIGHTS);
}

KTEST(ipc_recv_needs_read_right)
{
	struct cairn_msg m = {0};
	cptr_t wo = kt_slot();

	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	KT_OK(cairn_cnode_copy(CAIRN_ROOT_CNODE, wo, CAIRN_ROOT_CNODE, ep,
			       CAIRN_RIGHT_WRITE | CAIRN_RIGHT_GRANT, NULL));
	KT_EQ(cairn_recv(wo, 0, &m), CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_nbrecv(wo, rep, &m), CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_reply_recv(wo, rep, 0, 0, &m), CAIRN_E_NO_RIGHTS);
	/* Sending through it is fine (no receiver: would block). */
	KT_EQ(cairn_nbsend(wo, 0, 0, &m), CAIRN_E_WOULD_BLOCK);
}

/* Send the messages of table[] through ep, one after another. */
static const word_t table[][2] = {
    {0, 0},
    {1, 1},
    {0xFFFFF, 8},
    {1ull << 40, 9},
    {(1ull << 50), 33},
    {(1ull << 52) - 1, 64},
};
#define NTABLE (sizeof(table) / sizeof(table[0]))

static void
table_sender(word_t arg)
{
	(void)arg;
	for (word_t i = 0; i < NTABLE; i++) {
		struct cairn_msg m = {0};
		for (word_t j = 0; j < table[i][1]; j++) {
			m.w[j] = i * 1000 + j;
		}
		got[i] = cairn_send(ep, table[i][0], table[i][1], &m);
	}
}

KTEST(ipc_labels_and_lengths_preserved)
{
	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ks_guard();
	ks_thread(table_sender, 0, 100, 0);
	for (word_t i = 0; i < NTABLE; i++) {
		struct cairn_msg m = {0};
		KT_OK(cairn_recv(ep, 0, &m));
		KT_EQ(m.label, table[i][0]);
		KT_EQ(m.len, table[i][1]);
		KT_EQ(m.caps, 0);
		for (word_t j = 0; j < m.len; j++) {
			KT_EQ(m.w[j], i * 1000 + j);
		}
	}
	ks_settle();
	for (word_t i = 0; i < NTABLE; i++) {
		KT_OK(got[i]);
	}
}

static void
long_caller(word_t arg)
{
	struct cairn_msg m = {0};

	for (word_t i = 0; i < 64; i++) {
		m.w[i] = arg + i;
	}
	tx_st = cairn_call(ep, 64, 64, &m);
	got[0] = m.len;
	got[1] = 1;
	for (word_t i = 0; i < 64; i++) {
		if (m.w[i] != ~(arg + i)) {
			got[1] = 0;
		}
	}
}

KTEST(ipc_64_word_message_both_ways)
{
	struct cairn_msg m = {0};

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	ks_guard();
	ks_thread(long_caller, 0x1000, 100, 0);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, 64);
	KT_EQ(m.len, 64);
	for (word_t i = 0; i < 64; i++) {
		KT_EQ(m.w[i], 0x1000 + i);
		m.w[i] = ~m.w[i];
	}
	KT_OK(cairn_reply(rep, 0, 64, &m));
	ks_settle();
	KT_OK(tx_st);
	KT_EQ(got[0], 64);
	KT_EQ(got[1], 1);
}

static void
raw_long_sender(word_t len)
{
	struct cairn_regs r = {ep, cairn_msginfo(3, 0, len), 0, {0}};

	for (int i = 0; i < 8; i++) {
		r.mr[i] = 100 + i;
	}
	for (int i = 8; i < CAIRN_MSG_MAX_LENGTH; i++) {
		cairn_ipcbuf()->msg[i] = 100 + i;
	}
	tx_st = cairn_syscall((word_t)CAIRN_SYS_SEND, &r);
}

KTEST(ipc_length_over_64_is_clamped)
{
	static const word_t lens[] = {65, 100, 127};

	for (int k = 0; k < 3; k++) {
		struct cairn_msg m = {0};
		reset();
		ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
		ks_thread(raw_long_sender, lens[k], 100, 0);
		ks_settle();
		KT_OK(cairn_nbrecv(ep, 0, &m));
		KT_EQ(m.label, 3);
		KT_EQ(m.len, 64);
		KT_EQ(m.w[0], 100);
		KT_EQ(m.w[63], 163);
		ks_settle();
		KT_OK(tx_st);
	}
}

/* Send with capability caps[0] = arg through xfer (a cap the test chose). */
static void
cap_sender(word_t arg)
{
	struct cairn_msg m = {0};

	cairn_ipcbuf()->caps[0] = arg;
	m.caps = 1;
	m.w[0] = 0xCAFE;
	tx_st = cairn_send(xfer, 12, 1, &m);
}

/* Receive a message from cap_sender in the root, into slot dst. */
static void
recv_with_slot(cptr_t dst, struct cairn_msg *m)
{
	ks_root_recv_slot(CAIRN_ROOT_CNODE, dst);
	rx_st = cairn_recv(ep, 0, m);
	ks_root_ipc_reset();
}

static void
grant_body(void)
{
	struct cairn_msg m = {0};
	cptr_t nb = kt_slot(), dst = kt_slot();
	word_t bits = 0;

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	xfer = kt_slot();
	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, xfer, CAIRN_ROOT_CNODE, ep,
			       CAIRN_RIGHT_WRITE | CAIRN_RIGHT_GRANT, 0, NULL));
	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, nb, CAIRN_ROOT_CNODE, ntf,
			       CAIRN_RIGHTS_ALL, 0x10, NULL));
	ks_guard();
	ks_thread(cap_sender, nb, 100, 0);
	recv_with_slot(dst, &m);
	KT_OK(rx_st);
	KT_EQ(m.label, 12);
	KT_EQ(m.w[0], 0xCAFE);
	KT_EQ(m.caps, 1);
	KT_EQ(kt_type(dst), CAIRN_OBJ_NOTIFICATION);
	KT_EQ(ks_cap_w1(dst), 0x10); /* the badge came along */
	/* The sender keeps its own. */
	KT_EQ(kt_type(nb), CAIRN_OBJ_NOTIFICATION);
	KT_OK(cairn_signal(dst));
	KT_OK(cairn_poll(ntf, &bits));
	KT_EQ(bits, 0x10);
	ks_settle();
	KT_OK(tx_st);
	/* The transferred capability is the sender's child: revoked with it. */
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, nb));
	KT_EQ(kt_type(dst), CAIRN_OBJ_NULL);
}

KTEST(ipc_grant_transfers_capability)
{
	grant_body();
	ks_root_ipc_reset();
}

static void
no_transfer_body(word_t rights, int occupied, int recv_slot, cptr_t what)
{
	struct cairn_msg m = {0};
	cptr_t dst = kt_slot();

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	xfer = kt_slot();
	KT_OK(cairn_cnode_copy(CAIRN_ROOT_CNODE, xfer, CAIRN_ROOT_CNODE, ep,
			       rights, NULL));
	if (occupied) {
		KT_OK(cairn_untyped_retype(kt_untyped, CAIRN_OBJ_ENDPOINT, 0,
					   CAIRN_ROOT_CNODE, dst, 1, NULL));
	}
	ks_guard();
	ks_thread(cap_sender, what != 0 ? what : ntf, 100, 0);
	if (recv_slot) {
		recv_with_slot(dst, &m);
	} else {
		rx_st = cairn_recv(ep, 0, &m);
	}
	/* The message arrives; the capability does not. */
	KT_OK(rx_st);
	KT_EQ(m.label, 12);
	KT_EQ(m.w[0], 0xCAFE);
	KT_EQ(m.caps, 0);
	KT_EQ(kt_type(dst), occupied ? CAIRN_OBJ_ENDPOINT : CAIRN_OBJ_NULL);
	ks_settle();
	KT_OK(tx_st);
}

KTEST(ipc_without_grant_no_transfer)
{
	no_transfer_body(CAIRN_RIGHT_WRITE | CAIRN_RIGHT_READ |
			     CAIRN_RIGHT_GRANT_REPLY,
			 0, 1, 0);
	ks_root_ipc_reset();
}

KTEST(ipc_transfer_into_occupied_slot_is_dropped)
{
	no_transfer_body(CAIRN_RIGHTS_ALL, 1, 1, 0);
	ks_root_ipc_reset();
}

KTEST(ipc_transfer_without_receive_slot_is_dropped)
{
	no_transfer_body(CAIRN_RIGHTS_ALL, 0, 0, 0);
	ks_root_ipc_reset();
}

KTEST(ipc_transfer_of_empty_cptr_is_dropped)
{
	no_transfer_body(CAIRN_RIGHTS_ALL, 0, 1, kt_slot());
	ks_root_ipc_reset();
}

static void
wild_slot_body(void)
{
	static const word_t where[][2] = {
	    {CAIRN_ROOT_CNODE, ~0ull},
	    {CAIRN_ROOT_CNODE, 1ull << CAIRN_ROOT_CNODE_RADIX},
	    {~0ull, 1},
	    {CAIRN_ROOT_TCB, 1},
	};

	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	xfer = ep;
	ks_guard();
	for (int i = 0; i < 4; i++) {
		struct cairn_msg m = {0};
		reset();
		ks_thread(cap_sender, ntf, 100, 0);
		ks_root_recv_slot(where[i][0], where[i][1]);
		rx_st = cairn_recv(ep, 0, &m);
		ks_root_ipc_reset();
		KT_OK(rx_st);
		KT_EQ(m.label, 12);
		KT_EQ(m.caps, 0);
		ks_settle();
		KT_OK(tx_st);
	}
}

KTEST(ipc_transfer_into_wild_receive_slot_is_dropped)
{
	wild_slot_body();
	ks_root_ipc_reset();
}

/* Call through xfer, ready to receive a capability into slot arg. */
static void
cap_receiving_caller(word_t arg)
{
	struct cairn_msg m = {0};

	cairn_ipcbuf()->recv_cnode = CAIRN_ROOT_CNODE;
	cairn_ipcbuf()->recv_index = arg;
	m.w[0] = 1;
	tx_st = cairn_call(xfer, 2, 1, &m);
	rx = m;
}

static void
reply_cap_body(word_t rights, int expect)
{
	struct cairn_msg m = {0};
	cptr_t nb = kt_slot(), dst = kt_slot();
	word_t bits = 0;

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	xfer = kt_slot();
	KT_OK(cairn_cnode_copy(CAIRN_ROOT_CNODE, xfer, CAIRN_ROOT_CNODE, ep,
			       rights, NULL));
	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, nb, CAIRN_ROOT_CNODE, ntf,
			       CAIRN_RIGHTS_ALL, 0x300, NULL));
	ks_guard();
	ks_thread(cap_receiving_caller, dst, 100, 0);
	KT_OK(cairn_recv(ep, rep, &m));
	cairn_ipcbuf()->caps[0] = nb;
	m.caps = 1;
	m.w[0] = 0xAB;
	int st = cairn_reply(rep, 6, 1, &m);
	ks_root_ipc_reset();
	KT_OK(st);
	ks_settle();
	KT_OK(tx_st);
	KT_EQ(rx.label, 6);
	KT_EQ(rx.w[0], 0xAB);
	KT_EQ(rx.caps, expect);
	KT_EQ(kt_type(dst), expect ? CAIRN_OBJ_NOTIFICATION : CAIRN_OBJ_NULL);
	if (expect) {
		KT_OK(cairn_signal(dst));
		KT_OK(cairn_poll(ntf, &bits));
		KT_EQ(bits, 0x300);
	}
}

KTEST(ipc_reply_carries_capability_with_grant_reply)
{
	reply_cap_body(CAIRN_RIGHT_WRITE | CAIRN_RIGHT_GRANT_REPLY, 1);
	ks_root_ipc_reset();
}

KTEST(ipc_reply_carries_capability_with_grant)
{
	reply_cap_body(CAIRN_RIGHT_WRITE | CAIRN_RIGHT_GRANT, 1);
	ks_root_ipc_reset();
}

KTEST(ipc_reply_without_grant_rights_carries_no_capability)
{
	reply_cap_body(CAIRN_RIGHT_WRITE, 0);
	ks_root_ipc_reset();
}

KTEST(ipc_badge_zero_and_badged_senders)
{
	cptr_t badged = kt_slot();

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, badged, CAIRN_ROOT_CNODE, ep,
			       CAIRN_RIGHTS_ALL, 0x99, NULL));
	ep2 = ep;
	ks_guard();
	ks_thread(queued_sender, 1, 100, 0); /* unbadged */
	ks_settle();
	ep2 = badged;
	ks_thread(queued_sender, 2, 100, 0);
	ks_settle();
	struct cairn_msg m = {0};
	KT_OK(cairn_nbrecv(ep, 0, &m));
	KT_EQ(m.w[0], 1);
	KT_EQ(m.badge, 0);
	KT_OK(cairn_nbrecv(ep, 0, &m));
	KT_EQ(m.w[0], 2);
	KT_EQ(m.badge, 0x99);
	/* Receiving through the badged capability changes nothing. */
	KT_EQ(cairn_nbrecv(badged, 0, &m), CAIRN_E_WOULD_BLOCK);
}

KTEST(ipc_senders_are_served_in_order)
{
	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ep2 = ep;
	ks_guard();
	for (word_t i = 1; i <= 4; i++) {
		ks_thread(queued_sender, i, 100, 0);
		ks_settle();
	}
	KT_EQ(norder, 4);
	for (word_t i = 1; i <= 4; i++) {
		struct cairn_msg m = {0};
		KT_OK(cairn_nbrecv(ep, 0, &m));
		KT_EQ(m.w[0], i);
	}
	struct cairn_msg m = {0};
	KT_EQ(cairn_nbrecv(ep, 0, &m), CAIRN_E_WOULD_BLOCK);
}

static void
blocked_receiver(word_t arg)
{
	struct cairn_msg m = {0};

	got[arg] = cairn_recv(arg == 0 ? ep : ep2, 0, &m);
}

static void
blocked_sender(word_t arg)
{
	struct cairn_msg m = {0};

	got[arg] =
	    arg == 2 ? cairn_send(ep2, 0, 0, &m) : cairn_call(ep2, 0, 0, &m);
}

KTEST(ipc_deleting_endpoint_wakes_its_queue)
{
	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ep2 = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ks_guard();
	ks_thread(blocked_receiver, 0, 100, 0);
	ks_thread(blocked_sender, 2, 100, 0);
	ks_thread(blocked_sender, 3, 100, 0);
	ks_settle();
	KT_EQ(got[0], KS_PENDING);
	KT_EQ(got[2], KS_PENDING);
	KT_EQ(got[3], KS_PENDING);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, ep));
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, ep2));
	ks_settle();
	KT_EQ(got[0], CAIRN_E_DELETED);
	KT_EQ(got[2], CAIRN_E_DELETED);
	KT_EQ(got[3], CAIRN_E_DELETED);
}

KTEST(ipc_deleting_a_copy_keeps_the_endpoint)
{
	cptr_t copy = kt_slot();
	struct cairn_msg m = {0};

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	KT_OK(cairn_cnode_copy(CAIRN_ROOT_CNODE, copy, CAIRN_ROOT_CNODE, ep,
			       CAIRN_RIGHTS_ALL, NULL));
	ks_guard();
	ks_thread(sender, 3, 100, 0);
	ks_settle();
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, ep));
	ks_settle();
	KT_EQ(tx_st, KS_PENDING); /* still queued */
	KT_OK(cairn_nbrecv(copy, 0, &m));
	KT_EQ(m.w[0], 3);
	ks_settle();
	KT_OK(tx_st);
}

KTEST(ipc_deleting_reply_object_fails_the_caller)
{
	struct cairn_msg m = {0};

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	ks_guard();
	ks_thread(caller, 1, 100, 0);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, rep));
	ks_settle();
	KT_EQ(tx_st, CAIRN_E_DELETED);
}

KTEST(ipc_invalid_negative_syscalls)
{
	static const int64_t bad[] = {-10, -11, -15, -17, -1000, INT64_MIN};

	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	for (int i = 0; i < 6; i++) {
		KT_EQ(raw((word_t)bad[i], ep, 0, 0), CAIRN_E_INVALID_SYSCALL);
	}
	/* Yield is a call that always works. */
	KT_EQ(raw((word_t)CAIRN_SYS_YIELD, 0, 0, 0), CAIRN_OK);
}

KTEST(ipc_on_non_ipc_objects)
{
	struct cairn_msg m = {0};
	cptr_t empty = kt_slot();
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);

	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	KT_EQ(cairn_recv(f, 0, &m), CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_nbrecv(CAIRN_ROOT_TCB, 0, &m), CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_recv(rep, 0, &m), CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_recv(empty, 0, &m), CAIRN_E_EMPTY_SLOT);
	KT_EQ(cairn_nbsend(empty, 0, 0, &m), CAIRN_E_EMPTY_SLOT);
	/* A reply object that is not one. */
	KT_EQ(cairn_nbrecv(ep, ep, &m), CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_nbrecv(ep, empty, &m), CAIRN_E_EMPTY_SLOT);
	KT_EQ(cairn_nbrecv(ep, ~0ull, &m), CAIRN_E_INVALID_CAP);
	/* Sending on a reply object: no method. */
	KT_EQ(cairn_send(rep, 0, 0, &m), CAIRN_E_ILLEGAL_OPERATION);
}

KTEST(ipc_wild_capability_addresses)
{
	static const word_t wild[] = {~0ull, 1ull << 63, KT_ROOT_SLOTS, 0xFFFFF,
				      0x8000000000001000ull};
	struct cairn_msg m = {0};

	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	for (int i = 0; i < 5; i++) {
		KT_EQ(cairn_send(wild[i], 0, 0, &m), CAIRN_E_INVALID_CAP);
		KT_EQ(cairn_nbsend(wild[i], 1, 64, &m), CAIRN_E_INVALID_CAP);
		KT_EQ(cairn_call(wild[i], 1ull << 50, 8, &m),
		      CAIRN_E_INVALID_CAP);
		KT_EQ(cairn_recv(wild[i], 0, &m), CAIRN_E_INVALID_CAP);
		KT_EQ(cairn_nbrecv(wild[i], wild[i], &m), CAIRN_E_INVALID_CAP);
		KT_EQ(cairn_reply(wild[i], 0, 0, &m), CAIRN_E_INVALID_CAP);
		KT_EQ(cairn_reply_recv(ep, wild[i], 0, 0, &m),
		      CAIRN_E_INVALID_CAP);
		KT_EQ(raw((word_t)CAIRN_SYS_REPLY_RECV, wild[i], 0, rep),
		      CAIRN_E_INVALID_CAP);
	}
}

KTEST(ipc_wild_labels_and_lengths_on_kernel_objects)
{
	static const word_t labels[] = {0, 1ull << 50, (1ull << 52) - 1,
					0xFFFF};
	cptr_t objs[4];
	word_t w[CAIRN_MSG_MAX_LENGTH];

	objs[0] = kt_make(CAIRN_OBJ_TCB, 0);
	objs[1] = kt_make(CAIRN_OBJ_CNODE, 2);
	objs[2] = kt_make(CAIRN_OBJ_FRAME, 12);
	objs[3] = CAIRN_ROOT_IRQ_CONTROL;
	for (int o = 0; o < 4; o++) {
		for (int l = 0; l < 4; l++) {
			for (word_t len = 0; len <= 127; len += 127) {
				for (int i = 0; i < CAIRN_MSG_MAX_LENGTH; i++) {
					w[i] = ~0ull;
				}
				KT_EQ(cairn_invoke(objs[o], labels[l], len, w),
				      CAIRN_E_ILLEGAL_OPERATION);
			}
		}
	}
	/* The untyped knows one method. */
	KT_EQ(cairn_invoke(kt_untyped, 1ull << 50, 5, w),
	      CAIRN_E_ILLEGAL_OPERATION);
}

/* Another address space: a badged call with capabilities both ways. */
static struct ks_space sp;

#define CHILD_EP   (KS_SLOT_FREE + 0) /* badged, WRITE and GRANT */
#define CHILD_NTF  (KS_SLOT_FREE + 1) /* what it sends */
#define CHILD_RECV (KS_SLOT_FREE + 2) /* where its reply's cap goes */

static void
child_client(word_t arg)
{
	struct cairn_msg m = {0};
	struct cairn_ipc_buffer *b = cairn_ipcbuf();

	b->recv_cnode = KS_SLOT_CNODE;
	b->recv_index = CHILD_RECV;
	b->caps[0] = CHILD_NTF;
	m.caps = 1;
	for (word_t i = 0; i < 12; i++) {
		m.w[i] = arg + i;
	}
	got[0] = cairn_call(CHILD_EP, 0x77, 12, &m);
	got[1] = m.label;
	got[2] = m.len;
	got[3] = m.caps;
	got[4] = m.w[0];
	got[5] = m.w[19];
	got[6] = (word_t)b; /* its own buffer, not the root's */
	got[7] = cairn_signal(CHILD_RECV);
}

static void
cross_space_body(void)
{
	struct cairn_msg m = {0};
	cptr_t n2 = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t nb2 = kt_slot(), dst = kt_slot();
	word_t bits = 0;

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	KT_OK(ks_space_make(&sp));
	KT_OK(cairn_cnode_mint(sp.cnode, CHILD_EP, CAIRN_ROOT_CNODE, ep,
			       CAIRN_RIGHT_WRITE | CAIRN_RIGHT_GRANT, 0x5EED,
			       NULL));
	KT_OK(cairn_cnode_mint(sp.cnode, CHILD_NTF, CAIRN_ROOT_CNODE, ntf,
			       CAIRN_RIGHTS_ALL, 0x40, NULL));
	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, nb2, CAIRN_ROOT_CNODE, n2,
			       CAIRN_RIGHT_WRITE, 0x8, NULL));
	ks_guard();
	KT_OK(ks_space_start(&sp, child_client, 0xC0DE00, 100, 0));
	ks_root_recv_slot(CAIRN_ROOT_CNODE, dst);
	KT_OK(cairn_recv(ep, rep, &m));
	ks_root_ipc_reset();
	KT_EQ(m.badge, 0x5EED);
	KT_EQ(m.label, 0x77);
	KT_EQ(m.len, 12);
	for (word_t i = 0; i < 12; i++) {
		KT_EQ(m.w[i], 0xC0DE00 + i);
	}
	KT_EQ(m.caps, 1);
	KT_EQ(kt_type(dst), CAIRN_OBJ_NOTIFICATION);
	KT_EQ(ks_cap_w1(dst), 0x40);
	KT_OK(cairn_signal(dst));
	KT_OK(cairn_poll(ntf, &bits));
	KT_EQ(bits, 0x40);
	/* Answer with 20 words and a capability. */
	for (word_t i = 0; i < 20; i++) {
		m.w[i] = 0xA000 + i;
	}
	cairn_ipcbuf()->caps[0] = nb2;
	m.caps = 1;
	int st = cairn_reply(rep, 0x88, 20, &m);
	ks_root_ipc_reset();
	KT_OK(st);
	/* The child signals through the capability it got. */
	KT_OK(cairn_wait(n2, &bits));
	KT_EQ(bits, 0x8);
	ks_settle();
	KT_OK(got[0]);
	KT_EQ(got[1], 0x88);
	KT_EQ(got[2], 20);
	KT_EQ(got[3], 1);
	KT_EQ(got[4], 0xA000);
	KT_EQ(got[5], 0xA000 + 19);
	KT_EQ(got[6], KS_IPCBUF);
	KT_OK(got[7]);
}

KTEST(ipc_across_address_spaces_badge_and_capabilities)
{
	cross_space_body();
	ks_root_ipc_reset();
}

static void
child_server(word_t arg)
{
	struct cairn_msg m = {0};

	(void)arg;
	got[0] = cairn_recv(CHILD_EP, KS_SLOT_FREE + 3, &m);
	got[1] = m.badge;
	for (word_t i = 0; i < m.len && i < 64; i++) {
		m.w[i] += 1;
	}
	got[2] = cairn_reply(KS_SLOT_FREE + 3, m.label, m.len, &m);
}

KTEST(ipc_across_address_spaces_call_into_server)
{
	struct cairn_msg m = {0};
	cptr_t r = kt_make(CAIRN_OBJ_REPLY, 0);

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	KT_OK(ks_space_make(&sp));
	KT_OK(cairn_cnode_copy(sp.cnode, CHILD_EP, CAIRN_ROOT_CNODE, ep,
			       CAIRN_RIGHT_READ, NULL));
	KT_OK(cairn_cnode_move(sp.cnode, KS_SLOT_FREE + 3, CAIRN_ROOT_CNODE, r,
			       NULL));
	cptr_t badged = kt_slot();
	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, badged, CAIRN_ROOT_CNODE, ep,
			       CAIRN_RIGHT_WRITE, 0xB0B, NULL));
	ks_guard();
	KT_OK(ks_space_start(&sp, child_server, 0, 100, 0));
	for (word_t i = 0; i < 40; i++) {
		m.w[i] = i * 3;
	}
	KT_OK(cairn_call(badged, 9, 40, &m));
	KT_EQ(m.label, 9);
	KT_EQ(m.len, 40);
	for (word_t i = 0; i < 40; i++) {
		KT_EQ(m.w[i], i * 3 + 1);
	}
	ks_settle();
	KT_OK(got[0]);
	KT_EQ(got[1], 0xB0B);
	KT_OK(got[2]);
}

/*
 * The common CALL and REPLY_RECV may take a shorter way through the
 * kernel; these check that it leaves the same state as the long one.
 */

#define CHILD_REPLY (KS_SLOT_FREE + 3)

static void
child_echo_loop(word_t n)
{
	struct cairn_msg m = {0};
	int st = cairn_recv(CHILD_EP, CHILD_REPLY, &m);

	for (word_t i = 0; i < n && st == CAIRN_OK; i++) {
		got[0] = i + 1;
		got[1] = m.badge;
		for (word_t j = 0; j < m.len && j < 8; j++) {
			m.w[j] = ~m.w[j];
		}
		st = cairn_reply_recv(CHILD_EP, CHILD_REPLY, m.label + 1, m.len,
				      &m);
	}
}

KTEST(ipc_short_calls_across_address_spaces)
{
	cptr_t r = kt_make(CAIRN_OBJ_REPLY, 0);
	cptr_t badged = kt_slot();

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	KT_OK(ks_space_make(&sp));
	KT_OK(cairn_cnode_copy(sp.cnode, CHILD_EP, CAIRN_ROOT_CNODE, ep,
			       CAIRN_RIGHT_READ, NULL));
	KT_OK(
	    cairn_cnode_move(sp.cnode, CHILD_REPLY, CAIRN_ROOT_CNODE, r, NULL));
	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, badged, CAIRN_ROOT_CNODE, ep,
			       CAIRN_RIGHT_WRITE, 0x51, NULL));
	ks_guard();
	KT_OK(ks_space_start(&sp, child_echo_loop, 1000, 100, 0));
	for (word_t i = 0; i < 20; i++) {
		struct cairn_msg m = {0};
		word_t len = i % 9;
		for (word_t j = 0; j < len; j++) {
			m.w[j] = i * 100 + j;
		}
		KT_OK(cairn_call(badged, i, len, &m));
		KT_EQ(m.label, i + 1);
		KT_EQ(m.len, len);
		KT_EQ(m.badge, 0);
		for (word_t j = 0; j < len; j++) {
			KT_EQ(m.w[j], ~(i * 100 + j));
		}
		KT_EQ(got[0], i + 1);
		KT_EQ(got[1], 0x51);
	}
}

static void
server_id(word_t id)
{
	struct cairn_msg m = {0};
	cptr_t r = id == 1 ? rep : rep2;
	int st = cairn_recv(ep, r, &m);

	for (int i = 0; i < 100 && st == CAIRN_OK; i++) {
		m.w[0] = id;
		st = cairn_reply_recv(ep, r, 0, 1, &m);
	}
}

KTEST(ipc_calls_go_to_waiting_servers_in_turn)
{
	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	rep2 = kt_make(CAIRN_OBJ_REPLY, 0);
	ks_guard();
	ks_thread(server_id, 1, 100, 0);
	ks_settle();
	ks_thread(server_id, 2, 100, 0);
	ks_settle();
	/* A server that answers queues again behind the other. */
	for (word_t i = 0; i < 6; i++) {
		struct cairn_msg m = {0};
		KT_OK(cairn_call(ep, 0, 0, &m));
		KT_EQ(m.w[0], i % 2 + 1);
	}
}

static void
mark(word_t id)
{
	order[norder++] = id;
}

static void
marking_server(word_t id)
{
	struct cairn_msg m = {0};

	if (cairn_recv(ep, rep, &m) == CAIRN_OK) {
		order[norder++] = id;
		cairn_reply(rep, 0, 0, &m);
	}
}

KTEST(ipc_call_does_not_pass_a_more_urgent_thread)
{
	struct cairn_msg m = {0};

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	ks_guard();
	ks_thread(marking_server, 1, 50, 0);
	ks_settle();		    /* the server waits */
	ks_thread(mark, 2, 100, 0); /* runnable, more urgent */
	KT_OK(cairn_call(ep, 0, 0, &m));
	KT_EQ(norder, 2);
	KT_EQ(order[0], 2);
	KT_EQ(order[1], 1);
}

static void
slow_replier(word_t arg)
{
	struct cairn_msg m = {0};
	word_t b = 0;

	(void)arg;
	if (cairn_recv(ep, rep, &m) != CAIRN_OK ||
	    cairn_wait(ntf, &b) != CAIRN_OK) {
		return;
	}
	cairn_reply_recv(ep, rep, 0, 0, &m);
}

static void
marking_caller(word_t id)
{
	struct cairn_msg m = {0};

	tx_st = cairn_call(ep, 0, 0, &m);
	order[norder++] = id;
}

KTEST(ipc_reply_does_not_pass_a_more_urgent_thread)
{
	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t go = kt_slot();
	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, go, CAIRN_ROOT_CNODE, ntf,
			       CAIRN_RIGHT_WRITE, 1, NULL));
	ks_guard();
	ks_thread(slow_replier, 0, 200, 0);
	ks_thread(marking_caller, 3, 50, 0);
	ks_settle(); /* the caller waits for the answer */
	KT_EQ(tx_st, KS_PENDING);
	ks_thread(mark, 2, 100, 0); /* runnable, more urgent than the caller */
	KT_OK(cairn_signal(go));
	ks_settle();
	KT_OK(tx_st);
	KT_EQ(norder, 2);
	KT_EQ(order[0], 2);
	KT_EQ(order[1], 3);
}

static void
bound_server(word_t arg)
{
	struct cairn_msg m = {0};

	if (cairn_recv(ep, rep, &m) != CAIRN_OK) {
		return;
	}
	cairn_signal(arg); /* pending on its own bound notification */
	m.w[0] = 5;
	rx_st = cairn_reply_recv(ep, rep, 0, 1, &m);
	got[0] = m.label;
	got[1] = m.badge;
}

KTEST(ipc_reply_recv_takes_pending_bound_notification)
{
	struct cairn_msg m = {0};
	cptr_t b = kt_slot();

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, b, CAIRN_ROOT_CNODE, ntf,
			       CAIRN_RIGHT_WRITE, 0x42, NULL));
	ks_guard();
	cptr_t t = ks_thread(bound_server, b, 100, 0);
	KT_OK(cairn_tcb_bind_notification(t, ntf));
	ks_settle();
	KT_OK(cairn_call(ep, 0, 0, &m));
	KT_EQ(m.w[0], 5);
	ks_settle();
	KT_OK(rx_st);
	KT_EQ(got[0], CAIRN_LABEL_NOTIFICATION);
	KT_EQ(got[1], 0x42);
}

static void
write_only_server(word_t wo)
{
	struct cairn_msg m = {0};

	if (cairn_recv(ep, rep, &m) != CAIRN_OK) {
		return;
	}
	m.w[0] = 99;
	rx_st = cairn_reply_recv(wo, rep, 1, 1, &m);
}

KTEST(ipc_reply_recv_without_read_right_replies_then_fails)
{
	struct cairn_msg m = {0};
	cptr_t wo = kt_slot();

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	KT_OK(cairn_cnode_copy(CAIRN_ROOT_CNODE, wo, CAIRN_ROOT_CNODE, ep,
			       CAIRN_RIGHT_WRITE, NULL));
	ks_guard();
	ks_thread(write_only_server, wo, 100, 0);
	KT_OK(cairn_call(ep, 0, 0, &m));
	KT_EQ(m.label, 1);
	KT_EQ(m.w[0], 99);
	ks_settle();
	KT_EQ(rx_st, CAIRN_E_NO_RIGHTS);
	/* It did not stay queued as a receiver. */
	KT_EQ(cairn_nbsend(ep, 0, 0, &m), CAIRN_E_WOULD_BLOCK);
}

KTEST(ipc_caller_deleted_then_reply_is_no_reply)
{
	struct cairn_msg m = {0};

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	ks_guard();
	cptr_t t = ks_thread(caller, 4, 100, 0);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.w[0], 4);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, t));
	KT_EQ(cairn_reply(rep, 0, 0, &m), CAIRN_E_NO_REPLY);
	/* The reply object is free for the next call. */
	KT_EQ(cairn_nbrecv(ep, rep, &m), CAIRN_E_WOULD_BLOCK);
}

static void
receiver_with_reply(word_t arg)
{
	struct cairn_msg m = {0};

	(void)arg;
	rx_st = cairn_recv(ep, rep, &m);
}

KTEST(ipc_receiver_deleted_frees_its_reply_object)
{
	struct cairn_msg m = {0};

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	ks_guard();
	cptr_t t = ks_thread(receiver_with_reply, 0, 100, 0);
	ks_settle();
	/* Another thread's receive holds rep. */
	KT_EQ(cairn_nbrecv(ep, rep, &m), CAIRN_E_IN_USE);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, t));
	KT_EQ(cairn_nbrecv(ep, rep, &m), CAIRN_E_WOULD_BLOCK);
	/* And the endpoint has no receiver left. */
	KT_EQ(cairn_nbsend(ep, 0, 0, &m), CAIRN_E_WOULD_BLOCK);
}

static void
long_sender(word_t arg)
{
	struct cairn_msg m = {0};

	for (word_t i = 0; i < 20; i++) {
		m.w[i] = arg + i;
	}
	tx_st = cairn_send(ep, 2, 20, &m);
}

/* Words past the registers need an IPC buffer at both ends. */
KTEST(ipc_long_message_without_ipc_buffer_is_cut_to_registers)
{
	struct cairn_msg m = {0};
	word_t guard = 64 - CAIRN_ROOT_CNODE_RADIX;

	reset();
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ks_guard();
	/* A receiver with no buffer. */
	cptr_t t = ks_thread(receiver, 0, 100, 0);
	KT_OK(cairn_tcb_configure(t, 0, CAIRN_ROOT_CNODE, guard,
				  CAIRN_ROOT_VSPACE, 0, 0));
	ks_settle();
	for (word_t i = 0; i < 20; i++) {
		m.w[i] = 700 + i;
	}
	KT_OK(cairn_nbsend(ep, 1, 20, &m));
	ks_settle();
	KT_OK(rx_st);
	KT_EQ(rx.len, CAIRN_MSG_REGS);
	for (word_t i = 0; i < CAIRN_MSG_REGS; i++) {
		KT_EQ(rx.w[i], 700 + i);
	}
	/* A sender with no buffer. */
	t = ks_thread(long_sender, 900, 100, 0);
	KT_OK(cairn_tcb_configure(t, 0, CAIRN_ROOT_CNODE, guard,
				  CAIRN_ROOT_VSPACE, 0, 0));
	ks_settle();
	m.len = 0;
	KT_OK(cairn_nbrecv(ep, 0, &m));
	KT_EQ(m.label, 2);
	KT_EQ(m.len, CAIRN_MSG_REGS);
	KT_EQ(m.w[7], 907);
	ks_settle();
	KT_OK(tx_st);
}
