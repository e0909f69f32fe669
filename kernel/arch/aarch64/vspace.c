/*
 * vspace: aarch64's address spaces (vspace.h): ASIDs, as many as the
 * CPU has, and a VSpace's end.  Mapping frames and page tables is
 * portable (kernel/mapping.c), over the descriptor hooks in vspace.h.
 * User entries are non-global, so each is tagged with the ASID it was
 * used under, and a TLB invalidation names the ASID: an address space
 * that is not loaded needs no flush of its own later.
 */
#include "vspace.h"

#include <cairn/invocation.h>
#include <cairn/layout.h>

#include "cache.h"
#include "cstring.h"
#include "kobject.h"
#include "mapping.h"
#include "mmu.h"
#include "percpu.h"
#include "sysreg.h"

uint64_t asid_table[ASID_COUNT]; /* ASID -> level-0 table (phys) */
static uint64_t asid_next = 1;
static uint64_t asid_limit = ASID_COUNT;

void
asid_init(void)
{
	uint64_t n = 1ull << mmu_asid_bits();

	asid_limit = n < ASID_COUNT ? n : ASID_COUNT;
}

uint64_t
asid_alloc(uint64_t phys)
{
	for (uint64_t n = 0; n < asid_limit - 1; n++) {
		uint64_t a = asid_next;
		asid_next = asid_next % (asid_limit - 1) + 1;
		if (asid_table[a] == 0) {
			asid_table[a] = phys;
			return a;
		}
	}
	return 0;
}

uint64_t
asid_available(void)
{
	uint64_t n = 0;

	for (uint64_t a = 1; a < asid_limit; a++) {
		n += asid_table[a] == 0;
	}
	return n;
}

void
arch_vspace_init(uint64_t phys)
{
	/* The kernel lives in TTBR1: a user level-0 table starts empty,
	 * and retype has zeroed it. */
	(void)phys;
}

void
arch_finalise(struct cap *c)
{
	if (cap_type(c) != CAIRN_OBJ_VSPACE) {
		return;
	}
	uint64_t asid = c->w1 & MAP_ASID_MASK;
	if (asid_vspace(asid) == cap_phys(c)) {
		asid_table[asid] = 0;
		/* Whoever takes the ASID next finds none of these entries. */
		tlb_flush_asid((uint16_t)asid);
	}
	if (cpu0.ttbr0 == cap_phys(c)) {
		mmu_set_user_none();
		cpu0.ttbr0 = 0;
	}
}

/* The arch's capabilities that are not page tables (mapping.h): none. */
int
arch_decode(struct invocation *iv)
{
	(void)iv;
	return CAIRN_E_ILLEGAL_OPERATION;
}
