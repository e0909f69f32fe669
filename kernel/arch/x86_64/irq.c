/*
 * irq: interrupt and I/O port capabilities (irq.h).  Each method's decode
 * step checks everything and changes nothing; its invoke step (invoke_*)
 * does the work and cannot fail.
 */
#include "irq.h"

#include <cairn/invocation.h>

#include "apic.h"
#include "cpu.h"
#include "kdebug.h"
#include "kobject.h"
#include "trap.h"

static struct {
	bool issued;		   /* a handler capability exists */
	bool level;		   /* level-triggered: masked until acked */
	struct notification *ntfn; /* bound notification, or NULL */
	uint64_t badge;
} lines[IRQ_LINES];

static const struct acpi_info *acpi;
static uint8_t port_taken[65536 / 8]; /* issued or the kernel's own */

static void
take_ports(uint32_t first, uint32_t last)
{
	for (uint32_t p = first; p <= last && p < 65536; p++) {
		port_taken[p / 8] |= 1 << (p % 8);
	}
}

static bool
ports_free(uint32_t first, uint32_t last)
{
	for (uint32_t p = first; p <= last; p++) {
		if (port_taken[p / 8] & (1 << (p % 8))) {
			return false;
		}
	}
	return true;
}

void
irq_init(const struct acpi_info *ai)
{
	acpi = ai;
	take_ports(0x20, 0x21); /* the 8259s */
	take_ports(0xA0, 0xA1);
	take_ports(0x61, 0x61);
	take_ports(0xF4, 0xF7); /* QEMU's isa-debug-exit */
	/*
	 * The PIT (0x40-0x43) is the kernel's only while it calibrates the
	 * timer at boot, and COM1 (0x3F8-0x3FF) is shared: a user-level
	 * driver may hold it, and the kernel still writes its own rare log
	 * lines there, polling, a whole line with interrupts off.
	 */
	if (ai->pm1a_cnt != 0) {
		take_ports(ai->pm1a_cnt, ai->pm1a_cnt + 1);
	}
	if (ai->pm1b_cnt != 0) {
		take_ports(ai->pm1b_cnt, ai->pm1b_cnt + 1);
	}
}

/* An ISA IRQ's GSI, trigger and polarity, after the overrides. */
static uint32_t
isa_gsi(uint32_t irq, bool *level, bool *low)
{
	*level = false;
	*low = false;
	for (int i = 0; i < acpi->nisos; i++) {
		const struct acpi_iso *o = &acpi->iso[i];
		if (o->irq == irq) {
			*low = (o->flags & 3) == 3;
			*level = ((o->flags >> 2) & 3) == 3;
			return o->gsi;
		}
	}
	return irq;
}

void
irq_deliver(unsigned gsi)
{
	lapic_eoi();
	if (gsi >= IRQ_LINES) {
		return;
	}
	/*
	 * A level-triggered line stays asserted until the driver has served
	 * its device: masked until the ack.  An edge is a single event, and
	 * the I/O APIC drops one that comes while its line is masked (the
	 * device would then wait for service that never comes): an edge
	 * line stays open, and a second edge before the ack only sets the
	 * notification's bit again.
	 */
	if (lines[gsi].level) {
		ioapic_mask(gsi, true);
	}
	if (lines[gsi].ntfn != NULL) {
		ntfn_signal(lines[gsi].ntfn, lines[gsi].badge);
	}
}

void
irq_finalise(struct cap *c)
{
	uint64_t gsi = c->w1;

	if (cap_type(c) == CAIRN_CAP_IOPORT) {
		/* The range can be issued again. */
		for (uint64_t p = c->w1 & 0xFFFF; p <= c->w1 >> 16; p++) {
			port_taken[p / 8] &= ~(1 << (p % 8));
		}
		return;
	}
	if (gsi < IRQ_LINES) {
		ioapic_mask((uint32_t)gsi, true);
		lines[gsi].issued = false;
		lines[gsi].ntfn = NULL;
	}
}

void
arch_ntfn_finalise(struct notification *n)
{
	for (unsigned i = 0; i < IRQ_LINES; i++) {
		if (lines[i].ntfn == n) {
			lines[i].ntfn = NULL;
			ioapic_mask(i, true);
		}
	}
}

