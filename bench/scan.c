/*
 * bench: the automatic-slot search at its worst.  A CNode of 2^14 slots
 * is full but for its last slot; a copy to CAIRN_SLOT_AUTO and a retype
 * to it search every slot.  The search stops at a preemption point every
 * 1,024 slots (kernel/cspace.c), so the longest stretch with interrupts
 * off stays that of 1,024 slots, whatever the CNode's size (up to 2^20
 * slots).  slot_scan_16k_max_irqoff is the kernel's own account of it
 * (the debug capability's MAX_STRETCH), the worst of SCAN_RUNS runs of
 * each; slot_scan_16k is the time of the copy (median and minimum).
 */
#include "bench.h"

#define SCAN_RADIX 14
#define SCAN_RUNS  20

static word_t
max_stretch(void)
{
	word_t w[1] = {0};

	cairn_invoke(cairn_debug_cap, CAIRN_DEBUG_MAX_STRETCH, 0, w);
	return w[0];
}

static uint64_t
worse(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

void
bench_scan(void)
{
	word_t n = 1ul << SCAN_RADIX, got = 0;
	cptr_t ut = bench_make(CAIRN_OBJ_UNTYPED, 21);
	cptr_t cn = bench_make(CAIRN_OBJ_CNODE, SCAN_RADIX);
	cptr_t e = bench_make(CAIRN_OBJ_ENDPOINT, 0);
	uint64_t worst = 0, t[SCAN_RUNS + WARMUP];

	for (word_t i = 0; i < n - 1; i += 256) {
		word_t c = n - 1 - i < 256 ? n - 1 - i : 256;
		cairn_untyped_retype(ut, CAIRN_OBJ_ENDPOINT, 0, cn, i, c, NULL);
	}
	for (int r = 0; r < SCAN_RUNS + WARMUP; r++) {
		max_stretch();
		uint64_t t0 = bench_start();
		cairn_cnode_copy(cn, CAIRN_SLOT_AUTO, CAIRN_ROOT_CNODE, e,
				 CAIRN_RIGHTS_ALL, &got);
		t[r] = bench_stop() - t0;
		worst = worse(worst, max_stretch());
		cairn_cnode_delete(cn, got);
		cairn_untyped_retype(ut, CAIRN_OBJ_ENDPOINT, 0, cn,
				     CAIRN_SLOT_AUTO, 1, &got);
		worst = worse(worst, max_stretch());
		cairn_cnode_delete(cn, got);
	}
	if (got != n - 1) {
		printf("bench: slot_scan found slot %lu, not %lu\n", got,
		       n - 1);
	}
	bench_report("slot_scan_16k", t, SCAN_RUNS + WARMUP);
	bench_print("slot_scan_16k_max_irqoff", worst, worst, SCAN_RUNS);
}
