/*
 * sched: run queues and the choice of the next thread.  A two-level
 * bitmap of the non-empty queues makes the choice two bit scans.
 */
#include "sched.h"

#include "arch.h"
#include "console.h"
#include "object.h"
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

void
sched_remove(struct tcb *t)
{
	unsigned p = t->prio;

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
	if (!t->queued) {
		link_tail(t);
	}
}

void
sched_wake_first(struct tcb *t)
{
	t->state = TS_RUNNING;
	sched_remove(t);
	link_head(t);
}

void
sched_rotate(struct tcb *t)
{
	/* Alone at its priority, t is its own tail already. */
	if (t->queued && t->sched_next != NULL) {
		sched_remove(t);
		link_tail(t);
	}
	t->timeslice = TIMESLICE_TICKS;
}

struct tcb *
sched_current(void)
{
	return cpu0.cur;
}

void
sched_tick(void)
{
	struct tcb *t = cpu0.cur;

	if (t != NULL && t->timeslice > 0 && --t->timeslice == 0) {
		sched_rotate(t);
	}
}

bool
sched_may_run(const struct tcb *r, const struct tcb *leaving)
{
	/* The running thread is among the most urgent. */
	if (r->prio >= leaving->prio) {
		return true;
	}
	int p = sched_highest();
	if (p <= r->prio) {
		return true;
	}
	/* The leaving thread alone at p does not count. */
	if ((unsigned)p != leaving->prio || queue[p].head != leaving ||
	    queue[p].tail != leaving) {
		return false;
	}
	return sched_highest_below((unsigned)p) <= r->prio;
}

struct tcb *
sched_choose(void)
{
	int p = sched_highest();

	return p < 0 ? NULL : queue[p].head;
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

	if (t == NULL) {
		cpu0.cur = NULL;
		/* With every thread stopped, nothing can ever run again. */
		if (!debug_any_alive()) {
			kprintf("kernel: every thread has stopped; "
				"powering off\n");
			arch_poweroff(faults_unhandled ? POWER_FAULT
						       : POWER_FAILED);
		}
		arch_idle();
	}
	/* Again for the same thread if it changed its own VSpace or FS. */
	if (t != cpu0.cur || cpu0.reload) {
		arch_switch_to(t);
		cpu0.cur = t;
		cpu0.reload = 0;
	}
	arch_return_to(t);
}
