/*
 * The posix service's client stubs (posix.h).
 */
#include "proto/posix.h"

#include <string.h>

#define BYTES_MAX ((CAIRN_MSG_MAX_LENGTH - 1) * 8)

int
cairn_posix_spawn(cptr_t ep, const char *path, int argc,
		  const char *const *argv, word_t *pid, int *err)
{
	struct cairn_msg m = {0};
	char *b = (char *)&m.w[1];
	size_t n = 0;

	*err = 0;
	for (int i = -1; i < argc; i++) {
		const char *s = i < 0 ? path : argv[i];
		size_t k = strlen(s) + 1;
		if (n + k > BYTES_MAX) {
			return CAIRN_E_RANGE;
		}
		memcpy(b + n, s, k);
		n += k;
	}
	m.w[0] = n;
	int st = cairn_call(ep, CAIRN_POSIX_SPAWN, 1 + (n + 7) / 8, &m);
	if (st == CAIRN_OK && m.label != CAIRN_OK) {
		*err = (int)m.w[0];
		return (int)m.label;
	}
	*pid = m.w[0];
	return st;
}

int
cairn_posix_wait(cptr_t ep, word_t pid, word_t *status)
{
	return cairn_call3(ep, CAIRN_POSIX_WAIT, pid, 0, 0, status);
}