/*
 * Put a new capability c into slot d, index index of its CNode, as a
 * root of the derivation tree (not the control's child), and return the
 * index in MR0: it may have been automatic.
 */
static void
issue_cap(struct invocation *iv, struct cte *d, uint64_t index, struct cap c)
{
	cte_insert(d, c, NULL, MDB_REVOCABLE);
	msg_set(iv->caller, 0, index);
	iv->nresults = 1;
}

/* An IRQ control GET checked by its decode step: the line, how it is
 * triggered, and where its handler capability goes. */
struct irq_get {
	struct cte *dst;
	uint64_t index;
	uint32_t gsi;
	bool level, low;
};

/* GET: route the line and issue its handler capability.  Cannot fail. */
static void
invoke_irq_get(struct invocation *iv, const struct irq_get *g)
{
	lines[g->gsi].issued = true;
	lines[g->gsi].level = g->level;
	ioapic_route(g->gsi, (uint8_t)(VEC_IRQ_BASE + g->gsi), g->level,
		     g->low);
	issue_cap(
	    iv, g->dst, g->index,
	    cap_make(CAIRN_CAP_IRQ_HANDLER, CAIRN_RIGHTS_ALL, 0, 0, g->gsi));
}

/* IRQ control GET: MR0 the ISA IRQ (0-15), MR1 CNode, MR2 index. */
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
	uint64_t irq = msg_get(t, 0);
	if (irq >= 16) {
		return refuse(CAIRN_E_RANGE, "irq_get: not an ISA IRQ");
	}
	g.gsi = isa_gsi((uint32_t)irq, &g.level, &g.low);
	if (g.gsi >= IRQ_LINES || !ioapic_has(g.gsi)) {
		return refuse(CAIRN_E_RANGE, "irq_get: no I/O APIC line");
	}
	if (lines[g.gsi].issued) {
		return refuse(CAIRN_E_IN_USE, "irq_get: line issued already");
	}
	g.dst = cspace_dest(t, 1, 1, &g.index, &err);
	if (g.dst == NULL) {
		return err;
	}
	invoke_irq_get(iv, &g);
	return CAIRN_OK;
}

/* SET_NOTIFICATION: interrupts on line gsi signal n with badge. */
static void
invoke_irq_set_ntfn(uint64_t gsi, struct notification *n, uint64_t badge)
{
	lines[gsi].ntfn = n;
	lines[gsi].badge = badge;
	ioapic_mask((uint32_t)gsi, false);
}

/* SET_NOTIFICATION: MR0 a notification the caller may signal. */
static int
decode_irq_set_ntfn(struct invocation *iv, uint64_t gsi)
{
	struct tcb *t = iv->caller;
	int err = CAIRN_OK;

	if (iv->len < 1) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	struct cte *n =
	    cspace_lookup_type(t, msg_get(t, 0), CAIRN_OBJ_NOTIFICATION, &err);
	if (n == NULL) {
		return err;
	}
	if (!(cap_rights(&n->cap) & CAIRN_RIGHT_WRITE)) {
		return CAIRN_E_NO_RIGHTS;
	}
	invoke_irq_set_ntfn(gsi, cap_obj(&n->cap), n->cap.w1);
	return CAIRN_OK;
}

/* ACK: unmask line gsi again, if it is bound. */
static void
invoke_irq_ack(uint64_t gsi)
{
	if (lines[gsi].ntfn != NULL) {
		ioapic_mask((uint32_t)gsi, false);
	}
}

/* CLEAR: unbind line gsi and mask it. */
static void
invoke_irq_clear(uint64_t gsi)
{
	lines[gsi].ntfn = NULL;
	ioapic_mask((uint32_t)gsi, true);
}

/* The methods of an IRQ handler: ACK and CLEAR take no arguments. */
static int
decode_irq_handler(struct invocation *iv)
{
	uint64_t gsi = iv->cap.w1;

	switch (iv->label) {
	case CAIRN_IRQ_SET_NOTIFICATION:
		return decode_irq_set_ntfn(iv, gsi);
	case CAIRN_IRQ_ACK:
		invoke_irq_ack(gsi);
		return CAIRN_OK;
	case CAIRN_IRQ_CLEAR:
		invoke_irq_clear(gsi);
		return CAIRN_OK;
	default:
		return CAIRN_E_ILLEGAL_OPERATION;
	}
}

