/*
 * irqcap: IRQ control and IRQ handler capabilities on aarch64
 * (irqcap.h), with x86_64's ABI (docs/abi.md, "Interrupts").  Each
 * method's decode step checks everything and changes nothing; its
 * invoke step (invoke_*) does the work and cannot fail.
 */
#include "irqcap.h"

#include <cairn/invocation.h>

#include "kdebug.h"
#include "kobject.h"
#include "plat.h"
#include "timer.h"

#define IRQ_LINES 1020 /* a GICv2's most INTIDs; the Pi has 72 */

/* Per line; changed only by invocations and delivery, IRQs masked. */
static struct {
	bool issued;		   /* a handler capability exists */
	bool level;		   /* level-sensitive: masked until acked */
	struct notification *ntfn; /* bound notification, or NULL */
	uint64_t badge;
} lines[IRQ_LINES];

/* Lines from here up have never been issued: a notification's deletion
 * looks no further (a GIC has up to 1020). */
static unsigned lines_top;

/*
 * An interrupt on a device line (the controller's dispatch, before it
 * ends the interrupt).  A level-sensitive line stays asserted until the
 * driver has served its device, so it is masked until the ack; an edge
 * line stays open, and an edge before the ack sets the notification's
 * bit again.
 */
static void
irq_deliver(unsigned line)
{
	if (line >= IRQ_LINES || lines[line].ntfn == NULL) {
		intc_mask(line, true); /* nobody to tell: keep it quiet */
		return;
	}
	if (lines[line].level) {
		intc_mask(line, true);
	}
	ntfn_signal(lines[line].ntfn, lines[line].badge);
}

void
irqcap_init(void)
{
	intc_route_devices(irq_deliver);
}

void
irq_finalise(struct cap *c)
{
	uint64_t line = c->w1;

	if (line < IRQ_LINES) {
		intc_mask((unsigned)line, true);
		lines[line].issued = false;
		lines[line].ntfn = NULL;
	}
}

void
arch_ntfn_finalise(struct notification *n)
{
	for (unsigned i = 0; i < lines_top; i++) {
		if (lines[i].ntfn == n) {
			lines[i].ntfn = NULL;
			intc_mask(i, true);
		}
	}
}

/* An IRQ control GET checked by its decode step. */
struct irq_get {
	struct cte *dst;
	uint64_t index;
	unsigned line;
	bool level;
};

/*
 * GET: issue the line's handler capability, as a root of the derivation
 * tree, and return its index in MR0 (it may have been automatic).  The
 * line stays masked until a notification is bound.  Cannot fail.
 */
static void
invoke_irq_get(struct invocation *iv, const struct irq_get *g)
{
	lines[g->line].issued = true;
	lines[g->line].level = g->level;
	if (g->line == plat.vtimer_intid) {
		timer_user_virtual(); /* its holder programs CNTV */
	}
	lines[g->line].ntfn = NULL;
	if (g->line >= lines_top) {
		lines_top = g->line + 1;
	}
	cte_insert(
	    g->dst,
	    cap_make(CAIRN_CAP_IRQ_HANDLER, CAIRN_RIGHTS_ALL, 0, 0, g->line),
	    NULL, MDB_REVOCABLE);
	msg_set(iv->caller, 0, g->index);
	iv->nresults = 1;
}

/* IRQ control GET: MR0 the line, MR1 CNode, MR2 index. */
static int
decode_irq_get(struct invocation *iv)
{
	struct tcb *t = iv->caller;
	int err = CAIRN_OK;
	struct irq_get g;

	if (iv->label != CAIRN_IRQ_CONTROL_GET) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	if (iv->len < 3) {
		return refuse(CAIRN_E_INVALID_ARGUMENT, "irq_get: too short");
	}
	uint64_t line = msg_get(t, 0);
	if (line >= IRQ_LINES || !intc_line_valid((unsigned)line)) {
		return refuse(CAIRN_E_RANGE, "irq_get: not a device line");
	}
	if (lines[line].issued) {
		return refuse(CAIRN_E_IN_USE, "irq_get: line issued already");
	}
	g.dst = cspace_dest(t, 1, 1, &g.index, &err);
	if (g.dst == NULL) {
		return err;
	}
	g.line = (unsigned)line;
	g.level = intc_line_level(g.line);
	invoke_irq_get(iv, &g);
	return CAIRN_OK;
}

/* SET_NOTIFICATION: interrupts on line signal n with badge. */
static void
invoke_irq_set_ntfn(unsigned line, struct notification *n, uint64_t badge)
{
	lines[line].ntfn = n;
	lines[line].badge = badge;
	intc_mask(line, false);
}

/* SET_NOTIFICATION: MR0 a notification the caller may signal. */
static int
decode_irq_set_ntfn(struct invocation *iv, unsigned line)
{
	struct tcb *t = iv->caller;
	int err = CAIRN_OK;

	if (iv->len < 1) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	struct cte *n =
	    cspace_lookup_type(t, msg_get(t, 0), CAIRN_OBJ_NOTIFICATION, &err);
	if (n == NULL) {
		return err != CAIRN_OK ? err : CAIRN_E_INVALID_CAP;
	}
	if (!(cap_rights(&n->cap) & CAIRN_RIGHT_WRITE)) {
		return CAIRN_E_NO_RIGHTS;
	}
	invoke_irq_set_ntfn(line, cap_obj(&n->cap), n->cap.w1);
	return CAIRN_OK;
}

/* ACK: unmask the line again, if it is bound. */
static void
invoke_irq_ack(unsigned line)
{
	if (lines[line].ntfn != NULL) {
		intc_mask(line, false);
	}
}

/* CLEAR: unbind the line and mask it. */
static void
invoke_irq_clear(unsigned line)
{
	lines[line].ntfn = NULL;
	intc_mask(line, true);
}

/* The methods of an IRQ handler: ACK and CLEAR take no arguments. */
static int
decode_irq_handler(struct invocation *iv)
{
	uint64_t line = iv->cap.w1;

	if (line >= IRQ_LINES) {
		return CAIRN_E_ILLEGAL_OPERATION; /* made only by GET */
	}
	switch (iv->label) {
	case CAIRN_IRQ_SET_NOTIFICATION:
		return decode_irq_set_ntfn(iv, (unsigned)line);
	case CAIRN_IRQ_ACK:
		invoke_irq_ack((unsigned)line);
		return CAIRN_OK;
	case CAIRN_IRQ_CLEAR:
		invoke_irq_clear((unsigned)line);
		return CAIRN_OK;
	default:
		return CAIRN_E_ILLEGAL_OPERATION;
	}
}

int
decode_irq(struct invocation *iv)
{
	switch (cap_type(&iv->cap)) {
	case CAIRN_CAP_IRQ_CONTROL:
		return decode_irq_get(iv);
	case CAIRN_CAP_IRQ_HANDLER:
		return decode_irq_handler(iv);
	default:
		return CAIRN_E_ILLEGAL_OPERATION;
	}
}
