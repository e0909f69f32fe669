/*
 * Boot memory and the Untyped invariant: the kernel does not zero free
 * RAM at boot but hands it out "used to the top", so every object made
 * from it must still read zero: the first time, after a revoke, and after
 * a split into child Untypeds over memory that held data.  And the reset
 * that does the zeroing must stay preemptible.
 */
#include "ktest.h"

#define SMALL_BITS 16 /* boot blocks checked whole: 16 frames at most */

/*
 * Map the n frames from slot first at va (its page tables made), count
 * the words that are not zero, then dirty every word.
 */
static word_t
check_zero_then_dirty(cptr_t first, word_t n, word_t va)
{
	word_t bad = 0;

	for (word_t i = 0; i < n; i++) {
		word_t at = va + i * 4096;
		if (cairn_frame_map(first + i, CAIRN_ROOT_VSPACE, at,
				    CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE) !=
		    CAIRN_OK) {
			return ~0ul;
		}
		volatile word_t *p = (volatile word_t *)at;
		for (int j = 0; j < 512; j++) {
			bad += p[j] != 0;
			p[j] = 0xDEADBEEF00000000ul | (word_t)j;
		}
	}
	return bad;
}

/* n consecutive slots for this test; the first. */
static cptr_t
slots(word_t n)
{
	cptr_t first = kt_slot();

	for (word_t i = 1; i < n; i++) {
		kt_slot();
	}
	return first;
}

/* The largest RAM Untyped in the bootinfo: the suite's own pool. */
static word_t
pool_index(void)
{
	word_t best = ~0ul;

	for (word_t i = 0; i < kt_bi->nuntyped; i++) {
		const struct cairn_untyped_desc *u = &kt_bi->untyped[i];
		if (!u->device &&
		    (best == ~0ul ||
		     u->size_bits > kt_bi->untyped[best].size_bits)) {
			best = i;
		}
	}
	return best;
}

/*
 * Every small RAM block the kernel handed out at boot (less the suite's
 * pool), made whole into frames, reads zero, twice: some of these blocks
 * held the boot loader's data and the root task's ELF file, which the
 * kernel no longer zeroes at boot; their first retype must.
 */
KTEST(untyped_boot_memory_reads_zero)
{
	word_t pool = pool_index(), checked = 0;
	cptr_t f = slots(1ul << (SMALL_BITS - 12));
	word_t va = kt_vaddr((1ul << (SMALL_BITS - 12)) + 1);

	if (kt_in_place()) {
		return; /* init gives the suite one Untyped, no boot blocks */
	}
	kt_map_page(va + (1ul << SMALL_BITS)); /* tables for va */
	for (word_t i = 0; i < kt_bi->nuntyped; i++) {
		const struct cairn_untyped_desc *u = &kt_bi->untyped[i];
		cptr_t ut = kt_bi->untyped_first + i;
		if (u->device || i == pool || u->size_bits > SMALL_BITS) {
			continue;
		}
		word_t n = 1ul << (u->size_bits - 12);
		for (int round = 0; round < 2; round++) {
			KT_OK(cairn_untyped_retype(ut, CAIRN_OBJ_FRAME, 12,
						   CAIRN_ROOT_CNODE, f, n,
						   NULL));
			word_t bad = check_zero_then_dirty(f, n, va);
			KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, ut));
			KT_EQ(bad, 0);
		}
		checked++;
	}
	KT_TRUE(checked > 0);
}

/*
 * Memory that held data, split into child Untypeds without being zeroed:
 * the children's objects read zero, and so do the parent's own objects
 * above a partial split.
 */
