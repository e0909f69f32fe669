/* kt_space: threads, ordering, a watchdog and a second address space. */
#include "kt_space.h"

/* The root task's segments (user.ld); weak: absent in older scripts. */
extern char _etext[] __attribute__((weak));
extern char _erodata[] __attribute__((weak));

/* Probes of where read-only data and data lie, if the symbols do not. */
static const word_t rodata_probe = 1;
static word_t data_probe = 1;

#define SETTLE_PRIO 2
#define GUARD_PRIO  1
#define VADDR_MASK  0x0000FFFFFFFFF000ull
#define MAPPED	    (1ull << 62)

word_t
ks_rdtsc(void)
{
	return cairn_rdtsc();
}

word_t
ks_cap_w1(cptr_t cap)
{
	word_t type = 0, rights = 0, size = 0, w1 = 0;

	cairn_debug_cap_info(cap, &type, &rights, &size, &w1);
	return w1;
}

word_t
ks_cap_rights(cptr_t cap)
{
	word_t type = 0, rights = 0, size = 0, w1 = 0;

	cairn_debug_cap_info(cap, &type, &rights, &size, &w1);
	return rights;
}

/* Every thread starts here: fn(arg), then it suspends itself (self). */
static void
ks_start(word_t fn, word_t arg, word_t self)
{
	((void (*)(word_t))fn)(arg);
	for (;;) {
		cairn_tcb_suspend(self);
		cairn_yield();
	}
}

/* Set tcb's priority and registers and resume it. */
static int
start(cptr_t tcb, word_t fn, word_t arg, word_t self, word_t prio, word_t sp)
{
	word_t regs[KT_REG_START_N] = {0};
	int st;

	kt_regs_start(regs, (word_t)ks_start, sp, fn, arg, self);
	if ((st = cairn_tcb_set_priority(tcb, CAIRN_ROOT_TCB, prio)) != 0 ||
	    (st = cairn_tcb_write_registers(tcb, 0, KT_REG_START_N, regs)) !=
		0 ||
	    (st = cairn_tcb_resume(tcb)) != 0) {
		return st;
	}
	return CAIRN_OK;
}

cptr_t
ks_thread(void (*fn)(word_t), word_t arg, word_t prio, cptr_t fault_ep)
{
	word_t base = kt_vaddr(3);
	cptr_t tcb = kt_make(CAIRN_OBJ_TCB, 0);
	int st;

	kt_map_page(base);
	kt_map_page(base + 4096);
	cptr_t ipc = kt_map_page(base + 2 * 4096);
	cairn_tcb_set_name(tcb, "ktest-thread");
	st = cairn_tcb_configure(tcb, fault_ep, CAIRN_ROOT_CNODE,
				 64 - CAIRN_ROOT_CNODE_RADIX, CAIRN_ROOT_VSPACE,
				 base + 2 * 4096, ipc);
	if (st == CAIRN_OK) {
		st = start(tcb, (word_t)fn, arg, tcb, prio,
			   kt_entry_sp(base + 2 * 4096));
	}
	if (st != CAIRN_OK) {
		printf("# ks_thread: set-up failed (%d)\n", st);
		kt_failed = 1;
	}
	return tcb;
}

void
ks_settle(void)
{
	/* Back at 255 only once every thread above 2 has blocked. */
	cairn_tcb_set_priority(CAIRN_ROOT_TCB, CAIRN_ROOT_TCB, SETTLE_PRIO);
	cairn_tcb_set_priority(CAIRN_ROOT_TCB, CAIRN_ROOT_TCB, 255);
}

/* The watchdog: runs only when the root and every other thread wait. */
static void
guard(word_t ticks)
{
	word_t t0 = ks_rdtsc();

	while (ks_rdtsc() - t0 < ticks) {
		cairn_yield();
	}
	printf("# watchdog: the root task is blocked for good; kicking it\n");
	/*
	 * Take it out of its system call, and make that call return
	 * KS_KICKED: past the system-call instruction (a suspended call may
	 * be set to be made again), with the status in its register.
	 */
	word_t regs[KT_REG_STATUS + 1];
	cairn_tcb_suspend(CAIRN_ROOT_TCB);
	if (cairn_tcb_read_registers(CAIRN_ROOT_TCB, KT_REG_STATUS + 1, regs) ==
	    CAIRN_OK) {
		if (kt_at_syscall(regs[CAIRN_REG_IP])) {
			regs[CAIRN_REG_IP] += KT_SYSCALL_LEN;
		}
		regs[KT_REG_STATUS] = KS_KICKED;
		cairn_tcb_write_registers(CAIRN_ROOT_TCB, 0, KT_REG_STATUS + 1,
					  regs);
	}
	cairn_tcb_resume(CAIRN_ROOT_TCB);
}

void
ks_guard(void)
{
	word_t hz = kt_bi->tsc_hz != 0 ? kt_bi->tsc_hz : 1000000000;

	ks_thread(guard, hz / 5, GUARD_PRIO, 0);
}

