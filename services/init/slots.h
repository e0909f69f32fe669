/*
 * slots: which of init's CNode slots are free (slots.c).  Pure C: the
 * host unit tests reach it (tests/unit/init/test_slots.c).
 */
#ifndef CAIRN_INIT_SLOTS_H
#define CAIRN_INIT_SLOTS_H

#include <stdbool.h>

#include <cairn/bootinfo.h>
#include <cairn/types.h>

/* Slots: init's CNode has 2^INIT_RADIX of them, a cptr is a slot. */
#define INIT_RADIX CAIRN_ROOT_CNODE_RADIX

/* Every slot below first_free is in use (the boot's capabilities). */
void slots_init(cptr_t first_free);
/* The lowest free slot, or 0. */
cptr_t slot_alloc(void);
void slot_free(cptr_t s);
/* n consecutive free slots, the highest such run, or 0. */
cptr_t slots_alloc_range(word_t n);
void slots_free_range(cptr_t first, word_t n);
word_t slots_in_use(void);

#endif
