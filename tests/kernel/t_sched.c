/*
 * The scheduler: strict priorities, round robin within a priority by
 * yield and by timeslice, priority changes, and who runs after IPC wakes
 * a thread.  Threads record the order they run in; the root (priority
 * 255) blocks to let them run.
 */
#include "ktest.h"

#define NOT_YET 0xEEEE

static cptr_t park_n;	 /* done threads wait here for ever */
static cptr_t done_n;	 /* the root waits here; thread i signals bit i */
static cptr_t done_c[8]; /* badged caps to done_n */
static cptr_t settle_n;	 /* the root waits here in settle() */
static cptr_t ep_g, ntfn_g, ntfn_c;
static volatile word_t order_g[32];
static volatile word_t norder;
static volatile word_t count_g[2], flag_g, seen_g, timed_out_g, peer_g;

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
	settle_n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	ep_g = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ntfn_g = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	ntfn_c = kt_mint(ntfn_g, CAIRN_RIGHTS_ALL, 1);
	for (int i = 0; i < 8; i++) {
		done_c[i] = kt_mint(done_n, CAIRN_RIGHTS_ALL, 1ul << i);
	}
	for (int i = 0; i < 32; i++) {
		order_g[i] = NOT_YET;
	}
	norder = 0;
	count_g[0] = count_g[1] = 0;
	flag_g = seen_g = timed_out_g = peer_g = 0;
}

static void
settler(word_t badged)
{
	cairn_signal(badged);
	park();
}

/* Return once every thread above priority 1 has blocked. */
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
log_id(word_t id)
{
	word_t i = __atomic_fetch_add(&norder, 1, __ATOMIC_SEQ_CST);

	if (i < 32) {
		order_g[i] = id;
	}
}

/* TSC cycles in ms milliseconds. */
static word_t
cycles(word_t ms)
{
	word_t hz = kt_bi->tsc_hz != 0 ? kt_bi->tsc_hz : 3000000000ul;

	return hz / 1000 * ms;
}

/* Thread i: log i, tell the root, stop. */
static void
logger(word_t i)
{
	log_id(i);
	cairn_signal(done_c[i]);
	park();
}

#define KT_ORDER(...)                                                          \
	do {                                                                   \
		static const word_t want_[] = {__VA_ARGS__};                   \
		unsigned n_ = sizeof(want_) / sizeof(want_[0]);                \
		KT_EQ(norder, n_);                                             \
		for (unsigned i_ = 0; i_ < n_; i_++) {                         \
			KT_EQ(order_g[i_], want_[i_]);                         \
		}                                                              \
	} while (0)

KTEST(sched_higher_priority_runs_first)
{
	setup();
	kt_thread(logger, 0, 100, 0);
	kt_thread(logger, 1, 200, 0);
	KT_EQ(settled(done_n) & 3, 3);
	KT_ORDER(1, 0);
}

KTEST(sched_priorities_run_highest_first)
{
	static const word_t prio[] = {50, 200, 100, 150, 10, 101};

	setup();
	for (word_t i = 0; i < 6; i++) {
		kt_thread(logger, i, prio[i], 0);
	}
	KT_EQ(settled(done_n) & 0x3F, 0x3F);
	KT_ORDER(1, 3, 5, 2, 0, 4);
}

KTEST(sched_equal_priority_runs_in_arrival_order)
{
	setup();
	for (word_t i = 0; i < 5; i++) {
		kt_thread(logger, i, 100, 0);
	}
	KT_EQ(settled(done_n) & 0x1F, 0x1F);
	KT_ORDER(0, 1, 2, 3, 4);
}

KTEST(sched_priority_zero_runs_when_all_else_blocks)
{
	setup();
	kt_thread(logger, 0, 0, 0);
	KT_EQ(kt_failed, 0);
	KT_EQ(kt_wait_bits(done_n, 1), 1);
	KT_ORDER(0);
}

static void
yielder(word_t i)
{
	for (int k = 0; k < 4; k++) {
		log_id(i);
		cairn_yield();
	}
	cairn_signal(done_c[i]);
	park();
}

KTEST(sched_yield_alternates_equal_priority)
{
	setup();
	kt_thread(yielder, 0, 100, 0);
	kt_thread(yielder, 1, 100, 0);
	KT_EQ(settled(done_n) & 3, 3);
	KT_ORDER(0, 1, 0, 1, 0, 1, 0, 1);
}

