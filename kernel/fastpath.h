/* fastpath: the common CALL and REPLY_RECV, without the slow path. */
#ifndef CAIRN_FASTPATH_H
#define CAIRN_FASTPATH_H

struct tcb;

/*
 * Try the fast path for t's system call: returns only if it does not
 * apply, having changed nothing; otherwise it leaves for the next thread.
 */
void fastpath(struct tcb *t);

#endif
