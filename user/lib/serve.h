/*
 * cairn_serve: the loop of a service (docs/services.md, "Writing a
 * service").  It receives on the service's endpoint, tells an interrupt
 * from a call by the badge, dispatches a call by its label through a
 * table of operations (each with the least words it needs), and answers
 * with the operation's status and words by a reply-receive.  A call that
 * must wait keeps its reply object (cairn_serve_keep) and is answered
 * later (cairn_serve_answer); the next receive binds a spare one.
 */
#ifndef CAIRN_USER_SERVE_H
#define CAIRN_USER_SERVE_H

#include "cairn.h"

/* What an operation returns in place of a status: */
#define CAIRN_SERVE_KEPT (~0ull)     /* it kept the reply object */
#define CAIRN_SERVE_NONE (~0ull - 1) /* a send: nobody to answer */

/* The most spare reply objects a server keeps (REPLY2 and "replies"). */
#define CAIRN_SERVE_POOL 40

struct cairn_server;

/*
 * An operation: the call's label, the fewest words it needs (fewer:
 * CAIRN_E_INVALID_ARGUMENT, the operation not called), and the function.
 * fn reads the call in m, writes the answer's words there and their
 * number in *len (0 before the call), and returns the status (or
 * CAIRN_SERVE_KEPT, CAIRN_SERVE_NONE).
 */
struct cairn_op {
	word_t label;
	word_t min_len;
	word_t (*fn)(struct cairn_server *s, struct cairn_msg *m, word_t *len);
};

struct cairn_server {
	cptr_t ep;		    /* the endpoint served */
	const struct cairn_op *ops; /* the calls; any other label: refused */
	size_t nops;
	/* A notification with a badge bit in irq_badges (the IRQ grants'):
	 * irq is called with the badge.  A call that poses as one (the
	 * notification's label, a caller's badge) is refused. */
	word_t irq_badges;
	void (*irq)(struct cairn_server *s, word_t badge);
	/* Called after every message, call or interrupt (or NULL). */
	void (*after)(struct cairn_server *s);
	cptr_t cur;		       /* binds the next receive */
	cptr_t pool[CAIRN_SERVE_POOL]; /* spare reply objects */
	int npool;
};

/*
 * Set s up to serve ep with ops: the process's reply objects
 * (CAIRN_PROC_REPLY to receive with; CAIRN_PROC_REPLY2 and a "replies"
 * grant's spare), no interrupt, no hook.
 */
void cairn_serve_init(struct cairn_server *s, cptr_t ep,
		      const struct cairn_op *ops, size_t nops);

/* In an operation: keep the caller's reply object, to answer later; 0
 * if no spare is left to receive with (the operation then answers). */
cptr_t cairn_serve_keep(struct cairn_server *s);

/* Answer a kept caller; its reply object is spare again. */
void cairn_serve_answer(struct cairn_server *s, cptr_t r, word_t status,
			word_t len, struct cairn_msg *m);

/* Serve forever. */
_Noreturn void cairn_serve(struct cairn_server *s);

/*
 * A server's tick: the timer service's timer id signals the process's
 * notification (its "notify" grant) with badge every ns from now on.
 * Put badge in irq_badges to have irq called with it.  0, or a
 * CAIRN_E_* status (no notification or slot, the timer refused).
 */
int cairn_serve_tick(cptr_t timer, word_t id, word_t ns, word_t badge);

/*
 * A client's ATTACH: map the region capability that came with m into
 * the receive slot recv, at its own address (init maps it), and empty
 * the slot whatever came.  CAIRN_OK with *addr and *size; NO_MEMORY if
 * init could not map it (its slots, our quota); INVALID_CAP if no region
 * came.
 */
int cairn_serve_map_region(cptr_t recv, const struct cairn_msg *m, word_t *addr,
			   word_t *size);

#endif
