/*
 * VSpaces, page tables and frames: mapping and unmapping, the refusals
 * (occupied, missing table, alignment, address, rights, W^X), faults on
 * what is not mapped or not writable, 2 MiB frames, sharing between
 * address spaces.
 */
#include "kt_space.h"

#define RW	   (CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE)
#define RX	   (CAIRN_RIGHT_READ | CAIRN_RIGHT_EXEC)
#define MAPPED	   (1ull << 62)
#define VADDR_MASK 0x0000FFFFFFFFF000ull
#define ASID_MASK  0xFFFull
#define ACCESS	   (CAIRN_FAULT_PRESENT | CAIRN_FAULT_WRITE | CAIRN_FAULT_FETCH)
#define LARGE	   (1ull << 21)

static volatile word_t progress, value;

static void
reader(word_t va)
{
	progress = 1;
	value = *(volatile word_t *)va;
	progress = 2;
}

static void
writer(word_t va)
{
	progress = 1;
	*(volatile word_t *)va = 0x600D;
	progress = 2;
}

/* An address with its page tables but no page. */
static word_t
hole(void)
{
	word_t va = kt_vaddr(2);

	/* The page after it makes its table: not across a table's 2 MiB. */
	if (((va + 4096) & ((2ul << 20) - 1)) == 0) {
		va = kt_vaddr(2);
	}
	kt_map_page(va + 4096);
	return va;
}

/* A 2 MiB-aligned, 2 MiB range nobody uses, with no page table. */
static word_t
region(void)
{
	word_t v = kt_vaddr(1024);

	return (v + LARGE - 1) & ~(LARGE - 1);
}

/*
 * Let a thread read (or write) va, with the root as its fault handler:
 * returns the status of receiving its fault (the watchdog ends the wait
 * if it does not fault) and the message in m.  The thread stays stopped.
 */
static int
fault_at(word_t va, int write, struct cairn_msg *m)
{
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t r = kt_make(CAIRN_OBJ_REPLY, 0);

	progress = 0;
	ks_thread(write ? writer : reader, va, 100, e);
	return cairn_recv(e, r, m);
}

/* Map f in the root VSpace at va, making a page directory if need be. */
static int
map_large(cptr_t f, word_t va, word_t rights)
{
	int st = cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, rights);

	if (st == CAIRN_E_NO_TABLE) {
		cptr_t pd = kt_make(CAIRN_OBJ_PAGE_DIR, 12);
		if ((st = cairn_page_table_map(pd, CAIRN_ROOT_VSPACE, va)) !=
		    CAIRN_OK) {
			return st;
		}
		st = cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, rights);
	}
	return st;
}

KTEST(vspace_map_and_unmap_a_frame)
{
	struct cairn_msg m = {0};
	word_t va = hole();
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);

	ks_guard();
	KT_EQ(ks_cap_w1(f) & MAPPED, 0);
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, RW));
	word_t w1 = ks_cap_w1(f);
	KT_TRUE(w1 & MAPPED);
	KT_EQ(w1 & VADDR_MASK, va);
	KT_EQ(w1 & ASID_MASK, ks_cap_w1(CAIRN_ROOT_VSPACE) & ASID_MASK);
	/* A new frame is zero; it keeps what is written. */
	KT_EQ(((volatile word_t *)va)[0], 0);
	KT_EQ(((volatile word_t *)va)[511], 0);
	((volatile word_t *)va)[511] = 0x1234;
	KT_EQ(((volatile word_t *)va)[511], 0x1234);
	KT_OK(cairn_frame_unmap(f));
	KT_EQ(ks_cap_w1(f) & MAPPED, 0);
	/* Gone: a read faults, not present. */
	KT_OK(fault_at(va, 0, &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], va);
	KT_EQ(m.w[CAIRN_FAULT_CODE] & ACCESS, 0);
}

KTEST(vspace_remap_after_unmap_keeps_contents)
{
	word_t va1 = hole(), va2 = hole();
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);

	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va1, RW));
	*(volatile word_t *)(va1 + 16) = 0xFEED;
	KT_OK(cairn_frame_unmap(f));
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va2, RW));
	KT_EQ(*(volatile word_t *)(va2 + 16), 0xFEED);
	KT_OK(cairn_frame_unmap(f));
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va1, CAIRN_RIGHT_READ));
	KT_EQ(*(volatile word_t *)(va1 + 16), 0xFEED);
}

