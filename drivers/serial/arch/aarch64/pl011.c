/*
 * pl011: the serial driver's UART on aarch64, an Arm PL011: QEMU virt's
 * at 0x09000000 (INTID 33), the Raspberry Pi 3's at 0x3f201000 (BCM2835
 * line 57).  Its manifest is the board's (virt/manifest.c,
 * raspi3b/manifest.c), the code the same.  It is the kernel's console
 * too: the kernel set it up (115200 8N1, FIFOs on) and keeps writing its
 * log to it, polled, as on x86_64's COM1; the kernel never takes its
 * interrupt, so the line and the page are handed out like any device's.
 */
#include "../../uart.h"

enum {
	DR = 0x00,
	FR = 0x18,
	IMSC = 0x38,
	ICR = 0x44,
	FR_RXFE = 1 << 4,
	FR_TXFF = 1 << 5,
	INT_RX = 1 << 4,
	INT_TX = 1 << 5,
	INT_RT = 1 << 6, /* receive timeout: bytes wait below the level */
};

static volatile uint32_t *regs;
static uint32_t imsc;

static uint32_t
rd(word_t off)
{
	return regs[off / 4];
}

static void
wr(word_t off, uint32_t v)
{
	regs[off / 4] = v;
}

int
uart_init(void)
{
	const struct cairn_grant *gm = cairn_grant_find(CAIRN_GRANT_MMIO, NULL);

	if (gm == NULL) {
		return -1;
	}
	regs = (volatile uint32_t *)gm->a;
	imsc = 0; /* no input wanted yet: see the driver's pump */
	wr(IMSC, imsc);
	wr(ICR, 0x7ff);
	return 0;
}

word_t
uart_status(void)
{
	uint32_t fr = rd(FR);

	return (fr & FR_RXFE ? 0 : UART_RX_READY) |
	       (fr & FR_TXFF ? 0 : UART_TX_READY);
}

char
uart_getc(void)
{
	return (char)rd(DR);
}

void
uart_putc(char c)
{
	wr(DR, (unsigned char)c);
}

void
uart_want(bool rx, bool tx)
{
	uint32_t want = (rx ? INT_RX | INT_RT : 0) | (tx ? INT_TX : 0);

	if (want != imsc) {
		imsc = want;
		wr(IMSC, imsc);
	}
	/* The transmit interrupt is an edge in the level: clear it, so
	 * that it comes again when the FIFO drains. */
	if (tx) {
		wr(ICR, INT_TX);
	}
}
