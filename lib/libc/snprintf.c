/*
 * snprintf: formatting into memory.  The sink copies what fits and
 * counts the rest, so the return value is the full length however much
 * was cut.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct strbuf {
	char *buf;
	size_t room; /* characters that still fit, not counting the NUL */
	size_t len;  /* characters written so far */
};

static void
str_out(void *arg, const char *s, size_t n)
{
	struct strbuf *b = arg;
	size_t m = n < b->room ? n : b->room;

	if (m > 0) {
		memcpy(b->buf + b->len, s, m);
		b->len += m;
		b->room -= m;
	}
}

int
vsnprintf(char *restrict buf, size_t n, const char *restrict fmt, va_list ap)
{
	struct strbuf b = {buf, n > 0 ? n - 1 : 0, 0};
	int r = vcbprintf(str_out, &b, fmt, ap);

	if (n > 0) {
		buf[b.len] = '\0';
	}
	return r;
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