KTEST(sched_yield_round_robin_of_three)
{
	setup();
	kt_thread(yielder, 0, 120, 0);
	kt_thread(yielder, 1, 120, 0);
	kt_thread(yielder, 2, 120, 0);
	KT_EQ(settled(done_n) & 7, 7);
	KT_ORDER(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2);
}

static void
yield_then_log(word_t i)
{
	for (int k = 0; k < 3; k++) {
		log_id(10 + k);
		cairn_yield();
	}
	cairn_signal(done_c[i]);
	park();
}

KTEST(sched_yield_never_runs_lower_priority)
{
	setup();
	kt_thread(logger, 1, 100, 0);
	kt_thread(yield_then_log, 0, 150, 0);
	KT_EQ(settled(done_n) & 3, 3);
	KT_ORDER(10, 11, 12, 1);
}

KTEST(sched_yield_lets_root_priority_thread_run)
{
	setup();
	kt_thread(logger, 0, 255, 0);
	/* The root yields: the other thread of priority 255 runs. */
	for (int k = 0; k < 4 && norder == 0; k++) {
		cairn_yield();
	}
	KT_ORDER(0);
	/* It blocked after logging: the root is alone again. */
	cairn_yield();
	KT_EQ(norder, 1);
}

static void
high_blocks(word_t i)
{
	word_t b;

	log_id(10);
	cairn_wait(ntfn_g, &b); /* L runs now, and wakes us */
	log_id(11);
	cairn_signal(done_c[i]);
	park();
}

static void
low_wakes(word_t i)
{
	log_id(20);
	cairn_signal(ntfn_c); /* H preempts us here */
	log_id(21);
	cairn_signal(done_c[i]);
	park();
}

KTEST(sched_lower_runs_only_while_higher_blocks)
{
	setup();
	kt_thread(low_wakes, 1, 100, 0);
	kt_thread(high_blocks, 0, 200, 0);
	KT_EQ(settled(done_n) & 3, 3);
	KT_ORDER(10, 20, 11, 21);
}

/*
 * Spin past the end of a timeslice, watching the lower thread, until an
 * equal peer has run: then a tick certainly landed in the loop (or 500
 * ms have passed: timed_out_g).
 */
static void
busy_high(word_t i)
{
	word_t start = cairn_rdtsc();
	word_t end = start + cycles(25), give_up = start + cycles(500);

	for (word_t now = start; now < end || peer_g == 0;
	     now = cairn_rdtsc()) {
		if (flag_g != 0) {
			seen_g = 1;
		}
		if (now > give_up) {
			timed_out_g = 1;
			break;
		}
	}
	log_id(10);
	cairn_signal(done_c[i]);
	park();
}

/* busy_high's equal: runs only when a tick ends busy_high's timeslice. */
static void
peer_runs(word_t i)
{
	peer_g = 1;
	cairn_signal(done_c[i]);
	park();
}

static void
set_flag(word_t i)
{
	flag_g = 1;
	log_id(20);
	cairn_signal(done_c[i]);
	park();
}

KTEST(sched_busy_higher_priority_starves_lower)
{
	setup();
	kt_thread(set_flag, 1, 100, 0);
	kt_thread(busy_high, 0, 150, 0);
	kt_thread(peer_runs, 2, 150, 0);
	KT_EQ(settled(done_n) & 7, 7);
	/* Ticks came (the peer ran in the loop); the lower one never did. */
	KT_EQ(timed_out_g, 0);
	KT_EQ(peer_g, 1);
	KT_EQ(seen_g, 0);
	KT_ORDER(10, 20);
}

KTEST(sched_raising_runnable_thread_runs_it_first)
{
	setup();
	kt_thread(logger, 0, 100, 0);
	cptr_t b = kt_thread(logger, 1, 100, 0);
	KT_OK(cairn_tcb_set_priority(b, CAIRN_ROOT_TCB, 150));
	KT_EQ(settled(done_n) & 3, 3);
	KT_ORDER(1, 0);
}

KTEST(sched_lowering_runnable_thread_runs_it_last)
{
	setup();
	cptr_t a = kt_thread(logger, 0, 100, 0);
	kt_thread(logger, 1, 100, 0);
	kt_thread(logger, 2, 80, 0);
	KT_OK(cairn_tcb_set_priority(a, CAIRN_ROOT_TCB, 50));
	KT_EQ(settled(done_n) & 7, 7);
	KT_ORDER(1, 2, 0);
}

static void
wait_then_log(word_t i)
{
	word_t b;

	cairn_wait(ntfn_g, &b);
	log_id(i);
	cairn_signal(done_c[i]);
	park();
}

