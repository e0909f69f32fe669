/*
 * vspace: x86_64's address spaces (vspace.h): ASIDs and PCIDs, a new
 * PML4's kernel half, a VSpace's end, and the arch's other
 * capabilities.  Mapping frames and page tables is portable
 * (kernel/mapping.c), over the entry hooks in vspace.h.
 */
#include "vspace.h"

#include <cairn/invocation.h>
#include <cairn/layout.h>

#include "cpu.h"
#include "cstring.h"
#include "irq.h"
#include "kobject.h"
#include "mapping.h"
#include "percpu.h"

uint64_t asid_table[ASID_COUNT]; /* ASID -> PML4 physical address */
/* A bit per ASID in use (ASID 0 counts as used: it means none), and how
 * many are free, so that taking one and counting are bounded. */
static uint64_t asid_used[ASID_COUNT / 64] = {1};
static uint64_t asid_free = ASID_COUNT - 1;
static uint64_t asid_next_word; /* where the next search starts */
bool vspace_pcid;
uint64_t asid_stale[ASID_COUNT / 64];

void
vspace_pcid_init(void)
{
	if (cpu_features.pcid) {
		write_cr4(read_cr4() | CR4_PCIDE);
		vspace_pcid = true;
	}
}

static void
mark_stale(uint64_t asid)
{
	asid_stale[asid / 64] |= 1ull << (asid % 64);
}

/*
 * A free ASID for phys, or 0: at most one look at each word of the
 * bitmap, starting after the word the last one came from, so that freed
 * ASIDs (stale in the TLB until their next load flushes them) are not
 * taken again at once.
 */
uint64_t
asid_alloc(uint64_t phys)
{
	for (uint64_t n = 0; n < ASID_COUNT / 64; n++) {
		uint64_t w = (asid_next_word + n) % (ASID_COUNT / 64);
		if (asid_used[w] != ~0ull) {
			uint64_t a =
			    w * 64 + (uint64_t)__builtin_ctzll(~asid_used[w]);
			asid_used[w] |= 1ull << (a % 64);
			asid_free--;
			asid_table[a] = phys;
			asid_next_word = (w + 1) % (ASID_COUNT / 64);
			return a;
		}
	}
	return 0;
}

/* Give asid back. */
static void
asid_release(uint64_t asid)
{
	asid_table[asid] = 0;
	asid_used[asid / 64] &= ~(1ull << (asid % 64));
	asid_free++;
}

void
arch_vspace_init(uint64_t phys)
{
	memcpy((uint64_t *)phys_to_virt(phys) + 256,
	       (uint64_t *)phys_to_virt(kernel_pml4) + 256,
	       256 * sizeof(uint64_t));
}

uint64_t
asid_available(void)
{
	return asid_free;
}

void
arch_finalise(struct cap *c)
{
	switch (cap_type(c)) {
	case CAIRN_OBJ_VSPACE: {
		uint64_t asid = c->w1 & MAP_ASID_MASK;
		if (asid_vspace(asid) == cap_phys(c)) {
			asid_release(asid);
			mark_stale(asid); /* for whoever takes it next */
		}
		if (cpu0.cr3 == cap_phys(c)) {
			write_cr3(kernel_pml4);
			cpu0.cr3 = kernel_pml4;
		}
		break;
	}
	case CAIRN_CAP_IOPORT:
		port_finalise(c);
		break;
	default:
		break;
	}
}
