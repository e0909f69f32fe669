/*
 * serial: the serial driver.  Interrupt-driven both ways, with a ring
 * buffer each way.  Its manifest, beside its UART's code (uart.h: the
 * 16550 at COM1 on x86_64, the PL011 on aarch64), gives it the UART's
 * registers, its IRQ and the "serial" endpoint, and nothing else.  One
 * reader may wait for input (its reply object kept); writers are
 * answered once their bytes are in the transmit ring.  Input is read
 * from the UART only as the reader asks for it (see pump).
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
	uart_want(ring_len(&rx) < rx_want, ring_len(&tx) > 0);
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

static void
on_irq(struct cairn_server *s, word_t badge)
{
	(void)s;
	(void)badge;
	pump();
	cairn_irq_ack(irq);
	pump(); /* what came while the line was masked */
}

/* After every message: answer the waiting reader if input came; with
 * nobody asking, leave input in the UART. */
static void
after(struct cairn_server *s)
{
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
}

static const struct cairn_op ops[] = {
    {CAIRN_SERIAL_WRITE, 1, op_write},
    {CAIRN_SERIAL_READ, 1, op_read},
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
