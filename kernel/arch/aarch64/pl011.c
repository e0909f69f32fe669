/*
 * pl011: the kernel's console on an Arm PL011 UART, polled, 115200 8N1.
 * The registers are in the direct map (mmu.c maps plat.uart_base).
 */
#include "arch.h"
#include "mmio.h"
#include "mmu.h"
#include "plat.h"

enum {
	UART_DR = 0x00,
	UART_FR = 0x18,
	UART_IBRD = 0x24,
	UART_FBRD = 0x28,
	UART_LCRH = 0x2c,
	UART_CR = 0x30,
	UART_IMSC = 0x38,
	UART_ICR = 0x44,
	FR_TXFF = 1 << 5,
	LCRH_FEN = 1 << 4,
	LCRH_8BIT = 3 << 5,
	CR_UARTEN = 1 << 0,
	CR_TXE = 1 << 8,
	CR_RXE = 1 << 9,
	BAUD = 115200,
};

static uintptr_t uart;

void
arch_console_init(void)
{
	uart = (uintptr_t)phys_to_virt(plat.uart_base);
	mmio_write32(uart + UART_CR, 0);
	mmio_write32(uart + UART_IMSC, 0); /* no interrupts */
	mmio_write32(uart + UART_ICR, 0x7ff);
	if (plat.uart_clock != 0) {
		/* The divisor in 64ths: clock / (16 * baud), rounded. */
		uint32_t div64 = (plat.uart_clock * 4 + BAUD / 2) / BAUD;
		mmio_write32(uart + UART_IBRD, div64 >> 6);
		mmio_write32(uart + UART_FBRD, div64 & 63);
	}
	mmio_write32(uart + UART_LCRH, LCRH_8BIT | LCRH_FEN);
	mmio_write32(uart + UART_CR, CR_UARTEN | CR_TXE | CR_RXE);
}

static void
put_raw(char c)
{
	/* Give up after a while: a missing UART must not hang the kernel. */
	for (int i = 0; i < 100000 && (mmio_read32(uart + UART_FR) & FR_TXFF);
	     i++) {
	}
	mmio_write32(uart + UART_DR, (uint8_t)c);
}

void
arch_console_putc(char c)
{
	if (uart == 0) {
		return;
	}
	if (c == '\n') {
		put_raw('\r');
	}
	put_raw(c);
}
