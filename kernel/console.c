/* console: kprintf over the serial line. */
#include "console.h"

#include <stdarg.h>

#include "arch.h"
#include "fmt.h"

static void
sink(void *ctx, char c)
{
	(void)ctx;
	arch_console_putc(c);
}

void
kwrite(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		arch_console_putc(s[i]);
	}
}

int
kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = fmt_vformat(sink, NULL, fmt, ap);
	va_end(ap);
	return n;
}
