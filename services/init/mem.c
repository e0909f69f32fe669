/*
 * mem: the memory manager's part of init.  Every free byte of RAM comes
 * as Untyped capabilities; a buddy allocator hands out power-of-two
 * blocks of them.  A process's objects are all made from its block, so
 * revoking the block reclaims everything, exactly, and two free buddies
 * merge back by revoking their parent.
 */
#include "init.h"

#include "cstring.h"

#define MIN_BITS   16 /* 64 KiB */
#define MAX_BITS   47
#define MAX_BLOCKS 1024
#define NONE	   (-1)

enum { B_UNUSED, B_FREE, B_SPLIT, B_USED };

struct block {
	cptr_t ut;
	word_t phys;
	uint8_t bits;
	uint8_t state;
	int parent, buddy;
	int next, prev; /* in freelist[bits] while free */
};

static struct block blocks[MAX_BLOCKS];
static int freelist[MAX_BITS + 1];
static word_t total;

static cptr_t pool; /* init's own Untyped */
static word_t pool_bits;
static word_t pool_mark; /* its watermark, as the kernel keeps it */
static word_t layout_next = 0x0000010000000000ull; /* 1 TiB */

static int
block_new(cptr_t ut, word_t phys, unsigned bits, int parent)
{
	for (int i = 0; i < MAX_BLOCKS; i++) {
		if (blocks[i].state == B_UNUSED) {
			struct block *b = &blocks[i];
			b->ut = ut;
			b->phys = phys;
			b->bits = (uint8_t)bits;
			b->state = B_USED;
			b->parent = parent;
			b->buddy = b->next = b->prev = NONE;
			return i;
		}
	}
	return NONE;
}

static void
push(int i)
{
	struct block *b = &blocks[i];

	b->state = B_FREE;
	b->prev = NONE;
	b->next = freelist[b->bits];
	if (b->next != NONE) {
		blocks[b->next].prev = i;
	}
	freelist[b->bits] = i;
}

static void
unlink_free(int i)
{
	struct block *b = &blocks[i];

	if (b->prev != NONE) {
		blocks[b->prev].next = b->next;
	} else {
		freelist[b->bits] = b->next;
	}
	if (b->next != NONE) {
		blocks[b->next].prev = b->prev;
	}
	b->state = B_USED;
}

void
mem_init(void)
{
	const struct cairn_bootinfo *bi = bootinfo;
	int pick = NONE;

	for (int k = 0; k <= MAX_BITS; k++) {
		freelist[k] = NONE;
	}
	/* init's pool: the smallest RAM block of at least 4 MiB. */
	for (word_t i = 0; i < bi->nuntyped; i++) {
		const struct cairn_untyped_desc *u = &bi->untyped[i];
		if (!u->device && u->size_bits >= 22 &&
		    (pick == NONE ||
		     u->size_bits < bi->untyped[pick].size_bits)) {
			pick = (int)i;
		}
	}
	if (pick == NONE) {
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
		if (u->device || (int)i == pick || u->size_bits < MIN_BITS ||
		    u->size_bits > MAX_BITS) {
			continue;
		}
		int b = block_new(bi->untyped_first + i, u->phys, u->size_bits,
				  NONE);
		if (b != NONE) {
			push(b);
			total += 1ull << u->size_bits;
		}
	}
}

static int
find(cptr_t ut)
{
	for (int i = 0; i < MAX_BLOCKS; i++) {
		if (blocks[i].state != B_UNUSED && blocks[i].ut == ut) {
			return i;
		}
	}
	return NONE;
}

cptr_t
mem_block(unsigned bits)
{
	unsigned k = bits < MIN_BITS ? MIN_BITS : bits;

	if (k > MAX_BITS) {
		return 0;
	}
	while (k <= MAX_BITS && freelist[k] == NONE) {
		k++;
	}
	if (k > MAX_BITS) {
		return 0;
	}
	int i = freelist[k];
	unlink_free(i);
	while (blocks[i].bits > (bits < MIN_BITS ? MIN_BITS : bits)) {
		unsigned half = blocks[i].bits - 1u;
		cptr_t first = slots_alloc_range(2);
		int a = block_new(first, blocks[i].phys, half, i);
		int b = block_new(first + 1, blocks[i].phys + (1ull << half),
				  half, i);
		if (first == 0 || a == NONE || b == NONE ||
		    cairn_untyped_retype(blocks[i].ut, CAIRN_OBJ_UNTYPED, half,
					 CAIRN_ROOT_CNODE, first, 2,
					 NULL) != CAIRN_OK) {
			/* Out of bookkeeping: give back what was taken. */
			if (a != NONE) {
				blocks[a].state = B_UNUSED;
			}
			if (b != NONE) {
				blocks[b].state = B_UNUSED;
			}
			if (first != 0) {
				slots_free_range(first, 2);
			}
			push(i);
			return 0;
		}
		logf(3, "mem: split %lu (2^%u) into %lu and %lu\n",
		     blocks[i].ut, blocks[i].bits, first, first + 1);
		blocks[a].buddy = b;
		blocks[b].buddy = a;
		blocks[i].state = B_SPLIT;
		push(b);
		i = a;
	}
	logf(3, "mem: block %lu (2^%u)\n", blocks[i].ut, blocks[i].bits);
	return blocks[i].ut;
}

void
mem_release(cptr_t ut)
{
	int i = find(ut);

	if (i == NONE || blocks[i].state != B_USED) {
		return;
	}
	logf(3, "mem: release %lu\n", ut);
	cairn_cnode_revoke(CAIRN_ROOT_CNODE, ut);
	/* Merge with a free buddy, up as far as it goes. */
	for (;;) {
		struct block *b = &blocks[i];
		if (b->parent == NONE || blocks[b->buddy].state != B_FREE) {
			break;
		}
		int p = b->parent, other = b->buddy;
		unlink_free(other);
		logf(3, "mem: merge %lu and %lu into %lu\n", b->ut,
		     blocks[other].ut, blocks[p].ut);
		cairn_cnode_revoke(CAIRN_ROOT_CNODE, blocks[p].ut);
		slot_free(b->ut);
		slot_free(blocks[other].ut);
		blocks[other].state = B_UNUSED;
		b->state = B_UNUSED;
		i = p;
	}
	push(i);
}

word_t
mem_phys(cptr_t ut)
{
	int i = find(ut);

	return i == NONE ? 0 : blocks[i].phys;
}

word_t
mem_total(void)
{
	return total;
}

word_t
mem_free(void)
{
	word_t n = 0;

	for (int k = 0; k <= MAX_BITS; k++) {
		for (int i = freelist[k]; i != NONE; i = blocks[i].next) {
			n += 1ull << k;
		}
	}
	return n;
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
