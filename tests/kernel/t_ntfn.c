/*
 * Notifications: signal and wait in both orders, poll, accumulated
 * badges, binding to a thread that receives on an endpoint, deletion,
 * rights.
 */
#include "kt_space.h"

static cptr_t ntf, ep;
static volatile word_t st[4], bits[4], label[4];

static void
reset(void)
{
	for (int i = 0; i < 4; i++) {
		st[i] = KS_PENDING;
		bits[i] = label[i] = 0;
	}
}

/* A badged capability to n in a new slot. */
static cptr_t
badged(cptr_t n, word_t rights, word_t badge)
{
	cptr_t s = kt_slot();

	if (cairn_cnode_mint(CAIRN_ROOT_CNODE, s, CAIRN_ROOT_CNODE, n, rights,
			     badge, NULL) != CAIRN_OK) {
		kt_failed = 1;
	}
	return s;
}

static void
waiter(word_t i)
{
	word_t b = 0;

	st[i] = cairn_wait(ntf, &b);
	bits[i] = b;
}

/* Receive on ep (with the bound notification, if any). */
static void
ep_receiver(word_t i)
{
	struct cairn_msg m = {0};

	st[i] = cairn_recv(ep, 0, &m);
	bits[i] = m.badge;
	label[i] = m.label;
}

KTEST(ntfn_signal_then_wait_gets_or_of_badges)
{
	word_t b = 0;

	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t b1 = badged(ntf, CAIRN_RIGHTS_ALL, 0x1);
	cptr_t b4 = badged(ntf, CAIRN_RIGHT_WRITE, 0x4);
	KT_OK(cairn_signal(b1));
	KT_OK(cairn_signal(b4));
	KT_OK(cairn_wait(ntf, &b)); /* does not block: bits are there */
	KT_EQ(b, 0x5);
	/* The word was cleared. */
	KT_EQ(cairn_poll(ntf, &b), CAIRN_E_WOULD_BLOCK);
	KT_EQ(b, 0);
}

KTEST(ntfn_wait_then_signal_wakes_the_waiter)
{
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t b = badged(ntf, CAIRN_RIGHT_WRITE, 0x80);
	word_t w = 0;

	reset();
	ks_guard();
	ks_thread(waiter, 0, 100, 0);
	ks_settle();
	KT_EQ(st[0], KS_PENDING);
	KT_OK(cairn_signal(b));
	ks_settle();
	KT_OK(st[0]);
	KT_EQ(bits[0], 0x80);
	/* The waiter took the word. */
	KT_EQ(cairn_poll(ntf, &w), CAIRN_E_WOULD_BLOCK);
}

static void
signaller(word_t cap)
{
	st[0] = cairn_signal(cap);
}

KTEST(ntfn_root_waits_thread_signals)
{
	word_t w = 0;

	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t b = badged(ntf, CAIRN_RIGHT_WRITE, 0x2000);
	ks_guard();
	ks_thread(signaller, b, 100, 0);
	KT_OK(cairn_wait(ntf, &w));
	KT_EQ(w, 0x2000);
}

KTEST(ntfn_poll_empty_would_block)
{
	word_t w = 123;

	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	KT_EQ(cairn_poll(ntf, &w), CAIRN_E_WOULD_BLOCK);
	KT_EQ(w, 0);
	KT_EQ(cairn_poll(ntf, &w), CAIRN_E_WOULD_BLOCK);
}

KTEST(ntfn_poll_returns_pending_bits_and_clears)
{
	word_t w = 0;

	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t b = badged(ntf, CAIRN_RIGHT_WRITE, 0x30);
	KT_OK(cairn_signal(b));
	KT_OK(cairn_poll(ntf, &w));
	KT_EQ(w, 0x30);
	KT_EQ(cairn_poll(ntf, &w), CAIRN_E_WOULD_BLOCK);
}

