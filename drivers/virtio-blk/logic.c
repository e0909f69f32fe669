/*
 * The virtio-blk driver's logic (logic.h): no system calls here.
 */
#include "logic.h"

/* The entry to replace for a new region of badge: a free one, else the
 * client's oldest if it has its fill, else the oldest of all. */
static struct blk_region *
region_victim(struct blk_regions *t, uint64_t badge)
{
	struct blk_region *free = 0, *mine = 0, *old = &t->r[0];
	int n = 0;

	for (int i = 0; i < BLK_REGIONS; i++) {
		struct blk_region *r = &t->r[i];
		if (r->badge == 0) {
			free = free ? free : r;
			continue;
		}
		if (r->badge == badge) {
			n++;
			mine = (mine == 0 || r->age < mine->age) ? r : mine;
		}
		old = (old->badge == 0 || r->age < old->age) ? r : old;
	}
	if (n >= BLK_REGIONS_EACH) {
		return mine;
	}
	return free ? free : old;
}

int
blk_region_add(struct blk_regions *t, uint64_t badge, uint64_t addr,
	       uint64_t size)
{
	if (badge == 0 || size == 0 || addr + size < addr) {
		return -1;
	}
	for (int i = 0; i < BLK_REGIONS; i++) {
		struct blk_region *r = &t->r[i];
		if (r->badge == badge && r->addr == addr && r->size == size) {
			return 0;
		}
	}
	struct blk_region *r = region_victim(t, badge);
	*r = (struct blk_region){badge, addr, size, ++t->clock};
	return 0;
}

int
blk_region_check(const struct blk_regions *t, uint64_t badge, uint64_t addr,
		 uint64_t n)
{
	int any = 0;

	for (int i = 0; i < BLK_REGIONS; i++) {
		const struct blk_region *r = &t->r[i];
		if (badge == 0 || r->badge != badge) {
			continue;
		}
		any = 1;
		if (addr >= r->addr && addr - r->addr <= r->size &&
		    n <= r->size - (addr - r->addr)) {
			return 0;
		}
	}
	return any ? CAIRN_E_RANGE : CAIRN_E_INVALID_CAP;
}

int
blk_check_range(uint64_t sector, uint64_t count, uint64_t capacity,
		uint64_t max)
{
	if (count == 0 || count > max) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if (sector > capacity || count > capacity - sector) {
		return CAIRN_E_RANGE;
	}
	return 0;
}
