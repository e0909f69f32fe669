/*
 * serial: the 16550 UART driver for COM1.  Interrupt-driven both ways,
 * with a ring buffer each way.  Its manifest gives it COM1's eight ports,
 * IRQ 4 and the "serial" endpoint, and nothing else.  One reader may
 * wait for input (its reply object kept); writers are answered once
 * their bytes are in the transmit ring.  Input is read from the UART
 * only as the reader asks for it (see pump).
 */
#include <cairn/manifest.h>
#include <stdbool.h>

#include "cstring.h"
#include "procrt.h"

CAIRN_MANIFEST("name serial\n"
	       "description 16550 UART driver for COM1\n"
	       "cspace 5\n"
	       "quota 256K\n"
	       "restart always 100 10\n"
	       "ioport 0x3f8 8\n"
	       "irq 4\n"
	       "provides serial\n");

#define COM1 0x3F8
enum { RBR = 0, THR = 0, DLL = 0, IER = 1, DLM = 1, LCR = 3, MCR = 4, LSR = 5 };
enum { LSR_DR = 1, LSR_THRE = 0x20, IER_RX = 1, IER_TX = 2 };

static cptr_t port, irq, ep;
static word_t ier;

static struct ring {
	char buf[4096];
	word_t head, tail; /* head - tail bytes, at tail % size */
} rx, tx;

static word_t
ring_len(const struct ring *r)
{
	return r->head - r->tail;
}

static void
out(word_t reg, word_t v)
{
	cairn_ioport_out(port, COM1 + reg, 1, v);
}

static word_t
in(word_t reg)
{
	word_t v = 0;

	cairn_ioport_in(port, COM1 + reg, 1, &v);
	return v;
}

static void
uart_init(void)
{
	out(IER, 0);
	out(LCR, 0x80); /* divisor latch: 115200 baud */
	out(DLL, 1);
	out(DLM, 0);
	out(LCR, 0x03); /* 8 bits, no parity, one stop bit */
	/* FIFOs stay off, as the kernel left them (kernel/arch/x86_64/
	 * serial.c says why): a byte at a time each way. */
	out(MCR, 0x0B); /* DTR, RTS, OUT2 (the PC's IRQ gate) */
	ier = 0;	/* no input wanted yet: see pump */
	out(IER, ier);
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
		word_t lsr = in(LSR);
		bool moved = false;
		if ((lsr & LSR_DR) && ring_len(&rx) < rx_want) {
			rx.buf[rx.head++ % sizeof(rx.buf)] = (char)in(RBR);
			moved = true;
		}
		if ((lsr & LSR_THRE) && ring_len(&tx) > 0) {
			out(THR,
			    (unsigned char)tx.buf[tx.tail++ % sizeof(tx.buf)]);
			moved = true;
		}
		if (!moved) {
			break;
		}
	}
	word_t want = (ring_len(&rx) < rx_want ? IER_RX : 0) |
		      (ring_len(&tx) > 0 ? IER_TX : 0);
	if (want != ier) {
		ier = want;
		out(IER, ier);
	}
}

/* Answer m with up to max bytes from rx: the message's length. */
static word_t
take_input(struct cairn_msg *m, word_t max)
{
	word_t n = ring_len(&rx);

	if (n > max) {
		n = max;
	}
	if (n > 480) {
		n = 480;
	}
	m->w[0] = n;
	for (word_t i = 0; i < n; i++) {
		((char *)&m->w[1])[i] = rx.buf[rx.tail++ % sizeof(rx.buf)];
	}
	return 1 + (n + 7) / 8;
}

int
main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	const struct cairn_grant *gp =
	    cairn_grant_find(CAIRN_GRANT_IOPORT, NULL);
	const struct cairn_grant *gi = cairn_grant_find(CAIRN_GRANT_IRQ, NULL);
	const struct cairn_grant *ge =
	    cairn_grant_find(CAIRN_GRANT_PROVIDES, "serial");
	if (gp == NULL || gi == NULL || ge == NULL) {
		return 1;
	}
	port = gp->slot;
	irq = gi->slot;
	ep = ge->slot;
	uart_init();
	cairn_irq_ack(irq);
	/*
	 * IRQ 4 is edge-triggered: input that came before the line was
	 * unmasked raised it already, and it stays up, with no new edge,
	 * until that input is read.
	 */
	pump();

	cptr_t cur = CAIRN_PROC_REPLY, spare = CAIRN_PROC_REPLY2;
	struct cairn_msg m = {0};
	word_t status = 0, len = 0;
	bool answer = false;
	for (;;) {
		int st = answer ? cairn_reply_recv(ep, cur, status, len, &m)
				: cairn_recv(ep, cur, &m);
		answer = false;
		if (st == CAIRN_E_IN_USE) {
			/* cur still has a caller nobody answered: answer it. */
			cairn_reply(cur, CAIRN_E_ILLEGAL_OPERATION, 0, &m);
			continue;
		}
		if (st != CAIRN_OK) {
			continue;
		}
		if (m.label == CAIRN_LABEL_NOTIFICATION &&
		    CAIRN_IS_IRQ_BADGE(m.badge)) {
			pump();
			cairn_irq_ack(irq);
			pump(); /* what came while the line was masked */
		} else if (m.label == CAIRN_SERIAL_WRITE) {
			word_t n = m.w[0] < CAIRN_SERIAL_MAX_WRITE
				       ? m.w[0]
				       : CAIRN_SERIAL_MAX_WRITE;
			word_t have = m.len > 0 ? (m.len - 1) * 8 : 0;
			n = n < have ? n : have;
			const char *s = (const char *)&m.w[1];
			for (word_t i = 0; i < n; i++) {
				while (ring_len(&tx) == sizeof(tx.buf)) {
					pump(); /* full: wait for the UART */
				}
				tx.buf[tx.head++ % sizeof(tx.buf)] = s[i];
			}
			pump();
			status = CAIRN_OK;
			len = 0;
			answer = true;
		} else if (m.label == CAIRN_SERIAL_READ) {
			word_t most = m.w[0] < 480 ? m.w[0] : 480;
			if (parked != 0) {
				/* One reader at a time: input is its. */
				status = CAIRN_E_IN_USE;
				len = 0;
				answer = true;
			} else {
				rx_want = most;
				pump();
				if (ring_len(&rx) > 0) {
					len = take_input(&m, most);
					status = CAIRN_OK;
					answer = true;
				} else {
					/* Keep this caller; receive with
					 * the other. */
					parked = cur;
					parked_max = most;
					cur = spare;
					spare = 0;
				}
			}
		} else {
			status = CAIRN_E_ILLEGAL_OPERATION;
			len = 0;
			answer = true;
		}
		if (parked != 0 && ring_len(&rx) > 0) {
			struct cairn_msg a = {0};
			word_t n = take_input(&a, parked_max);
			cairn_reply(parked, CAIRN_OK, n, &a);
			spare = parked;
			parked = 0;
		}
		if (parked == 0 && ring_len(&rx) == 0 && rx_want != 0) {
			rx_want = 0; /* nobody asks: leave input in the UART */
			pump();
		}
	}
}
