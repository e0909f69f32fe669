/*
 * The virtio-net driver's logic (logic.h): no system calls here.
 */
#include "logic.h"

#include <string.h>

/* The entry for a new client: a free one, else the lowest badge's. */
static struct nic_client *
victim(struct nic_clients *t)
{
	struct nic_client *v = &t->c[0];

	for (int i = 0; i < NIC_CLIENTS; i++) {
		if (t->c[i].badge == 0) {
			return &t->c[i];
		}
		v = t->c[i].badge < v->badge ? &t->c[i] : v;
	}
	return v;
}

int
nic_attach(struct nic_clients *t, uint64_t badge, uint64_t addr, uint64_t size)
{
	if (badge == 0 || size == 0 || addr + size < addr) {
		return -1;
	}
	struct nic_client *c = nic_find(t, badge);
	if (c == NULL) {
		c = victim(t);
	} else if (c->addr == addr && c->size == size) {
		return (int)(c - t->c); /* attached again: nothing changes */
	}
	*c = (struct nic_client){badge, addr, size, 0, 0};
	return (int)(c - t->c);
}

struct nic_client *
nic_find(struct nic_clients *t, uint64_t badge)
{
	for (int i = 0; badge != 0 && i < NIC_CLIENTS; i++) {
		if (t->c[i].badge == badge) {
			return &t->c[i];
		}
	}
	return NULL;
}

struct nic_client *
nic_active(struct nic_clients *t)
{
	struct nic_client *a = NULL;

	for (int i = 0; i < NIC_CLIENTS; i++) {
		if (t->c[i].badge != 0 &&
		    (a == NULL || t->c[i].badge > a->badge)) {
			a = &t->c[i];
		}
	}
	return a;
}

void
nic_forget(struct nic_clients *t, uint64_t badge)
{
	struct nic_client *c = nic_find(t, badge);

	if (c != NULL) {
		*c = (struct nic_client){0};
	}
}

int
nic_check(struct nic_clients *t, uint64_t badge, uint64_t addr, uint64_t n)
{
	const struct nic_client *c = nic_find(t, badge);

	if (c == NULL) {
		return CAIRN_E_INVALID_CAP;
	}
	if (c != nic_active(t)) {
		return CAIRN_E_IN_USE;
	}
	if (addr < c->addr || addr - c->addr > c->size ||
	    n > c->size - (addr - c->addr)) {
		return CAIRN_E_RANGE;
	}
	return 0;
}

int
nic_tx_check(struct nic_clients *t, uint64_t badge, uint64_t addr, uint64_t len,
	     uint64_t mtu)
{
	int st = nic_check(t, badge, addr, len);

	if (st == 0 && (len < NIC_MIN_FRAME || len > NIC_MIN_FRAME + mtu ||
			len > NIC_MAX_FRAME)) {
		st = CAIRN_E_RANGE;
	}
	return st;
}

int
nic_rx_check(struct nic_clients *t, uint64_t badge, uint64_t addr,
	     uint64_t room)
{
	int st = nic_check(t, badge, addr, room);

	if (st == 0 && room < NIC_REC_SIZE(NIC_MAX_FRAME)) {
		st = CAIRN_E_RANGE;
	}
	return st;
}

size_t
nic_put_record(uint8_t *dst, size_t room, const uint8_t *frame, uint32_t len)
{
	size_t rec = NIC_REC_SIZE(len);

	if (len > 0xffff || rec > room) {
		return 0;
	}
	dst[0] = (uint8_t)len;
	dst[1] = (uint8_t)(len >> 8);
	memcpy(dst + NIC_REC_HDR, frame, len);
	memset(dst + NIC_REC_HDR + len, 0, rec - NIC_REC_HDR - len);
	return rec;
}

int
nic_should_signal(struct nic_client *c, unsigned waiting)
{
	if (waiting == 0 || c == NULL || !c->listening || c->told) {
		return 0;
	}
	c->told = 1;
	return 1;
}

void
nic_rx_done(struct nic_client *c, unsigned waiting)
{
	if (waiting == 0) {
		c->told = 0;
	}
}
