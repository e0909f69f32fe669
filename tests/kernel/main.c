/*
 * ktest's runner and helpers (ktest.h).
 */
#include "ktest.h"

extern const struct ktest __start_ktests[], __stop_ktests[];

const struct cairn_bootinfo *kt_bi;
cptr_t kt_untyped;
int kt_failed;

/* The big Untyped tests are cut from, and the slots of this test. */
static cptr_t pool;
static word_t pool_bits;
static word_t slot_first, slot_next;
static word_t vaddr_next = 0x10000000;

void
kt_fail(const char *file, int line, const char *what, word_t got, word_t want)
{
	if (!kt_failed) {
		printf("# %s:%d: %s: got %ld (0x%lx), want %ld (0x%lx)\n", file,
		       line, what, (long)got, got, (long)want, want);
	}
	kt_failed = 1;
}

cptr_t
kt_slot(void)
{
	if (slot_next >= kt_bi->free_end) {
		printf("# out of slots\n");
		cairn_exit(3);
	}
	return slot_next++;
}

word_t
kt_type(cptr_t cptr)
{
	word_t type = 0, rights, size, w1;
	int st = cairn_debug_cap_info(cptr, &type, &rights, &size, &w1);

	if (st == CAIRN_E_EMPTY_SLOT) {
		return CAIRN_OBJ_NULL;
	}
	if (st != CAIRN_OK) {
		/* Not knowing is no "empty": the check fails. */
		printf("# kt_type(%lu): status %d\n", cptr, st);
		kt_failed = 1;
		return KT_TYPE_UNKNOWN;
	}
	return type;
}

cptr_t
kt_copy(cptr_t src, word_t rights)
{
	return kt_mint(src, rights, 0);
}

cptr_t
kt_mint(cptr_t src, word_t rights, word_t badge)
{
	cptr_t s = kt_slot();
	int st = badge == 0
		     ? cairn_cnode_copy(CAIRN_ROOT_CNODE, s, CAIRN_ROOT_CNODE,
					src, rights, NULL)
		     : cairn_cnode_mint(CAIRN_ROOT_CNODE, s, CAIRN_ROOT_CNODE,
					src, rights, badge, NULL);

	if (st != CAIRN_OK) {
		printf("# copy of %lu: status %d\n", src, st);
		kt_failed = 1;
	}
	return s;
}

word_t
kt_wait_bits(cptr_t n, word_t want)
{
	word_t got = 0, b;

	for (int i = 0; i < 64 && (got & want) != want; i++) {
		if (cairn_wait(n, &b) != CAIRN_OK) {
			break;
		}
		got |= b;
	}
	return got;
}

cptr_t
kt_make(word_t type, word_t size)
{
	cptr_t s = kt_slot();
	int st = cairn_untyped_retype(kt_untyped, type, size, CAIRN_ROOT_CNODE,
				      s, 1, NULL);

	if (st != CAIRN_OK) {
		printf("# kt_make(%lu, %lu): status %d\n", type, size, st);
		kt_failed = 1;
	}
	return s;
}

word_t
kt_vaddr(word_t pages)
{
	word_t v = vaddr_next;

	vaddr_next += (pages + 1) * 4096; /* and a gap */
	return v;
}

cptr_t
kt_make_table(word_t type)
{
	return kt_make(type, 12);
}

cptr_t
kt_map_page(word_t vaddr)
{
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	int st = cairn_frame_map_tables(f, CAIRN_ROOT_VSPACE, vaddr,
					CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE,
					CAIRN_ROOT_CNODE, kt_make_table);

	if (st != CAIRN_OK) {
		printf("# kt_map_page(0x%lx): status %d\n", vaddr, st);
		kt_failed = 1;
	}
	return f;
}

static void
thread_start(word_t fn, word_t arg)
{
	((void (*)(word_t))fn)(arg);
	for (;;) {
		cairn_yield();
	}
}

cptr_t
kt_thread(void (*fn)(word_t), word_t arg, word_t prio, cptr_t fault_ep)
{
	word_t base = kt_vaddr(3);
	cptr_t tcb = kt_make(CAIRN_OBJ_TCB, 0);

	kt_map_page(base);
	kt_map_page(base + 4096);
	cptr_t ipc = kt_map_page(base + 2 * 4096);
	word_t regs[CAIRN_REG_COUNT - 1] = {0};
	kt_regs_start(regs, (word_t)thread_start, kt_entry_sp(base + 2 * 4096),
		      (word_t)fn, arg, 0);
	if (cairn_tcb_configure(tcb, fault_ep, CAIRN_ROOT_CNODE,
				(64 - CAIRN_ROOT_CNODE_RADIX) & 63,
				CAIRN_ROOT_VSPACE, base + 2 * 4096,
				ipc) != CAIRN_OK ||
	    cairn_tcb_set_priority(tcb, CAIRN_ROOT_TCB, prio) != CAIRN_OK ||
	    cairn_tcb_write_registers(tcb, 0, CAIRN_REG_COUNT - 1, regs) !=
		CAIRN_OK ||
	    cairn_tcb_resume(tcb) != CAIRN_OK) {
		printf("# kt_thread: set-up failed\n");
		kt_failed = 1;
	}
	return tcb;
}

/* Every slot this test used must be empty after the revoke. */
static int
leaked_slots(void)
{
	int n = 0;

	for (word_t s = slot_first; s < slot_next; s++) {
		word_t type = kt_type(s);
		if (type != CAIRN_OBJ_NULL) {
			printf("# slot %lu still holds type %lu\n", s, type);
			n++;
		}
	}
	return n;
}

static int
run_one(const struct ktest *t)
{
	kt_failed = 0;
	kt_untyped = kt_bi->free_first;
	slot_first = slot_next = kt_untyped + 1;
	if (cairn_untyped_retype(pool, CAIRN_OBJ_UNTYPED, 22, CAIRN_ROOT_CNODE,
				 kt_untyped, 1, NULL) != CAIRN_OK) {
		printf("# cannot make the test's Untyped\n");
		return 0;
	}
	t->fn();
	/* Revoking the test's Untyped destroys all it made. */
	int st = cairn_cnode_revoke(CAIRN_ROOT_CNODE, kt_untyped);
	st |= cairn_cnode_delete(CAIRN_ROOT_CNODE, kt_untyped);
	if (st != CAIRN_OK || leaked_slots() != 0) {
		printf("# %s left a trace (status %d)\n", t->name, st);
		kt_failed = 1;
	}
	return !kt_failed;
}

/* Sort the registered tests by name; refuse duplicates. */
static int
sort_tests(const struct ktest **v, int n)
{
	for (int i = 1; i < n; i++) {
		for (int j = i; j > 0 && strcmp(v[j - 1]->name, v[j]->name) > 0;
		     j--) {
			const struct ktest *x = v[j];
			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	}
	for (int i = 1; i < n; i++) {
		if (strcmp(v[i - 1]->name, v[i]->name) == 0) {
			printf("# duplicate test name %s\n", v[i]->name);
			return -1;
		}
	}
	return 0;
}

/* The largest RAM Untyped: where every test's memory comes from. */
static void
find_pool(void)
{
	for (word_t i = 0; i < kt_bi->nuntyped; i++) {
		const struct cairn_untyped_desc *u = &kt_bi->untyped[i];
		if (!u->device && u->size_bits > pool_bits) {
			pool = kt_bi->untyped_first + i;
			pool_bits = u->size_bits;
		}
	}
}

/*
 * After the suite the pool must be whole: revoked, it retypes as two
 * halves (a child may not be its parent's size), which it cannot if any
 * byte of it is still in use.  Returns the retype's status.
 */
static int
pool_whole(void)
{
	cptr_t probe = kt_bi->free_first; /* the tests' slots, empty now */
	int st = cairn_cnode_revoke(CAIRN_ROOT_CNODE, pool);

	if (st == CAIRN_OK) {
		st =
		    cairn_untyped_retype(pool, CAIRN_OBJ_UNTYPED, pool_bits - 1,
					 CAIRN_ROOT_CNODE, probe, 2, NULL);
	}
	cairn_cnode_revoke(CAIRN_ROOT_CNODE, pool);
	if (st != CAIRN_OK) {
		printf("# the pool (2^%lu bytes) is not whole: status %d\n",
		       pool_bits, st);
	}
	return st == CAIRN_OK;
}

int
kt_in_place(void)
{
	return cairn_in_place() != 0;
}

int main(const struct cairn_bootinfo *bi);

int
main(const struct cairn_bootinfo *bi)
{
	static const struct ktest *v[1024];
	/* cppcheck-suppress comparePointers ; one section's bounds */
	int n = (int)(__stop_ktests - __start_ktests), passed = 0;

	kt_bi = bi;
	find_pool();
	if (n <= 0 || n > 1024 || sort_tests(v, 0) != 0) {
		printf("# no tests, or too many\n0 passed, 1 failed\n");
		return 1;
	}
	for (int i = 0; i < n; i++) {
		v[i] = &__start_ktests[i];
	}
	if (sort_tests(v, n) != 0) {
		printf("0 passed, 1 failed\n");
		return 1;
	}
	/* The tests, then one more: the pool is whole after them. */
	printf("ktest: %d tests\n1..%d\n", n + 1, n + 1);
	for (int i = 0; i < n; i++) {
		int ok = run_one(v[i]);
		passed += ok;
		printf("%s %d %s\n", ok ? "ok" : "not ok", i + 1, v[i]->name);
	}
	int whole = pool_whole();
	passed += whole;
	printf("%s %d suite_leaves_its_pool_whole\n", whole ? "ok" : "not ok",
	       n + 1);
	printf("ktest: all tests ran\n%d passed, %d failed\n", passed,
	       n + 1 - passed);
	return passed == n + 1 ? 0 : 1;
}
