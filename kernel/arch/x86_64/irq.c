/* irq: interrupt and I/O port capabilities (irq.h). */
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

/* IRQ control GET: MR0 the ISA IRQ (0-15), MR1 CNode, MR2 index. */
static int
irq_get(struct invocation *iv)
{
	struct tcb *t = iv->caller;
	int err = CAIRN_OK;
	bool level, low;

	if (iv->len < 3) {
		return refuse(CAIRN_E_INVALID_ARGUMENT, "irq_get: too short");
	}
	uint64_t irq = msg_get(t, 0);
	if (irq >= 16) {
		return refuse(CAIRN_E_RANGE, "irq_get: not an ISA IRQ");
	}
	uint32_t gsi = isa_gsi((uint32_t)irq, &level, &low);
	if (gsi >= IRQ_LINES || !ioapic_has(gsi)) {
		return refuse(CAIRN_E_RANGE, "irq_get: no I/O APIC line");
	}
	if (lines[gsi].issued) {
		return refuse(CAIRN_E_IN_USE, "irq_get: line issued already");
	}
	uint64_t index;
	struct cte *d = cspace_dest(t, 1, 1, &index, &err);
	if (d == NULL) {
		return err;
	}
	lines[gsi].issued = true;
	lines[gsi].level = level;
	ioapic_route(gsi, (uint8_t)(VEC_IRQ_BASE + gsi), level, low);
	issue_cap(iv, d, index,
		  cap_make(CAIRN_CAP_IRQ_HANDLER, CAIRN_RIGHTS_ALL, 0, 0, gsi));
	return CAIRN_OK;
}

static int
irq_handler(struct invocation *iv)
{
	struct tcb *t = iv->caller;
	uint64_t gsi = iv->cap.w1;
	int err = CAIRN_OK;

	switch (iv->label) {
	case CAIRN_IRQ_SET_NOTIFICATION: {
		if (iv->len < 1) {
			return CAIRN_E_INVALID_ARGUMENT;
		}
		struct cte *n = cspace_lookup_type(
		    t, msg_get(t, 0), CAIRN_OBJ_NOTIFICATION, &err);
		if (n == NULL) {
			return err;
		}
		if (!(cap_rights(&n->cap) & CAIRN_RIGHT_WRITE)) {
			return CAIRN_E_NO_RIGHTS;
		}
		lines[gsi].ntfn = cap_obj(&n->cap);
		lines[gsi].badge = n->cap.w1;
		ioapic_mask((uint32_t)gsi, false);
		return CAIRN_OK;
	}
	case CAIRN_IRQ_ACK:
		if (lines[gsi].ntfn != NULL) {
			ioapic_mask((uint32_t)gsi, false);
		}
		return CAIRN_OK;
	case CAIRN_IRQ_CLEAR:
		lines[gsi].ntfn = NULL;
		ioapic_mask((uint32_t)gsi, true);
		return CAIRN_OK;
	default:
		return CAIRN_E_ILLEGAL_OPERATION;
	}
}

/* I/O port control ISSUE: MR0 first, MR1 last, MR2 CNode, MR3 index. */
static int
port_issue(struct invocation *iv)
{
	struct tcb *t = iv->caller;
	int err = CAIRN_OK;

	if (iv->len < 4) {
		return refuse(CAIRN_E_INVALID_ARGUMENT,
			      "ioport_issue: too short");
	}
	uint64_t first = msg_get(t, 0), last = msg_get(t, 1);
	if (first > last || last > 0xFFFF) {
		return refuse(CAIRN_E_RANGE, "ioport_issue: bad port range");
	}
	if (!ports_free((uint32_t)first, (uint32_t)last)) {
		return refuse(CAIRN_E_IN_USE, "ioport_issue: port taken");
	}
	uint64_t index;
	struct cte *d = cspace_dest(t, 2, 1, &index, &err);
	if (d == NULL) {
		return err;
	}
	take_ports((uint32_t)first, (uint32_t)last);
	issue_cap(iv, d, index,
		  cap_make(CAIRN_CAP_IOPORT, CAIRN_RIGHTS_ALL, 0, 0,
			   first | last << 16));
	return CAIRN_OK;
}

/* I/O port IN: MR0 port, MR1 size (1, 2, 4).  OUT: MR2 the value. */
static int
port_io(struct invocation *iv)
{
	struct tcb *t = iv->caller;
	uint64_t first = iv->cap.w1 & 0xFFFF, last = iv->cap.w1 >> 16;
	bool out = iv->label == CAIRN_IOPORT_OUT;

	if (iv->len < (out ? 3u : 2u)) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	uint64_t port = msg_get(t, 0), size = msg_get(t, 1);
	if (size != 1 && size != 2 && size != 4) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if (port < first || port > last || size - 1 > last - port) {
		return CAIRN_E_RANGE;
	}
	uint16_t p = (uint16_t)port;
	if (out) {
		uint64_t v = msg_get(t, 2);
		if (size == 1) {
			outb(p, (uint8_t)v);
		} else if (size == 2) {
			outw(p, (uint16_t)v);
		} else {
			outl(p, (uint32_t)v);
		}
		return CAIRN_OK;
	}
	uint64_t v = size == 1 ? inb(p) : size == 2 ? inw(p) : inl(p);
	msg_set(t, 0, v);
	iv->nresults = 1;
	return CAIRN_OK;
}

int
decode_irq_port(struct invocation *iv)
{
	switch (cap_type(&iv->cap)) {
	case CAIRN_CAP_IRQ_CONTROL:
		return iv->label == CAIRN_IRQ_CONTROL_GET
			   ? irq_get(iv)
			   : CAIRN_E_ILLEGAL_OPERATION;
	case CAIRN_CAP_IRQ_HANDLER:
		return irq_handler(iv);
	case CAIRN_CAP_IOPORT_CONTROL:
		return iv->label == CAIRN_IOPORT_CONTROL_ISSUE
			   ? port_issue(iv)
			   : CAIRN_E_ILLEGAL_OPERATION;
	case CAIRN_CAP_IOPORT:
		return iv->label == CAIRN_IOPORT_IN ||
			       iv->label == CAIRN_IOPORT_OUT
			   ? port_io(iv)
			   : CAIRN_E_ILLEGAL_OPERATION;
	default:
		return CAIRN_E_ILLEGAL_OPERATION;
	}
}