KTEST(vspace_unmap_twice_is_harmless)
{
	word_t va = hole();
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t pt = kt_make(CAIRN_OBJ_PAGE_TABLE, 12);

	KT_OK(cairn_frame_unmap(f)); /* never mapped */
	KT_OK(cairn_page_table_unmap(pt));
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, RW));
	KT_OK(cairn_frame_unmap(f));
	KT_OK(cairn_frame_unmap(f));
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, RW));
}

KTEST(vspace_map_into_occupied_entry_is_in_use)
{
	word_t va = hole(), va2 = hole();
	cptr_t f1 = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t f2 = kt_make(CAIRN_OBJ_FRAME, 12);

	KT_OK(cairn_frame_map(f1, CAIRN_ROOT_VSPACE, va, RW));
	*(volatile word_t *)va = 1;
	KT_EQ(cairn_frame_map(f2, CAIRN_ROOT_VSPACE, va, RW), CAIRN_E_IN_USE);
	KT_EQ(ks_cap_w1(f2) & MAPPED, 0);
	/* A capability maps one place at a time. */
	KT_EQ(cairn_frame_map(f1, CAIRN_ROOT_VSPACE, va2, RW), CAIRN_E_IN_USE);
	/* The first mapping is untouched. */
	KT_EQ(*(volatile word_t *)va, 1);
	KT_OK(cairn_frame_unmap(f1));
	KT_OK(cairn_frame_map(f2, CAIRN_ROOT_VSPACE, va, RW));
	KT_EQ(*(volatile word_t *)va, 0);
	/* The root's own pages are occupied too. */
	KT_EQ(cairn_frame_map(f1, CAIRN_ROOT_VSPACE, CAIRN_IPC_BUFFER_ADDR, RW),
	      CAIRN_E_IN_USE);
	KT_EQ(cairn_frame_map(f1, CAIRN_ROOT_VSPACE, 0x400000, RX),
	      CAIRN_E_IN_USE);
}

KTEST(vspace_missing_tables_are_no_table)
{
	word_t va = 0x6B0000000000ull; /* a PML4 entry nobody uses */
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t pdpt = kt_make(CAIRN_OBJ_PDPT, 12);
	cptr_t pd = kt_make(CAIRN_OBJ_PAGE_DIR, 12);
	cptr_t pt = kt_make(CAIRN_OBJ_PAGE_TABLE, 12);

	KT_EQ(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, RW), CAIRN_E_NO_TABLE);
	KT_EQ(cairn_page_table_map(pt, CAIRN_ROOT_VSPACE, va),
	      CAIRN_E_NO_TABLE);
	KT_EQ(cairn_page_table_map(pd, CAIRN_ROOT_VSPACE, va),
	      CAIRN_E_NO_TABLE);
	KT_OK(cairn_page_table_map(pdpt, CAIRN_ROOT_VSPACE, va));
	KT_EQ(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, RW), CAIRN_E_NO_TABLE);
	KT_EQ(cairn_page_table_map(pt, CAIRN_ROOT_VSPACE, va),
	      CAIRN_E_NO_TABLE);
	KT_OK(cairn_page_table_map(pd, CAIRN_ROOT_VSPACE, va));
	KT_EQ(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, RW), CAIRN_E_NO_TABLE);
	KT_OK(cairn_page_table_map(pt, CAIRN_ROOT_VSPACE, va));
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, RW));
	*(volatile word_t *)va = 5;
	KT_EQ(*(volatile word_t *)va, 5);
}

KTEST(vspace_new_vspace_needs_its_tables)
{
	cptr_t vs = kt_make(CAIRN_OBJ_VSPACE, 0);
	cptr_t vs2 = kt_make(CAIRN_OBJ_VSPACE, 0);
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t pdpt = kt_make(CAIRN_OBJ_PDPT, 12);
	word_t va = 0x400000;

	/* Each has an ASID of its own. */
	word_t a1 = ks_cap_w1(vs) & ASID_MASK, a2 = ks_cap_w1(vs2) & ASID_MASK;
	KT_TRUE(a1 != 0);
	KT_TRUE(a2 != 0);
	KT_TRUE(a1 != a2);
	KT_TRUE(a1 != (ks_cap_w1(CAIRN_ROOT_VSPACE) & ASID_MASK));
	KT_EQ(cairn_frame_map(f, vs, va, RW), CAIRN_E_NO_TABLE);
	KT_OK(cairn_page_table_map(pdpt, vs, va));
	KT_OK(cairn_page_table_map(kt_make(CAIRN_OBJ_PAGE_DIR, 12), vs, va));
	KT_OK(cairn_page_table_map(kt_make(CAIRN_OBJ_PAGE_TABLE, 12), vs, va));
	/* The root's image is there, not in this one. */
	KT_OK(cairn_frame_map(f, vs, va, RW));
	KT_EQ(ks_cap_w1(f) & ASID_MASK, a1);
	/* A table is in one VSpace at a time. */
	KT_EQ(cairn_page_table_map(pdpt, vs2, va), CAIRN_E_IN_USE);
}

