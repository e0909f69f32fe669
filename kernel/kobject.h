/*
 * kobject: the kernel objects and the operations the object files give
 * each other.  One file per object: untyped.c, cnode.c, tcb.c,
 * endpoint.c (with reply objects), notification.c; the machine's objects
 * (page tables, frames, interrupts, ports) are under arch/; every switch
 * on an object's type is in objecttype.c.
 */
#ifndef CAIRN_OBJECT_H_KERNEL
#define CAIRN_OBJECT_H_KERNEL

#include <stdbool.h>
#include <stdint.h>

#include <cairn/error.h>
#include <cairn/message.h>
#include <cairn/object.h>

#include "arch.h"
#include "arch_tcb.h"
#include "cap.h"
#include "regs.h"
#include "trap.h"
#include "vspace.h"

enum thread_state {
	TS_INACTIVE = 0,  /* made or suspended: not scheduled */
	TS_RUNNING,	  /* runnable: current or in a run queue */
	TS_BLOCKED_SEND,  /* in an endpoint's queue, sending or calling */
	TS_BLOCKED_RECV,  /* in an endpoint's queue, receiving */
	TS_BLOCKED_REPLY, /* called; waits on a reply object */
	TS_BLOCKED_NTFN,  /* in a notification's queue */
};

/* The slots a TCB holds copies of capabilities in. */
enum tcb_slot {
	TCB_CSPACE,
	TCB_VSPACE,
	TCB_IPC_BUFFER,
	TCB_FAULT_HANDLER,
	TCB_SLOTS,
};

/* What a thread blocked in send is doing (tcb.ipc_flags). */
#define IPC_CALL	0x1 /* a call: wants a reply */
#define IPC_GRANT	0x2 /* may send capabilities */
#define IPC_GRANT_REPLY 0x4 /* the receiver's reply may grant */
#define IPC_FAULT	0x8 /* a fault message, not the thread's own */

struct reply;
struct notification;

/*
 * A thread.  Its machine state comes first (arch_tcb.h): the entry code
 * saves a user thread's registers straight into it.  Field rules: the
 * queue links belong to whichever queue state says the thread is in.
 */
struct tcb {
	struct arch_tcb arch;
	uint8_t state;	    /* enum thread_state */
	uint8_t prio;	    /* 0 (lowest) to 255 */
	uint8_t mcp;	    /* highest priority it may give any thread */
	uint8_t queued;	    /* in a run queue */
	uint32_t timeslice; /* ticks left */
	struct tcb *sched_next, *sched_prev;
	struct tcb *q_next, *q_prev; /* endpoint or notification queue */
	void *blocked_on;	     /* endpoint, notification or reply */
	uint64_t ipc_badge;	     /* blocked sender: the badge it sends */
	uint32_t ipc_flags;	     /* blocked sender: IPC_* */
	uint32_t fault_kind;	     /* pending fault: CAIRN_FAULT_*, or 0 */
	uint64_t fault_addr;	     /* pending fault: address or number */
	uint64_t fault_code;	     /* pending fault: access or error */
	uint64_t fault_vector;	     /* pending fault: CPU vector */
	struct tcb *all_next;	     /* every TCB, for the debug listing */
	struct tcb *all_prev;
	struct reply *reply;	    /* call: the reply object it waits on;
				       recv: the reply object to bind */
	struct notification *bound; /* bound notification */
	uint64_t ipc_buffer;	    /* user address of its IPC buffer */
	/* Slots are 32-byte aligned everywhere (zombies rely on it). */
	struct cte slots[TCB_SLOTS] __attribute__((aligned(32)));
	char name[16];
};

_Static_assert(sizeof(struct tcb) <= 1 << CAIRN_TCB_BITS, "tcb size");
_Static_assert(__builtin_offsetof(struct tcb, slots) % 32 == 0,
	       "TCB slots are aligned like CNode slots");

/*
 * A queue of waiting threads, linked through their q_next and q_prev;
 * each thread is in at most one (what its state says it waits on).
 */
struct tqueue {
	struct tcb *head, *tail;
};

