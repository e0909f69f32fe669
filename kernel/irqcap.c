/*
 * irqcap: IRQ control and IRQ handler capabilities (irqcap.h), over the
 * arch's hooks.  Each method's decode step checks everything and
 * changes nothing; its invoke step (invoke_*) does the work and cannot
 * fail.
 */
#include "irqcap.h"

#include <cairn/invocation.h>

#include "arch.h"
#include "kdebug.h"
#include "kobject.h"

/* Per line; changed only by invocations and delivery, IRQs masked. */
static struct {
	bool issued;		   /* a handler capability exists */
	bool level;		   /* level-sensitive: masked until acked */
	struct notification *ntfn; /* bound notification, or NULL */
	uint64_t badge;
	/* An MSI line's PCI requester (bus << 8 | device << 3 | function):
	 * what an IOMMU's interrupt remapping would confine it to. */
	uint16_t requester;
} lines[ARCH_IRQ_LINES];

/* Lines from here up have never been issued: a notification's deletion
 * looks no further (a GIC has up to 1020). */
static unsigned lines_top;

/*
 * A level-sensitive line stays asserted until the driver has served its
 * device, so it is masked until the ack.  An edge is a single event,
 * which a controller may drop while its line is masked (the device would
 * then wait for service that never comes): an edge line stays open, and
 * a second edge before the ack only sets the notification's bit again.
 */
void
irq_deliver(unsigned line)
{
	if (line >= ARCH_IRQ_LINES) {
		return;
	}
	if (lines[line].ntfn == NULL || lines[line].level) {
		intc_mask(line, true); /* unbound: nobody to tell */
	}
	if (lines[line].ntfn != NULL) {
		ntfn_signal(lines[line].ntfn, lines[line].badge);
	}
}

void
irq_finalise(struct cap *c)
{
	uint64_t line = c->w1;

	if (line < ARCH_IRQ_LINES) {
		intc_mask((unsigned)line, true);
		lines[line].issued = false;
		lines[line].ntfn = NULL;
	}
}

void
irq_ntfn_finalise(struct notification *n)
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
	struct irq_line l;
};

/*
 * GET: issue the line's handler capability, as a root of the derivation
 * tree (not the control's child), and return its index in MR0 (it may
 * have been automatic).  The line stays masked until a notification is
 * bound.  Cannot fail.
 */
static void
invoke_irq_get(struct invocation *iv, const struct irq_get *g)
{
	unsigned line = g->l.line;

	lines[line].issued = true;
	lines[line].level = g->l.level;
	lines[line].ntfn = NULL;
	if (line >= lines_top) {
		lines_top = line + 1;
	}
	arch_irq_issue(&g->l);
	cte_insert(
	    g->dst,
	    cap_make(CAIRN_CAP_IRQ_HANDLER, CAIRN_RIGHTS_ALL, 0, 0, line), NULL,
	    MDB_REVOCABLE);
	msg_set(iv->caller, 0, g->index);
	iv->nresults = 1;
}

/* IRQ control GET: MR0 the line (the arch's number), MR1 CNode, MR2
 * index. */
static int
decode_irq_get(struct invocation *iv)
{
	struct tcb *t = iv->caller;
	int err = CAIRN_OK;
	struct irq_get g = {.l = {.msi = false}};

	if (iv->label != CAIRN_IRQ_CONTROL_GET) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	if (iv->len < 3) {
		return refuse(CAIRN_E_INVALID_ARGUMENT, "irq_get: too short");
	}
	err = arch_irq_line(msg_get(t, 0), &g.l);
	if (err != CAIRN_OK) {
		return err;
	}
	if (g.l.line >= ARCH_IRQ_LINES) {
		return refuse(CAIRN_E_RANGE, "irq_get: line out of range");
	}
	if (lines[g.l.line].issued) {
		return refuse(CAIRN_E_IN_USE, "irq_get: line issued already");
	}
	g.dst = cspace_dest(t, 1, 1, &g.index, &err);
	if (g.dst == NULL) {
		return err;
	}
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

/*
 * GET_MSI: issue the MSI line's handler as GET does, for the PCI function
 * requester, and return the message the device must write to raise it:
 * MR1 the address, MR2 the data.  Cannot fail.
 */
static void
invoke_irq_get_msi(struct invocation *iv, const struct irq_get *g,
		   uint16_t requester)
{
	uint64_t addr;
	uint32_t data;

	invoke_irq_get(iv, g);
	lines[g->l.line].requester = requester;
	arch_msi_message(g->l.line, &addr, &data);
	msg_set(iv->caller, 1, addr);
	msg_set(iv->caller, 2, data);
	iv->nresults = 3;
}

/* IRQ control GET_MSI: MR0 the PCI function (bus << 8 | device << 3 |
 * function), MR1 CNode, MR2 index; the first MSI line not issued. */
static int
decode_irq_get_msi(struct invocation *iv)
{
	struct tcb *t = iv->caller;
	int err = CAIRN_OK;
	unsigned first, count = arch_msi_lines(&first);
	struct irq_get g = {.l = {.msi = true}};

	if (iv->len < 3) {
		return refuse(CAIRN_E_INVALID_ARGUMENT,
			      "irq_get_msi: too short");
	}
	uint64_t requester = msg_get(t, 0);
	if (requester > 0xFFFF) {
		return refuse(CAIRN_E_RANGE, "irq_get_msi: not a PCI function");
	}
	if (count == 0) {
		return refuse(CAIRN_E_ILLEGAL_OPERATION, "irq_get_msi: no MSI");
	}
	g.l.line = first;
	while (g.l.line < first + count && lines[g.l.line].issued) {
		g.l.line++;
	}
	if (g.l.line == first + count) {
		return refuse(CAIRN_E_IN_USE, "irq_get_msi: every line issued");
	}
	g.dst = cspace_dest(t, 1, 1, &g.index, &err);
	if (g.dst == NULL) {
		return err;
	}
	invoke_irq_get_msi(iv, &g, (uint16_t)requester);
	return CAIRN_OK;
}

/* The methods of an IRQ handler: ACK and CLEAR take no arguments. */
static int
decode_irq_handler(struct invocation *iv)
{
	uint64_t line = iv->cap.w1;

	if (line >= ARCH_IRQ_LINES) {
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
	case CAIRN_IRQ_SET_TIMER:
		if (iv->len < 1) {
			return CAIRN_E_INVALID_ARGUMENT;
		}
		return arch_irq_set_timer((unsigned)line,
					  msg_get(iv->caller, 0));
	default:
		return CAIRN_E_ILLEGAL_OPERATION;
	}
}

int
decode_irq(struct invocation *iv)
{
	switch (cap_type(&iv->cap)) {
	case CAIRN_CAP_IRQ_CONTROL:
		return iv->label == CAIRN_IRQ_CONTROL_GET_MSI
			   ? decode_irq_get_msi(iv)
			   : decode_irq_get(iv);
	case CAIRN_CAP_IRQ_HANDLER:
		return decode_irq_handler(iv);
	default:
		return CAIRN_E_ILLEGAL_OPERATION;
	}
}
