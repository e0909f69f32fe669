/* libcairn: system call wrappers and a buffered printf. */
#include "cairn.h"

#include <stdarg.h>

#include "fmt.h"

int
cairn_debug_write(const void *buf, size_t n)
{
	return (int)cairn_syscall2(CAIRN_SYS_DEBUG_WRITE, (uint64_t)buf, n);
}

void
cairn_exit(uint64_t status)
{
	cairn_syscall2(CAIRN_SYS_DEBUG_EXIT, status, 0);
	for (;;) {
	}
}

struct line {
	char buf[256];
	size_t len;
};

static void
line_sink(void *ctx, char c)
{
	struct line *l = ctx;

	l->buf[l->len++] = c;
	if (l->len == sizeof(l->buf)) {
		cairn_debug_write(l->buf, l->len);
		l->len = 0;
	}
}

int
printf(const char *fmt, ...)
{
	struct line l = {.len = 0};
	va_list ap;

	va_start(ap, fmt);
	int n = fmt_vformat(line_sink, &l, fmt, ap);
	va_end(ap);
	cairn_debug_write(l.buf, l.len);
	return n;
}
