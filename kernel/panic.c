/* panic: the report of a broken kernel invariant. */
#include <stdarg.h>
#include <stdint.h>

#include "arch.h"
#include "backtrace.h"
#include "console.h"
#include "fmt.h"

static void
sink(void *ctx, char c)
{
	(void)ctx;
	arch_console_putc(c);
}

void
panic(const char *fmt, ...)
{
	va_list ap;

	kprintf("\nPANIC: ");
	va_start(ap, fmt);
	fmt_vformat(sink, NULL, fmt, ap);
	va_end(ap);
	kprintf("\n");
	/* Start at panic's caller: its frame and the call into panic. */
	const uint64_t *frame = __builtin_frame_address(0);
	backtrace(frame[0], (uint64_t)__builtin_return_address(0) - 1, 0);
	arch_halt_after_panic();
}
