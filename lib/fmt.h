/*
 * fmt: the one printf engine, shared by the kernel's console and the host
 * tests.  Pure C, no allocation; output goes to a caller-supplied sink.
 */
#ifndef CAIRN_LIB_FMT_H
#define CAIRN_LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* A sink receives each output character in order. */
typedef void (*fmt_sink)(void *ctx, char c);

/*
 * Format like printf into the sink.  Understands flags "-0 +#", a field
 * width and precision (digits or '*'), the length modifiers hh h l ll z t j,
 * and the conversions d i u x X o p s c %.  Returns the character count.
 */
int fmt_vformat(fmt_sink sink, void *ctx, const char *f, va_list ap);

/*
 * Format into buf, which holds size bytes.  The result is always
 * NUL-terminated when size > 0.  Returns the length the whole output would
 * have had, so a return >= size means it was cut.
 */
int fmt_vsnprintf(char *buf, size_t size, const char *f, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *f, ...)
    __attribute__((format(printf, 3, 4)));

#endif
