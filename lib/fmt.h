/*
 * fmt: the one printf engine, for the kernel, the user-space runtime and
 * the libc, whose printf family wraps it.  Pure C: no allocation, no
 * floating point; output goes to a caller-supplied sink.
 *
 * Formats follow C11 for everything but floating point: flags "-+ #0",
 * field width and precision as digits or '*' (a negative '*' width means
 * the '-' flag, a negative '*' precision means none), length modifiers
 * hh h l ll j z t, and conversions d i u o x X c s p %.  Unlike C:
 *   - %n is refused: it writes nothing anywhere and prints nothing, but
 *     consumes its pointer argument (writing through a pointer taken
 *     from the format is a classic exploit).
 *   - %f %F %e %E %g %G %a %A and unknown conversions print "%?"
 *     followed by the conversion character, e.g. "%?f", and consume no
 *     argument; so does a '%' that ends the format ("%?").  %ls and %lc
 *     (no wide characters) print "%?s" and "%?c" but consume theirs.
 *   - %p prints like %#lx, and "0x0" for NULL; %s of NULL prints "(null)".
 */
#ifndef CAIRN_LIB_FMT_H
#define CAIRN_LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* An output sink: receives the output in order, n > 0 bytes at a time. */
typedef void (*fmt_out)(void *ctx, const char *s, size_t n);

/*
 * The engine: format f with the arguments in ap into out.  Literal text
 * goes out in runs, not a character at a time.  Returns the number of
 * characters produced, which may exceed INT_MAX.
 */
size_t fmt_vprint(fmt_out out, void *ctx, const char *f, va_list ap);

/* A sink that takes one character at a time (a serial console). */
typedef void (*fmt_sink)(void *ctx, char c);

/*
 * Format like fmt_vprint into a character sink.  Returns the character
 * count, or -1 if it exceeds INT_MAX.
 */
int fmt_vformat(fmt_sink sink, void *ctx, const char *f, va_list ap);

/*
 * Format into buf, which holds size bytes: at most size - 1 characters
 * and a NUL (nothing when size is 0, and buf may then be NULL).  Returns
 * the length the whole output would have had, so a return >= size means
 * it was cut; -1 if that length exceeds INT_MAX.
 */
int fmt_vsnprintf(char *buf, size_t size, const char *f, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *f, ...)
    __attribute__((format(__printf__, 3, 4)));

#endif
