/*
 * serial: the kernel's debug console on COM1, a 16550 UART, polled.
 * 115200 baud, 8 data bits, no parity, one stop bit.
 */
#include "arch.h"
#include "cpu.h"

enum {
	COM1 = 0x3F8,
	REG_DATA = 0,
	REG_IER = 1,
	REG_FCR = 2,
	REG_LCR = 3,
	REG_MCR = 4,
	REG_LSR = 5,
	LSR_THRE = 0x20,
	LCR_DLAB = 0x80,
};

void
arch_console_init(void)
{
	outb(COM1 + REG_IER, 0x00); /* no interrupts */
	outb(COM1 + REG_LCR, LCR_DLAB);
	outb(COM1 + REG_DATA, 0x01); /* divisor 1: 115200 baud */
	outb(COM1 + REG_IER, 0x00);
	outb(COM1 + REG_LCR, 0x03); /* 8N1 */
	/*
	 * FIFOs stay off: turning them on drops input that came before,
	 * and QEMU then reads no more until the receive register is read,
	 * which nothing does while the FIFO is empty (the user-level
	 * driver would never see a byte typed, or piped, that early).
	 */
	outb(COM1 + REG_FCR, 0x00);
	outb(COM1 + REG_MCR, 0x03); /* DTR, RTS */
}

static void
put_raw(char c)
{
	/* Give up after a while: a missing UART must not hang the kernel. */
	for (int i = 0; i < 100000 && !(inb(COM1 + REG_LSR) & LSR_THRE); i++) {
		cpu_relax();
	}
	outb(COM1 + REG_DATA, (uint8_t)c);
}

void
arch_console_putc(char c)
{
	if (c == '\n') {
		put_raw('\r');
	}
	put_raw(c);
}