KTEST(ntfn_multiple_signals_accumulate)
{
	word_t w = 0;

	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	for (word_t i = 0; i < 8; i++) {
		KT_OK(cairn_signal(badged(ntf, CAIRN_RIGHT_WRITE, 1ull << i)));
	}
	/* The same bit twice is one bit. */
	cptr_t again = badged(ntf, CAIRN_RIGHT_WRITE, 0x3);
	KT_OK(cairn_signal(again));
	KT_OK(cairn_signal(again));
	KT_OK(cairn_poll(ntf, &w));
	KT_EQ(w, 0xFF);
}

KTEST(ntfn_unbadged_signal_sets_no_bit)
{
	word_t w = 0;

	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	KT_OK(cairn_signal(ntf));
	KT_EQ(cairn_poll(ntf, &w), CAIRN_E_WOULD_BLOCK);
}

KTEST(ntfn_badge_keeps_all_64_bits)
{
	word_t w = 0;

	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	KT_OK(cairn_signal(badged(ntf, CAIRN_RIGHT_WRITE, 1ull << 63)));
	KT_OK(cairn_poll(ntf, &w));
	KT_EQ(w, 1ull << 63);
	KT_OK(cairn_signal(badged(ntf, CAIRN_RIGHT_WRITE, ~0ull)));
	KT_OK(cairn_poll(ntf, &w));
	KT_EQ(w, ~0ull);
}

KTEST(ntfn_send_nbsend_and_call_all_signal)
{
	struct cairn_msg m = {0};
	word_t w = 0;

	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	KT_OK(cairn_send(badged(ntf, CAIRN_RIGHT_WRITE, 0x1), 5, 3, &m));
	KT_OK(cairn_nbsend(badged(ntf, CAIRN_RIGHT_WRITE, 0x2), 0, 0, &m));
	KT_OK(cairn_call(badged(ntf, CAIRN_RIGHT_WRITE, 0x4), 0, 0, &m));
	KT_OK(cairn_poll(ntf, &w));
	KT_EQ(w, 0x7);
}

KTEST(ntfn_two_waiters_woken_one_at_a_time)
{
	cptr_t b = 0;

	reset();
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	b = badged(ntf, CAIRN_RIGHT_WRITE, 0x1);
	ks_guard();
	ks_thread(waiter, 0, 100, 0);
	ks_settle();
	ks_thread(waiter, 1, 100, 0);
	ks_settle();
	KT_OK(cairn_signal(b));
	ks_settle();
	/* The first to wait is woken first. */
	KT_OK(st[0]);
	KT_EQ(bits[0], 1);
	KT_EQ(st[1], KS_PENDING);
	KT_OK(cairn_signal(b));
	ks_settle();
	KT_OK(st[1]);
	KT_EQ(bits[1], 1);
}

KTEST(ntfn_signal_needs_write_right)
{
	word_t w = 0;

	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t ro = badged(ntf, CAIRN_RIGHT_READ, 0x1);
	cptr_t none = badged(ntf, 0, 0x2);
	struct cairn_msg m = {0};
	KT_EQ(cairn_signal(ro), CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_nbsend(ro, 0, 0, &m), CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_call(none, 0, 0, &m), CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_poll(ntf, &w), CAIRN_E_WOULD_BLOCK);
	/* A read-only capability still waits and polls. */
	KT_EQ(cairn_poll(ro, &w), CAIRN_E_WOULD_BLOCK);
}

KTEST(ntfn_wait_needs_read_right)
{
	word_t w = 0;

	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t wo = badged(ntf, CAIRN_RIGHT_WRITE, 0x1);
	KT_OK(cairn_signal(wo));
	KT_EQ(cairn_wait(wo, &w), CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_poll(wo, &w), CAIRN_E_NO_RIGHTS);
	/* The bit is still pending. */
	KT_OK(cairn_poll(ntf, &w));
	KT_EQ(w, 1);
}

KTEST(ntfn_deleting_wakes_waiters_with_deleted)
{
	reset();
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	ks_guard();
	ks_thread(waiter, 0, 100, 0);
	ks_thread(waiter, 1, 100, 0);
	ks_settle();
	KT_EQ(st[0], KS_PENDING);
	KT_EQ(st[1], KS_PENDING);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, ntf));
	ks_settle();
	KT_EQ(st[0], CAIRN_E_DELETED);
	KT_EQ(st[1], CAIRN_E_DELETED);
	KT_EQ(bits[0], 0);
}

