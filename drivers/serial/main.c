/*
 * serial: the serial driver.  Interrupt-driven both ways, with a ring
 * buffer each way.  Its manifest, beside its UART's code (uart.h: the
 * 16550 at COM1 on x86_64, the PL011 on aarch64), gives it the UART's
 * registers, its IRQ and the "serial" endpoint, and nothing else.  One
 * reader may wait for input (its reply object kept); writers are
 * answered once their bytes are in the transmit ring.  Input is read
 * from the UART only as the reader asks for it (see pump).  A server
 * that must never wait (the posix server) reads with READ_NB instead,
 * told by a notification (NOTIFY) when input is there.
 */
#include <stdbool.h>

#include "cstring.h"
#include "procrt.h"
#include "serve.h"
#include "uart.h"

static cptr_t irq;

static struct ring {
	char buf[4096];
	word_t head, tail; /* head - tail bytes, at tail % size */
} rx, tx;

static word_t
ring_len(const struct ring *r)
{
	return r->head - r->tail;
}

/*
 * Input is taken from the UART only as a reader asks for it (rx_want
 * bytes): what is not asked for yet waits in the UART, and behind it in
 * QEMU or the line, not in this driver, so a crash of the driver loses
 * none of it.
 */
static word_t rx_want;
static cptr_t parked;	  /* the waiting reader's reply object, or 0 */
static word_t parked_max; /* how much it wants */

/*
 * NOTIFY's notification (a slot of ours), its owner's badge, and whether
 * it was signalled since that owner last read.  Telling it needs no byte
 * taken from the UART (its status says input is there), so the rule
 * above holds: a driver that crashes loses the copy, not the input, and
 * its client arms it again.
 */
static cptr_t ntfn;
static word_t ntfn_owner;
static bool notified;
static cptr_t recv_slot; /* where NOTIFY's capability lands */
static cptr_t scratch;	 /* a copy of ntfn, to signal through */

/* Does the notification want to hear of input (nobody reads now)? */
static bool
watching(void)
{
	return ntfn != 0 && !notified && parked == 0;
}

/* Move what the UART has and can take between it and the rings. */
static void
pump(void)
{
	for (;;) {
		word_t st = uart_status();
		bool moved = false;
		if ((st & UART_RX_READY) && ring_len(&rx) < rx_want) {
			rx.buf[rx.head++ % sizeof(rx.buf)] = uart_getc();
			moved = true;
		}
		if ((st & UART_TX_READY) && ring_len(&tx) > 0) {
			uart_putc(tx.buf[tx.tail++ % sizeof(tx.buf)]);
			moved = true;
		}
		if (!moved) {
			break;
		}
	}
	uart_want(ring_len(&rx) < rx_want || watching(), ring_len(&tx) > 0);
}

/* Answer m with up to max bytes from rx: the message's length. */
static word_t
take_input(struct cairn_msg *m, word_t max)
{
	word_t n = ring_len(&rx);

	if (n > max) {
		n = max;
	}
	if (n > CAIRN_SERIAL_MAX_READ) {
		n = CAIRN_SERIAL_MAX_READ;
	}
	m->w[0] = n;
	for (word_t i = 0; i < n; i++) {
		((char *)&m->w[1])[i] = rx.buf[rx.tail++ % sizeof(rx.buf)];
	}
	return 1 + (n + 7) / 8;
}

/* WRITE: the bytes go into the transmit ring, waiting while it is
 * full; answered once they are all in. */
static word_t
op_write(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t n =
	    m->w[0] < CAIRN_SERIAL_MAX_WRITE ? m->w[0] : CAIRN_SERIAL_MAX_WRITE;
	word_t have = (m->len - 1) * 8;
	const char *b = (const char *)&m->w[1];

	(void)s;
	(void)len;
	n = n < have ? n : have;
	for (word_t i = 0; i < n; i++) {
		while (ring_len(&tx) == sizeof(tx.buf)) {
			pump(); /* full: wait for the UART */
		}
		tx.buf[tx.head++ % sizeof(tx.buf)] = b[i];
	}
	pump();
	return CAIRN_OK;
}

/* READ: what input there is, else the caller waits (one at a time). */
static word_t
op_read(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t most =
	    m->w[0] < CAIRN_SERIAL_MAX_READ ? m->w[0] : CAIRN_SERIAL_MAX_READ;

	if (m->w[0] == 0) {
		return CAIRN_E_INVALID_ARGUMENT; /* it would wait for nothing */
	}
	if (parked != 0) {
		return CAIRN_E_IN_USE; /* one reader at a time: input is its */
	}
	rx_want = most;
	pump();
	if (ring_len(&rx) > 0) {
		*len = take_input(m, most);
		return CAIRN_OK;
	}
	parked = cairn_serve_keep(s); /* the other one receives */
	if (parked == 0) {
		return CAIRN_E_NO_MEMORY;
	}
	parked_max = most;
	return CAIRN_SERVE_KEPT;
}

/* READ_NB: what input there is now, 0 bytes or more; never waits. */
static word_t
op_read_nb(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t most =
	    m->w[0] < CAIRN_SERIAL_MAX_READ ? m->w[0] : CAIRN_SERIAL_MAX_READ;

	(void)s;
	if (m->w[0] == 0) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if (parked != 0) {
		return CAIRN_E_IN_USE; /* a waiting READ comes first */
	}
	if (m->badge == ntfn_owner) {
		notified = false; /* it reads: tell it of what comes next */
	}
	rx_want = most;
	pump();
	*len = take_input(m, most);
	return CAIRN_OK;
}

