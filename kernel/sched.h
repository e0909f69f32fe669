/*
 * sched: 256 priorities, round robin within each with a timeslice.  A
 * runnable thread is in its priority's run queue, the running one
 * included (at the head); the highest non-empty queue's head runs.
 */
#ifndef CAIRN_SCHED_H
#define CAIRN_SCHED_H

#include <stdbool.h>

struct tcb;

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

#endif
