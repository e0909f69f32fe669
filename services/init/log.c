/*
 * log: init's own lines.  They go to the serial driver by a send that
 * never blocks (init must not wait on a driver that may have crashed);
 * until the driver runs, or when it is busy, to the kernel's console.
 */
#include <stdarg.h>

#include "proto/serial.h"

#include "cstring.h"
#include "fmt.h"
#include "init.h"

int init_log_level = 1;

void
init_write(const char *s, size_t n)
{
	cptr_t serial = names_endpoint("serial", false);

	while (n > 0) {
		size_t k =
		    n < CAIRN_SERIAL_MAX_WRITE ? n : CAIRN_SERIAL_MAX_WRITE;
		struct cairn_msg m = {0};
		m.w[0] = k;
		memcpy(&m.w[1], s, k);
		if (serial == 0 ||
		    cairn_nbsend(serial, CAIRN_SERIAL_WRITE, 1 + (k + 7) / 8,
				 &m) != CAIRN_OK) {
			cairn_debug_write(s, k);
		}
		s += k;
		n -= k;
	}
}

struct sink {
	char buf[256];
	size_t len;
};

static void
put(void *arg, char c)
{
	struct sink *k = arg;

	if (k->len < sizeof(k->buf)) {
		k->buf[k->len++] = c;
	}
}

void
logf(int level, const char *fmt, ...)
{
	struct sink k = {.len = 0};
	va_list ap;

	if (level > init_log_level) {
		return;
	}
	va_start(ap, fmt);
	fmt_vformat(put, &k, fmt, ap);
	va_end(ap);
	init_write(k.buf, k.len);
}