/* Drop the notification we hold, if any. */
static void
drop_ntfn(void)
{
	if (ntfn != 0) {
		cairn_cnode_delete(CAIRN_PROC_CNODE, ntfn);
		cairn_slot_free(ntfn);
		ntfn = 0;
	}
}

/*
 * NOTIFY 1, a notification sent along: signal it when input waits and
 * nobody reads, once until its owner reads again (READ_NB).  NOTIFY 0:
 * stop.  One owner at a time (the badge of whoever armed it); arming
 * again replaces the copy, as a client that lost us to a restart does.
 */
static word_t
op_notify(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	bool cap = m->caps >= 1 && (m->unwrapped & 1) == 0;
	word_t on = m->w[0];

	(void)s;
	(void)len;
	if (on > 1) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if (ntfn != 0 && m->badge != ntfn_owner) {
		return CAIRN_E_IN_USE;
	}
	if (on == 0) {
		drop_ntfn();
		pump();
		return CAIRN_OK;
	}
	if (!cap) {
		return CAIRN_E_INVALID_CAP;
	}
	cptr_t next = cairn_slot_alloc();
	if (next == 0) {
		return CAIRN_E_NO_MEMORY;
	}
	drop_ntfn();
	ntfn = recv_slot;
	ntfn_owner = m->badge;
	notified = false;
	recv_slot = next;
	cairn_recv_slot(recv_slot);
	pump();
	return CAIRN_OK;
}

/*
 * UNREAD n, bytes: the notification's owner gives back input it took
 * and did not use (the posix server, when the Linux programs that had
 * the console end); the next reader reads it first.  It waits in the
 * ring, so a crash before then loses it.  Anyone else is refused: it
 * would be typing for the shell.
 */
static word_t
op_unread(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t n = m->w[0];
	const char *b = (const char *)&m->w[1];

	(void)s;
	(void)len;
	if (ntfn == 0 || m->badge != ntfn_owner) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	if (n == 0 || n > CAIRN_SERIAL_MAX_WRITE || n > (m->len - 1) * 8) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if (ring_len(&rx) + n > sizeof(rx.buf)) {
		return CAIRN_E_NO_MEMORY;
	}
	for (word_t i = n; i-- > 0;) {
		rx.buf[--rx.tail % sizeof(rx.buf)] = b[i];
	}
	return CAIRN_OK;
}

/*
 * Signal the notification.  A capability whose object is gone (its
 * process ended) fails to copy, and is dropped; the copy gets a send
 * that cannot block, so an endpoint passed off as a notification cannot
 * stop the driver (the timer service does the same).
 */
static void
signal_ntfn(void)
{
	struct cairn_msg m = {0};

	notified = true;
	if (cairn_cnode_copy(CAIRN_PROC_CNODE, scratch, CAIRN_PROC_CNODE, ntfn,
			     CAIRN_RIGHT_WRITE, NULL) != CAIRN_OK) {
		drop_ntfn();
		return;
	}
	cairn_nbsend(scratch, 0, 0, &m);
	cairn_cnode_delete(CAIRN_PROC_CNODE, scratch);
}

static void
on_irq(struct cairn_server *s, word_t badge)
{
	(void)s;
	(void)badge;
	pump();
	cairn_irq_ack(irq);
	pump(); /* what came while the line was masked */
}

/* After every message: answer the waiting reader if input came, else
 * tell the notification if input waits; with nobody asking, leave input
 * in the UART.  A capability sent with any call but NOTIFY is dropped,
 * so that the receive slot is empty for the next. */
static void
after(struct cairn_server *s)
{
	cairn_cnode_delete(CAIRN_PROC_CNODE, recv_slot);
	if (parked != 0 && ring_len(&rx) > 0) {
		struct cairn_msg a = {0};
		word_t n = take_input(&a, parked_max);
		cairn_serve_answer(s, parked, CAIRN_OK, n, &a);
		parked = 0;
	}
	if (parked == 0 && ring_len(&rx) == 0 && rx_want != 0) {
		rx_want = 0;
		pump();
	}
	if (watching() &&
	    (ring_len(&rx) > 0 || (uart_status() & UART_RX_READY))) {
		signal_ntfn();
		pump(); /* no more interrupts for it until it reads */
	}
}

static const struct cairn_op ops[] = {
    {CAIRN_SERIAL_WRITE, 1, op_write},	   {CAIRN_SERIAL_READ, 1, op_read},
    {CAIRN_SERIAL_READ_NB, 1, op_read_nb}, {CAIRN_SERIAL_NOTIFY, 1, op_notify},
    {CAIRN_SERIAL_UNREAD, 1, op_unread},
};

int
main(int argc, char **argv)
{
	struct cairn_server s;

	(void)argc;
	(void)argv;
	const struct cairn_grant *gi = cairn_grant_find(CAIRN_GRANT_IRQ, NULL);
	const struct cairn_grant *ge =
	    cairn_grant_find(CAIRN_GRANT_PROVIDES, "serial");
	if (gi == NULL || ge == NULL || uart_init() != 0) {
		return 1;
	}
	irq = gi->slot;
	recv_slot = cairn_slot_alloc();
	scratch = cairn_slot_alloc();
	if (recv_slot == 0 || scratch == 0) {
		return 1;
	}
	cairn_recv_slot(recv_slot);
	cairn_irq_ack(irq);
	/*
	 * x86_64's IRQ 4 is edge-triggered: input that came before the line
	 * was unmasked raised it already, and it stays up, with no new
	 * edge, until that input is read.
	 */
	pump();
	cairn_serve_init(&s, ge->slot, ops, sizeof(ops) / sizeof(ops[0]));
	s.irq_badges = CAIRN_IRQ_BADGE(0);
	s.irq = on_irq;
	s.after = after;
	cairn_serve(&s);
}