void
ks_root_recv_slot(cptr_t cnode, word_t index)
{
	cairn_ipcbuf()->recv_cnode = cnode;
	cairn_ipcbuf()->recv_index = index;
}

void
ks_root_ipc_reset(void)
{
	struct cairn_ipc_buffer *b = cairn_ipcbuf();

	b->recv_cnode = 0;
	b->recv_index = 0;
	for (int i = 0; i < CAIRN_MSG_MAX_CAPS; i++) {
		b->caps[i] = 0;
	}
}

int
ks_space_map(struct ks_space *s, cptr_t frame, word_t vaddr, word_t rights)
{
	return cairn_frame_map_tables(frame, s->vspace, vaddr, rights,
				      CAIRN_ROOT_CNODE, kt_make_table);
}

/* The rights the root's image page at vaddr is mapped with. */
static word_t
image_rights(word_t vaddr)
{
	word_t etext = (word_t)_etext, erodata = (word_t)_erodata;

	if (etext == 0 || erodata == 0) {
		etext = (word_t)&rodata_probe & ~0xFFFull;
		erodata = (word_t)&data_probe & ~0xFFFull;
	}
	if (vaddr < etext) {
		return CAIRN_RIGHT_READ | CAIRN_RIGHT_EXEC;
	}
	return vaddr < erodata ? CAIRN_RIGHT_READ
			       : CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE;
}

int
ks_space_make(struct ks_space *s)
{
	cptr_t tmp = kt_slot();
	int st;

	s->vspace = kt_make(CAIRN_OBJ_VSPACE, 0);
	s->cnode = kt_make(CAIRN_OBJ_CNODE, KS_RADIX);
	s->tcb = 0;
	s->nimage = 0;
	if (kt_failed) {
		return CAIRN_E_NO_MEMORY;
	}
	st = cairn_cnode_copy(s->cnode, KS_SLOT_CNODE, CAIRN_ROOT_CNODE,
			      s->cnode, CAIRN_RIGHTS_ALL, NULL);
	if (st != CAIRN_OK) {
		return st;
	}
	/* The image: a copy of each frame, mapped, then kept in s's CNode. */
	for (cptr_t i = kt_bi->image_first; i < kt_bi->image_end; i++) {
		word_t type = 0, rights, size, w1 = 0;
		cairn_debug_cap_info(i, &type, &rights, &size, &w1);
		word_t va = w1 & VADDR_MASK;
		if (type != CAIRN_OBJ_FRAME || !(w1 & MAPPED) ||
		    va >= CAIRN_USER_STACK_TOP - CAIRN_USER_STACK_SIZE) {
			continue;
		}
		if (KS_SLOT_IMAGE + s->nimage >= 1u << KS_RADIX) {
			return CAIRN_E_RANGE;
		}
		if ((st = cairn_cnode_copy(CAIRN_ROOT_CNODE, tmp,
					   CAIRN_ROOT_CNODE, i,
					   CAIRN_RIGHTS_ALL, NULL)) != 0 ||
		    (st = ks_space_map(s, tmp, va, image_rights(va))) != 0 ||
		    (st = cairn_cnode_move(s->cnode, KS_SLOT_IMAGE + s->nimage,
					   CAIRN_ROOT_CNODE, tmp, NULL)) != 0) {
			cairn_cnode_delete(CAIRN_ROOT_CNODE, tmp);
			return st;
		}
		s->nimage++;
	}
	/* Its stack and IPC buffer. */
	cptr_t stack0 = kt_make(CAIRN_OBJ_FRAME, 12);
	cptr_t stack1 = kt_make(CAIRN_OBJ_FRAME, 12);
	s->ipc = kt_make(CAIRN_OBJ_FRAME, 12);
	word_t rw = CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE;
	if ((st = ks_space_map(s, stack0, KS_STACK, rw)) != 0 ||
	    (st = ks_space_map(s, stack1, KS_STACK + 4096, rw)) != 0 ||
	    (st = ks_space_map(s, s->ipc, KS_IPCBUF, rw)) != 0) {
		return st;
	}
	return s->nimage > 0 ? CAIRN_OK : CAIRN_E_EMPTY_SLOT;
}

int
ks_space_start(struct ks_space *s, void (*fn)(word_t), word_t arg, word_t prio,
	       cptr_t fault_ep)
{
	int st;

	s->tcb = kt_make(CAIRN_OBJ_TCB, 0);
	cairn_tcb_set_name(s->tcb, "ktest-space");
	if ((st = cairn_tcb_configure(s->tcb, fault_ep, s->cnode, 64 - KS_RADIX,
				      s->vspace, KS_IPCBUF, s->ipc)) != 0 ||
	    (st = cairn_cnode_copy(s->cnode, KS_SLOT_TCB, CAIRN_ROOT_CNODE,
				   s->tcb, CAIRN_RIGHTS_ALL, NULL)) != 0) {
		return st;
	}
	return start(s->tcb, (word_t)fn, arg, KS_SLOT_TCB, prio,
		     KS_STACK + 2 * 4096 - 8);
}
