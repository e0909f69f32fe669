/*
 * fastpath: the common CALL and REPLY_RECV, faults to a waiting handler,
 * and signal and wait on notifications, without the slow path.  The
 * entry code (entry.S, context.c) comes here first when the kernel is
 * built with CONFIG_FASTPATH (the default; `make FASTPATH=0` builds
 * without) and fastpath_on is set.
 */
#ifndef CAIRN_FASTPATH_H
#define CAIRN_FASTPATH_H

#include <stdbool.h>
#include <stdint.h>

#ifndef CONFIG_FASTPATH
#define CONFIG_FASTPATH 1
#endif

struct tcb;

/*
 * Whether the entry code takes the fast path at all (syscall.c keeps it,
 * so a kernel without a fast path has it too).  arch_fastpath_set changes
 * it, for the debug call CAIRN_DEBUG_FASTPATH, so that a test can run the
 * same operations through both paths and compare.
 */
extern bool fastpath_on;

/*
 * The system call of the running thread t, which entered by SYSCALL with
 * CALL or REPLY_RECV: leave for the next thread, by the fast path if it
 * applies, else by the slow path (syscall_slow).
 */
_Noreturn void fastpath_call(struct tcb *t);
_Noreturn void fastpath_reply_recv(struct tcb *t);

/* The same for SEND and RECV: on a notification, signal and wait. */
_Noreturn void fastpath_send(struct tcb *t);
_Noreturn void fastpath_recv(struct tcb *t);

/* The same for a non-negative number: an unknown-syscall fault. */
_Noreturn void fastpath_unknown_syscall(struct tcb *t);

/*
 * t faults (kind, addr and code as fault_raise takes them; t's
 * fault_vector already set): if its handler waits to receive and may run
 * at once, deliver the fault and leave for it.  Returns, having changed
 * nothing, if the fast path does not apply.
 */
void fastpath_fault(struct tcb *t, uint32_t kind, uint64_t addr, uint64_t code);

/* The slow path of the system call of t (context.c). */
_Noreturn void syscall_slow(struct tcb *t);

/*
 * The slow path from its invocation step on (context.c): t's SEND or
 * CALL names slot s, which holds a kernel object's capability (not an
 * endpoint's, a notification's or nothing), found as cspace_lookup
 * would find it.
 */
struct cte;
_Noreturn void syscall_slow_invoke(struct tcb *t, struct cte *s);

/*
 * The invocation step of SEND and CALL (syscall.c): invoke the kernel
 * object in slot s, as above, and set t's status and results.
 */
void syscall_invoke(struct tcb *t, struct cte *s);

#endif
