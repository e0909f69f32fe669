/*
 * sched: 256 priorities, round robin within each with a timeslice.  A
 * runnable thread is in its priority's run queue; the running one counts
 * as its queue's head without being linked in (sched.c says why).  The
 * most urgent queue's head runs.
 */
#ifndef CAIRN_SCHED_H
#define CAIRN_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "kobject.h"
#include "percpu.h"
#include "tcb.h"

#define TIMESLICE_TICKS 2 /* 20 ms at 100 Hz */

/* Make t runnable at the tail of its queue. */
void sched_wake(struct tcb *t);

/* Make t runnable at the head of its queue: a direct switch if it is
 * the most urgent. */
void sched_wake_first(struct tcb *t);

/* Take t out of its run queue (it blocks or stops). */
void sched_remove(struct tcb *t);

/*
 * The fast path's switches, each what kernel_exit would do after the
 * slow path's steps, for the running thread standing as its queue's
 * head.  sched_give_way: to, blocked until now, is more urgent than
 * every runnable thread and alone at its priority; it runs, and the
 * running thread, still runnable, is linked in at the head of its queue.
 * sched_block_to: the running thread has blocked (its state says on
 * what); next, the head of the most urgent queue, runs in its place.
 */
void sched_give_way(struct tcb *to);
void sched_block_to(struct tcb *next);
/* Move t to the tail of its queue (yield, timeslice spent). */
void sched_rotate(struct tcb *t);

/* Set t's priority; a runnable t goes to the tail of its new queue. */
void sched_set_prio(struct tcb *t, uint8_t p);

/* A timer tick: charge the running thread. */
void sched_tick(void);

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

/*
 * The fast path's direct switch: the running thread blocks and to
 * (blocked, so in no queue) should run in its place.  If the running
 * thread stands as its queue's head, unlinked, as it does on every entry
 * from user mode, and no linked thread is more urgent than to, say true:
 * to becomes runnable and takes the running thread's place (cur_head
 * stays set, now for to), and no queue changes.  Else change nothing.
 * A thread linked at to's priority does not count: to would go first,
 * as sched_wake_first puts it.
 */
static inline __attribute__((always_inline)) bool
sched_hand_over(struct tcb *to)
{
	if (!cpu0.cur_head || sched_highest() > (int)to->prio) {
		return false;
	}
	to->state = TS_RUNNING;
	return true;
}

/*
 * Would kernel_exit leave for the running thread as it is: it still
 * stands as its queue's head (it neither blocked nor yielded), no
 * runnable thread is more urgent (whoever was woken waits its turn), it
 * still has an address space, and neither its VSpace nor its IPC-buffer
 * register changed?  Then kernel_exit would choose it, take nothing from a
 * queue and switch nothing, and an exit may leave for it at once.
 */
static inline __attribute__((always_inline)) bool
sched_keeps_cur(void)
{
	const struct tcb *t = cpu0.cur;

	return cpu0.cur_head && !cpu0.reload &&
	       (int)t->prio >= sched_highest() && tcb_vspace(t) != 0;
}

#endif
