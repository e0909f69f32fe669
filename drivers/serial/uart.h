/*
 * uart: what the serial driver (drivers/serial/main.c) asks of its UART.
 * Each arch has one, with the driver's manifest: the 16550 at COM1 on
 * x86_64 (arch/x86_64/ns16550.c), the PL011 on aarch64 virt
 * (arch/aarch64/pl011.c).
 */
#ifndef CAIRN_SERIAL_UART_H
#define CAIRN_SERIAL_UART_H

#include <stdbool.h>

#include "procrt.h"

/* What uart_status reports: a byte to read, room for one to send. */
enum { UART_RX_READY = 1, UART_TX_READY = 2 };

/*
 * Take the UART's registers from this program's grants and set the UART
 * up, every interrupt off.  Returns 0, or -1 if a grant is missing.
 */
int uart_init(void);

/* UART_RX_READY and UART_TX_READY, as the UART says now. */
word_t uart_status(void);

/* The next received byte; call only when uart_status says there is one. */
char uart_getc(void);

/* Send c; call only when uart_status says there is room. */
void uart_putc(char c);

/* Interrupt when a byte arrives (rx) and when there is room (tx). */
void uart_want(bool rx, bool tx);

#endif
