/*
 * console: the kernel's log, on the serial line.  kprintf takes the
 * formats of lib/fmt.h.
 */
#ifndef CAIRN_CONSOLE_H
#define CAIRN_CONSOLE_H

#include <stddef.h>

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kwrite(const char *s, size_t n);

/*
 * Report a broken kernel invariant with registers and a backtrace, then
 * stop.  Never for anything a user program controls.
 */
_Noreturn void panic(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif
