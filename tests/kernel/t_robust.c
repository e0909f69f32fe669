/* Robustness: operations that pull the ground from under a thread. */
#include "ktest.h"

static volatile word_t counter;
static cptr_t note;

/* Run at the test threads' priority for a few yields, then go back. */
static void
share_cpu(void)
{
	cairn_tcb_set_priority(CAIRN_ROOT_TCB, CAIRN_ROOT_TCB, 200);
	for (int i = 0; i < 4; i++) {
		cairn_yield();
	}
	cairn_tcb_set_priority(CAIRN_ROOT_TCB, CAIRN_ROOT_TCB, 255);
}

static void
count_forever(word_t arg)
{
	(void)arg;
	for (;;) {
		counter++;
		if (counter == 1) {
			cairn_signal(note);
		}
		cairn_yield();
	}
}

KTEST(robust_running_thread_loses_its_vspace)
{
	word_t bits;

	note = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	counter = 0;
	cptr_t t = kt_thread(count_forever, 0, 200, 0);
	KT_OK(cairn_wait(note, &bits));
	/* Take its address space away while it can run: it must stop. */
	KT_OK(cairn_tcb_configure(t, 0, CAIRN_ROOT_CNODE, KT_ROOT_GUARD, 0, 0,
				  0));
	word_t before = counter;
	share_cpu();
	KT_EQ(counter, before);
	KT_EQ(cairn_tcb_resume(t), CAIRN_E_ILLEGAL_OPERATION);
}

static cptr_t self_tcb;

static void
delete_self(word_t slot)
{
	counter = 1;
	cairn_cnode_delete(CAIRN_ROOT_CNODE, slot);
	counter = 99; /* never reached */
}

KTEST(robust_thread_deletes_its_own_tcb)
{
	counter = 0;
	cptr_t spare = kt_slot();
	self_tcb = kt_thread(delete_self, spare, 200, 0);
	/* Its only capability moves to the slot it will delete. */
	KT_OK(cairn_cnode_move(CAIRN_ROOT_CNODE, spare, CAIRN_ROOT_CNODE,
			       self_tcb, NULL));
	share_cpu();
	/* It ran, deleted itself, and the kernel went on. */
	KT_EQ(counter, 1);
	KT_EQ(kt_type(spare), CAIRN_OBJ_NULL);
}

/*
 * The methods for which any words are valid, so wild ones may succeed:
 * those that take none, a signal, a thread's name (bytes outside
 * printable ASCII are kept as '?').
 */
static int
any_words_valid(word_t type, word_t label)
{
	switch (type) {
	case CAIRN_OBJ_NOTIFICATION:
		return 1; /* any call on it is a signal */
	case CAIRN_OBJ_TCB:
		return label == CAIRN_TCB_UNBIND_NOTIFICATION ||
		       label == CAIRN_TCB_SET_NAME;
	case CAIRN_OBJ_FRAME:
		return label == CAIRN_FRAME_UNMAP ||
		       label == CAIRN_FRAME_ADDRESS;
	case CAIRN_OBJ_PAGE_TABLE:
	case CAIRN_OBJ_PAGE_DIR:
	case CAIRN_OBJ_PDPT:
		return label == CAIRN_PAGE_TABLE_UNMAP;
	default:
		return 0;
	}
}

/* Every label 0-109 on the object at cap (of type), every word ~0. */
static void
wild_words_refused(cptr_t cap, word_t type)
{
	for (word_t l = 0; l < 110 && !kt_failed; l++) {
		word_t v[8] = {~0ull, ~0ull, ~0ull, ~0ull,
			       ~0ull, ~0ull, ~0ull, ~0ull};
		if (l == CAIRN_TCB_SUSPEND || l == CAIRN_DEBUG_POWEROFF) {
			continue;
		}
		int st = cairn_invoke(cap, l, 8, v);
		int want_refusal = !any_words_valid(type, l);
		if (st < CAIRN_OK || st >= CAIRN_E_COUNT ||
		    (want_refusal && st == CAIRN_OK)) {
			printf("# type %lu label %lu, wild words: status %d\n",
			       type, l, st);
			kt_failed = 1;
		}
	}
}

KTEST(robust_wild_cptrs_and_labels)
{
	word_t w[8] = {~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull};
	static const cptr_t caps[] = {0, 1ull << 63, ~0ull, 4096, 1ull << 12};
	static const word_t labels[] = {0, 1, 63, 1ull << 40, ~0ull >> 12};
	static const word_t types[][2] = {
	    {CAIRN_OBJ_TCB, 0},	     {CAIRN_OBJ_NOTIFICATION, 0},
	    {CAIRN_OBJ_CNODE, 2},    {CAIRN_OBJ_REPLY, 0},
	    {CAIRN_OBJ_FRAME, 12},   {CAIRN_OBJ_PAGE_TABLE, 0},
	    {CAIRN_OBJ_VSPACE, 0},   {CAIRN_OBJ_UNTYPED, 12},
	    {CAIRN_OBJ_PAGE_DIR, 0}, {CAIRN_OBJ_PDPT, 0}};

	for (unsigned c = 0; c < sizeof(caps) / sizeof(caps[0]); c++) {
		for (unsigned l = 0; l < sizeof(labels) / sizeof(labels[0]);
		     l++) {
			KT_TRUE(cairn_invoke(caps[c], labels[l], 8, w) !=
				CAIRN_OK);
		}
	}
	/*
	 * Every object type with every label the ABI has and wild words:
	 * a refusal, unless any words are valid for the method.  (Not an
	 * endpoint: a call there waits for a receiver.)
	 */
	for (unsigned o = 0; o < sizeof(types) / sizeof(types[0]); o++) {
		wild_words_refused(kt_make(types[o][0], types[o][1]),
				   types[o][0]);
	}
	KT_EQ(kt_failed, 0);
	/* Still alive and answering. */
	KT_OK(
	    cairn_debug_cap_info(CAIRN_ROOT_DEBUG, &w[0], &w[1], &w[2], &w[3]));
	KT_EQ(w[0], CAIRN_CAP_DEBUG);
}
