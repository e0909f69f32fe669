/*
 * irq: the I/O APIC lines behind the portable IRQ capabilities
 * (irqcap.c), and I/O port capabilities (irq.h).  Each method's decode
 * step checks everything and changes nothing; its invoke step (invoke_*)
 * does the work and cannot fail.
 */
#include "irq.h"

#include <cairn/invocation.h>

#include "apic.h"
#include "arch.h"
#include "cpu.h"
#include "kdebug.h"
#include "irqcap.h"
#include "kobject.h"
#include "mapping.h"
#include "trap.h"

_Static_assert(VEC_IRQ_BASE + ARCH_IRQ_LINES == VEC_IRQ_END,
	       "a vector for every line");

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

/*
 * IRQ handler capabilities are portable (irqcap.c); x86_64's lines are
 * the I/O APICs' GSIs, which user space names by their ISA IRQ.
 */
int
arch_irq_line(uint64_t number, struct irq_line *l)
{
	if (number >= 16) {
		return refuse(CAIRN_E_RANGE, "irq_get: not an ISA IRQ");
	}
	uint32_t gsi = isa_gsi((uint32_t)number, &l->level, &l->low);
	if (gsi >= ARCH_IOAPIC_LINES || !ioapic_has(gsi)) {
		return refuse(CAIRN_E_RANGE, "irq_get: no I/O APIC line");
	}
	l->line = gsi;
	return CAIRN_OK;
}

void
arch_irq_issue(const struct irq_line *l)
{
	if (!l->msi) {
		ioapic_route(l->line, (uint8_t)(VEC_IRQ_BASE + l->line),
			     l->level, l->low);
	}
}

/* MSI lines follow the I/O APIC's; each has a vector of its own. */
unsigned
arch_msi_lines(unsigned *first)
{
	*first = ARCH_IOAPIC_LINES;
	return ARCH_MSI_LINES;
}

/* The local APIC's message area, this CPU by its APIC id (bits 12-19),
 * fixed delivery; the data is the vector, edge-triggered. */
void
arch_msi_message(unsigned line, uint64_t *addr, uint32_t *data)
{
	*addr = 0xFEE00000u | (uint64_t)lapic_id() << 12;
	*data = VEC_IRQ_BASE + line;
}

/* No ISA line is a timer the kernel arms for its holder (the PIT's
 * holder programs it through its ports). */
int
arch_irq_set_timer(unsigned line, uint64_t at)
{
	(void)line;
	(void)at;
	return CAIRN_E_ILLEGAL_OPERATION;
}

void
intc_mask(unsigned line, bool masked)
{
	ioapic_mask(line, masked);
}

void
port_finalise(struct cap *c)
{
	/* The range can be issued again. */
	for (uint64_t p = c->w1 & 0xFFFF; p <= c->w1 >> 16; p++) {
		port_taken[p / 8] &= ~(1 << (p % 8));
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

/* The arch's capabilities that are not page tables (mapping.h): the I/O
 * ports. */
int
arch_decode(struct invocation *iv)
{
	switch (cap_type(&iv->cap)) {
	case CAIRN_CAP_IOPORT_CONTROL:
		return decode_port_issue(iv);
	case CAIRN_CAP_IOPORT:
		return decode_port_io(iv);
	default:
		return CAIRN_E_ILLEGAL_OPERATION;
	}
}