KTEST(vspace_misaligned_address_is_alignment)
{
	word_t va = hole();
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	static const word_t off[] = {1, 8, 0x800, 0xFFF};

	for (int i = 0; i < 4; i++) {
		KT_EQ(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va + off[i], RW),
		      CAIRN_E_ALIGNMENT);
	}
	KT_EQ(ks_cap_w1(f) & MAPPED, 0);
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, RW));
}

KTEST(vspace_address_outside_user_space_is_bad_address)
{
	static const word_t bad[] = {
	    CAIRN_USER_TOP,	   0x0000800000000000ull, 0xFFFF800000000000ull,
	    0xFFFFFFFF80000000ull, 0xFFFFFFFFFFFFF000ull,
	};
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t pdpt = kt_make(CAIRN_OBJ_PDPT, 12);
	cptr_t pt = kt_make(CAIRN_OBJ_PAGE_TABLE, 12);

	for (int i = 0; i < 5; i++) {
		KT_EQ(cairn_frame_map(f, CAIRN_ROOT_VSPACE, bad[i], RW),
		      CAIRN_E_BAD_ADDRESS);
		KT_EQ(cairn_frame_map(f, CAIRN_ROOT_VSPACE, bad[i],
				      CAIRN_RIGHT_READ),
		      CAIRN_E_BAD_ADDRESS);
		if (i > 0) {
			/* The kernel's half, for tables too. */
			KT_EQ(cairn_page_table_map(pdpt, CAIRN_ROOT_VSPACE,
						   bad[i]),
			      CAIRN_E_BAD_ADDRESS);
			KT_EQ(
			    cairn_page_table_map(pt, CAIRN_ROOT_VSPACE, bad[i]),
			    CAIRN_E_BAD_ADDRESS);
		}
	}
	KT_EQ(ks_cap_w1(f) & MAPPED, 0);
	KT_EQ(ks_cap_w1(pdpt) & MAPPED, 0);
}

KTEST(vspace_last_user_page_maps)
{
	word_t va = CAIRN_USER_TOP - 4096;
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);

	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, RW));
	((volatile word_t *)va)[511] = 0x7777;
	KT_EQ(((volatile word_t *)va)[511], 0x7777);
	KT_OK(cairn_frame_unmap(f));
}

KTEST(vspace_null_page_is_refused)
{
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t f2 = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t pt = kt_make(CAIRN_OBJ_PAGE_TABLE, 12);
	int st;

	/* A table for the lowest 2 MiB (user space starts at 4 KiB). */
	st = cairn_page_table_map(pt, CAIRN_ROOT_VSPACE, 0x1000);
	KT_TRUE(st == CAIRN_OK || st == CAIRN_E_IN_USE);
	KT_OK(cairn_frame_map(f2, CAIRN_ROOT_VSPACE, 0x1000, RW));
	/* Page 0 is not user space: a null pointer must always fault. */
	st = cairn_frame_map(f, CAIRN_ROOT_VSPACE, 0, CAIRN_RIGHT_READ);
	cairn_frame_unmap(f);
	KT_EQ(st, CAIRN_E_BAD_ADDRESS);
}

KTEST(vspace_write_and_execute_together_refused)
{
	word_t va = hole();
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);

	KT_EQ(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va,
			      CAIRN_RIGHT_WRITE | CAIRN_RIGHT_EXEC),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, CAIRN_RIGHTS_ALL),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, ~0ull),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(ks_cap_w1(f) & MAPPED, 0);
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, RX));
}

/* x86 has no unreadable mapping: rights without READ are refused. */
KTEST(vspace_mapping_without_read_refused)
{
	word_t va = hole();
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);

	KT_EQ(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, CAIRN_RIGHT_WRITE),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, CAIRN_RIGHT_EXEC),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, 0),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(ks_cap_w1(f) & MAPPED, 0);
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, CAIRN_RIGHT_READ));
}

