/*
 * stdio.h: formatted output.  There are no FILE streams: printf, puts
 * and putchar write standard output through the libc_write hook
 * (cairn_libc.h), and the other functions format into memory or into a
 * callback.
 *
 * Formats follow C11 for everything but floating point: flags "-+ #0",
 * field width and precision as digits or '*' (a negative '*' width means
 * the '-' flag, a negative '*' precision means none), length modifiers
 * hh h l ll j z t, and conversions d i u o x X c s p %.  Unlike C:
 *   - %n is refused: it writes nothing anywhere and prints nothing, but
 *     consumes its pointer argument (writing through a pointer taken
 *     from the format is a classic exploit).
 *   - %f %F %e %E %g %G %a %A (Cairn programs are built without
 *     floating-point registers) and unknown conversions print "%?"
 *     followed by the conversion character, e.g. "%?f", and consume no
 *     argument.  %ls and %lc (no wide characters) print "%?s" and "%?c"
 *     but do consume theirs.
 *   - %p prints like %#lx, and "0x0" for NULL; %s of NULL prints "(null)".
 * Each function returns the number of characters produced (for
 * snprintf: that the whole output would have had), or -1 if that is
 * more than INT_MAX (errno = ERANGE).
 */
#ifndef CAIRN_LIBC_STDIO_H
#define CAIRN_LIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#include "libc_names.h"

#define EOF (-1)

#define CAIRN_LIBC_PRINTF(f, a) __attribute__((format(__printf__, f, a)))

/*
 * The one formatting engine: call out(arg, s, n) with each piece of the
 * output, in order (n > 0).
 */
int vcbprintf(void (*out)(void *arg, const char *s, size_t n), void *arg,
	      const char *fmt, va_list ap);

int printf(const char *fmt, ...) CAIRN_LIBC_PRINTF(1, 2);
int vprintf(const char *fmt, va_list ap);

/*
 * Write at most n - 1 characters and a NUL to buf (nothing when n is 0,
 * and buf may then be NULL); return the full length.
 */
int snprintf(char *restrict buf, size_t n, const char *restrict fmt, ...)
    CAIRN_LIBC_PRINTF(3, 4);
int vsnprintf(char *restrict buf, size_t n, const char *restrict fmt,
	      va_list ap);
int sprintf(char *restrict buf, const char *restrict fmt, ...)
    CAIRN_LIBC_PRINTF(2, 3);
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap);

/* Write s and a newline; return 0 (never fails: libc_write cannot). */
int puts(const char *s);
/* Write c as an unsigned char, flushed at a newline; return that char. */
int putchar(int c);

#endif
