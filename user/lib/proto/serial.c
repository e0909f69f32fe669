/*
 * The serial driver's client stubs (serial.h).
 */
#include "proto/serial.h"

#include "cstring.h"

int
cairn_serial_write_to(cptr_t ep, const char *s, size_t n)
{
	while (n > 0) {
		struct cairn_msg m = {0};
		size_t k =
		    n < CAIRN_SERIAL_MAX_WRITE ? n : CAIRN_SERIAL_MAX_WRITE;
		m.w[0] = k;
		memcpy(&m.w[1], s, k);
		int st =
		    cairn_call(ep, CAIRN_SERIAL_WRITE, 1 + (k + 7) / 8, &m);
		if (st == CAIRN_E_DELETED) {
			continue; /* the driver restarted: again */
		}
		if (st != CAIRN_OK) {
			return st;
		}
		s += k;
		n -= k;
	}
	return CAIRN_OK;
}

long
cairn_serial_read_from(cptr_t ep, char *buf, size_t n)
{
	for (;;) {
		struct cairn_msg m = {0};
		m.w[0] = n;
		int st = cairn_call(ep, CAIRN_SERIAL_READ, 1, &m);
		if (st == CAIRN_E_DELETED) {
			continue;
		}
		if (st != CAIRN_OK) {
			return -st;
		}
		if (m.label != CAIRN_OK) {
			return -(long)m.label;
		}
		size_t k = m.w[0] < n ? m.w[0] : n;
		k = k < CAIRN_SERIAL_MAX_READ ? k : CAIRN_SERIAL_MAX_READ;
		memcpy(buf, &m.w[1], k);
		return (long)k;
	}
}

long
cairn_serial_read_nb(cptr_t ep, char *buf, size_t n)
{
	struct cairn_msg m = {0};

	m.w[0] = n;
	int st = cairn_call(ep, CAIRN_SERIAL_READ_NB, 1, &m);
	if (st != CAIRN_OK) {
		return -st;
	}
	if (m.label != CAIRN_OK) {
		return -(long)m.label;
	}
	size_t k = m.w[0] < n ? m.w[0] : n;
	k = k < CAIRN_SERIAL_MAX_READ ? k : CAIRN_SERIAL_MAX_READ;
	memcpy(buf, &m.w[1], k);
	return (long)k;
}

int
cairn_serial_notify(cptr_t ep, cptr_t ntfn)
{
	struct cairn_msg m = {0};

	m.w[0] = ntfn != 0;
	if (ntfn != 0) {
		m.caps = 1;
		cairn_ipcbuf()->caps[0] = ntfn;
	}
	int st = cairn_call(ep, CAIRN_SERIAL_NOTIFY, 1, &m);
	return st == CAIRN_OK ? (int)m.label : st;
}

int
cairn_serial_unread(cptr_t ep, const char *s, size_t n)
{
	/* Each piece goes in front of the last: the last piece first. */
	while (n > 0) {
		struct cairn_msg m = {0};
		size_t k = n % CAIRN_SERIAL_MAX_WRITE;
		k = k == 0 ? CAIRN_SERIAL_MAX_WRITE : k;
		m.w[0] = k;
		memcpy(&m.w[1], s + n - k, k);
		int st =
		    cairn_call(ep, CAIRN_SERIAL_UNREAD, 1 + (k + 7) / 8, &m);
		if (st == CAIRN_OK && m.label != CAIRN_OK) {
			st = (int)m.label;
		}
		if (st != CAIRN_OK) {
			return st;
		}
		n -= k;
	}
	return CAIRN_OK;
}