/* A mapped frame maps again only where it is: not in another VSpace. */
KTEST(vspace_mapped_frame_maps_in_no_other_vspace)
{
	word_t va = hole();
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t vs = kt_make(CAIRN_OBJ_VSPACE, 0);

	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, RW));
	word_t w1 = ks_cap_w1(f);
	KT_EQ(cairn_frame_map(f, vs, va, RW), CAIRN_E_IN_USE);
	KT_EQ(cairn_frame_map(f, vs, va, CAIRN_RIGHT_READ), CAIRN_E_IN_USE);
	KT_EQ(ks_cap_w1(f), w1);
	*(volatile word_t *)va = 7; /* still mapped, still writable */
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, CAIRN_RIGHT_READ));
	KT_EQ(ks_cap_w1(f), w1);
	KT_EQ(*(volatile word_t *)va, 7);
}

KTEST(vspace_rights_beyond_the_capability_refused)
{
	word_t va = hole();
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t ro = kt_copy(f, CAIRN_RIGHT_READ);
	cptr_t rw = kt_copy(f, RW);

	KT_EQ(ks_cap_rights(ro), CAIRN_RIGHT_READ);
	KT_EQ(cairn_frame_map(ro, CAIRN_ROOT_VSPACE, va, RW),
	      CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_frame_map(ro, CAIRN_ROOT_VSPACE, va, RX),
	      CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_frame_map(ro, CAIRN_ROOT_VSPACE, va, CAIRN_RIGHT_WRITE),
	      CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_frame_map(rw, CAIRN_ROOT_VSPACE, va, RX),
	      CAIRN_E_NO_RIGHTS);
	KT_OK(cairn_frame_map(ro, CAIRN_ROOT_VSPACE, va, CAIRN_RIGHT_READ));
	KT_OK(cairn_frame_unmap(ro));
	KT_OK(cairn_frame_map(rw, CAIRN_ROOT_VSPACE, va, RW));
	/* A copy cannot gain rights back. */
	cptr_t again = kt_copy(ro, CAIRN_RIGHTS_ALL);
	KT_EQ(ks_cap_rights(again), CAIRN_RIGHT_READ);
}

KTEST(vspace_read_only_mapping_faults_on_write)
{
	struct cairn_msg m = {0};
	word_t va = hole();
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t r = kt_make(CAIRN_OBJ_REPLY, 0);

	ks_guard();
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, CAIRN_RIGHT_READ));
	progress = 0;
	ks_thread(writer, va, 100, e);
	KT_OK(cairn_recv(e, r, &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], va);
	KT_EQ(m.w[CAIRN_FAULT_CODE] & ACCESS,
	      CAIRN_FAULT_PRESENT | CAIRN_FAULT_WRITE);
	KT_EQ(*(volatile word_t *)va, 0); /* nothing written */
	/* Remap it writable: the write goes through. */
	KT_OK(cairn_frame_unmap(f));
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, RW));
	KT_OK(cairn_reply(r, 0, 0, &m));
	ks_settle();
	KT_EQ(progress, 2);
	KT_EQ(*(volatile word_t *)va, 0x600D);
}

KTEST(vspace_read_only_mapping_can_be_read)
{
	word_t va = hole(), va2 = hole();
	cptr_t f = kt_map_page(va);
	cptr_t ro = kt_copy(f, CAIRN_RIGHT_READ);

	*(volatile word_t *)va = 0xD00D;
	KT_OK(cairn_frame_map(ro, CAIRN_ROOT_VSPACE, va2, CAIRN_RIGHT_READ));
	progress = 0;
	ks_thread(reader, va2, 100, 0);
	ks_settle();
	KT_EQ(progress, 2);
	KT_EQ(value, 0xD00D);
}

KTEST(vspace_deleting_mapped_frame_unmaps_it)
{
	struct cairn_msg m = {0};
	word_t va = hole();
	cptr_t f = kt_map_page(va);

	ks_guard();
	*(volatile word_t *)va = 3;
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, f));
	KT_OK(fault_at(va, 0, &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], va);
	KT_EQ(m.w[CAIRN_FAULT_CODE] & ACCESS, 0);
	/* The entry is free again. */
	KT_OK(cairn_frame_map(kt_make(CAIRN_OBJ_FRAME, 12), CAIRN_ROOT_VSPACE,
			      va, RW));
}

