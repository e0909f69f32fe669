/*
 * The block protocol's client stubs (blk.h): each call is repeated,
 * after attaching the region again, when the driver died under it or
 * came back without the region.
 */
#include "proto/blk.h"

#include "procrt.h"

/* Calls repeated in a row before the stubs give up (a driver that keeps
 * dying, or keeps refusing the region). */
#define BLK_RETRIES 1000

/* Hand the region to the driver: it maps it at the same address. */
static int
blk_attach(struct cairn_blk *b)
{
	struct cairn_msg m = {0};

	m.caps = 1;
	cairn_ipcbuf()->caps[0] = b->region;
	int st = cairn_call(b->ep, CAIRN_BLK_ATTACH, 0, &m);
	if (st == CAIRN_OK) {
		st = (int)m.label;
	}
	if (st == CAIRN_OK && (m.w[0] != b->addr || m.w[1] < b->size)) {
		st = CAIRN_E_BAD_ADDRESS;
	}
	return st;
}

/*
 * One call of label with n words from w, repeated across driver
 * restarts; the answer's words go back to w.  The status.
 */
static int
blk_call(struct cairn_blk *b, word_t label, word_t n, word_t *w)
{
	for (int tries = 0; tries < BLK_RETRIES; tries++) {
		struct cairn_msg m = {0};
		for (word_t i = 0; i < n; i++) {
			m.w[i] = w[i];
		}
		int st = cairn_call(b->ep, label, n, &m);
		if (st == CAIRN_OK) {
			st = (int)m.label;
			for (word_t i = 0; i < 3; i++) {
				w[i] = m.w[i];
			}
		}
		if (st == CAIRN_E_WOULD_BLOCK) {
			cairn_yield();
			continue;
		}
		if (st != CAIRN_E_DELETED && st != CAIRN_E_INVALID_CAP) {
			return st;
		}
		b->retries++;
		st = blk_attach(b);
		if (st != CAIRN_OK && st != CAIRN_E_DELETED) {
			return st;
		}
	}
	return CAIRN_E_DELETED;
}

int
cairn_blk_info(struct cairn_blk *b)
{
	word_t w[3] = {0};
	int st = blk_call(b, CAIRN_BLK_INFO, 0, w);

	if (st == CAIRN_OK) {
		b->sectors = w[0];
		b->block_size = w[1];
		b->flags = w[2];
	}
	return st;
}

int
cairn_blk_open_region(struct cairn_blk *b, cptr_t ep, cptr_t region,
		      word_t addr, word_t size)
{
	if (ep == 0) {
		const struct cairn_grant *g =
		    cairn_grant_find(CAIRN_GRANT_NEEDS, "blk");
		if (g == NULL) {
			return CAIRN_E_INVALID_CAP;
		}
		ep = g->slot;
	}
	*b = (struct cairn_blk){
	    .ep = ep, .region = region, .addr = addr, .size = size};
	int st = CAIRN_E_DELETED;
	for (int tries = 0; tries < BLK_RETRIES && st == CAIRN_E_DELETED;
	     tries++) {
		st = blk_attach(b);
	}
	return st == CAIRN_OK ? cairn_blk_info(b) : st;
}

int
cairn_blk_open(struct cairn_blk *b, cptr_t ep, word_t bytes)
{
	cptr_t slot = cairn_slot_alloc();
	word_t addr = 0, size = 0;

	if (slot == 0) {
		return CAIRN_E_NO_FREE_SLOT;
	}
	int st = cairn_shm_create(bytes, slot, &addr, &size);
	if (st != CAIRN_OK) {
		cairn_slot_free(slot);
		return st;
	}
	return cairn_blk_open_region(b, ep, slot, addr, size);
}

static int
blk_rw(struct cairn_blk *b, word_t label, word_t sector, word_t count,
       const void *buf)
{
	word_t w[3] = {sector, count, (word_t)buf};

	return blk_call(b, label, 3, w);
}

int
cairn_blk_read(struct cairn_blk *b, word_t sector, word_t count, void *buf)
{
	return blk_rw(b, CAIRN_BLK_READ, sector, count, buf);
}

int
cairn_blk_write(struct cairn_blk *b, word_t sector, word_t count,
		const void *buf)
{
	return blk_rw(b, CAIRN_BLK_WRITE, sector, count, buf);
}

int
cairn_blk_flush(struct cairn_blk *b)
{
	word_t w[3] = {0};

	return blk_call(b, CAIRN_BLK_FLUSH, 0, w);
}