KTEST(sched_priority_of_blocked_thread_applies_when_woken)
{
	setup();
	cptr_t w = kt_thread(wait_then_log, 0, 50, 0);
	settle();
	kt_thread(logger, 1, 100, 0);
	KT_OK(cairn_tcb_set_priority(w, CAIRN_ROOT_TCB, 200));
	KT_OK(cairn_signal(ntfn_c));
	KT_EQ(settled(done_n) & 3, 3);
	KT_ORDER(0, 1);
}

KTEST(sched_woken_thread_queues_behind_equal_peers)
{
	setup();
	kt_thread(wait_then_log, 0, 100, 0);
	settle();
	kt_thread(logger, 1, 100, 0);
	kt_thread(logger, 2, 100, 0);
	KT_OK(cairn_signal(ntfn_c));
	KT_EQ(settled(done_n) & 7, 7);
	KT_ORDER(1, 2, 0);
}

KTEST(sched_root_lowering_itself_lets_higher_run)
{
	setup();
	kt_thread(logger, 0, 150, 0);
	/* Below the thread, the root is preempted in this very call. */
	int st = cairn_tcb_set_priority(CAIRN_ROOT_TCB, CAIRN_ROOT_TCB, 100);
	log_id(1);
	int st2 = cairn_tcb_set_priority(CAIRN_ROOT_TCB, CAIRN_ROOT_TCB, 255);
	KT_OK(st);
	KT_OK(st2);
	KT_ORDER(0, 1);
	KT_EQ(settled(done_n) & 1, 1);
}

static void
spin_both(word_t i)
{
	word_t end = cairn_rdtsc() + cycles(500);

	/* Never yield: run until the other thread has run too. */
	for (;;) {
		count_g[i]++;
		if (count_g[i ^ 1] != 0) {
			break;
		}
		if (cairn_rdtsc() > end) {
			timed_out_g = 1;
			break;
		}
	}
	log_id(i);
	cairn_signal(done_c[i]);
	park();
}

KTEST(sched_timeslice_shares_cpu_between_equal_threads)
{
	setup();
	kt_thread(spin_both, 0, 100, 0);
	kt_thread(spin_both, 1, 100, 0);
	KT_EQ(settled(done_n) & 3, 3);
	KT_EQ(timed_out_g, 0);
	/*
	 * Thread 0 ran first and was preempted in its loop; 1 saw that at
	 * its first step and ended; 0 saw 1's step when it ran again.
	 */
	KT_TRUE(count_g[0] > 1);
	KT_EQ(count_g[1], 1);
	KT_ORDER(1, 0);
}

static void
raise_flag(word_t i)
{
	flag_g = 1;
	log_id(i);
	park();
}

KTEST(sched_timeslice_preempts_root_for_equal_thread)
{
	setup();
	kt_thread(raise_flag, 0, 255, 0);
	word_t end = cairn_rdtsc() + cycles(500);
	/* The root spins, never yielding: the timer must share the CPU. */
	while (flag_g == 0 && cairn_rdtsc() < end) {
	}
	KT_EQ(flag_g, 1);
	KT_ORDER(0);
}

static void
recv_then_log(word_t i)
{
	struct cairn_msg m = {0};

	cairn_recv(ep_g, 0, &m);
	log_id(10);
	cairn_signal(done_c[i]);
	park();
}

static void
send_between_logs(word_t i)
{
	struct cairn_msg m = {0};

	log_id(20);
	cairn_send(ep_g, 0, 0, &m);
	log_id(21);
	cairn_signal(done_c[i]);
	park();
}

KTEST(sched_send_to_higher_receiver_switches_at_once)
{
	setup();
	kt_thread(recv_then_log, 0, 200, 0);
	kt_thread(send_between_logs, 1, 100, 0);
	KT_EQ(settled(done_n) & 3, 3);
	KT_ORDER(20, 10, 21);
}

KTEST(sched_send_to_lower_receiver_does_not_preempt)
{
	setup();
	kt_thread(recv_then_log, 0, 100, 0);
	settle();
	kt_thread(send_between_logs, 1, 200, 0);
	KT_EQ(settled(done_n) & 3, 3);
	KT_ORDER(20, 21, 10);
}

static void
signal_between_logs(word_t i)
{
	log_id(20);
	cairn_signal(ntfn_c);
	log_id(21);
	cairn_signal(done_c[i]);
	park();
}

