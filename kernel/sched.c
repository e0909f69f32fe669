/*
 * sched: run queues and the choice of the next thread.  A two-level
 * bitmap of the non-empty queues makes the choice two bit scans.
 *
 * The running thread is not linked into its run queue: it counts as that
 * queue's head (cpu0.cur_head says so) until it blocks, yields, spends
 * its timeslice or is preempted, and only then is it linked in.  That is
 * Liedtke's lazy scheduling: a direct switch between two threads (the
 * fast path's call and reply) touches no queue at all, and the order of
 * every queue is the same as if the running thread were linked at the
 * head.
 */
#include "sched.h"

#include "arch.h"
#include "console.h"
#include "kdebug.h"
#include "kobject.h"
#include "percpu.h"
#include "tcb.h"

struct runqueue sched_queue[256];
uint64_t sched_nonempty[4];  /* a bit per non-empty queue */
uint64_t sched_nonempty_top; /* a bit per non-zero sched_nonempty[] word */

#define queue	     sched_queue
#define nonempty     sched_nonempty
#define nonempty_top sched_nonempty_top

static inline void
mark(unsigned p)
{
	nonempty[p / 64] |= 1ull << (p % 64);
	nonempty_top |= 1ull << (p / 64);
}

static inline void
unmark(unsigned p)
{
	nonempty[p / 64] &= ~(1ull << (p % 64));
	if (nonempty[p / 64] == 0) {
		nonempty_top &= ~(1ull << (p / 64));
	}
}

static void
link_tail(struct tcb *t)
{
	unsigned p = t->prio;

	t->sched_next = NULL;
	t->sched_prev = queue[p].tail;
	if (queue[p].tail != NULL) {
		queue[p].tail->sched_next = t;
	} else {
		queue[p].head = t;
	}
	queue[p].tail = t;
	mark(p);
	t->queued = 1;
}

static void
link_head(struct tcb *t)
{
	unsigned p = t->prio;

	t->sched_prev = NULL;
	t->sched_next = queue[p].head;
	if (queue[p].head != NULL) {
		queue[p].head->sched_prev = t;
	} else {
		queue[p].tail = t;
	}
	queue[p].head = t;
	mark(p);
	t->queued = 1;
}

/* Is t the running thread, standing as the head of its queue? */
static inline bool
is_cur_head(const struct tcb *t)
{
	return cpu0.cur_head && t == cpu0.cur;
}

/* Link the running thread in at the head of its queue, where it stood. */
static void
settle_cur(void)
{
	if (cpu0.cur_head) {
		cpu0.cur_head = 0;
		link_head(cpu0.cur);
	}
}

void
sched_remove(struct tcb *t)
{
	unsigned p = t->prio;

	if (is_cur_head(t)) {
		cpu0.cur_head = 0;
		return;
	}
	if (!t->queued) {
		return;
	}
	if (t->sched_prev != NULL) {
		t->sched_prev->sched_next = t->sched_next;
	} else {
		queue[p].head = t->sched_next;
	}
	if (t->sched_next != NULL) {
		t->sched_next->sched_prev = t->sched_prev;
	} else {
		queue[p].tail = t->sched_prev;
	}
	if (queue[p].head == NULL) {
		unmark(p);
	}
	t->sched_next = t->sched_prev = NULL;
	t->queued = 0;
}

void
sched_wake(struct tcb *t)
{
	t->state = TS_RUNNING;
	if (!t->queued && !is_cur_head(t)) {
		link_tail(t);
	}
}

void
sched_wake_first(struct tcb *t)
{
	t->state = TS_RUNNING;
	sched_remove(t);
	if (cpu0.cur_head && cpu0.cur->prio == t->prio) {
		settle_cur(); /* t goes before it */
	}
	link_head(t);
}

void
sched_give_way(struct tcb *to)
{
	settle_cur();
	to->state = TS_RUNNING;
	cpu0.cur_head = 1;
}

void
sched_block_to(struct tcb *next)
{
	cpu0.cur_head = 0;
	sched_remove(next);
	cpu0.cur_head = 1;
}

void
sched_rotate(struct tcb *t)
{
	/* Alone at its priority, t is its own tail already. */
	if (is_cur_head(t)) {
		if (queue[t->prio].head != NULL) {
			cpu0.cur_head = 0;
			link_tail(t);
		}
	} else if (t->queued && t->sched_next != NULL) {
		sched_remove(t);
		link_tail(t);
	}
	t->timeslice = TIMESLICE_TICKS;
}

void
sched_set_prio(struct tcb *t, uint8_t p)
{
	if (t->queued || is_cur_head(t)) {
		sched_remove(t);
		t->prio = p;
		link_tail(t);
	} else {
		t->prio = p;
	}
}

void
sched_tick(void)
{
	struct tcb *t = cpu0.cur;

	if (t != NULL && t->timeslice > 0 && --t->timeslice == 0) {
		sched_rotate(t);
	}
}

struct tcb *
sched_choose(void)
{
	int p = sched_highest();

	if (cpu0.cur_head && (int)cpu0.cur->prio >= p) {
		return cpu0.cur;
	}
	return p < 0 ? NULL : queue[p].head;
}

/* Make t the running thread, standing as the head of its queue. */
static void
take(struct tcb *t)
{
	if (t != cpu0.cur) {
		settle_cur();
	} else if (cpu0.cur_head) {
		return;
	}
	sched_remove(t);
	cpu0.cur_head = 1;
}

void
kernel_exit(void)
{
	struct tcb *t = sched_choose();

	/* A thread whose address space was taken away cannot run. */
	while (t != NULL && tcb_vspace(t) == 0) {
		kprintf("sched: thread '%s' has no address space; stopped\n",
			t->name[0] != '\0' ? t->name : "?");
		tcb_suspend(t);
		t = sched_choose();
	}
	invariant_threads(t);

	if (t == NULL) {
		cpu0.cur = NULL;
		cpu0.cur_head = 0;
		/* With every thread stopped, nothing can ever run again. */
		if (!debug_any_alive()) {
			kprintf("kernel: every thread has stopped; "
				"powering off\n");
			arch_poweroff(faults_unhandled ? POWER_FAULT
						       : POWER_FAILED);
		}
		arch_idle();
	}
	take(t);
	/* Again for the same thread if it changed its own VSpace or FS. */
	if (t != cpu0.cur || cpu0.reload) {
		arch_switch_to(t);
		cpu0.cur = t;
		cpu0.reload = 0;
	}
	arch_return_to(t);
}