KTEST(ntfn_deleting_a_copy_keeps_waiters)
{
	cptr_t copy = kt_slot();

	reset();
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	KT_OK(cairn_cnode_copy(CAIRN_ROOT_CNODE, copy, CAIRN_ROOT_CNODE, ntf,
			       CAIRN_RIGHTS_ALL, NULL));
	ks_guard();
	ks_thread(waiter, 0, 100, 0);
	ks_settle();
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, copy));
	ks_settle();
	KT_EQ(st[0], KS_PENDING);
	KT_OK(cairn_signal(badged(ntf, CAIRN_RIGHT_WRITE, 0x9)));
	ks_settle();
	KT_OK(st[0]);
	KT_EQ(bits[0], 0x9);
}

KTEST(ntfn_bound_wakes_thread_receiving_on_endpoint)
{
	reset();
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t b = badged(ntf, CAIRN_RIGHT_WRITE, 0x44);
	ks_guard();
	cptr_t t = ks_thread(ep_receiver, 0, 100, 0);
	KT_OK(cairn_tcb_bind_notification(t, ntf));
	ks_settle();
	KT_EQ(st[0], KS_PENDING);
	KT_OK(cairn_signal(b));
	ks_settle();
	KT_OK(st[0]);
	KT_EQ(label[0], CAIRN_LABEL_NOTIFICATION);
	KT_EQ(bits[0], 0x44);
	/* It left the endpoint's queue. */
	struct cairn_msg m = {0};
	KT_EQ(cairn_nbsend(ep, 0, 0, &m), CAIRN_E_WOULD_BLOCK);
}

KTEST(ntfn_bound_with_pending_bits_returns_at_once)
{
	reset();
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	KT_OK(cairn_signal(badged(ntf, CAIRN_RIGHT_WRITE, 0x6)));
	ks_guard();
	cptr_t t = ks_thread(ep_receiver, 0, 100, 0);
	KT_OK(cairn_tcb_bind_notification(t, ntf));
	ks_settle();
	KT_OK(st[0]);
	KT_EQ(label[0], CAIRN_LABEL_NOTIFICATION);
	KT_EQ(bits[0], 0x6);
	word_t w = 0;
	KT_EQ(cairn_poll(ntf, &w), CAIRN_E_WOULD_BLOCK);
}

KTEST(ntfn_bound_thread_still_gets_messages)
{
	struct cairn_msg m = {0};

	reset();
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ks_guard();
	cptr_t t = ks_thread(ep_receiver, 0, 100, 0);
	KT_OK(cairn_tcb_bind_notification(t, ntf));
	ks_settle();
	KT_OK(cairn_nbsend(ep, 31, 0, &m));
	ks_settle();
	KT_OK(st[0]);
	KT_EQ(label[0], 31);
	KT_EQ(bits[0], 0);
}

KTEST(ntfn_bound_still_works_for_plain_wait)
{
	word_t w = 0;

	reset();
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	ks_guard();
	cptr_t t = ks_thread(waiter, 0, 100, 0);
	KT_OK(cairn_tcb_bind_notification(t, ntf));
	ks_settle();
	KT_OK(cairn_signal(badged(ntf, CAIRN_RIGHT_WRITE, 0x10)));
	ks_settle();
	KT_OK(st[0]);
	KT_EQ(bits[0], 0x10);
	KT_EQ(cairn_poll(ntf, &w), CAIRN_E_WOULD_BLOCK);
}

KTEST(ntfn_unbound_no_longer_wakes_receiver)
{
	word_t w = 0;
	struct cairn_msg m = {0};

	reset();
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ks_guard();
	cptr_t t = ks_thread(ep_receiver, 0, 100, 0);
	KT_OK(cairn_tcb_bind_notification(t, ntf));
	KT_OK(cairn_tcb_unbind_notification(t));
	ks_settle();
	KT_OK(cairn_signal(badged(ntf, CAIRN_RIGHT_WRITE, 0x1)));
	ks_settle();
	KT_EQ(st[0], KS_PENDING);
	KT_OK(cairn_poll(ntf, &w));
	KT_EQ(w, 1);
	KT_OK(cairn_nbsend(ep, 2, 0, &m));
	ks_settle();
	KT_OK(st[0]);
	KT_EQ(label[0], 2);
}

