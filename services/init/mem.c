/*
 * mem: the memory manager's part of init.  Every free byte of RAM comes
 * as Untyped capabilities; a buddy allocator (buddy.c, pure logic) hands
 * out power-of-two blocks of them, and this file does its kernel work:
 * retyping a block into halves, revoking one.  A process's objects are
 * all made from its block, so revoking the block reclaims everything,
 * exactly, and two free buddies merge back by revoking their parent.
 */
#include "buddy.h"
#include "init.h"

#include "cstring.h"

static cptr_t pool; /* init's own Untyped */
static word_t pool_bits;
static word_t pool_mark; /* its watermark, as the kernel keeps it */
static word_t layout_next = 0x0000010000000000ull; /* 1 TiB */

void
mem_init(void)
{
	const struct cairn_bootinfo *bi = bootinfo;
	int pick = -1;

	buddy_reset();
	/* init's pool: the smallest RAM block of at least 4 MiB. */
	for (word_t i = 0; i < bi->nuntyped; i++) {
		const struct cairn_untyped_desc *u = &bi->untyped[i];
		if (!u->device && u->size_bits >= 22 &&
		    (pick == -1 ||
		     u->size_bits < bi->untyped[pick].size_bits)) {
			pick = (int)i;
		}
	}
	if (pick == -1) {
		printf("init: no block of 4 MiB for init's own objects\n");
		cairn_exit(1);
	}
	for (word_t i = 0; i < bi->nuntyped && i < 12; i++) {
		logf(3, "mem: untyped %lu: 0x%lx 2^%u%s\n",
		     bi->untyped_first + i, bi->untyped[i].phys,
		     bi->untyped[i].size_bits,
		     bi->untyped[i].device ? " device" : "");
	}
	pool = bi->untyped_first + (word_t)pick;
	pool_bits = bi->untyped[pick].size_bits;
	for (word_t i = 0; i < bi->nuntyped; i++) {
		const struct cairn_untyped_desc *u = &bi->untyped[i];
		if (!u->device && (int)i != pick) {
			buddy_add(bi->untyped_first + i, u->phys, u->size_bits);
		}
	}
}

cptr_t
mem_block(unsigned bits)
{
	cptr_t ut = buddy_alloc(bits);

	logf(3, "mem: block %lu (2^%u)\n", ut, bits);
	return ut;
}

void
mem_release(cptr_t ut)
{
	logf(3, "mem: release %lu\n", ut);
	buddy_free(ut);
}

int
buddy_split(cptr_t ut, unsigned half, cptr_t first)
{
	logf(3, "mem: split %lu into %lu and %lu (2^%u each)\n", ut, first,
	     first + 1, half);
	return cairn_untyped_retype(ut, CAIRN_OBJ_UNTYPED, half,
				    CAIRN_ROOT_CNODE, first, 2, NULL);
}

void
buddy_revoke(cptr_t ut)
{
	logf(3, "mem: revoke %lu\n", ut);
	cairn_cnode_revoke(CAIRN_ROOT_CNODE, ut);
}

word_t
mem_phys(cptr_t ut)
{
	return buddy_phys(ut);
}

word_t
mem_total(void)
{
	return buddy_total();
}

word_t
mem_free(void)
{
	return buddy_free_bytes();
}

int
init_make_at(word_t type, word_t size, cptr_t s)
{
	int bits = cairn_object_bits(type, size);
	if (bits < 0) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	word_t at = (pool_mark + (1ull << bits) - 1) & ~((1ull << bits) - 1);

	if (at + (1ull << bits) > 1ull << pool_bits) {
		return CAIRN_E_NO_MEMORY;
	}
	int st = cairn_untyped_retype(pool, type, size, CAIRN_ROOT_CNODE, s, 1,
				      NULL);
	if (st == CAIRN_OK) {
		pool_mark = at + (1ull << bits);
	}
	return st;
}

cptr_t
init_make(word_t type, word_t size)
{
	cptr_t s = slot_alloc();

	if (s != 0 && init_make_at(type, size, s) != CAIRN_OK) {
		slot_free(s);
		return 0;
	}
	return s;
}

word_t
init_pool_used(void)
{
	return pool_mark;
}

word_t
layout_take(word_t bytes, word_t align)
{
	word_t at = (layout_next + align - 1) & ~(align - 1);

	layout_next = at + bytes;
	return at;
}

/*
 * Map a frame into a VSpace, making the tables it needs.  One spare table
 * of each kind is kept: a table tried where one is present already
 * waits for the next mapping instead of being thrown away.
 */
int
space_map(cptr_t frame, cptr_t vspace, word_t vaddr, word_t rights,
	  cptr_t (*make)(word_t type, void *arg), void *arg, cptr_t *spare)
{
	static const word_t kinds[] = {CAIRN_OBJ_PDPT, CAIRN_OBJ_PAGE_DIR,
				       CAIRN_OBJ_PAGE_TABLE};

	for (int tries = 0;; tries++) {
		int st = cairn_frame_map(frame, vspace, vaddr, rights);
		if (st != CAIRN_E_NO_TABLE || tries == 3) {
			return st;
		}
		for (int k = 0; k < 3; k++) {
			if (spare[k] == 0 &&
			    (spare[k] = make(kinds[k], arg)) == 0) {
				return CAIRN_E_NO_MEMORY;
			}
			if (cairn_page_table_map(spare[k], vspace, vaddr) ==
			    CAIRN_OK) {
				spare[k] = 0;
				break;
			}
		}
	}
}

static cptr_t
make_own(word_t type, void *arg)
{
	(void)arg;
	return init_make(type, 0);
}

int
init_map(cptr_t frame, word_t vaddr, word_t rights)
{
	static cptr_t spare[3];

	return space_map(frame, CAIRN_ROOT_VSPACE, vaddr, rights, make_own,
			 NULL, spare);
}
