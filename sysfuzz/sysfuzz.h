/*
 * sysfuzz: the in-OS system-call fuzzer (make fuzz, the shell's `fuzz`).
 *
 * init starts it in place, unprivileged: its own TCB, CNode and VSpace,
 * an 8 MiB Untyped, the serial driver's endpoint to report through, and
 * no IRQ, I/O port or debug capability.  Two threads share its address
 * space:
 *
 *  - the worker (worker.c), at priority 50, makes the random calls: any
 *    system call number, random capability addresses, labels, argument
 *    words, IPC-buffer contents and pointers inside and outside its
 *    memory.  Its CSpace is a CNode of its own holding objects made from
 *    a 1 MiB Untyped it may retype at will, and nothing of the
 *    supervisor's;
 *  - the supervisor (main.c), at 49, runs only when the worker cannot:
 *    it blocked, faulted, was stopped or lowered its own priority.  It
 *    takes the fault message, if any, and starts the worker again at its
 *    loop.  Every EPOCH calls it revokes the worker's memory and gives it
 *    a fresh CSpace.
 *
 * Every call must come back with a status the ABI knows; at the end the
 * Untyped, revoked, must be whole again.  The random stream is a
 * function of the seed alone, so a failure repeats from its seed.
 */
#ifndef CAIRN_SYSFUZZ_H
#define CAIRN_SYSFUZZ_H

#include "cairn.h"

/* The worker's CNode: 2^WRADIX slots behind a guard of WGUARD zero bits,
 * so that slot s is cptr s << (64 - WGUARD - WRADIX)... which is
 * s << 10: the low ten bits can reach into a second-level CNode. */
#define WRADIX	 10
#define WGUARD	 44
#define WSHIFT	 (64 - WGUARD - WRADIX)
#define WCPTR(s) ((word_t)(s) << WSHIFT)
#define WSLOTS	 64 /* the slots random calls mostly aim at */

/* What the worker starts each epoch with. */
enum {
	W_UNTYPED = 1,
	W_CNODE = 2,
	W_ENDPOINT = 3,
	W_NTFN = 4,
	W_REPLY = 5,
	W_ENDPOINT_BADGED = 6,
	W_NTFN_BADGED = 7,
	W_TCB = 8,
	W_FRAME = 9,
	W_FIRST_FREE = 10,
};

#define EPOCH 2000

/* Shared between the threads: the worker writes, the supervisor reads. */
struct fuzz_state {
	uint64_t rng;
	word_t calls, target; /* made so far, to make */
	word_t epoch_end;     /* the call count that ends this epoch */
	word_t status[CAIRN_E_COUNT];
	word_t bad;	       /* statuses outside the ABI */
	word_t bad_call[4];    /* the first such: number, cap, info, status */
	word_t faulted;	       /* calls answered by a fault message */
	word_t stopped;	       /* calls that blocked, or stopped it */
	volatile int inflight; /* a call is under way */
	volatile int parked;   /* the worker waits for a new epoch */
};

extern struct fuzz_state fz;

uint64_t fuzz_next(void);
void worker_main(word_t arg);

#endif
