/* libcairn: the debug capability, and printf through it. */
#include <limits.h>
#include <stdarg.h>

#include "cairn.h"
#include "cstring.h"
#include "fmt.h"
#include "proto/init.h"

cptr_t cairn_debug_cap = CAIRN_ROOT_DEBUG;

int
cairn_debug_putc(char c)
{
	word_t w[1] = {(unsigned char)c};

	return cairn_invoke(cairn_debug_cap, CAIRN_DEBUG_PUTC, 1, w);
}

int
cairn_debug_write(const char *s, size_t n)
{
	/* Up to 56 bytes a call, in seven register words after the count. */
	while (n > 0) {
		word_t w[8] = {0};
		size_t k = n < 56 ? n : 56;
		w[0] = k;
		memcpy(&w[1], s, k);
		int st = cairn_invoke(cairn_debug_cap, CAIRN_DEBUG_WRITE,
				      1 + (k + 7) / 8, w);
		if (st != CAIRN_OK) {
			return st;
		}
		s += k;
		n -= k;
	}
	return CAIRN_OK;
}

int
cairn_debug_list_threads(void)
{
	return cairn_invoke(cairn_debug_cap, CAIRN_DEBUG_LIST_THREADS, 0, NULL);
}

int
cairn_debug_fastpath(int on)
{
	word_t w[1] = {on != 0};
	int st = cairn_invoke(cairn_debug_cap, CAIRN_DEBUG_FASTPATH, 1, w);

	return st == CAIRN_OK ? (int)w[0] : -st;
}

int
cairn_debug_reboot(void)
{
	return -cairn_invoke(cairn_debug_cap, CAIRN_DEBUG_REBOOT, 0, NULL);
}

void
cairn_debug_poweroff(word_t status)
{
	word_t w[1] = {status};

	cairn_invoke(cairn_debug_cap, CAIRN_DEBUG_POWEROFF, 1, w);
	for (;;) {
	}
}

int
cairn_debug_cap_info(cptr_t cap, word_t *type, word_t *rights, word_t *size,
		     word_t *w1)
{
	word_t w[4] = {cap};
	int st = cairn_invoke(cairn_debug_cap, CAIRN_DEBUG_CAP_INFO, 1, w);

	if (st == CAIRN_OK) {
		*type = w[0];
		*rights = w[1];
		*size = w[2];
		*w1 = w[3];
	}
	return st;
}

cptr_t
cairn_in_place(void)
{
	const struct cairn_bootinfo *bi = (const void *)CAIRN_BOOTINFO_ADDR;
	const char *a = bi->args;
	cptr_t slot = 0;

	if (strncmp(a, "inplace ", 8) != 0) {
		return 0;
	}
	for (a += 8; *a >= '0' && *a <= '9'; a++) {
		slot = slot * 10 + (cptr_t)(*a - '0');
	}
	return slot;
}

void
cairn_exit(word_t status)
{
	cptr_t init = cairn_in_place();
	struct cairn_msg m = {0};

	if (init == 0) {
		cairn_debug_poweroff(status);
	}
	m.w[0] = status;
	for (;;) {
		cairn_send(init, CAIRN_INIT_EXIT, 1, &m);
	}
}

struct line {
	char buf[224];
	size_t len;
};

/* Gather the output into lines of the debug write's size. */
static void
line_out(void *ctx, const char *s, size_t n)
{
	struct line *l = ctx;

	while (n > 0) {
		size_t m = sizeof(l->buf) - l->len;
		m = n < m ? n : m;
		memcpy(l->buf + l->len, s, m);
		l->len += m;
		s += m;
		n -= m;
		if (l->len == sizeof(l->buf)) {
			cairn_debug_write(l->buf, l->len);
			l->len = 0;
		}
	}
}

int
printf(const char *fmt, ...)
{
	struct line l = {.len = 0};
	va_list ap;

	va_start(ap, fmt);
	size_t n = fmt_vprint(line_out, &l, fmt, ap);
	va_end(ap);
	cairn_debug_write(l.buf, l.len);
	return n > INT_MAX ? -1 : (int)n;
}
