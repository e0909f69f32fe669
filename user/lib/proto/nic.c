/*
 * The NIC protocol's client stubs (nic.h): each call is repeated, after
 * attaching the region and handing over the notification again, when
 * the driver died under it or came back without them.
 */
#include "proto/nic.h"

#include "procrt.h"

/* Calls repeated in a row before the stubs give up (a driver that keeps
 * dying, or keeps refusing the region). */
#define NIC_RETRIES 1000

/* The most words an answer carries (NIC_STATS). */
#define NIC_WORDS (sizeof(struct cairn_nic_stats) / sizeof(word_t))

/* Call label with capability cap sent along: the status. */
static int
nic_send_cap(struct cairn_nic *n, word_t label, cptr_t cap, struct cairn_msg *m)
{
	m->caps = 1;
	cairn_ipcbuf()->caps[0] = cap;
	int st = cairn_call(n->ep, label, 0, m);
	return st == CAIRN_OK ? (int)m->label : st;
}

/* Hand the region to the driver, then the notification (if any). */
static int
nic_connect(struct cairn_nic *n)
{
	struct cairn_msg m = {0};
	int st = nic_send_cap(n, CAIRN_NIC_ATTACH, n->region, &m);

	if (st == CAIRN_OK && (m.w[0] != n->addr || m.w[1] < n->size)) {
		st = CAIRN_E_BAD_ADDRESS;
	}
	if (st == CAIRN_OK && n->ntfn != 0) {
		struct cairn_msg l = {0};
		st = nic_send_cap(n, CAIRN_NIC_LISTEN, n->ntfn, &l);
	}
	return st;
}

/*
 * One call of label with nw words from w, repeated across driver
 * restarts; the answer's words go back to w (NIC_WORDS of them).  The
 * status.
 */
static int
nic_call(struct cairn_nic *n, word_t label, word_t nw, word_t *w)
{
	for (int tries = 0; tries < NIC_RETRIES; tries++) {
		struct cairn_msg m = {0};
		for (word_t i = 0; i < nw; i++) {
			m.w[i] = w[i];
		}
		int st = cairn_call(n->ep, label, nw, &m);
		if (st == CAIRN_OK) {
			st = (int)m.label;
			for (word_t i = 0; i < NIC_WORDS; i++) {
				w[i] = m.w[i];
			}
		}
		if (st != CAIRN_E_DELETED && st != CAIRN_E_INVALID_CAP) {
			return st;
		}
		n->retries++;
		st = nic_connect(n);
		if (st != CAIRN_OK && st != CAIRN_E_DELETED) {
			return st;
		}
	}
	return CAIRN_E_DELETED;
}

static int
nic_info(struct cairn_nic *n)
{
	word_t w[NIC_WORDS] = {0};
	int st = nic_call(n, CAIRN_NIC_INFO, 0, w);

	if (st == CAIRN_OK) {
		for (int i = 0; i < 6; i++) {
			n->mac[i] = (uint8_t)(w[0] >> (8 * i));
		}
		n->mtu = w[1];
		n->flags = w[2];
	}
	return st;
}

int
cairn_nic_open(struct cairn_nic *n, cptr_t ep, word_t bytes, cptr_t ntfn)
{
	cptr_t slot;
	word_t addr = 0, size = 0;

	if (ep == 0) {
		const struct cairn_grant *g =
		    cairn_grant_find(CAIRN_GRANT_NEEDS, "nic");
		if (g == NULL) {
			return CAIRN_E_INVALID_CAP;
		}
		ep = g->slot;
	}
	slot = cairn_slot_alloc();
	if (slot == 0) {
		return CAIRN_E_NO_FREE_SLOT;
	}
	int st = cairn_shm_create(bytes, slot, &addr, &size);
	if (st != CAIRN_OK) {
		cairn_slot_free(slot);
		return st;
	}
	*n = (struct cairn_nic){
	    .ep = ep, .region = slot, .ntfn = ntfn, .addr = addr, .size = size};
	st = CAIRN_E_DELETED;
	for (int tries = 0; tries < NIC_RETRIES && st == CAIRN_E_DELETED;
	     tries++) {
		st = nic_connect(n);
	}
	return st == CAIRN_OK ? nic_info(n) : st;
}

int
cairn_nic_tx(struct cairn_nic *n, const void *frame, word_t len)
{
	word_t w[NIC_WORDS] = {(word_t)frame, len};

	return nic_call(n, CAIRN_NIC_TX, 2, w);
}

int
cairn_nic_rx(struct cairn_nic *n, void *buf, word_t room, word_t *frames,
	     word_t *used, word_t *more)
{
	word_t w[NIC_WORDS] = {(word_t)buf, room};
	int st = nic_call(n, CAIRN_NIC_RX, 2, w);

	*frames = st == CAIRN_OK ? w[0] : 0;
	*used = st == CAIRN_OK ? w[1] : 0;
	*more = st == CAIRN_OK ? w[2] : 0;
	return st;
}

int
cairn_nic_stats(struct cairn_nic *n, struct cairn_nic_stats *s)
{
	word_t w[NIC_WORDS] = {0};
	int st = nic_call(n, CAIRN_NIC_STATS, 0, w);

	if (st == CAIRN_OK) {
		*s = (struct cairn_nic_stats){w[0], w[1], w[2], w[3],
					      w[4], w[5], w[6], w[7]};
	}
	return st;
}