KTEST(vspace_deleting_a_copy_unmaps_only_the_copy)
{
	struct cairn_msg m = {0};
	word_t va1 = hole(), va2 = hole();
	cptr_t f = kt_map_page(va1);
	cptr_t c = kt_copy(f, CAIRN_RIGHTS_ALL);

	ks_guard();
	KT_OK(cairn_frame_map(c, CAIRN_ROOT_VSPACE, va2, RW));
	*(volatile word_t *)va1 = 0x4141;
	KT_EQ(*(volatile word_t *)va2, 0x4141);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, c));
	KT_EQ(*(volatile word_t *)va1, 0x4141);
	KT_TRUE(ks_cap_w1(f) & MAPPED);
	KT_OK(fault_at(va2, 0, &m));
	KT_EQ(m.w[CAIRN_FAULT_ADDR], va2);
}

KTEST(vspace_copy_of_mapped_frame_is_unmapped_and_maps_elsewhere)
{
	word_t va1 = hole(), va2 = hole();
	cptr_t f = kt_map_page(va1);
	cptr_t c = kt_copy(f, CAIRN_RIGHTS_ALL);

	KT_EQ(ks_cap_w1(c) & MAPPED, 0);
	KT_EQ(kt_type(c), CAIRN_OBJ_FRAME);
	KT_OK(cairn_frame_map(c, CAIRN_ROOT_VSPACE, va2, RW));
	*(volatile word_t *)(va1 + 8) = 0x5151;
	KT_EQ(*(volatile word_t *)(va2 + 8), 0x5151);
	*(volatile word_t *)(va2 + 16) = 0x6161;
	KT_EQ(*(volatile word_t *)(va1 + 16), 0x6161);
	/* Unmapping the copy leaves the original. */
	KT_OK(cairn_frame_unmap(c));
	KT_TRUE(ks_cap_w1(f) & MAPPED);
	KT_EQ(*(volatile word_t *)(va1 + 8), 0x5151);
	word_t p1 = 0, p2 = 0;
	KT_OK(cairn_frame_address(f, &p1));
	KT_OK(cairn_frame_address(c, &p2));
	KT_EQ(p1, p2);
}

KTEST(vspace_frame_address)
{
	cptr_t f1 = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t f2 = kt_make(CAIRN_OBJ_FRAME, 12);
	word_t p1 = 0, p2 = 0;
	int inside = 0;

	KT_OK(cairn_frame_address(f1, &p1));
	KT_OK(cairn_frame_address(f2, &p2));
	KT_EQ(p1 & 0xFFF, 0);
	KT_EQ(p2 & 0xFFF, 0);
	KT_TRUE(p1 != p2);
	for (word_t i = 0; i < kt_bi->nuntyped; i++) {
		const struct cairn_untyped_desc *u = &kt_bi->untyped[i];
		if (!u->device && p1 >= u->phys &&
		    p1 - u->phys < (1ull << u->size_bits)) {
			inside = 1;
		}
	}
	KT_TRUE(inside); /* in RAM the root was given */
	/* Not for other objects. */
	word_t w = 0;
	KT_EQ(cairn_frame_address(kt_make(CAIRN_OBJ_PAGE_TABLE, 12), &w),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_frame_address(kt_make(CAIRN_OBJ_VSPACE, 0), &w),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_frame_address(CAIRN_ROOT_TCB, &w),
	      CAIRN_E_ILLEGAL_OPERATION);
}

KTEST(vspace_large_frame_maps_two_mib)
{
	cptr_t big = kt_make(CAIRN_OBJ_FRAME, 21); /* first: room for it */
	word_t va = region(), phys = 0;

	KT_OK(cairn_frame_address(big, &phys));
	KT_EQ(phys & (LARGE - 1), 0);
	KT_OK(map_large(big, va, RW));
	KT_TRUE(ks_cap_w1(big) & MAPPED);
	volatile word_t *p = (volatile word_t *)va;
	KT_EQ(p[0], 0);
	p[0] = 0xB16;
	p[LARGE / 8 - 1] = 0xE4D;
	KT_EQ(p[0], 0xB16);
	KT_EQ(p[LARGE / 8 - 1], 0xE4D);
	/* Unmapped, and mapped again elsewhere with the same contents. */
	KT_OK(cairn_frame_unmap(big));
	word_t va2 = region();
	KT_OK(map_large(big, va2, CAIRN_RIGHT_READ));
	KT_EQ(((volatile word_t *)va2)[LARGE / 8 - 1], 0xE4D);
}