KTEST(sched_signal_to_equal_waiter_does_not_preempt)
{
	setup();
	kt_thread(wait_then_log, 0, 100, 0);
	settle();
	kt_thread(signal_between_logs, 1, 100, 0);
	KT_EQ(settled(done_n) & 3, 3);
	KT_ORDER(20, 21, 0);
}

KTEST(sched_signal_to_higher_waiter_preempts)
{
	setup();
	kt_thread(wait_then_log, 0, 180, 0);
	kt_thread(signal_between_logs, 1, 100, 0);
	KT_EQ(settled(done_n) & 3, 3);
	KT_ORDER(20, 0, 21);
}

KTEST(sched_suspended_thread_is_not_scheduled)
{
	setup();
	cptr_t a = kt_thread(logger, 0, 200, 0);
	KT_OK(cairn_tcb_suspend(a));
	kt_thread(logger, 1, 100, 0);
	KT_EQ(settled(done_n) & 2, 2);
	KT_ORDER(1);
	KT_OK(cairn_tcb_resume(a));
	KT_EQ(settled(done_n) & 1, 1);
	KT_ORDER(1, 0);
}

static cptr_t reply_g;

static void
serve_once(word_t i)
{
	struct cairn_msg m = {0};

	cairn_recv(ep_g, reply_g, &m);
	log_id(30);
	cairn_reply(reply_g, 0, 0, &m); /* the caller preempts us here */
	log_id(31);
	cairn_signal(done_c[i]);
	park();
}

static void
call_between_logs(word_t i)
{
	struct cairn_msg m = {0};

	log_id(40);
	cairn_call(ep_g, 0, 0, &m);
	log_id(41);
	cairn_signal(done_c[i]);
	park();
}

KTEST(sched_reply_to_higher_caller_switches_at_once)
{
	setup();
	reply_g = kt_make(CAIRN_OBJ_REPLY, 0);
	kt_thread(serve_once, 0, 100, 0);
	kt_thread(call_between_logs, 1, 200, 0);
	KT_EQ(settled(done_n) & 3, 3);
	KT_ORDER(40, 30, 41, 31);
}

/*
 * The fast path's direct switch from caller to server (and back) must
 * not jump a runnable thread that is more urgent than the one switched
 * to, whether it sits between the two priorities or beside the caller.
 */
KTEST(sched_call_to_lower_server_waits_behind_middle_thread)
{
	setup();
	reply_g = kt_make(CAIRN_OBJ_REPLY, 0);
	kt_thread(serve_once, 0, 50, 0);
	settle();
	kt_thread(logger, 2, 100, 0);
	kt_thread(call_between_logs, 1, 200, 0);
	KT_EQ(settled(done_n) & 7, 7);
	KT_ORDER(40, 2, 30, 41, 31);
}

KTEST(sched_call_to_lower_server_waits_behind_caller_peer)
{
	setup();
	reply_g = kt_make(CAIRN_OBJ_REPLY, 0);
	kt_thread(serve_once, 0, 100, 0);
	settle();
	kt_thread(call_between_logs, 1, 200, 0);
	kt_thread(logger, 2, 200, 0);
	KT_EQ(settled(done_n) & 7, 7);
	KT_ORDER(40, 2, 30, 41, 31);
}

KTEST(sched_call_to_lower_server_with_nothing_between_switches)
{
	setup();
	reply_g = kt_make(CAIRN_OBJ_REPLY, 0);
	kt_thread(serve_once, 0, 100, 0);
	settle();
	kt_thread(logger, 2, 50, 0);
	kt_thread(call_between_logs, 1, 200, 0);
	KT_EQ(settled(done_n) & 7, 7);
	KT_ORDER(40, 30, 41, 31, 2);
}

/* Serve one call: wake the middle thread, then reply and wait again. */
static void
serve_wake_reply_recv(word_t i)
{
	struct cairn_msg m = {0};

	cairn_recv(ep_g, reply_g, &m);
	log_id(30);
	cairn_signal(ntfn_c); /* the middle thread: runnable, not running */
	cairn_signal(done_c[i]);
	cairn_reply_recv(ep_g, reply_g, 0, 0, &m);
	park();
}

KTEST(sched_reply_recv_to_lower_caller_waits_behind_middle_thread)
{
	setup();
	reply_g = kt_make(CAIRN_OBJ_REPLY, 0);
	kt_thread(serve_wake_reply_recv, 0, 200, 0);
	kt_thread(wait_then_log, 2, 100, 0);
	settle();
	kt_thread(call_between_logs, 1, 50, 0);
	KT_EQ(settled(done_n) & 7, 7);
	KT_ORDER(40, 30, 2, 41);
}
