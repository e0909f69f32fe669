/*
 * ksym: the kernel's own symbol table, for backtraces.  tools/gensyms.py
 * writes it from the linked kernel (a second link embeds it); the lookup is
 * pure C so the host tests can check it.
 */
#ifndef CAIRN_LIB_KSYM_H
#define CAIRN_LIB_KSYM_H

#include <stdint.h>

/*
 * count function symbols sorted by address; addr[count] is the end of the
 * text (a sentinel); name[i] is an offset into names.
 */
struct ksym_table {
	uint32_t count;
	const uint64_t *addr;
	const uint32_t *name;
	const char *names;
};

/*
 * Find the function containing addr.  Returns its name and sets *offset to
 * addr's distance from its start; returns 0 (NULL) if addr is outside the
 * table's text.
 */
const char *ksym_lookup(const struct ksym_table *t, uint64_t addr,
			uint64_t *offset);

#endif