KTEST(vspace_large_frame_refusals)
{
	cptr_t big = kt_make(CAIRN_OBJ_FRAME, 21);
	word_t va = region();
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t pt = kt_make(CAIRN_OBJ_PAGE_TABLE, 12);

	KT_EQ(map_large(big, va + 4096, RW), CAIRN_E_ALIGNMENT);
	KT_EQ(map_large(big, va + LARGE / 2, RW), CAIRN_E_ALIGNMENT);
	KT_OK(map_large(big, va, RW));
	/* No page table inside a 2 MiB mapping, nor a page. */
	KT_EQ(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va + 4096, RW),
	      CAIRN_E_NO_TABLE);
	KT_EQ(cairn_page_table_map(pt, CAIRN_ROOT_VSPACE, va), CAIRN_E_IN_USE);
	KT_OK(cairn_frame_unmap(big));
	/* And no 2 MiB mapping where a page table is. */
	KT_OK(cairn_page_table_map(pt, CAIRN_ROOT_VSPACE, va));
	KT_EQ(map_large(big, va, RW), CAIRN_E_IN_USE);
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va + 4096, RW));
}

KTEST(vspace_page_table_unmap)
{
	struct cairn_msg m = {0};
	word_t va = region();
	cptr_t pt = kt_make(CAIRN_OBJ_PAGE_TABLE, 12);
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t f2 = kt_make(CAIRN_OBJ_FRAME, 12);

	ks_guard();
	KT_OK(cairn_page_table_map(pt, CAIRN_ROOT_VSPACE, va + 0x3000));
	KT_TRUE(ks_cap_w1(pt) & MAPPED);
	KT_EQ(ks_cap_w1(pt) & VADDR_MASK, va); /* aligned to what it covers */
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, RW));
	*(volatile word_t *)va = 9;
	KT_OK(cairn_page_table_unmap(pt));
	KT_EQ(ks_cap_w1(pt) & MAPPED, 0);
	/* Everything it mapped is out of reach. */
	KT_EQ(cairn_frame_map(f2, CAIRN_ROOT_VSPACE, va + 4096, RW),
	      CAIRN_E_NO_TABLE);
	KT_OK(fault_at(va, 0, &m));
	KT_EQ(m.w[CAIRN_FAULT_ADDR], va);
	KT_EQ(m.w[CAIRN_FAULT_CODE] & ACCESS, 0);
	/* The frame can be unmapped and mapped elsewhere. */
	KT_OK(cairn_frame_unmap(f));
	word_t va2 = hole();
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va2, RW));
	KT_EQ(*(volatile word_t *)va2, 9);
}

KTEST(vspace_table_map_refusals)
{
	word_t va = region();
	cptr_t pt = kt_make(CAIRN_OBJ_PAGE_TABLE, 12);
	cptr_t pt2 = kt_make(CAIRN_OBJ_PAGE_TABLE, 12);
	cptr_t pd = kt_make(CAIRN_OBJ_PAGE_DIR, 12);
	cptr_t pdpt = kt_make(CAIRN_OBJ_PDPT, 12);
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);

	KT_OK(cairn_page_table_map(pt, CAIRN_ROOT_VSPACE, va));
	KT_EQ(cairn_page_table_map(pt, CAIRN_ROOT_VSPACE, va), CAIRN_E_IN_USE);
	KT_EQ(cairn_page_table_map(pt, CAIRN_ROOT_VSPACE, va + LARGE),
	      CAIRN_E_IN_USE);
	KT_EQ(cairn_page_table_map(pt2, CAIRN_ROOT_VSPACE, va + 0x5000),
	      CAIRN_E_IN_USE);
	/* The root's own directory and PDPT cover the image. */
	KT_EQ(cairn_page_table_map(pd, CAIRN_ROOT_VSPACE, 0x400000),
	      CAIRN_E_IN_USE);
	KT_EQ(cairn_page_table_map(pdpt, CAIRN_ROOT_VSPACE, 0x400000),
	      CAIRN_E_IN_USE);
	/* The VSpace argument must be a VSpace. */
	KT_EQ(cairn_page_table_map(pt2, e, va + LARGE), CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_page_table_map(pt2, pt, va + LARGE), CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_page_table_map(pt2, kt_slot(), va + LARGE),
	      CAIRN_E_EMPTY_SLOT);
	KT_EQ(cairn_frame_map(kt_make(CAIRN_OBJ_FRAME, 12), e, va, RW),
	      CAIRN_E_INVALID_CAP);
	KT_EQ(ks_cap_w1(pt2) & MAPPED, 0);
}

