/*
 * ktest: the in-OS kernel test suite, run as the root task of a test
 * boot.  Each test is a function registered with KTEST(name); the runner
 * (main.c) runs them sorted by name, each with a fresh 4 MiB Untyped and
 * an empty run of slots, and afterwards revokes that Untyped and checks
 * that every slot it handed out is empty again: a test leaves no trace.
 * Output is TAP over the serial line; the last line is
 * "N passed, N failed", and the machine powers off with the verdict.
 */
#ifndef CAIRN_KTEST_H
#define CAIRN_KTEST_H

#include "cairn.h"
#include "cstring.h"
#include "kt_regs.h" /* the arch's: registers by role */

struct ktest {
	const char *name;
	void (*fn)(void);
};

#define KTEST(n)                                                               \
	static void ktest_##n(void);                                           \
	static const struct ktest ktest_entry_##n __attribute__((              \
	    used, section("ktests"), aligned(8))) = {#n, ktest_##n};           \
	static void ktest_##n(void)

/* Record a failed check (file, line, what) and stop the test. */
void kt_fail(const char *file, int line, const char *what, word_t got,
	     word_t want);

/* Has the current test failed?  Checks stop at the first failure. */
extern int kt_failed;

#define KT_EQ(got, want)                                                       \
	do {                                                                   \
		word_t g_ = (word_t)(got), w_ = (word_t)(want);                \
		if (g_ != w_) {                                                \
			kt_fail(__FILE__, __LINE__, #got, g_, w_);             \
			return;                                                \
		}                                                              \
	} while (0)

/* The root CNode: its slots, and the guard bits that make a cptr a slot. */
#define KT_ROOT_SLOTS (1ul << CAIRN_ROOT_CNODE_RADIX)
#define KT_ROOT_GUARD (64 - CAIRN_ROOT_CNODE_RADIX)

#define KT_OK(expr)   KT_EQ(expr, CAIRN_OK)
#define KT_TRUE(expr) KT_EQ(!!(expr), 1)

/* The root task's bootinfo. */
extern const struct cairn_bootinfo *kt_bi;

/* The current test's Untyped (4 MiB) and its slots. */
extern cptr_t kt_untyped;

/* A free slot of the root CNode for this test. */
cptr_t kt_slot(void);

/* Make one object of type (size for Untyped, CNode, frame) in a new slot. */
cptr_t kt_make(word_t type, word_t size);

/*
 * Map a fresh 4 KiB frame, read-write, at vaddr in the root VSpace,
 * making page tables as needed; returns the frame's slot.  Test addresses
 * come from kt_vaddr().
 */
cptr_t kt_map_page(word_t vaddr);

/* A page-table object of type (for cairn_frame_map_tables). */
cptr_t kt_make_table(word_t type);

/* A fresh, page-aligned range of n pages no other test uses. */
word_t kt_vaddr(word_t pages);

/*
 * Start a thread in the root's address space and CSpace running fn(arg)
 * at priority prio, with its own stack and IPC buffer; returns its TCB's
 * slot.  If fn returns, the thread waits forever.  fault_ep: its fault
 * handler (0 for none).
 */
/* Run in place by init (the shell's `test`), not as the root task? */
int kt_in_place(void);

cptr_t kt_thread(void (*fn)(word_t), word_t arg, word_t prio, cptr_t fault_ep);

/* A copy (or a mint with badge) of src in a new slot of the root CNode;
 * a failure fails the test. */
cptr_t kt_copy(cptr_t src, word_t rights);
cptr_t kt_mint(cptr_t src, word_t rights, word_t badge);

/* Wait on notification n until every bit of want has come (at most 64
 * waits); return all the bits that came. */
word_t kt_wait_bits(cptr_t n, word_t want);

/*
 * The type of the capability at cptr (CAIRN_OBJ_NULL if empty).  If the
 * kernel cannot say (the debug call fails otherwise), the test fails and
 * the answer is KT_TYPE_UNKNOWN, which no check takes for empty.
 */
#define KT_TYPE_UNKNOWN (~0ul)
word_t kt_type(cptr_t cptr);

#endif