KTEST(ntfn_bind_refusals)
{
	cptr_t t1 = kt_make(CAIRN_OBJ_TCB, 0);
	cptr_t t2 = kt_make(CAIRN_OBJ_TCB, 0);
	cptr_t n2 = kt_make(CAIRN_OBJ_NOTIFICATION, 0);

	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t wo = badged(ntf, CAIRN_RIGHT_WRITE, 0x1);
	/* Binding needs READ, and a notification. */
	KT_EQ(cairn_tcb_bind_notification(t1, wo), CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_tcb_bind_notification(t1, ep), CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_tcb_bind_notification(t1, kt_slot()), CAIRN_E_EMPTY_SLOT);
	KT_EQ(cairn_tcb_unbind_notification(t1), CAIRN_E_ILLEGAL_OPERATION);
	KT_OK(cairn_tcb_bind_notification(t1, ntf));
	/* One notification per thread and one thread per notification. */
	KT_EQ(cairn_tcb_bind_notification(t1, n2), CAIRN_E_IN_USE);
	KT_EQ(cairn_tcb_bind_notification(t2, ntf), CAIRN_E_IN_USE);
	KT_OK(cairn_tcb_unbind_notification(t1));
	KT_EQ(cairn_tcb_unbind_notification(t1), CAIRN_E_ILLEGAL_OPERATION);
	KT_OK(cairn_tcb_bind_notification(t2, ntf));
	KT_OK(cairn_tcb_bind_notification(t1, n2));
}

KTEST(ntfn_deleting_bound_notification_unbinds)
{
	cptr_t t = kt_make(CAIRN_OBJ_TCB, 0);
	cptr_t n2 = kt_make(CAIRN_OBJ_NOTIFICATION, 0);

	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	KT_OK(cairn_tcb_bind_notification(t, ntf));
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, ntf));
	KT_EQ(cairn_tcb_unbind_notification(t), CAIRN_E_ILLEGAL_OPERATION);
	KT_OK(cairn_tcb_bind_notification(t, n2));
}

KTEST(ntfn_deleting_bound_thread_unbinds)
{
	cptr_t t = kt_make(CAIRN_OBJ_TCB, 0);
	cptr_t t2 = kt_make(CAIRN_OBJ_TCB, 0);
	word_t w = 0;

	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	KT_OK(cairn_tcb_bind_notification(t, ntf));
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, t));
	/* Signals just accumulate now; and it can be bound again. */
	KT_OK(cairn_signal(badged(ntf, CAIRN_RIGHT_WRITE, 0x2)));
	KT_OK(cairn_poll(ntf, &w));
	KT_EQ(w, 2);
	KT_OK(cairn_tcb_bind_notification(t2, ntf));
}

KTEST(ntfn_badge_cannot_be_changed)
{
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t b = badged(ntf, CAIRN_RIGHTS_ALL, 0x5);
	cptr_t s = kt_slot();
	word_t w = 0;

	KT_EQ(cairn_cnode_mint(CAIRN_ROOT_CNODE, s, CAIRN_ROOT_CNODE, b,
			       CAIRN_RIGHTS_ALL, 0x6, NULL),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(kt_type(s), CAIRN_OBJ_NULL);
	/* Minting the same badge again is a plain copy. */
	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, s, CAIRN_ROOT_CNODE, b,
			       CAIRN_RIGHT_WRITE, 0x5, NULL));
	KT_OK(cairn_signal(s));
	KT_OK(cairn_poll(ntf, &w));
	KT_EQ(w, 0x5);
}