KTEST(vspace_tables_cannot_be_copied)
{
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	static const word_t types[] = {CAIRN_OBJ_PAGE_TABLE, CAIRN_OBJ_PAGE_DIR,
				       CAIRN_OBJ_PDPT};

	for (int i = 0; i < 3; i++) {
		cptr_t t = kt_make(types[i], 12);
		cptr_t s = kt_slot();
		KT_EQ(cairn_cnode_copy(CAIRN_ROOT_CNODE, s, CAIRN_ROOT_CNODE, t,
				       CAIRN_RIGHTS_ALL, NULL),
		      CAIRN_E_ILLEGAL_OPERATION);
		KT_EQ(kt_type(s), CAIRN_OBJ_NULL);
	}
	KT_EQ(kt_type(kt_copy(f, CAIRN_RIGHTS_ALL)), CAIRN_OBJ_FRAME);
}

KTEST(vspace_methods_on_the_wrong_object)
{
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t pt = kt_make(CAIRN_OBJ_PAGE_TABLE, 12);
	cptr_t vs = kt_make(CAIRN_OBJ_VSPACE, 0);
	word_t va = hole();
	word_t w[3] = {CAIRN_ROOT_VSPACE, va, RW};

	KT_EQ(cairn_page_table_map(f, CAIRN_ROOT_VSPACE, va),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_page_table_unmap(f), CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_frame_unmap(pt), CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_invoke(pt, CAIRN_FRAME_MAP, 3, w),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_page_table_map(vs, CAIRN_ROOT_VSPACE, va),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_frame_unmap(vs), CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_page_table_unmap(vs), CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_page_table_map(CAIRN_ROOT_TCB, CAIRN_ROOT_VSPACE, va),
	      CAIRN_E_ILLEGAL_OPERATION);
	/* Too few words. */
	KT_EQ(cairn_invoke(f, CAIRN_FRAME_MAP, 2, w), CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(cairn_invoke(pt, CAIRN_PAGE_TABLE_MAP, 1, w),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(ks_cap_w1(f) & MAPPED, 0);
}

KTEST(vspace_wild_arguments)
{
	static const word_t wild[] = {~0ull, 1ull << 63, 0x8000000000001000ull,
				      0xDEADBEEFCAFEF00Dull};
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t pt = kt_make(CAIRN_OBJ_PAGE_TABLE, 12);
	word_t va = hole();

	for (int i = 0; i < 4; i++) {
		KT_EQ(cairn_frame_map(wild[i], CAIRN_ROOT_VSPACE, va, RW),
		      CAIRN_E_INVALID_CAP);
		KT_EQ(cairn_frame_map(f, wild[i], va, RW), CAIRN_E_INVALID_CAP);
		KT_TRUE(cairn_frame_map(f, CAIRN_ROOT_VSPACE, wild[i], RW) !=
			CAIRN_OK);
		KT_TRUE(cairn_page_table_map(pt, CAIRN_ROOT_VSPACE, wild[i]) !=
			CAIRN_OK);
		KT_EQ(cairn_page_table_map(pt, wild[i], va),
		      CAIRN_E_INVALID_CAP);
		KT_EQ(cairn_frame_unmap(wild[i]), CAIRN_E_INVALID_CAP);
		word_t p = 0;
		KT_EQ(cairn_frame_address(wild[i], &p), CAIRN_E_INVALID_CAP);
	}
	KT_EQ(ks_cap_w1(f) & MAPPED, 0);
	KT_EQ(ks_cap_w1(pt) & MAPPED, 0);
	/* Rights bits that mean nothing are ignored. */
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va,
			      CAIRN_RIGHT_READ | 1ull << 40));
}

KTEST(vspace_code_written_through_one_mapping_runs_through_another)
{
	static const uint8_t code[] = KT_CODE42;
	word_t va = hole(), vx = hole();
	cptr_t f = kt_map_page(va);
	cptr_t x = kt_copy(f, CAIRN_RIGHTS_ALL);

	memcpy((void *)va, code, sizeof(code));
	KT_OK(cairn_frame_map(x, CAIRN_ROOT_VSPACE, vx, RX));
	KT_EQ(((word_t(*)(void))vx)(), 42);
	/* Change it through the writable mapping. */
	((volatile uint8_t *)va)[KT_CODE43_AT] = KT_CODE43_BYTE;
	KT_EQ(((word_t(*)(void))vx)(), 43);
	/* Remapped read-execute: it runs again (rights without READ are
	 * refused: x86 cannot map a page that runs but cannot be read). */
	KT_OK(cairn_frame_unmap(x));
	KT_OK(cairn_frame_map(x, CAIRN_ROOT_VSPACE, vx,
			      CAIRN_RIGHT_READ | CAIRN_RIGHT_EXEC));
	KT_EQ(((word_t(*)(void))vx)(), 43);
}

