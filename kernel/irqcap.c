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

/* Where a handler's interrupts go: a bound notification, or NULL. */
struct bound {
	struct notification *ntfn;
	uint64_t badge;
};

/*
 * Per line; changed only by invocations and delivery, IRQs masked.  A
 * line's first handler lives here; a level-sensitive line issued by
 * GET_SHARED (PCI INTx) may be shared by up to IRQ_SHARE handlers, all
 * asked for by GET_SHARED, the others taken from a pool for the whole
 * machine.  A handler is named by its line and its place:
 * 0 the first, 1 + i the pool's entry i (its capability's w1 carries
 * both: irq_cap_w1).
 */
#define IRQ_SHARE 4
#define IRQ_POOL  16

static struct {
	bool issued;	  /* the first handler exists */
	bool level;	  /* level-sensitive: masked until acked */
	bool msi;	  /* issued by GET_MSI */
	bool shareable;	  /* issued by GET_SHARED: more may be */
	uint8_t extras;	  /* pool entries that belong to the line */
	uint32_t pending; /* handlers signalled and not yet acked, a bit
			     each (level lines): bit 0 the first, 1 + i the
			     pool's entry i */
	struct bound first;
	/* An MSI line's PCI requester (bus << 8 | device << 3 | function):
	 * what an IOMMU's interrupt remapping would confine it to. */
	uint16_t requester;
} lines[ARCH_IRQ_LINES];

static struct {
	bool used;
	uint16_t line;
	struct bound b;
} pool[IRQ_POOL];

_Static_assert(IRQ_POOL + 1 <= 32, "a pending bit for every handler");

/* Lines from here up have never been issued: a notification's deletion
 * looks no further (a GIC has up to 1020). */
static unsigned lines_top;

/* Handler place h of line: its capability's w1, and back. */
static uint64_t
irq_cap_w1(unsigned line, unsigned h)
{
	return (uint64_t)h << 32 | line;
}

static struct bound *
bound_of(unsigned line, unsigned h)
{
	return h == 0 ? &lines[line].first : &pool[h - 1].b;
}

/* Does any handler of line have a notification? */
static bool
any_bound(unsigned line)
{
	if (lines[line].first.ntfn != NULL) {
		return true;
	}
	for (unsigned i = 0; lines[line].extras != 0 && i < IRQ_POOL; i++) {
		if (pool[i].used && pool[i].line == line &&
		    pool[i].b.ntfn != NULL) {
			return true;
		}
	}
	return false;
}

/* After a handler of line let go (acked, unbound, deleted): open the
 * line if someone listens and no handler still owes an ack, else shut
 * it. */
static void
reopen(unsigned line)
{
	if (!any_bound(line)) {
		intc_mask(line, true);
	} else if (lines[line].pending == 0) {
		intc_mask(line, false);
	}
}

/* Signal handler h's notification, if bound; a level line then waits
 * for its ack. */
static void
tell(unsigned line, unsigned h)
{
	struct bound *b = bound_of(line, h);

	if (b->ntfn != NULL) {
		ntfn_signal(b->ntfn, b->badge);
		if (lines[line].level) {
			lines[line].pending |= 1u << h;
		}
	}
}

/*
 * A level-sensitive line stays asserted until the driver has served its
 * device, so it is masked until the ack, of every handler sharing it (on
 * a shared line each driver asks its own device whether it interrupted).
 * An edge is a single event, which a controller may drop while its line
 * is masked (the device would then wait for service that never comes):
 * an edge line stays open, and a second edge before the ack only sets
 * the notification's bit again.
 */
void
irq_deliver(unsigned line)
{
	if (line >= ARCH_IRQ_LINES) {
		return;
	}
	if (lines[line].level || !any_bound(line)) {
		intc_mask(line, true); /* unbound: nobody to tell */
	}
	tell(line, 0);
	for (unsigned i = 0; lines[line].extras != 0 && i < IRQ_POOL; i++) {
		if (pool[i].used && pool[i].line == line) {
			tell(line, 1 + i);
		}
	}
}