KTEST(ntfn_wild_capability_addresses)
{
	static const word_t wild[] = {~0ull, 1ull << 63, KT_ROOT_SLOTS, 0};
	word_t w = 0;

	for (int i = 0; i < 4; i++) {
		int want =
		    wild[i] == 0 ? CAIRN_E_EMPTY_SLOT : CAIRN_E_INVALID_CAP;
		KT_EQ(cairn_signal(wild[i]), want);
		KT_EQ(cairn_wait(wild[i], &w), want);
		KT_EQ(cairn_poll(wild[i], &w), want);
	}
	/* Wait on a thread or a frame: not a notification. */
	KT_EQ(cairn_wait(CAIRN_ROOT_TCB, &w), CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_poll(CAIRN_ROOT_IPC_BUFFER, &w), CAIRN_E_INVALID_CAP);
}

/* Across address spaces: a thread there signals, the root waits. */
static void
child_signaller(word_t n)
{
	word_t b = 0;

	for (word_t i = 0; i < n; i++) {
		st[0] = cairn_signal(KS_SLOT_FREE);
	}
	st[1] = cairn_wait(KS_SLOT_FREE + 1, &b);
	bits[1] = b;
}

KTEST(ntfn_across_address_spaces)
{
	static struct ks_space sp;
	word_t w = 0;

	reset();
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t n2 = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	KT_OK(ks_space_make(&sp));
	KT_OK(cairn_cnode_mint(sp.cnode, KS_SLOT_FREE, CAIRN_ROOT_CNODE, ntf,
			       CAIRN_RIGHT_WRITE, 0x700, NULL));
	KT_OK(cairn_cnode_copy(sp.cnode, KS_SLOT_FREE + 1, CAIRN_ROOT_CNODE, n2,
			       CAIRN_RIGHT_READ, NULL));
	ks_guard();
	KT_OK(ks_space_start(&sp, child_signaller, 3, 100, 0));
	KT_OK(cairn_wait(ntf, &w));
	KT_EQ(w, 0x700);
	ks_settle();
	KT_OK(st[0]);
	KT_EQ(st[1], KS_PENDING);
	KT_OK(cairn_signal(badged(n2, CAIRN_RIGHT_WRITE, 0x3)));
	ks_settle();
	KT_OK(st[1]);
	KT_EQ(bits[1], 0x3);
}

static void
bound_receiver_twice(word_t arg)
{
	struct cairn_msg m = {0};
	cptr_t r = arg;

	st[0] = cairn_recv(ep, r, &m);
	label[0] = m.label;
	/* Woken by the notification: its reply object is free again. */
	st[1] = cairn_recv(ep, r, &m);
	label[1] = m.label;
	if (st[1] == CAIRN_OK) {
		m.w[0] += 1;
		cairn_reply(r, 0, 1, &m);
	}
}

KTEST(ntfn_bound_wake_releases_the_reply_object)
{
	struct cairn_msg m = {0};
	cptr_t r = kt_make(CAIRN_OBJ_REPLY, 0);

	reset();
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ks_guard();
	cptr_t t = ks_thread(bound_receiver_twice, r, 100, 0);
	KT_OK(cairn_tcb_bind_notification(t, ntf));
	ks_settle();
	KT_OK(cairn_signal(badged(ntf, CAIRN_RIGHT_WRITE, 1)));
	ks_settle();
	KT_OK(st[0]);
	KT_EQ(label[0], CAIRN_LABEL_NOTIFICATION);
	KT_EQ(st[1], KS_PENDING); /* receiving again, not refused */
	m.w[0] = 41;
	KT_OK(cairn_call(ep, 3, 1, &m));
	KT_EQ(m.w[0], 42);
	ks_settle();
	KT_OK(st[1]);
	KT_EQ(label[1], 3);
}

KTEST(ntfn_deleting_bound_notification_leaves_receiver_waiting)
{
	struct cairn_msg m = {0};

	reset();
	ntf = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ks_guard();
	cptr_t t = ks_thread(ep_receiver, 0, 100, 0);
	KT_OK(cairn_tcb_bind_notification(t, ntf));
	ks_settle();
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, ntf));
	ks_settle();
	KT_EQ(st[0], KS_PENDING); /* still receiving on the endpoint */
	KT_OK(cairn_nbsend(ep, 8, 0, &m));
	ks_settle();
	KT_OK(st[0]);
	KT_EQ(label[0], 8);
}