static inline void
tq_append(struct tqueue *q, struct tcb *t, void *owner)
{
	t->q_next = NULL;
	t->q_prev = q->tail;
	if (q->tail != NULL) {
		q->tail->q_next = t;
	} else {
		q->head = t;
	}
	q->tail = t;
	t->blocked_on = owner;
}

static inline void
tq_remove(struct tqueue *q, struct tcb *t)
{
	if (t->q_prev != NULL) {
		t->q_prev->q_next = t->q_next;
	} else {
		q->head = t->q_next;
	}
	if (t->q_next != NULL) {
		t->q_next->q_prev = t->q_prev;
	} else {
		q->tail = t->q_prev;
	}
	t->q_next = t->q_prev = NULL;
	t->blocked_on = NULL;
}

struct endpoint {
	struct tqueue q; /* waiting threads, all one kind */
	uint32_t state;	 /* EP_IDLE, EP_SEND or EP_RECV */
};

enum { EP_IDLE, EP_SEND, EP_RECV };

struct notification {
	uint64_t word;	   /* pending signal bits */
	struct tqueue q;   /* waiting threads */
	struct tcb *bound; /* the thread it is bound to, or NULL */
};

struct reply {
	struct tcb *caller;   /* the caller waiting for this reply, or NULL */
	struct tcb *receiver; /* the thread waiting in recv with it, or NULL */
};

_Static_assert(sizeof(struct endpoint) <= 1 << CAIRN_ENDPOINT_BITS, "ep");
_Static_assert(sizeof(struct notification) <= 1 << CAIRN_NOTIFICATION_BITS,
	       "ntfn");
_Static_assert(sizeof(struct reply) <= 1 << CAIRN_REPLY_BITS, "reply");

/* An Untyped capability's w1: device memory (bit 63) and watermark. */
#define UNTYPED_DEVICE (1ull << 63)

/* Internal result of long operations: stopped at a preemption point. */
#define E_PREEMPTED (-1)

/* The message of an invocation: label, words and the caller. */
struct invocation {
	struct tcb *caller;
	struct cte *slot; /* the invoked capability's slot */
	struct cap cap;	  /* and the capability */
	uint64_t label;
	uint64_t len;	   /* message words */
	uint64_t nresults; /* result words written by the invoke step */
};

/* cspace.c: finding capabilities. */
struct cte *cspace_lookup(struct tcb *t, uint64_t cptr, int *err);
struct cte *cspace_lookup_type(struct tcb *t, uint64_t cptr, unsigned type,
			       int *err);
struct cte *cnode_slot(const struct cap *cnode, uint64_t index, int *err);
/* The slot index of CNode cnode (a cptr in t's CSpace), or NULL. */
struct cte *cspace_slot(struct tcb *t, uint64_t cnode, uint64_t index,
			int *err);

/*
 * The one destination-slot check: where count new capabilities go in
 * the CNode cn, the slots from the index in t's message word mr on, all
 * empty.  An automatic index (CAIRN_SLOT_AUTO, CAIRN_SLOT_AUTO_FROM)
 * takes the first run of count empty slots at or after its start; that
 * search stops at preemption points, rewriting word mr so that the call,
 * made again, resumes where it stopped.  Returns the first slot, or NULL
 * with *err: RANGE (count 0 or past the CNode, index past it),
 * SLOT_OCCUPIED, NO_FREE_SLOT, or E_PREEMPTED.  *index is set to the
 * first slot's index.
 */
struct cte *slot_dest(struct tcb *t, const struct cap *cn, unsigned mr,
		      uint64_t count, uint64_t *index, int *err);

/*
 * slot_dest in the CNode that t's message word mr names (a cptr), with
 * the index in word mr + 1.  Also INVALID_CAP or EMPTY_SLOT.
 */
struct cte *cspace_dest(struct tcb *t, unsigned mr, uint64_t count,
			uint64_t *index, int *err);

/* delete.c: deleting capabilities and destroying objects. */
int cte_delete(struct cte *top);
int cte_revoke(struct cte *slot);

