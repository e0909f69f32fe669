/*
 * buddy: a buddy allocator of Untyped blocks (buddy.h).  A block is split
 * by retyping it into two halves (the hook buddy_split), and two free
 * halves merge back by revoking their parent (buddy_revoke).
 */
#include "buddy.h"

#include "slots.h"

#define NONE (-1)

enum { B_UNUSED, B_FREE, B_SPLIT, B_USED };

struct block {
	cptr_t ut;
	word_t phys;
	uint8_t bits;
	uint8_t state;
	int parent, buddy;
	int next, prev; /* in freelist[bits] while free */
};

static struct block blocks[BUDDY_MAX_BLOCKS];
static int freelist[BUDDY_MAX_BITS + 1];
static word_t total;

static int
block_new(cptr_t ut, word_t phys, unsigned bits, int parent)
{
	for (int i = 0; i < BUDDY_MAX_BLOCKS; i++) {
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
buddy_reset(void)
{
	for (int i = 0; i < BUDDY_MAX_BLOCKS; i++) {
		blocks[i].state = B_UNUSED;
	}
	for (int k = 0; k <= BUDDY_MAX_BITS; k++) {
		freelist[k] = NONE;
	}
	total = 0;
}

int
buddy_add(cptr_t ut, word_t phys, unsigned bits)
{
	if (bits < BUDDY_MIN_BITS || bits > BUDDY_MAX_BITS) {
		return -1;
	}
	int b = block_new(ut, phys, bits, NONE);
	if (b == NONE) {
		return -1;
	}
	push(b);
	total += 1ull << bits;
	return 0;
}

static int
find(cptr_t ut)
{
	for (int i = 0; i < BUDDY_MAX_BLOCKS; i++) {
		if (blocks[i].state != B_UNUSED && blocks[i].ut == ut) {
			return i;
		}
	}
	return NONE;
}

/* Split block i (taken off its list) in two: its first half, the other
 * free; NONE (i back on its list) if it cannot be. */
static int
split(int i)
{
	unsigned half = blocks[i].bits - 1u;
	cptr_t first = slots_alloc_range(2);
	int a = block_new(first, blocks[i].phys, half, i);
	int b = block_new(first + 1, blocks[i].phys + (1ull << half), half, i);

	if (first == 0 || a == NONE || b == NONE ||
	    buddy_split(blocks[i].ut, half, first) != 0) {
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
		return NONE;
	}
	blocks[a].buddy = b;
	blocks[b].buddy = a;
	blocks[i].state = B_SPLIT;
	push(b);
	return a;
}

cptr_t
buddy_alloc(unsigned bits)
{
	unsigned want = bits < BUDDY_MIN_BITS ? BUDDY_MIN_BITS : bits;
	unsigned k = want;

	while (k <= BUDDY_MAX_BITS && freelist[k] == NONE) {
		k++;
	}
	if (k > BUDDY_MAX_BITS) {
		return 0;
	}
	int i = freelist[k];
	unlink_free(i);
	while (blocks[i].bits > want) {
		i = split(i);
		if (i == NONE) {
			return 0;
		}
	}
	return blocks[i].ut;
}

void
buddy_free(cptr_t ut)
{
	int i = find(ut);

	if (i == NONE || blocks[i].state != B_USED) {
		return;
	}
	buddy_revoke(ut);
	/* Merge with a free buddy, up as far as it goes. */
	for (;;) {
		struct block *b = &blocks[i];
		if (b->parent == NONE || blocks[b->buddy].state != B_FREE) {
			break;
		}
		int p = b->parent, other = b->buddy;
		unlink_free(other);
		buddy_revoke(blocks[p].ut);
		slot_free(b->ut);
		slot_free(blocks[other].ut);
		blocks[other].state = B_UNUSED;
		b->state = B_UNUSED;
		i = p;
	}
	push(i);
}

word_t
buddy_phys(cptr_t ut)
{
	int i = find(ut);

	return i == NONE ? 0 : blocks[i].phys;
}

word_t
buddy_total(void)
{
	return total;
}

word_t
buddy_free_bytes(void)
{
	word_t n = 0;

	for (int k = 0; k <= BUDDY_MAX_BITS; k++) {
		for (int i = freelist[k]; i != NONE; i = blocks[i].next) {
			n += 1ull << k;
		}
	}
	return n;
}
