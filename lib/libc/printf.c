/*
 * printf: formatted and plain output to standard output, which is the
 * libc_write hook behind a small buffer.  The buffer is written out at
 * each newline, when full, at the end of every printf, vprintf and puts
 * call, and in exit and abort; putchar alone leaves a partial line in it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cairn_libc.h"
#include "libc_impl.h"

static char obuf[256];
static size_t olen;

void
__cairn_stdout_flush(void)
{
	if (olen > 0) {
		libc_write(obuf, olen);
		olen = 0;
	}
}

/* The vcbprintf sink for standard output. */
static void
stdout_out(void *arg, const char *s, size_t n)
{
	(void)arg;
	if (n >= sizeof(obuf)) {
		/* Too big to be worth copying: send it as it is. */
		__cairn_stdout_flush();
		libc_write(s, n);
		return;
	}
	while (n > 0) {
		size_t m = sizeof(obuf) - olen;
		m = n < m ? n : m;
		memcpy(obuf + olen, s, m);
		olen += m;
		if (olen == sizeof(obuf) || memchr(s, '\n', m) != NULL) {
			__cairn_stdout_flush();
		}
		s += m;
		n -= m;
	}
}

int
vprintf(const char *fmt, va_list ap)
{
	int n = vcbprintf(stdout_out, NULL, fmt, ap);

	__cairn_stdout_flush();
	return n;
}

int
printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int
puts(const char *s)
{
	stdout_out(NULL, s, strlen(s));
	stdout_out(NULL, "\n", 1);
	return 0;
}

int
putchar(int c)
{
	char ch = (char)c;

	stdout_out(NULL, &ch, 1);
	return (unsigned char)c;
}
