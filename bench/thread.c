/*
 * bench: making and destroying a thread.
 *
 * thread_create times everything a program does to start a thread, from
 * nothing to the thread's first instruction: retype a TCB from an Untyped,
 * configure it (CSpace, VSpace, IPC buffer), set its priority, write its
 * registers, resume it, and block until it runs.  The thread stamps the
 * TSC as it starts and signals back; the figure ends at that stamp.  The
 * Untyped holds only this TCB, so after each destruction it has no
 * children and the next retype first zeroes the TCB's memory again: the
 * cost of reusing memory, which steady-state thread creation pays, is in
 * the figure.  The stack and IPC buffer pages are made once and reused
 * (mapping them is map_unmap_4k's business).
 *
 * thread_destroy times deleting the last capability to that thread, which
 * is then runnable (it waits behind the creator, at a lower priority): the
 * kernel takes it off the run queue and frees the TCB.
 */
#include "bench.h"

static uint64_t created[RUNS + WARMUP];
static uint64_t destroyed[RUNS + WARMUP];
static volatile uint64_t first_tsc; /* the new thread's first stamp */
static cptr_t started;		    /* it signals this once stamped */

/* The new thread: stamp, say so, and wait to be destroyed. */
static void
newborn(void)
{
	first_tsc = bench_now();
	cairn_signal(started);
	for (;;) {
		cairn_yield();
	}
}

/* The same, traced: the trace ends at the new thread's first call. */
static void
trace_newborn(void)
{
	trace_end();
	cairn_signal(started);
	for (;;) {
		cairn_yield();
	}
}

/*
 * Make, start and destroy one thread that begins at entry; 0, or -1 if a
 * step failed.  With trace, the making is traced (trace_begin_thread).
 */
static int
one_thread(cptr_t ut, cptr_t slot, const struct bench_stack *st, int i,
	   void (*entry)(void))
{
	word_t regs[3] = {(word_t)entry, st->top - BENCH_STACK_SKIP,
			  BENCH_FLAGS};
	word_t bits;

	if (entry == trace_newborn) {
		trace_begin_thread();
	}
	uint64_t t0 = bench_start();
	if (cairn_untyped_retype(ut, CAIRN_OBJ_TCB, 0, CAIRN_ROOT_CNODE, slot,
				 1, NULL) != CAIRN_OK ||
	    cairn_tcb_configure(slot, 0, CAIRN_ROOT_CNODE,
				64 - CAIRN_ROOT_CNODE_RADIX, CAIRN_ROOT_VSPACE,
				st->ipc_va, st->ipc_frame) != CAIRN_OK ||
	    cairn_tcb_set_priority(slot, CAIRN_ROOT_TCB, 254) != CAIRN_OK ||
	    cairn_tcb_write_registers(slot, 0, 3, regs) != CAIRN_OK ||
	    cairn_tcb_resume(slot) != CAIRN_OK) {
		return -1;
	}
	/* It runs once this thread (priority 255) blocks. */
	cairn_wait(started, &bits);
	created[i] = first_tsc - t0;
	uint64_t t1 = bench_start();
	int err = cairn_cnode_delete(CAIRN_ROOT_CNODE, slot);
	destroyed[i] = bench_stop() - t1;
	return err == CAIRN_OK ? 0 : -1;
}

/* The Untyped, slot, stack and notification of thread_create. */
static void
thread_setup(cptr_t *ut, cptr_t *slot, struct bench_stack *st)
{
	cptr_t n;

	*ut = bench_make(CAIRN_OBJ_UNTYPED, CAIRN_UNTYPED_MIN_BITS);
	*slot = bench_slot();
	n = bench_make(CAIRN_OBJ_NOTIFICATION, 0);
	/* Badged: a signal with badge 0 sets no bit and wakes nobody. */
	started = bench_slot();
	cairn_cnode_mint(CAIRN_ROOT_CNODE, started, CAIRN_ROOT_CNODE, n,
			 CAIRN_RIGHTS_ALL, 1, NULL);
	bench_stack_in(CAIRN_ROOT_VSPACE, st);
}

void
trace_thread(void)
{
	struct bench_stack st;
	cptr_t ut, slot;

	thread_setup(&ut, &slot, &st);
	for (int i = 0; i < WARMUP; i++) {
		one_thread(ut, slot, &st, i, newborn);
	}
	one_thread(ut, slot, &st, 0, trace_newborn);
}

void
bench_thread_create(void)
{
	struct bench_stack st;
	cptr_t ut, slot;

	thread_setup(&ut, &slot, &st);
	for (int i = 0; i < RUNS + WARMUP; i++) {
		if (one_thread(ut, slot, &st, i, newborn) != 0) {
			printf("bench: thread_create failed at run %d\n", i);
			return;
		}
	}
	bench_report("thread_create", created, RUNS + WARMUP);
	bench_report("thread_destroy", destroyed, RUNS + WARMUP);
}
