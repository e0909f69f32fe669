/* ksym: binary search in the kernel's sorted symbol table. */
#include "ksym.h"

#include <stddef.h>

const char *
ksym_lookup(const struct ksym_table *t, uint64_t addr, uint64_t *offset)
{
	if (t->count == 0 || addr < t->addr[0] || addr >= t->addr[t->count]) {
		return NULL;
	}
	/* Find the last i with addr[i] <= addr. */
	uint32_t lo = 0, hi = t->count;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (t->addr[mid] <= addr) {
			lo = mid;
		} else {
			hi = mid;
		}
	}
	*offset = addr - t->addr[lo];
	return t->names + t->name[lo];
}