/* Message word i of t, i >= CAIRN_MSG_REGS: its IPC buffer (0 if none). */
uint64_t msg_get_buffer(struct tcb *t, unsigned i);

/*
 * Message word i of t: registers, then its IPC buffer (0 if none).
 * Inline, so that a decoder's reads of its first words are loads.
 */
static inline uint64_t
msg_get(struct tcb *t, unsigned i)
{
	if (i < CAIRN_MSG_REGS) {
		return *reg_mr(&t->arch.regs, i);
	}
	return msg_get_buffer(t, i);
}
void msg_set(struct tcb *t, unsigned i, uint64_t v);

/*
 * objecttype.c: every switch on an object's type (the size of each is
 * cairn_object_bits, in the ABI, which user space shares).
 */

/*
 * Make an object of type (with size argument size, 2^bits bytes) in the
 * zeroed memory at phys, device memory if device; returns its original
 * capability, with every right.
 */
struct cap object_create(uint64_t type, uint64_t size, int bits, uint64_t phys,
			 bool device);

/*
 * The capability a copy of the one in src would be, with rights masked
 * by rights.  Returns CAIRN_OK, or why it cannot be copied.
 */
int cap_derive(const struct cte *src, unsigned rights, struct cap *out);

/*
 * The last capability to c's object is going: destroy what can be
 * destroyed now.  Returns true if the object holds slots that a zombie
 * must empty first.
 */
bool object_finalise(struct cap *c);

/*
 * Invoke the capability iv names: its type's decoder.  Returns a status,
 * or E_PREEMPTED to have the call made again.
 */
int object_decode(struct invocation *iv);

/* The object files' decoders: check all, change nothing, then invoke. */
int decode_untyped(struct invocation *iv);
int decode_cnode(struct invocation *iv);
int decode_tcb(struct invocation *iv);
int decode_debug(struct invocation *iv);

/* Destroying objects whose last capability goes. */
void endpoint_cancel_all(struct endpoint *ep);
void notification_cancel_all(struct notification *n);
void reply_clear(struct reply *r);
void tcb_finalise(struct tcb *t);
void arch_finalise(struct cap *c);

/* IPC. */
void ep_send(struct tcb *t, struct endpoint *ep, const struct cap *cap,
	     bool blocking, bool call);
void ep_recv(struct tcb *t, struct endpoint *ep, struct reply *rp,
	     bool blocking);
int ep_reply(struct tcb *t, struct reply *rp);
void ep_cancel(struct tcb *t);
void ntfn_signal(struct notification *n, uint64_t badge);
void ntfn_wait(struct tcb *t, struct notification *n, bool blocking);
void ntfn_cancel(struct tcb *t);
bool ntfn_take_bound(struct tcb *t);
void ntfn_bind(struct notification *n, struct tcb *t);
void ntfn_unbind(struct tcb *t);

/* The portable system-call handler (syscall.c). */
void syscall_handle(struct tcb *t);

/* The debug listing of every thread (debug.c). */
void debug_track(struct tcb *t);
void debug_untrack(struct tcb *t);
bool debug_any_alive(void);

/* Threads stopped by a fault with no handler (fault.c). */
extern unsigned faults_unhandled;

/* Faults: suspend t and send its fault handler a message. */
void fault_raise(struct tcb *t, uint32_t kind, uint64_t addr, uint64_t code);

/*
 * Put the fault message of t, stopped by a fault, in the message
 * registers of r, the thread that receives it (never t, which is
 * stopped: hence restrict); return its length, which depends on the kind:
 * CAIRN_FAULT_SYSCALL_LENGTH for an unknown system call, else
 * CAIRN_FAULT_LENGTH (include/cairn/fault.h, the arch's words in
 * docs/abi.md).  Every word travels in a register, so the slow path
 * (ep_send's transfer) and the fast path (fastpath_fault) share it.
 */
unsigned fault_words(const struct tcb *restrict t, struct tcb *restrict r);

/* The handler replied to t's fault with first word mr0: an emulated
 * system call returns it; t no longer stands in a fault. */
void fault_resume(struct tcb *t, uint64_t mr0);

#endif
