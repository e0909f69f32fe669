/*
 * ns16550: the serial driver's UART on x86_64, the 16550 at COM1.  The
 * manifest gives it COM1's eight ports and IRQ 4.  The kernel keeps
 * writing its log to the same UART, polled.
 */
#include <cairn/manifest.h>

#include "../../uart.h"

CAIRN_MANIFEST("name serial\n"
	       "description 16550 UART driver for COM1\n"
	       "cspace 5\n"
	       "quota 256K\n"
	       "restart always 100 10\n"
	       "receive\n"
	       "ioport 0x3f8 8\n"
	       "irq 4\n"
	       "provides serial\n");

#define COM1 0x3F8
enum { RBR = 0, THR = 0, DLL = 0, IER = 1, DLM = 1, LCR = 3, MCR = 4, LSR = 5 };
enum { LSR_DR = 1, LSR_THRE = 0x20, IER_RX = 1, IER_TX = 2 };

static cptr_t port;
static word_t ier;

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

int
uart_init(void)
{
	const struct cairn_grant *gp =
	    cairn_grant_find(CAIRN_GRANT_IOPORT, NULL);

	if (gp == NULL) {
		return -1;
	}
	port = gp->slot;
	out(IER, 0);
	out(LCR, 0x80); /* divisor latch: 115200 baud */
	out(DLL, 1);
	out(DLM, 0);
	out(LCR, 0x03); /* 8 bits, no parity, one stop bit */
	/* FIFOs stay off, as the kernel left them (kernel/arch/x86_64/
	 * serial.c says why): a byte at a time each way. */
	out(MCR, 0x0B); /* DTR, RTS, OUT2 (the PC's IRQ gate) */
	ier = 0;	/* no input wanted yet: see the driver's pump */
	out(IER, ier);
	return 0;
}

word_t
uart_status(void)
{
	word_t lsr = in(LSR);

	return (lsr & LSR_DR ? UART_RX_READY : 0) |
	       (lsr & LSR_THRE ? UART_TX_READY : 0);
}

char
uart_getc(void)
{
	return (char)in(RBR);
}

void
uart_putc(char c)
{
	out(THR, (unsigned char)c);
}

void
uart_want(bool rx, bool tx)
{
	word_t want = (rx ? IER_RX : 0) | (tx ? IER_TX : 0);

	if (want != ier) {
		ier = want;
		out(IER, ier);
	}
}