KTEST(vspace_deleted_vspace_leaves_frames_usable)
{
	cptr_t vs = kt_make(CAIRN_OBJ_VSPACE, 0);
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t pdpt = kt_make(CAIRN_OBJ_PDPT, 12);
	cptr_t pd = kt_make(CAIRN_OBJ_PAGE_DIR, 12);
	cptr_t pt = kt_make(CAIRN_OBJ_PAGE_TABLE, 12);
	word_t va = hole();

	KT_OK(cairn_page_table_map(pdpt, vs, 0x1000000));
	KT_OK(cairn_page_table_map(pd, vs, 0x1000000));
	KT_OK(cairn_page_table_map(pt, vs, 0x1000000));
	KT_OK(cairn_frame_map(f, vs, 0x1000000, RW));
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, vs));
	/* Its frames and tables can be unmapped and used again. */
	KT_OK(cairn_frame_unmap(f));
	KT_OK(cairn_page_table_unmap(pt));
	KT_OK(cairn_page_table_unmap(pd));
	KT_OK(cairn_page_table_unmap(pdpt));
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, RW));
	*(volatile word_t *)va = 1;
	KT_EQ(*(volatile word_t *)va, 1);
}

/* Another address space shares a frame with the root task. */
static void
child_sharer(word_t va)
{
	volatile word_t *p = (volatile word_t *)va;

	value = p[0]; /* what the root wrote */
	p[1] = 0xC41D;
	progress = 2;
}

KTEST(vspace_frame_shared_between_address_spaces)
{
	static struct ks_space sp;
	word_t va = hole();
	cptr_t f = kt_map_page(va);
	cptr_t c = kt_copy(f, CAIRN_RIGHTS_ALL);

	progress = value = 0;
	KT_OK(ks_space_make(&sp));
	/* Not mapped in the root task at that address. */
	KT_OK(ks_space_map(&sp, c, KS_FREE, RW));
	*(volatile word_t *)va = 0x2007;
	KT_OK(ks_space_start(&sp, child_sharer, KS_FREE, 100, 0));
	ks_settle();
	KT_EQ(progress, 2);
	KT_EQ(value, 0x2007);
	KT_EQ(((volatile word_t *)va)[1], 0xC41D);
}

static void
child_reader(word_t va)
{
	value = *(volatile word_t *)va;
	progress = 2;
}

KTEST(vspace_address_spaces_are_separate)
{
	static struct ks_space sp;
	struct cairn_msg m = {0};
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t r = kt_make(CAIRN_OBJ_REPLY, 0);
	word_t va = hole();

	ks_guard();
	kt_map_page(va);
	*(volatile word_t *)va = 0x1;
	progress = value = 0;
	KT_OK(ks_space_make(&sp));
	/* The root's page at va is not the child's: it faults there. */
	KT_OK(ks_space_start(&sp, child_reader, va, 100, e));
	KT_OK(cairn_recv(e, r, &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], va);
	KT_EQ(m.w[CAIRN_FAULT_CODE] & ACCESS, 0);
	/* Give it a page of its own there. */
	cptr_t own = kt_make(CAIRN_OBJ_FRAME, 12);
	KT_OK(ks_space_map(&sp, own, va, RW));
	KT_OK(cairn_reply(r, 0, 0, &m));
	ks_settle();
	KT_EQ(progress, 2);
	KT_EQ(value, 0); /* its own, zero page */
	KT_EQ(*(volatile word_t *)va, 0x1);
}

KTEST(vspace_deleting_large_frame_unmaps_it)
{
	struct cairn_msg m = {0};
	cptr_t big = kt_make(CAIRN_OBJ_FRAME, 21);
	word_t va = region();

	ks_guard();
	KT_OK(map_large(big, va, RW));
	((volatile word_t *)va)[1000] = 1;
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, big));
	KT_OK(fault_at(va + 1000 * 8, 0, &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], va + 1000 * 8);
	KT_EQ(m.w[CAIRN_FAULT_CODE] & ACCESS, 0);
}
