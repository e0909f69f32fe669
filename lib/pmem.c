/*
 * pmem: free physical memory as sorted, disjoint, page-aligned ranges.
 * Adding merges neighbours; reserving splits a range in two at most.
 */
#include "pmem.h"

static uint64_t
round_down(uint64_t x)
{
	return x & ~(PMEM_PAGE - 1);
}

/* Round up, saturating at the highest page boundary. */
static uint64_t
round_up(uint64_t x)
{
	uint64_t r = (x + PMEM_PAGE - 1) & ~(PMEM_PAGE - 1);

	return r < x ? round_down(x) : r;
}

/* The end of [base, base + len), saturated at the top of the space. */
static uint64_t
end_of(uint64_t base, uint64_t len)
{
	return base + len < base ? ~0ull : base + len;
}

void
pmem_init(struct pmem *pm)
{
	pm->n = 0;
	pm->overflow = 0;
}

static void
remove_at(struct pmem *pm, int i)
{
	for (int j = i; j < pm->n - 1; j++) {
		pm->r[j] = pm->r[j + 1];
	}
	pm->n--;
}

static int
insert_at(struct pmem *pm, int i, uint64_t base, uint64_t end)
{
	if (pm->n == PMEM_MAX_RANGES) {
		pm->overflow = 1;
		return -1;
	}
	for (int j = pm->n; j > i; j--) {
		pm->r[j] = pm->r[j - 1];
	}
	pm->r[i].base = base;
	pm->r[i].end = end;
	pm->n++;
	return 0;
}

void
pmem_add(struct pmem *pm, uint64_t base, uint64_t len)
{
	uint64_t b = round_up(base);
	uint64_t e = round_down(end_of(base, len));

	if (b >= e) {
		return;
	}
	/* Merge with every range that overlaps or touches [b, e). */
	int i = 0;
	while (i < pm->n && pm->r[i].end < b) {
		i++;
	}
	while (i < pm->n && pm->r[i].base <= e) {
		b = pm->r[i].base < b ? pm->r[i].base : b;
		e = pm->r[i].end > e ? pm->r[i].end : e;
		remove_at(pm, i);
	}
	insert_at(pm, i, b, e);
}

void
pmem_reserve(struct pmem *pm, uint64_t base, uint64_t len)
{
	uint64_t b = round_down(base);
	uint64_t e = round_up(end_of(base, len));

	if (len == 0) {
		return;
	}
	for (int i = 0; i < pm->n;) {
		struct pmem_range *r = &pm->r[i];
		if (r->end <= b || r->base >= e) {
			i++;
		} else if (r->base >= b && r->end <= e) {
			remove_at(pm, i);
		} else if (r->base < b && r->end > e) {
			uint64_t old_end = r->end;
			r->end = b;
			insert_at(pm, i + 1, e, old_end);
			i += 2;
		} else if (r->base < b) {
			r->end = b;
			i++;
		} else {
			r->base = e;
			i++;
		}
	}
}

uint64_t
pmem_free_bytes(const struct pmem *pm)
{
	uint64_t total = 0;

	for (int i = 0; i < pm->n; i++) {
		total += pm->r[i].end - pm->r[i].base;
	}
	return total;
}

uint64_t
pmem_alloc_page(struct pmem *pm, uint64_t limit)
{
	for (int i = pm->n - 1; i >= 0; i--) {
		struct pmem_range *r = &pm->r[i];
		uint64_t top =
		    r->end < round_down(limit) ? r->end : round_down(limit);
		if (top < r->base + PMEM_PAGE || top == 0) {
			continue;
		}
		uint64_t page = top - PMEM_PAGE;
		if (page == 0) {
			return 0;
		}
		pmem_reserve(pm, page, PMEM_PAGE);
		return page;
	}
	return 0;
}

uint64_t
pmem_alloc_block(struct pmem *pm, unsigned bits, uint64_t limit)
{
	uint64_t size = 1ull << bits;

	for (int i = pm->n - 1; i >= 0; i--) {
		struct pmem_range *r = &pm->r[i];
		uint64_t top = r->end < limit ? r->end : limit;
		if (top < size) {
			continue;
		}
		uint64_t start = (top - size) & ~(size - 1);
		if (start >= r->base && start != 0) {
			pmem_reserve(pm, start, size);
			return start;
		}
	}
	return 0;
}

unsigned
pmem_block_bits(uint64_t base, uint64_t end, unsigned max_bits)
{
	unsigned bits = 12;

	while (bits < max_bits && base % (1ull << (bits + 1)) == 0 &&
	       end - base >= 1ull << (bits + 1)) {
		bits++;
	}
	return bits;
}