void
irq_finalise(struct cap *c)
{
	uint64_t line = c->w1 & 0xFFFFFFFFu;
	unsigned h = (unsigned)(c->w1 >> 32);

	if (line >= ARCH_IRQ_LINES || h > IRQ_POOL) {
		return;
	}
	*bound_of((unsigned)line, h) = (struct bound){NULL, 0};
	lines[line].pending &= ~(1u << h);
	if (h == 0) {
		lines[line].issued = false;
	} else {
		pool[h - 1].used = false;
		lines[line].extras--;
	}
	reopen((unsigned)line);
}

void
irq_ntfn_finalise(struct notification *n)
{
	for (unsigned i = 0; i < lines_top; i++) {
		if (lines[i].first.ntfn == n) {
			lines[i].first.ntfn = NULL;
			lines[i].pending &= ~1u;
			reopen(i);
		}
	}
	for (unsigned i = 0; i < IRQ_POOL; i++) {
		if (pool[i].used && pool[i].b.ntfn == n) {
			pool[i].b.ntfn = NULL;
			lines[pool[i].line].pending &= ~(1u << (1 + i));
			reopen(pool[i].line);
		}
	}
}

/* An IRQ control GET checked by its decode step. */
struct irq_get {
	struct cte *dst;
	uint64_t index;
	struct irq_line l;
	unsigned place; /* the handler's: 0 the line's first, 1 + a pool
			   entry */
	bool shared;	/* the line has a handler already */
	bool share;	/* GET_SHARED: the caller will share the line */
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
	unsigned line = g->l.line, h = g->place;

	if (h == 0) {
		lines[line].issued = true;
		lines[line].first = (struct bound){NULL, 0};
	} else {
		pool[h - 1].used = true;
		pool[h - 1].line = (uint16_t)line;
		pool[h - 1].b = (struct bound){NULL, 0};
		lines[line].extras++;
	}
	if (!g->shared) { /* the first on the line: set it up, masked */
		lines[line].level = g->l.level;
		lines[line].msi = false; /* GET_MSI sets it after */
		lines[line].shareable = g->share;
		lines[line].pending = 0;
		arch_irq_issue(&g->l);
	}
	if (line >= lines_top) {
		lines_top = line + 1;
	}
	cte_insert(g->dst,
		   cap_make(CAIRN_CAP_IRQ_HANDLER, CAIRN_RIGHTS_ALL, 0, 0,
			    irq_cap_w1(line, h)),
		   NULL, MDB_REVOCABLE);
	msg_set(iv->caller, 0, g->index);
	iv->nresults = 1;
}

/* Is line in use: a handler of it exists? */
static bool
in_use(unsigned line)
{
	return lines[line].issued || lines[line].extras != 0;
}

/*
 * Where a new handler of line g->l goes, into g->place and g->shared: the
 * line's first if it is free; else, if the line was issued by GET_SHARED
 * and this is GET_SHARED too, a pool entry (or the first's place, if
 * that went), while the line has fewer than IRQ_SHARE.  Only a level
 * line may be shared.  CAIRN_OK or a refusal.
 */
static int
place_handler(struct irq_get *g)
{
	unsigned line = g->l.line;

	if (g->share && !g->l.level) {
		return refuse(CAIRN_E_ILLEGAL_OPERATION,
			      "irq_get_shared: an edge line is not shared");
	}
	g->shared = in_use(line);
	if (!g->shared) {
		g->place = 0;
		return CAIRN_OK;
	}
	if (!g->share || !lines[line].shareable) {
		return refuse(CAIRN_E_IN_USE, "irq_get: line issued already");
	}
	if (!lines[line].issued) {
		g->place = 0; /* the first went; its place is free */
		return CAIRN_OK;
	}
	if (1u + lines[line].extras >= IRQ_SHARE) {
		return refuse(CAIRN_E_IN_USE, "irq_get: line shared enough");
	}
	for (unsigned i = 0; i < IRQ_POOL; i++) {
		if (!pool[i].used) {
			g->place = 1 + i;
			return CAIRN_OK;
		}
	}
	return refuse(CAIRN_E_IN_USE, "irq_get: no handler left to share");
}

