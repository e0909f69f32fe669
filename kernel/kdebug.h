/*
 * kdebug: what a debug build (CONFIG_KDEBUG=1, `make kdebug`) adds: the
 * reason for each refused invocation on the kernel log, and the checked
 * invariants of invariant.c.  In a normal build all of it compiles to
 * nothing.
 */
#ifndef CAIRN_KDEBUG_H
#define CAIRN_KDEBUG_H

#include <stdbool.h>

#include "console.h"

#ifndef CONFIG_KDEBUG
#define CONFIG_KDEBUG 0
#endif

/*
 * Refuse an invocation with err, a CAIRN_E_* code; in a debug build, say
 * why on the kernel log ("cnode_copy: destination slot occupied").
 * Returns err, so that a decode step can end with return refuse(...).
 */
static inline int
refuse(int err, const char *why)
{
	if (CONFIG_KDEBUG) {
		kprintf("refused: %s (error %d)\n", why, err);
	}
	return err;
}

struct cte;
struct tcb;

#if CONFIG_KDEBUG
/*
 * Check the derivation tree around slot s after an operation on it: its
 * list's links, every capability to one object together, and the
 * children of each capability nested in those of its ancestors.  Panics
 * naming the invariant that broke.
 */
void invariant_cdt(const struct cte *s);

/*
 * Check every thread (any one of them names the list: t), at kernel
 * exit: its state against the queue it is on, the queues doubly linked,
 * blocked_on and reply links pointing back.  t may be NULL.
 */
void invariant_threads(const struct tcb *t);
#else
static inline void
invariant_cdt(const struct cte *s)
{
	(void)s;
}

static inline void
invariant_threads(const struct tcb *t)
{
	(void)t;
}
#endif

#endif