/* An I/O port ISSUE checked by its decode step. */
struct port_issue {
	struct cte *dst;
	uint64_t index;
	uint64_t first, last;
};

/* ISSUE: take the range and issue its capability.  Cannot fail. */
static void
invoke_port_issue(struct invocation *iv, const struct port_issue *pi)
{
	take_ports((uint32_t)pi->first, (uint32_t)pi->last);
	issue_cap(iv, pi->dst, pi->index,
		  cap_make(CAIRN_CAP_IOPORT, CAIRN_RIGHTS_ALL, 0, 0,
			   pi->first | pi->last << 16));
}

/* I/O port control ISSUE: MR0 first, MR1 last, MR2 CNode, MR3 index. */
static int
decode_port_issue(struct invocation *iv)
{
	struct tcb *t = iv->caller;
	int err = CAIRN_OK;
	struct port_issue pi;

	if (iv->label != CAIRN_IOPORT_CONTROL_ISSUE) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	if (iv->len < 4) {
		return refuse(CAIRN_E_INVALID_ARGUMENT,
			      "ioport_issue: too short");
	}
	pi.first = msg_get(t, 0);
	pi.last = msg_get(t, 1);
	if (pi.first > pi.last || pi.last > 0xFFFF) {
		return refuse(CAIRN_E_RANGE, "ioport_issue: bad port range");
	}
	if (!ports_free((uint32_t)pi.first, (uint32_t)pi.last)) {
		return refuse(CAIRN_E_IN_USE, "ioport_issue: port taken");
	}
	pi.dst = cspace_dest(t, 2, 1, &pi.index, &err);
	if (pi.dst == NULL) {
		return err;
	}
	invoke_port_issue(iv, &pi);
	return CAIRN_OK;
}

/* An I/O port IN or OUT checked by its decode step. */
struct port_op {
	uint16_t port;
	uint8_t size; /* 1, 2 or 4 */
	bool out;
	uint64_t value; /* OUT's */
};

/* IN or OUT: the access itself; IN's value comes back in MR0. */
static inline __attribute__((always_inline)) void
invoke_port_io(struct invocation *iv, const struct port_op *op)
{
	if (op->out) {
		if (op->size == 1) {
			outb(op->port, (uint8_t)op->value);
		} else if (op->size == 2) {
			outw(op->port, (uint16_t)op->value);
		} else {
			outl(op->port, (uint32_t)op->value);
		}
		return;
	}
	uint64_t v = op->size == 1   ? inb(op->port)
		     : op->size == 2 ? inw(op->port)
				     : inl(op->port);
	msg_set(iv->caller, 0, v);
	iv->nresults = 1;
}

/* I/O port IN: MR0 port, MR1 size (1, 2, 4).  OUT: MR2 the value. */
static inline __attribute__((always_inline)) int
decode_port_io(struct invocation *iv)
{
	struct tcb *t = iv->caller;
	uint64_t first = iv->cap.w1 & 0xFFFF, last = iv->cap.w1 >> 16;
	struct port_op op = {.out = iv->label == CAIRN_IOPORT_OUT};

	if (iv->label != CAIRN_IOPORT_IN && !op.out) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	if (iv->len < (op.out ? 3u : 2u)) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	uint64_t port = msg_get(t, 0), size = msg_get(t, 1);
	if (size != 1 && size != 2 && size != 4) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if (port < first || port > last || size - 1 > last - port) {
		return CAIRN_E_RANGE;
	}
	op.port = (uint16_t)port;
	op.size = (uint8_t)size;
	op.value = op.out ? msg_get(t, 2) : 0;
	invoke_port_io(iv, &op);
	return CAIRN_OK;
}

int
decode_irq_port(struct invocation *iv)
{
	switch (cap_type(&iv->cap)) {
	case CAIRN_CAP_IRQ_CONTROL:
		return decode_irq_get(iv);
	case CAIRN_CAP_IRQ_HANDLER:
		return decode_irq_handler(iv);
	case CAIRN_CAP_IOPORT_CONTROL:
		return decode_port_issue(iv);
	case CAIRN_CAP_IOPORT:
		return decode_port_io(iv);
	default:
		return CAIRN_E_ILLEGAL_OPERATION;
	}
}
