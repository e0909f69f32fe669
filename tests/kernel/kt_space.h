/*
 * kt_space: helpers for the IPC, notification, fault, VSpace and IRQ
 * tests.  Threads that stop when done, a way to let lower-priority
 * threads run until they block, a watchdog against a root task blocked
 * for good, and a second address space with threads of its own.
 */
#ifndef CAIRN_KT_SPACE_H
#define CAIRN_KT_SPACE_H

#include "ktest.h"

/* A status no system call returns: "not returned yet". */
#define KS_PENDING 0xFFu

/*
 * Start fn(arg) in a new thread of the root's address space and CSpace,
 * at priority prio (3-254), with fault handler fault_ep (0: none).
 * When fn returns the thread suspends itself.  Returns its TCB's slot.
 */
cptr_t ks_thread(void (*fn)(word_t), word_t arg, word_t prio, cptr_t fault_ep);

/*
 * Let every other thread of priority 3 or more run until all of them
 * block or stop; then return (the root drops to priority 2 meanwhile).
 */
void ks_settle(void);

/*
 * A watchdog for this test: if the root task stays blocked while nothing
 * else can run (for about 200 ms), it is kicked out of its system call,
 * which then returns KS_KICKED as its status (a failed check, not a hung
 * suite).
 */
#define KS_KICKED 0x4B1C4EDu
void ks_guard(void);

/* Set where the root task receives a capability (cnode 0: nowhere). */
void ks_root_recv_slot(cptr_t cnode, word_t index);

/* The root task's IPC buffer back to sending and receiving nothing. */
void ks_root_ipc_reset(void);

/* The TSC; a capability's w1 and rights (cairn_debug_cap_info). */
word_t ks_rdtsc(void);
word_t ks_cap_w1(cptr_t cap);
word_t ks_cap_rights(cptr_t cap);

/*
 * A second address space: a new VSpace in which copies of the root
 * task's image frames are mapped at their own addresses (code, read-only
 * data and data: the data is shared with the root task), with a stack
 * and an IPC buffer of its own; and a CNode of its own, radix KS_RADIX
 * and a guard of the other bits, so that its capability addresses are
 * slot numbers.  Slots below KS_SLOT_FREE are the helper's.
 */
#define KS_RADIX      8
#define KS_SLOT_TCB   1	 /* its thread */
#define KS_SLOT_CNODE 2	 /* its own CNode, for receiving capabilities */
#define KS_SLOT_FREE  3	 /* the first slot a test may use */
#define KS_SLOT_IMAGE 64 /* copies of the root's image frames */

#define KS_STACK  0x20000000ull /* two pages of stack */
#define KS_IPCBUF 0x20002000ull /* the thread's IPC buffer */
#define KS_FREE	  0x20100000ull /* addresses a test may map */

struct ks_space {
	cptr_t vspace; /* root slots: the VSpace, */
	cptr_t cnode;  /* its CNode, */
	cptr_t tcb;    /* its thread once started, */
	cptr_t ipc;    /* and the IPC buffer's frame */
	word_t nimage; /* image frames mapped */
};

/* Make an address space; returns a status. */
int ks_space_make(struct ks_space *s);

/* Map the frame at root slot frame at vaddr in s, making page tables. */
int ks_space_map(struct ks_space *s, cptr_t frame, word_t vaddr, word_t rights);

/*
 * Start fn(arg) there in a new thread at priority prio with fault
 * handler fault_ep (a root slot, 0: none).  When fn returns the thread
 * suspends itself.  Returns a status.
 */
int ks_space_start(struct ks_space *s, void (*fn)(word_t), word_t arg,
		   word_t prio, cptr_t fault_ep);

#endif
