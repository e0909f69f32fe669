/* bench: memory, slots, address spaces and threads for the benchmarks. */
#include "bench.h"

extern char _etext[], _erodata[];

static cptr_t next_slot;
static cptr_t pool;
static word_t next_va = 0x20000000;

cptr_t
bench_slot(void)
{
	if (next_slot == 0) {
		next_slot = bench_bi->free_first;
	}
	return next_slot++;
}

/*
 * Make an object of type and size in a new slot of the root CNode and
 * return the slot.  It comes from the pool, the largest RAM Untyped at
 * first; when that is full, from the first RAM Untyped with room, which
 * becomes the pool.  No room anywhere ends the run.
 */
cptr_t
bench_make(word_t type, word_t size)
{
	cptr_t s = bench_slot();

	if (pool == 0) {
		word_t best = 0;
		for (word_t i = 0; i < bench_bi->nuntyped; i++) {
			const struct cairn_untyped_desc *u =
			    &bench_bi->untyped[i];
			if (!u->device && u->size_bits > best) {
				best = u->size_bits;
				pool = bench_bi->untyped_first + i;
			}
		}
	}
	if (cairn_untyped_retype(pool, type, size, CAIRN_ROOT_CNODE, s, 1,
				 NULL) == CAIRN_OK) {
		return s;
	}
	for (word_t i = 0; i < bench_bi->nuntyped; i++) {
		cptr_t u = bench_bi->untyped_first + i;
		if (!bench_bi->untyped[i].device &&
		    cairn_untyped_retype(u, type, size, CAIRN_ROOT_CNODE, s, 1,
					 NULL) == CAIRN_OK) {
			pool = u;
			return s;
		}
	}
	printf("bench: out of memory\n");
	cairn_exit(1);
}

static cptr_t
make_table(word_t type)
{
	return bench_make(type, 12);
}

/* Map frame f at va in vspace, making the page tables it needs. */
static void
map(cptr_t vspace, cptr_t f, word_t va, word_t rights)
{
	int st = cairn_frame_map_tables(f, vspace, va, rights, CAIRN_ROOT_CNODE,
					make_table);

	if (st != CAIRN_OK) {
		printf("bench: cannot map 0x%lx (%d)\n", va, st);
		cairn_exit(1);
	}
}

cptr_t
bench_space(void)
{
	cptr_t vs = bench_make(CAIRN_OBJ_VSPACE, 0);

	for (cptr_t s = bench_bi->image_first; s < bench_bi->image_end; s++) {
		word_t type, rights, size, w1, copy;
		cairn_debug_cap_info(s, &type, &rights, &size, &w1);
		if (type != CAIRN_OBJ_FRAME || !(w1 & (1ull << 62))) {
			continue;
		}
		word_t va = w1 & 0x0000FFFFFFFFF000ull;
		if (va >= CAIRN_USER_STACK_TOP - CAIRN_USER_STACK_SIZE) {
			continue; /* the root's own stack */
		}
		word_t r = va < (word_t)_etext
			       ? CAIRN_RIGHT_READ | CAIRN_RIGHT_EXEC
			   : va < (word_t)_erodata
			       ? CAIRN_RIGHT_READ
			       : CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE;
		cairn_cnode_copy(CAIRN_ROOT_CNODE, bench_slot(),
				 CAIRN_ROOT_CNODE, s, CAIRN_RIGHTS_ALL, &copy);
		map(vs, copy, va, r);
	}
	return vs;
}

static void
thread_start(word_t fn, word_t arg)
{
	((void (*)(word_t))fn)(arg);
	for (;;) {
		cairn_yield();
	}
}

void
bench_stack_in(cptr_t vspace, struct bench_stack *st)
{
	word_t base = next_va;
	cptr_t stack = bench_make(CAIRN_OBJ_FRAME, 12);
	word_t rw = CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE;

	next_va += 4 * 4096;
	st->ipc_frame = bench_make(CAIRN_OBJ_FRAME, 12);
	map(vspace, stack, base, rw);
	map(vspace, st->ipc_frame, base + 4096, rw);
	st->top = base + 4096;
	st->ipc_va = base + 4096;
}

cptr_t
bench_thread_in(cptr_t vspace, void (*fn)(word_t), word_t arg, word_t prio,
		cptr_t fault_ep)
{
	struct bench_stack st;
	cptr_t tcb = bench_make(CAIRN_OBJ_TCB, 0);

	bench_stack_in(vspace, &st);
	word_t regs[10] = {0};
	regs[CAIRN_REG_IP] = (word_t)thread_start;
	regs[CAIRN_REG_SP] = st.top - BENCH_STACK_SKIP;
	regs[BENCH_REG_FLAGS] = BENCH_FLAGS;
	regs[CAIRN_REG_ARG0] = (word_t)fn;
	regs[BENCH_REG_ARG1] = arg;
	if (cairn_tcb_configure(tcb, fault_ep, CAIRN_ROOT_CNODE,
				64 - CAIRN_ROOT_CNODE_RADIX, vspace, st.ipc_va,
				st.ipc_frame) != CAIRN_OK ||
	    cairn_tcb_set_priority(tcb, CAIRN_ROOT_TCB, prio) != CAIRN_OK ||
	    cairn_tcb_write_registers(tcb, 0, 10, regs) != CAIRN_OK ||
	    cairn_tcb_resume(tcb) != CAIRN_OK) {
		printf("bench: thread set-up failed\n");
		cairn_exit(1);
	}
	return tcb;
}
