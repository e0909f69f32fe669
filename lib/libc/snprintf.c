/*
 * snprintf: the printf family's formatting into memory or a callback,
 * thin wrappers around the one engine, lib/fmt.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "fmt.h"

/*
 * The engine reports a count past INT_MAX as -1; C's printf family then
 * sets errno to ERANGE.
 */
static int
check_count(int r)
{
	if (r < 0) {
		errno = ERANGE;
	}
	return r;
}

int
vcbprintf(void (*out)(void *arg, const char *s, size_t n), void *arg,
	  const char *fmt, va_list ap)
{
	size_t n = fmt_vprint(out, arg, fmt, ap);

	return check_count(n > INT_MAX ? -1 : (int)n);
}

int
vsnprintf(char *restrict buf, size_t n, const char *restrict fmt, va_list ap)
{
	return check_count(fmt_vsnprintf(buf, n, fmt, ap));
}

int
snprintf(char *restrict buf, size_t n, const char *restrict fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int r = vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}

/* As C says, buf must be large enough; nothing here can check it. */
int
vsprintf(char *restrict buf, const char *restrict fmt, va_list ap)
{
	return vsnprintf(buf, SIZE_MAX, fmt, ap);
}

int
sprintf(char *restrict buf, const char *restrict fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int r = vsprintf(buf, fmt, ap);
	va_end(ap);
	return r;
}