KTEST(untyped_split_of_used_memory_reads_zero)
{
	cptr_t a = kt_make(CAIRN_OBJ_UNTYPED, 14); /* 4 pages */
	cptr_t f = slots(4), c = slots(2);
	word_t va = kt_vaddr(5), bad;

	kt_map_page(va + 4 * 4096); /* tables for va */
	KT_OK(cairn_untyped_retype(a, CAIRN_OBJ_FRAME, 12, CAIRN_ROOT_CNODE, f,
				   4, NULL));
	bad = check_zero_then_dirty(f, 4, va);
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, a));
	KT_EQ(bad, 0);

	/* An exact split of dirty memory: two halves, each made into
	 * frames. */
	KT_OK(cairn_untyped_retype(a, CAIRN_OBJ_UNTYPED, 13, CAIRN_ROOT_CNODE,
				   c, 2, NULL));
	KT_OK(cairn_untyped_retype(c, CAIRN_OBJ_FRAME, 12, CAIRN_ROOT_CNODE, f,
				   2, NULL));
	KT_OK(cairn_untyped_retype(c + 1, CAIRN_OBJ_FRAME, 12, CAIRN_ROOT_CNODE,
				   f + 2, 2, NULL));
	bad = check_zero_then_dirty(f, 4, va);
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, a));
	KT_EQ(bad, 0);

	/* A partial split: one page-sized child, then frames from the
	 * parent above it and from the child. */
	KT_OK(cairn_untyped_retype(a, CAIRN_OBJ_UNTYPED, 12, CAIRN_ROOT_CNODE,
				   c, 1, NULL));
	KT_OK(cairn_untyped_retype(a, CAIRN_OBJ_FRAME, 12, CAIRN_ROOT_CNODE, f,
				   3, NULL));
	KT_OK(cairn_untyped_retype(c, CAIRN_OBJ_FRAME, 12, CAIRN_ROOT_CNODE,
				   f + 3, 1, NULL));
	bad = check_zero_then_dirty(f, 4, va);
	KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, a));
	KT_EQ(bad, 0);
}

static cptr_t watched_g;
static volatile word_t seen_g;

/* Note any watermark of watched_g strictly inside its 2 MiB: a reset
 * caught half done.  Yield at once, so the root runs on. */
static void
watch_watermark(word_t arg)
{
	(void)arg;
	for (;;) {
		word_t type, rights, size, w1 = 0;
		if (cairn_debug_cap_info(watched_g, &type, &rights, &size,
					 &w1) == CAIRN_OK &&
		    w1 > 0 && w1 < 1ul << 21) {
			seen_g = w1;
		}
		cairn_yield();
	}
}

/*
 * A reset is preemptible: while the root makes and revokes a 2 MiB frame
 * over and over (each retype zeroes 2 MiB), a thread of its priority runs
 * when the root's timeslice ends, and at least once finds the reset half
 * done.  A reset that ran to its end with interrupts off would never be
 * seen so.
 */
KTEST(untyped_reset_is_preemptible)
{
	word_t hz = kt_bi->tsc_hz != 0 ? kt_bi->tsc_hz : 3000000000ul;
	cptr_t f = kt_slot();

	watched_g = kt_make(CAIRN_OBJ_UNTYPED, 21);
	seen_g = 0;
	kt_thread(watch_watermark, 0, 255, 0);
	word_t end = cairn_rdtsc() + hz * 5;
	while (seen_g == 0 && cairn_rdtsc() < end) {
		KT_OK(cairn_untyped_retype(watched_g, CAIRN_OBJ_FRAME, 21,
					   CAIRN_ROOT_CNODE, f, 1, NULL));
		KT_OK(cairn_cnode_revoke(CAIRN_ROOT_CNODE, watched_g));
	}
	KT_TRUE(seen_g != 0);
	KT_EQ(seen_g % (16 * 1024), 0); /* a preemption point */
}

/* Whether [pa, pa + len) lies in the device Untyped the root holds. */
static int
in_device_untyped(word_t pa, word_t len)
{
	for (word_t i = 0; i < kt_bi->nuntyped; i++) {
		const struct cairn_untyped_desc *u = &kt_bi->untyped[i];
		word_t end = u->phys + (1ull << u->size_bits);
		if (u->device && pa >= u->phys && pa < end && len <= end - pa) {
			return 1;
		}
	}
	return 0;
}

/*
 * The bootinfo's PCI configuration space (ECAM), where the firmware names
 * one: whole buses, aligned, each bus's first and last page in the
 * device Untyped the root task holds.  The line says what was found (the
 * system tests check it: QEMU q35's MCFG, virt's device tree; none on the
 * PC's i440FX or the Pi).
 */
KTEST(boot_pci_configuration_space_is_device_memory)
{
	const struct cairn_pci_ecam *p = &kt_bi->pci;

	if (p->phys == 0) {
		printf("# pci: no ecam\n");
		return;
	}
	KT_TRUE(p->bus_first <= p->bus_last);
	KT_EQ(p->phys & 0xFFFFF, 0); /* 1 MiB a bus, aligned */
	for (word_t bus = p->bus_first; bus <= p->bus_last; bus++) {
		word_t pa = p->phys + ((bus - p->bus_first) << 20);
		KT_TRUE(in_device_untyped(pa, 4096));
		KT_TRUE(in_device_untyped(pa + (1 << 20) - 4096, 4096));
	}
	printf("# pci: ecam 0x%lx, buses %u-%u, in device Untyped\n",
	       (unsigned long)p->phys, p->bus_first, p->bus_last);
}
