/*
 * sched: 256 priorities, round robin within each with a timeslice.  A
 * runnable thread is in its priority's run queue, the running one
 * included (at the head); the highest non-empty queue's head runs.
 */
#ifndef CAIRN_SCHED_H
#define CAIRN_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "object.h"

#define TIMESLICE_TICKS 2 /* 20 ms at 100 Hz */

/* The running thread, or NULL while the CPU idles. */
struct tcb *sched_current(void);

/* Make t runnable at the tail of its queue. */
void sched_wake(struct tcb *t);

/* Make t runnable at the head of its queue: a direct switch if it is
 * the most urgent. */
void sched_wake_first(struct tcb *t);

/* Take t out of its run queue (it blocks or stops). */
void sched_remove(struct tcb *t);

/* Move t to the tail of its queue (yield, timeslice spent). */
void sched_rotate(struct tcb *t);

/* A timer tick: charge the running thread. */
void sched_tick(void);

/*
 * Would r be the thread to run once leaving (the running thread, about
 * to block) is gone?  True if no runnable thread is more urgent than r.
 */
bool sched_may_run(const struct tcb *r, const struct tcb *leaving);

/* Pick the thread to run next, or NULL. */
struct tcb *sched_choose(void);

/* Leave the kernel for the chosen thread, or idle. */
_Noreturn void kernel_exit(void);

/* Is a long operation due to stop at its next preemption point? */
bool arch_preemption_pending(void);

/*
 * The run queues, for the inline helpers below (the fast path's); the
 * rest of the kernel goes through the functions above.
 */
struct runqueue {
	struct tcb *head, *tail;
};
extern struct runqueue sched_queue[256];
extern uint64_t sched_nonempty[4];  /* a bit per non-empty queue */
extern uint64_t sched_nonempty_top; /* a bit per non-zero word above */

static inline unsigned
sched_msb(uint64_t v)
{
	return 63u - (unsigned)__builtin_clzll(v);
}

/* The highest priority with a runnable thread, or -1. */
static inline int
sched_highest(void)
{
	if (sched_nonempty_top == 0) {
		return -1;
	}
	unsigned w = sched_msb(sched_nonempty_top);
	return (int)(w * 64 + sched_msb(sched_nonempty[w]));
}

/* The highest priority below p with a runnable thread, or -1. */
static inline int
sched_highest_below(unsigned p)
{
	unsigned w = p / 64;
	uint64_t bits = sched_nonempty[w] & ((1ull << (p % 64)) - 1);

	if (bits != 0) {
		return (int)(w * 64 + sched_msb(bits));
	}
	uint64_t top = sched_nonempty_top & ((1ull << w) - 1);
	if (top == 0) {
		return -1;
	}
	w = sched_msb(top);
	return (int)(w * 64 + sched_msb(sched_nonempty[w]));
}

/*
 * The fast path's direct switch: the running thread from blocks and to
 * (blocked, so in no queue) should run in its place.  If no other
 * runnable thread is more urgent than to, take from out of its queue,
 * put to at the head of its own, and say true; else change nothing.
 *
 * The running thread is always the head of the highest non-empty queue
 * (kernel_exit chose it), which makes the checks short; the first check
 * keeps a slip of that rule from corrupting the queues: it goes the slow
 * way instead.
 */
static inline __attribute__((always_inline)) bool
sched_hand_over(struct tcb *from, struct tcb *to)
{
	unsigned pf = from->prio, pt = to->prio;
	struct runqueue *qf = &sched_queue[pf], *qt = &sched_queue[pt];
	struct tcb *next = from->sched_next;

	if (qf->head != from ||
	    (pt < pf && (next != NULL || sched_highest_below(pf) > (int)pt))) {
		return false;
	}
	/* from is the head of qf: unlink it. */
	qf->head = next;
	if (next != NULL) {
		next->sched_prev = NULL;
	} else {
		qf->tail = NULL;
		sched_nonempty[pf / 64] &= ~(1ull << (pf % 64));
		if (sched_nonempty[pf / 64] == 0) {
			sched_nonempty_top &= ~(1ull << (pf / 64));
		}
	}
	from->sched_next = NULL;
	from->queued = 0;
	/* to goes first in qt. */
	to->state = TS_RUNNING;
	to->sched_prev = NULL;
	to->sched_next = qt->head;
	if (qt->head != NULL) {
		qt->head->sched_prev = to;
	} else {
		qt->tail = to;
		sched_nonempty[pt / 64] |= 1ull << (pt % 64);
		sched_nonempty_top |= 1ull << (pt / 64);
	}
	qt->head = to;
	to->queued = 1;
	return true;
}

#endif