/* IRQ control GET and GET_SHARED: MR0 the line (the arch's number),
 * MR1 CNode, MR2 index. */
static int
decode_irq_get(struct invocation *iv)
{
	struct tcb *t = iv->caller;
	int err = CAIRN_OK;
	struct irq_get g = {.l = {.msi = false}};

	if (iv->label != CAIRN_IRQ_CONTROL_GET &&
	    iv->label != CAIRN_IRQ_CONTROL_GET_SHARED) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	g.share = iv->label == CAIRN_IRQ_CONTROL_GET_SHARED;
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
	err = place_handler(&g);
	if (err != CAIRN_OK) {
		return err;
	}
	g.dst = cspace_dest(t, 1, 1, &g.index, &err);
	if (g.dst == NULL) {
		return err;
	}
	invoke_irq_get(iv, &g);
	return CAIRN_OK;
}

/* SET_NOTIFICATION: interrupts on line signal n with badge; an ack
 * handler h owed is forgiven. */
static void
invoke_irq_set_ntfn(unsigned line, unsigned h, struct notification *n,
		    uint64_t badge)
{
	*bound_of(line, h) = (struct bound){n, badge};
	lines[line].pending &= ~(1u << h);
	reopen(line);
}

/* SET_NOTIFICATION: MR0 a notification the caller may signal. */
static int
decode_irq_set_ntfn(struct invocation *iv, unsigned line, unsigned h)
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
	invoke_irq_set_ntfn(line, h, cap_obj(&n->cap), n->cap.w1);
	return CAIRN_OK;
}

/* ACK: handler h has served its device; the line opens again once no
 * handler owes an ack. */
static void
invoke_irq_ack(unsigned line, unsigned h)
{
	lines[line].pending &= ~(1u << h);
	if (bound_of(line, h)->ntfn != NULL) {
		reopen(line);
	}
}

/* CLEAR: unbind handler h (the line shuts if nobody else listens). */
static void
invoke_irq_clear(unsigned line, unsigned h)
{
	*bound_of(line, h) = (struct bound){NULL, 0};
	lines[line].pending &= ~(1u << h);
	reopen(line);
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
	lines[g->l.line].msi = true;
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
	while (g.l.line < first + count && in_use(g.l.line)) {
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

/*
 * MSI_MESSAGE: an MSI line's message (MR0 the address, MR1 the data) and
 * the PCI function it was issued for (MR2), so that whoever is shown the
 * handler (the pci service) can program exactly that message into that
 * function's MSI capability.  Any other line: ILLEGAL_OPERATION.
 */
static int
irq_msi_message(struct invocation *iv, unsigned line)
{
	uint64_t addr;
	uint32_t data;

	if (!lines[line].msi) {
		return refuse(CAIRN_E_ILLEGAL_OPERATION,
			      "irq_msi_message: not an MSI line");
	}
	arch_msi_message(line, &addr, &data);
	msg_set(iv->caller, 0, addr);
	msg_set(iv->caller, 1, data);
	msg_set(iv->caller, 2, lines[line].requester);
	iv->nresults = 3;
	return CAIRN_OK;
}

/* The methods of an IRQ handler: ACK and CLEAR take no arguments. */
static int
decode_irq_handler(struct invocation *iv)
{
	uint64_t line = iv->cap.w1 & 0xFFFFFFFFu;
	unsigned h = (unsigned)(iv->cap.w1 >> 32);

	if (line >= ARCH_IRQ_LINES || h > IRQ_POOL) {
		return CAIRN_E_ILLEGAL_OPERATION; /* made only by GET */
	}
	switch (iv->label) {
	case CAIRN_IRQ_SET_NOTIFICATION:
		return decode_irq_set_ntfn(iv, (unsigned)line, h);
	case CAIRN_IRQ_ACK:
		invoke_irq_ack((unsigned)line, h);
		return CAIRN_OK;
	case CAIRN_IRQ_CLEAR:
		invoke_irq_clear((unsigned)line, h);
		return CAIRN_OK;
	case CAIRN_IRQ_MSI_MESSAGE:
		return irq_msi_message(iv, (unsigned)line);
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
