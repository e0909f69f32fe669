/*
 * buddy: the memory manager's buddy allocator of Untyped blocks
 * (buddy.c), as pure logic: what the kernel does (retyping a block into
 * halves, revoking one) are two hooks that mem.c supplies, and the host
 * unit tests fake (tests/unit/init/test_buddy.c).  A block is a
 * capability in one of init's slots (slots.h).
 */
#ifndef CAIRN_INIT_BUDDY_H
#define CAIRN_INIT_BUDDY_H

#include <cairn/types.h>

#define BUDDY_MIN_BITS	 16 /* 64 KiB: the smallest block handed out */
#define BUDDY_MAX_BITS	 47
#define BUDDY_MAX_BLOCKS 1024

/* Forget every block. */
void buddy_reset(void);

/* A free block of 2^bits bytes at phys, its Untyped in slot ut (bits in
 * BUDDY_MIN_BITS..BUDDY_MAX_BITS); -1 if there is no room to note it. */
int buddy_add(cptr_t ut, word_t phys, unsigned bits);

/* A block of 2^bits bytes (at least 2^BUDDY_MIN_BITS), split from the
 * smallest free one that is large enough: its slot, or 0. */
cptr_t buddy_alloc(unsigned bits);

/* Give block ut back (everything made from it revoked), merging it with
 * its free buddy as far up as it goes.  Not a block in use: nothing. */
void buddy_free(cptr_t ut);

word_t buddy_phys(cptr_t ut);  /* its physical address, or 0 */
word_t buddy_total(void);      /* bytes added */
word_t buddy_free_bytes(void); /* bytes in free blocks */

/* mem.c's hooks.  Retype ut into two Untyped halves of 2^half bytes, in
 * slots first and first + 1: 0 or a status. */
int buddy_split(cptr_t ut, unsigned half, cptr_t first);
/* Revoke ut: every object made from it goes. */
void buddy_revoke(cptr_t ut);

#endif
