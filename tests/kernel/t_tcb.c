/*
 * TCBs: configure, priorities and MCPs under an authority, registers,
 * resume and suspend, bound notifications, names, fault handlers, and
 * deleting the TCB of a thread that is blocked or running, and its FP and
 * SIMD state read and written.
 */
#include "ktest.h"

#define NOT_YET 0xEEEE /* a thread's status before it has one */

static cptr_t park_n;	 /* done threads wait here for ever */
static cptr_t done_n;	 /* the root waits here; thread i signals bit i */
static cptr_t done_c[8]; /* badged caps to done_n */
static cptr_t settle_n;	 /* the root waits here in settle() */
static cptr_t ep_g, ntfn_g, reply_g;
static volatile word_t st_g[8], label_g[8], badge_g[8];
static volatile word_t count_g;

static void
park(void)
{
	word_t b;

	for (;;) {
		if (cairn_wait(park_n, &b) != CAIRN_OK) {
			cairn_yield();
		}
	}
}

static void
setup(void)
{
	park_n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	done_n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	settle_n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	for (int i = 0; i < 8; i++) {
		done_c[i] = kt_mint(done_n, CAIRN_RIGHTS_ALL, 1ul << i);
		st_g[i] = NOT_YET;
		label_g[i] = badge_g[i] = 0;
	}
	ep_g = ntfn_g = reply_g = 0;
	count_g = 0;
}

static void
settler(word_t badged)
{
	cairn_signal(badged);
	park();
}

/* Return once every thread above priority 1 has blocked or stopped. */
static void
settle(void)
{
	kt_thread(settler, kt_mint(settle_n, CAIRN_RIGHTS_ALL, 1), 1, 0);
	if (!kt_failed) { /* else nothing may ever wake us */
		kt_wait_bits(settle_n, 1);
	}
}

/*
 * Let every thread above priority 1 run until it blocks; then return the
 * bits signalled on n since it was last read.
 */
static word_t
settled(cptr_t n)
{
	word_t bits = 0;

	settle();
	cairn_poll(n, &bits);
	return bits;
}

/*
 * Wait for the bits want on done_n, or until no thread above priority 1
 * is runnable (a watchdog at priority 1 signals bit 7): no hang if a
 * thread that should run does not.
 */
static word_t
wait_or_idle(word_t want)
{
	word_t got = 0, b;

	cairn_poll(done_n, &b); /* forget what older watchdogs said */
	kt_thread(settler, done_c[7], 1, 0);
	if (kt_failed) {
		return 0;
	}
	for (int i = 0; i < 64 && (got & want) != want && !(got & 0x80); i++) {
		if (cairn_wait(done_n, &b) != CAIRN_OK) {
			break;
		}
		got |= b;
	}
	return got & want;
}

/* A thread's pieces, for tests that set one up by hand. */
struct th {
	cptr_t tcb, ipc_frame;
	word_t base; /* stack pages at base, base + 4K; IPC buffer page */
};

static void
prep(struct th *t)
{
	t->base = kt_vaddr(3);
	t->tcb = kt_make(CAIRN_OBJ_TCB, 0);
	kt_map_page(t->base);
	kt_map_page(t->base + 4096);
	t->ipc_frame = kt_map_page(t->base + 2 * 4096);
}

static word_t
ipc_addr(const struct th *t)
{
	return t->base + 2 * 4096;
}

static int
configure(const struct th *t, cptr_t fault_ep, word_t ipcbuf)
{
	return cairn_tcb_configure(t->tcb, fault_ep, CAIRN_ROOT_CNODE,
				   64 - CAIRN_ROOT_CNODE_RADIX,
				   CAIRN_ROOT_VSPACE, ipcbuf, t->ipc_frame);
}

static void
tstart(word_t fn, word_t arg)
{
	((void (*)(word_t))fn)(arg);
	park();
}

/* Point t at fn(arg), with a stack; resume it if asked. */
static int
set_entry(const struct th *t, void (*fn)(word_t), word_t arg, int resume)
{
	word_t regs[KT_REG_START_N] = {0};

	kt_regs_start(regs, (word_t)tstart, kt_entry_sp(t->base + 2 * 4096),
		      (word_t)fn, arg, 0);
	return cairn_tcb_write_registers(t->tcb, resume, KT_REG_START_N, regs);
}

static void
record_arg(word_t arg)
{
	st_g[0] = arg;
	cairn_signal(done_c[0]);
	park();
}

static void
receiver(word_t i)
{
	struct cairn_msg m = {0};

	st_g[i] = (word_t)cairn_recv(ep_g, 0, &m);
	label_g[i] = m.label;
	badge_g[i] = m.badge;
	cairn_signal(done_c[i]);
	park();
}

static void
sender(word_t i)
{
	struct cairn_msg m = {0};

	st_g[i] = (word_t)cairn_send(ep_g, 10 + i, 0, &m);
	cairn_signal(done_c[i]);
	park();
}

static void
caller(word_t i)
{
	struct cairn_msg m = {0};

	st_g[i] = (word_t)cairn_call(ep_g, 20 + i, 0, &m);
	label_g[i] = m.label;
	cairn_signal(done_c[i]);
	park();
}

static void
waiter(word_t i)
{
	word_t bits = 0;

	st_g[i] = (word_t)cairn_wait(ntfn_g, &bits);
	badge_g[i] = bits;
	cairn_signal(done_c[i]);
	park();
}

/* Count; tell the root every 2000 steps; bounded, then stop. */
static void
spinner(word_t i)
{
	for (word_t n = 0; n < 20000000; n++) {
		if (++count_g % 2000 == 0) {
			cairn_signal(done_c[i]);
		}
	}
	park();
}

/* ---- configure and resume ---- */

KTEST(tcb_configure_then_resume_runs_thread)
{
	struct th t;

	setup();
	prep(&t);
	KT_EQ(kt_type(t.tcb), CAIRN_OBJ_TCB);
	KT_OK(configure(&t, 0, ipc_addr(&t)));
	KT_OK(cairn_tcb_set_priority(t.tcb, CAIRN_ROOT_TCB, 100));
	KT_OK(set_entry(&t, record_arg, 0xC0FFEE, 0));
	settle();
	KT_EQ(st_g[0], NOT_YET); /* written, not resumed: it does not run */
	KT_OK(cairn_tcb_resume(t.tcb));
	KT_EQ(settled(done_n) & 1, 1);
	KT_EQ(st_g[0], 0xC0FFEE);
	/* Resuming a running thread changes nothing. */
	KT_OK(cairn_tcb_resume(t.tcb));
}

KTEST(tcb_resume_needs_cspace_and_vspace)
{
	cptr_t t = kt_make(CAIRN_OBJ_TCB, 0);

	KT_EQ(cairn_tcb_resume(t), CAIRN_E_ILLEGAL_OPERATION);
	KT_OK(cairn_tcb_configure(t, 0, 0, 0, CAIRN_ROOT_VSPACE, 0, 0));
	KT_EQ(cairn_tcb_resume(t), CAIRN_E_ILLEGAL_OPERATION);
	KT_OK(cairn_tcb_configure(t, 0, CAIRN_ROOT_CNODE, KT_ROOT_GUARD, 0, 0,
				  0));
	KT_EQ(cairn_tcb_resume(t), CAIRN_E_ILLEGAL_OPERATION);
	KT_OK(cairn_tcb_configure(t, 0, CAIRN_ROOT_CNODE, KT_ROOT_GUARD,
				  CAIRN_ROOT_VSPACE, 0, 0));
	KT_OK(cairn_tcb_resume(t));
	/* It has no code to run: stop it before it is scheduled. */
	KT_OK(cairn_tcb_suspend(t));
	/* Suspending twice is harmless. */
	KT_OK(cairn_tcb_suspend(t));
}

KTEST(tcb_write_registers_resume_needs_configuration)
{
	cptr_t t = kt_make(CAIRN_OBJ_TCB, 0);
	cptr_t v = kt_make(CAIRN_OBJ_TCB, 0);
	word_t regs[3] = {0x400000, 0x1000, 0x202};

	/*
	 * Like RESUME, WRITE_REGISTERS with resume must not start a thread
	 * that has no VSpace or CSpace.  The thread is suspended at once
	 * whatever the answer, so that it is never scheduled.
	 */
	int st = cairn_tcb_write_registers(t, 1, 3, regs);
	cairn_tcb_suspend(t);
	KT_OK(cairn_tcb_configure(v, 0, 0, 0, CAIRN_ROOT_VSPACE, 0, 0));
	int st2 = cairn_tcb_write_registers(v, 1, 3, regs);
	cairn_tcb_suspend(v);
	KT_EQ(st, CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(st2, CAIRN_E_ILLEGAL_OPERATION);
}

KTEST(tcb_configure_checks_ipc_buffer_alignment)
{
	struct th t;

	prep(&t);
	KT_EQ(configure(&t, 0, ipc_addr(&t) + 8), CAIRN_E_ALIGNMENT);
	KT_EQ(configure(&t, 0, ipc_addr(&t) + 512), CAIRN_E_ALIGNMENT);
	KT_EQ(configure(&t, 0, ipc_addr(&t) + 1023), CAIRN_E_ALIGNMENT);
	KT_OK(configure(&t, 0, ipc_addr(&t) + 1024));
	KT_OK(configure(&t, 0, ipc_addr(&t) + 3072));
	KT_OK(configure(&t, 0, ipc_addr(&t)));
}

static volatile word_t ipcbuf_seen, ipcbuf_self;

static void
ipcbuf_probe(word_t arg)
{
	(void)arg;
	ipcbuf_seen = (word_t)cairn_ipcbuf();
	ipcbuf_self = cairn_ipcbuf()->self;
	cairn_signal(done_c[0]);
	park();
}

KTEST(tcb_ipc_buffer_found_through_its_register)
{
	struct th t;
	word_t regs[CAIRN_REG_COUNT];

	setup();
	prep(&t);
	ipcbuf_seen = ipcbuf_self = 0;
	KT_OK(configure(&t, 0, ipc_addr(&t) + 1024));
	KT_OK(cairn_tcb_set_priority(t.tcb, CAIRN_ROOT_TCB, 100));
	KT_OK(set_entry(&t, ipcbuf_probe, 0, 1));
	KT_EQ(settled(done_n) & 1, 1);
	KT_EQ(ipcbuf_seen, ipc_addr(&t) + 1024);
	KT_EQ(ipcbuf_self, ipc_addr(&t) + 1024);
	/* The register the thread finds it through (FS base, TPIDRRO_EL0). */
	KT_OK(cairn_tcb_read_registers(t.tcb, CAIRN_REG_COUNT, regs));
	KT_EQ(regs[KT_REG_IPCBUF], ipc_addr(&t) + 1024);
}

KTEST(tcb_configure_refuses_wrong_capabilities)
{
	struct th t;
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t hole = kt_slot();

	prep(&t);
	KT_EQ(cairn_tcb_configure(t.tcb, n, CAIRN_ROOT_CNODE, KT_ROOT_GUARD,
				  CAIRN_ROOT_VSPACE, 0, 0),
	      CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_tcb_configure(t.tcb, hole, CAIRN_ROOT_CNODE, KT_ROOT_GUARD,
				  CAIRN_ROOT_VSPACE, 0, 0),
	      CAIRN_E_EMPTY_SLOT);
	KT_EQ(cairn_tcb_configure(t.tcb, 0, e, KT_ROOT_GUARD, CAIRN_ROOT_VSPACE,
				  0, 0),
	      CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_tcb_configure(t.tcb, 0, CAIRN_ROOT_CNODE, KT_ROOT_GUARD,
				  CAIRN_ROOT_CNODE, 0, 0),
	      CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_tcb_configure(t.tcb, 0, CAIRN_ROOT_CNODE, KT_ROOT_GUARD,
				  CAIRN_ROOT_VSPACE, ipc_addr(&t), e),
	      CAIRN_E_INVALID_CAP);
	/* Guard bits and radix beyond 64 bits. */
	KT_EQ(cairn_tcb_configure(t.tcb, 0, CAIRN_ROOT_CNODE, 53,
				  CAIRN_ROOT_VSPACE, 0, 0),
	      CAIRN_E_INVALID_ARGUMENT);
	/* Nothing was set. */
	KT_EQ(cairn_tcb_resume(t.tcb), CAIRN_E_ILLEGAL_OPERATION);
	/* With an endpoint as fault handler it is fine. */
	KT_OK(cairn_tcb_configure(t.tcb, e, CAIRN_ROOT_CNODE, KT_ROOT_GUARD,
				  CAIRN_ROOT_VSPACE, ipc_addr(&t),
				  t.ipc_frame));
}

KTEST(tcb_configure_refuses_ipc_buffer_outside_user_space)
{
	struct th t;

	/*
	 * CONFIGURE makes the IPC buffer address the thread's FS base
	 * (TPIDRRO_EL0 on aarch64), which WRITE_REGISTERS keeps below
	 * CAIRN_USER_TOP; CONFIGURE must too (on x86_64 a non-canonical one
	 * would make the kernel's WRMSR fault).  The
	 * thread is never resumed.
	 */
	prep(&t);
	KT_TRUE(configure(&t, 0, CAIRN_USER_TOP) != CAIRN_OK);
	KT_TRUE(configure(&t, 0, 0x0000800000000000ull) != CAIRN_OK);
	KT_TRUE(configure(&t, 0, 0xFFFF800000000000ull) != CAIRN_OK);
}

/* ---- fault handlers ---- */

static void
unknown_syscall(word_t i)
{
	struct cairn_regs r = {0, 0, 0, {0}};

	st_g[i] = kt_unknown_syscall(7, &r);
	cairn_signal(done_c[i]);
	park();
}

KTEST(tcb_fault_handler_from_configure)
{
	struct th t;
	struct cairn_msg m = {0};

	setup();
	ep_g = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	reply_g = kt_make(CAIRN_OBJ_REPLY, 0);
	prep(&t);
	KT_OK(configure(&t, ep_g, ipc_addr(&t)));
	KT_OK(cairn_tcb_set_priority(t.tcb, CAIRN_ROOT_TCB, 100));
	KT_OK(set_entry(&t, unknown_syscall, 0, 1));
	settle();
	KT_OK(cairn_nbrecv(ep_g, reply_g, &m));
	KT_EQ(m.label, CAIRN_FAULT_UNKNOWN_SYSCALL);
	KT_EQ(m.len, CAIRN_FAULT_SYSCALL_LENGTH);
	KT_EQ(m.w[CAIRN_FAULT_NUMBER], 7);
	KT_TRUE(m.w[CAIRN_FAULT_IP] != 0 &&
		m.w[CAIRN_FAULT_IP] < CAIRN_USER_TOP);
	/* The message has no stack pointer word: READ_REGISTERS has it. */
	word_t regs[CAIRN_REG_SP + 1] = {0};
	KT_OK(cairn_tcb_read_registers(t.tcb, CAIRN_REG_SP + 1, regs));
	KT_TRUE(regs[CAIRN_REG_SP] > t.base &&
		regs[CAIRN_REG_SP] < t.base + 2 * 4096);
	KT_EQ(st_g[0], NOT_YET);
	/* The reply's word 0 is the system call's result. */
	m.w[0] = 77;
	KT_OK(cairn_reply(reply_g, 0, 1, &m));
	KT_EQ(settled(done_n) & 1, 1);
	KT_EQ(st_g[0], 77);
}

static cptr_t hole_g;

static void
signal_hole(word_t i)
{
	st_g[i] = (word_t)cairn_signal(hole_g);
	cairn_signal(done_c[i]);
	park();
}

KTEST(tcb_set_fault_handler_gets_cap_fault_and_retries)
{
	struct cairn_msg m = {0};

	setup();
	ep_g = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	reply_g = kt_make(CAIRN_OBJ_REPLY, 0);
	hole_g = kt_slot();
	cptr_t t = kt_thread(signal_hole, 0, 100, 0);
	KT_OK(cairn_tcb_set_fault_handler(t, ep_g));
	settle();
	KT_OK(cairn_nbrecv(ep_g, reply_g, &m));
	KT_EQ(m.label, CAIRN_FAULT_CAP);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], hole_g);
	KT_EQ(m.w[CAIRN_FAULT_CODE], CAIRN_E_EMPTY_SLOT);
	/* Fill the hole; the call is made again and works. */
	KT_OK(cairn_cnode_copy(CAIRN_ROOT_CNODE, hole_g, CAIRN_ROOT_CNODE,
			       done_c[1], CAIRN_RIGHTS_ALL, NULL));
	KT_OK(cairn_reply(reply_g, 0, 0, &m));
	KT_EQ(settled(done_n) & 3, 3);
	KT_EQ(st_g[0], CAIRN_OK);
}

KTEST(tcb_set_fault_handler_refusals_and_clearing)
{
	setup();
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	hole_g = kt_slot();
	cptr_t t = kt_thread(signal_hole, 0, 100, 0);

	KT_EQ(cairn_tcb_set_fault_handler(t, n), CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_tcb_set_fault_handler(t, kt_slot()), CAIRN_E_EMPTY_SLOT);
	KT_OK(cairn_tcb_set_fault_handler(t, e));
	KT_OK(cairn_tcb_set_fault_handler(t, 0));
	/* With no handler the failed lookup is just a status. */
	KT_EQ(settled(done_n) & 1, 1);
	KT_EQ(st_g[0], CAIRN_E_EMPTY_SLOT);
}

/* ---- priorities ---- */

KTEST(tcb_set_priority_bounded_by_authority)
{
	cptr_t t = kt_make(CAIRN_OBJ_TCB, 0);
	cptr_t a = kt_make(CAIRN_OBJ_TCB, 0); /* a new TCB: MCP 0 */
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);

	KT_EQ(cairn_tcb_set_priority(t, a, 1), CAIRN_E_NO_RIGHTS);
	KT_OK(cairn_tcb_set_priority(t, a, 0));
	KT_OK(cairn_tcb_set_mcp(a, CAIRN_ROOT_TCB, 100));
	KT_OK(cairn_tcb_set_priority(t, a, 100));
	KT_OK(cairn_tcb_set_priority(t, a, 42));
	KT_EQ(cairn_tcb_set_priority(t, a, 101), CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_tcb_set_priority(t, a, 255), CAIRN_E_NO_RIGHTS);
	/* Above 255 is out of range, whatever the authority. */
	KT_EQ(cairn_tcb_set_priority(t, a, 256), CAIRN_E_RANGE);
	KT_EQ(cairn_tcb_set_priority(t, CAIRN_ROOT_TCB, 256), CAIRN_E_RANGE);
	KT_EQ(cairn_tcb_set_priority(t, CAIRN_ROOT_TCB, ~0ul), CAIRN_E_RANGE);
	KT_OK(cairn_tcb_set_priority(t, CAIRN_ROOT_TCB, 255));
	/* The authority must be a TCB. */
	KT_EQ(cairn_tcb_set_priority(t, e, 1), CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_tcb_set_priority(t, kt_slot(), 1), CAIRN_E_EMPTY_SLOT);
	/* A thread may be its own authority. */
	KT_OK(cairn_tcb_set_priority(a, a, 100));
	KT_EQ(cairn_tcb_set_priority(a, a, 101), CAIRN_E_NO_RIGHTS);
}

KTEST(tcb_set_mcp_bounded_by_authority)
{
	cptr_t t = kt_make(CAIRN_OBJ_TCB, 0);
	cptr_t a = kt_make(CAIRN_OBJ_TCB, 0);
	cptr_t x = kt_make(CAIRN_OBJ_TCB, 0);

	KT_EQ(cairn_tcb_set_mcp(t, a, 1), CAIRN_E_NO_RIGHTS);
	KT_OK(cairn_tcb_set_mcp(t, a, 0));
	KT_OK(cairn_tcb_set_mcp(a, CAIRN_ROOT_TCB, 50));
	KT_OK(cairn_tcb_set_mcp(t, a, 50));
	KT_EQ(cairn_tcb_set_mcp(t, a, 51), CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_tcb_set_mcp(t, CAIRN_ROOT_TCB, 256), CAIRN_E_RANGE);
	/* t's MCP of 50 now bounds what it may give. */
	KT_OK(cairn_tcb_set_priority(x, t, 50));
	KT_EQ(cairn_tcb_set_priority(x, t, 51), CAIRN_E_NO_RIGHTS);
	KT_OK(cairn_tcb_set_mcp(x, t, 50));
	/* Lowering an MCP takes the authority away. */
	KT_OK(cairn_tcb_set_mcp(t, CAIRN_ROOT_TCB, 10));
	KT_EQ(cairn_tcb_set_priority(x, t, 11), CAIRN_E_NO_RIGHTS);
	KT_OK(cairn_tcb_set_priority(x, t, 10));
	/* The root's own MCP is 255. */
	KT_OK(cairn_tcb_set_mcp(x, CAIRN_ROOT_TCB, 255));
	KT_OK(cairn_tcb_set_priority(t, x, 255));
}

/* ---- registers ---- */

KTEST(tcb_registers_refused_on_self)
{
	word_t regs[CAIRN_REG_COUNT] = {0};
	cptr_t me = kt_slot();

	KT_EQ(cairn_tcb_read_registers(CAIRN_ROOT_TCB, 1, regs),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(cairn_tcb_write_registers(CAIRN_ROOT_TCB, 0, 1, regs),
	      CAIRN_E_ILLEGAL_OPERATION);
	/* Through a copy of its own TCB capability too. */
	KT_OK(cairn_cnode_copy(CAIRN_ROOT_CNODE, me, CAIRN_ROOT_CNODE,
			       CAIRN_ROOT_TCB, CAIRN_RIGHTS_ALL, NULL));
	int st = cairn_tcb_read_registers(me, 3, regs);
	int st2 = cairn_tcb_write_registers(me, 1, 3, regs);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, me));
	KT_EQ(st, CAIRN_E_ILLEGAL_OPERATION);
	KT_EQ(st2, CAIRN_E_ILLEGAL_OPERATION);
}

KTEST(tcb_register_count_range)
{
	cptr_t t = kt_make(CAIRN_OBJ_TCB, 0);
	word_t regs[CAIRN_REG_COUNT + 1] = {0};

	KT_EQ(cairn_tcb_read_registers(t, 0, regs), CAIRN_E_RANGE);
	KT_EQ(cairn_tcb_read_registers(t, CAIRN_REG_COUNT + 1, regs),
	      CAIRN_E_RANGE);
	KT_EQ(cairn_tcb_read_registers(t, 1000, regs), CAIRN_E_RANGE);
	KT_EQ(cairn_tcb_write_registers(t, 0, 0, regs), CAIRN_E_RANGE);
	KT_EQ(cairn_tcb_write_registers(t, 0, CAIRN_REG_COUNT + 1, regs),
	      CAIRN_E_RANGE);
	KT_OK(cairn_tcb_read_registers(t, 1, regs));
	KT_OK(cairn_tcb_read_registers(t, CAIRN_REG_COUNT, regs));
	KT_OK(cairn_tcb_write_registers(t, 0, 1, regs));
	KT_OK(cairn_tcb_write_registers(t, 0, CAIRN_REG_COUNT, regs));
}

KTEST(tcb_write_registers_and_resume_runs_code)
{
	struct th t;

	setup();
	prep(&t);
	KT_OK(configure(&t, 0, ipc_addr(&t)));
	KT_OK(cairn_tcb_set_priority(t.tcb, CAIRN_ROOT_TCB, 100));
	KT_OK(set_entry(&t, record_arg, 0x5151, 1));
	KT_EQ(settled(done_n) & 1, 1);
	KT_EQ(st_g[0], 0x5151);
	/* Once it waits, point it elsewhere and start it again. */
	settle();
	st_g[0] = NOT_YET;
	KT_OK(cairn_tcb_suspend(t.tcb));
	KT_OK(set_entry(&t, record_arg, 0x6262, 1));
	KT_EQ(settled(done_n) & 1, 1);
	KT_EQ(st_g[0], 0x6262);
}

KTEST(tcb_read_registers_of_blocked_thread)
{
	struct th t;
	word_t regs[CAIRN_REG_COUNT];

	setup();
	ntfn_g = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	prep(&t);
	KT_OK(configure(&t, 0, ipc_addr(&t)));
	KT_OK(cairn_tcb_set_priority(t.tcb, CAIRN_ROOT_TCB, 100));
	KT_OK(set_entry(&t, waiter, 0, 1));
	settle();
	KT_OK(cairn_tcb_read_registers(t.tcb, CAIRN_REG_COUNT, regs));
	KT_TRUE(regs[CAIRN_REG_IP] >= 0x400000 &&
		regs[CAIRN_REG_IP] < CAIRN_USER_TOP);
	KT_TRUE(regs[CAIRN_REG_SP] > t.base &&
		regs[CAIRN_REG_SP] < t.base + 2 * 4096);
	KT_EQ(regs[KT_REG_IPCBUF], ipc_addr(&t));
	KT_TRUE(kt_user_flags(regs[KT_REG_FLAGS]));
	/* Reading did not wake it. */
	KT_EQ(st_g[0], NOT_YET);
	cptr_t b = kt_mint(ntfn_g, CAIRN_RIGHTS_ALL, 0x8);
	KT_OK(cairn_signal(b));
	KT_EQ(settled(done_n) & 1, 1);
	KT_EQ(st_g[0], CAIRN_OK);
	KT_EQ(badge_g[0], 0x8);
}

/* ---- suspend and resume ---- */

KTEST(tcb_suspend_stops_running_thread)
{
	setup();
	cptr_t t = kt_thread(spinner, 0, 100, 0);
	KT_EQ(wait_or_idle(1), 1);
	KT_OK(cairn_tcb_suspend(t));
	word_t c1 = count_g;
	KT_TRUE(c1 >= 2000);
	/* Lower threads run now: it must not. */
	settle();
	KT_EQ(count_g, c1);
	KT_OK(cairn_tcb_resume(t));
	KT_EQ(wait_or_idle(1), 1);
	KT_TRUE(count_g > c1);
	KT_OK(cairn_tcb_suspend(t));
}

KTEST(tcb_suspend_queued_thread_before_it_runs)
{
	setup();
	cptr_t t = kt_thread(record_arg, 99, 100, 0);
	KT_OK(cairn_tcb_suspend(t));
	settle();
	KT_EQ(st_g[0], NOT_YET);
	KT_OK(cairn_tcb_resume(t));
	KT_EQ(settled(done_n) & 1, 1);
	KT_EQ(st_g[0], 99);
}

KTEST(tcb_suspend_takes_receiver_off_endpoint)
{
	struct cairn_msg m = {0};

	setup();
	ep_g = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t t = kt_thread(receiver, 0, 100, 0);
	settle();
	KT_OK(cairn_tcb_suspend(t));
	KT_EQ(cairn_nbsend(ep_g, 1, 0, &m), CAIRN_E_WOULD_BLOCK);
	KT_EQ(st_g[0], NOT_YET);
}

KTEST(tcb_suspend_takes_sender_off_endpoint)
{
	struct cairn_msg m = {0};

	setup();
	ep_g = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t t = kt_thread(sender, 0, 100, 0);
	settle();
	KT_OK(cairn_tcb_suspend(t));
	KT_EQ(cairn_nbrecv(ep_g, 0, &m), CAIRN_E_WOULD_BLOCK);
	KT_EQ(st_g[0], NOT_YET);
}

KTEST(tcb_resume_after_suspend_in_recv_restarts_it)
{
	struct cairn_msg m = {0};

	setup();
	ep_g = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t t = kt_thread(receiver, 0, 100, 0);
	settle();
	KT_OK(cairn_tcb_suspend(t));
	KT_OK(cairn_tcb_resume(t));
	settle();
	/*
	 * A thread stopped in a blocking call and resumed waits again (it
	 * makes the call again, docs/abi.md); it must not return from recv
	 * with a status it never got.
	 */
	KT_EQ(st_g[0], NOT_YET);
	KT_OK(cairn_nbsend(ep_g, 42, 0, &m));
	KT_EQ(settled(done_n) & 1, 1);
	KT_EQ(st_g[0], CAIRN_OK);
	KT_EQ(label_g[0], 42);
}

/* ---- notifications bound to threads ---- */

KTEST(tcb_bind_notification_refusals)
{
	cptr_t t = kt_make(CAIRN_OBJ_TCB, 0);
	cptr_t t2 = kt_make(CAIRN_OBJ_TCB, 0);
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t n2 = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t e = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t wo = kt_mint(n2, CAIRN_RIGHT_WRITE, 0);

	KT_EQ(cairn_tcb_unbind_notification(t), CAIRN_E_ILLEGAL_OPERATION);
	KT_OK(cairn_tcb_bind_notification(t, n));
	KT_EQ(cairn_tcb_bind_notification(t, n2), CAIRN_E_IN_USE);
	KT_EQ(cairn_tcb_bind_notification(t, n), CAIRN_E_IN_USE);
	KT_EQ(cairn_tcb_bind_notification(t2, n), CAIRN_E_IN_USE);
	KT_EQ(cairn_tcb_bind_notification(t2, wo), CAIRN_E_NO_RIGHTS);
	KT_EQ(cairn_tcb_bind_notification(t2, e), CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_tcb_bind_notification(t2, kt_slot()), CAIRN_E_EMPTY_SLOT);
	KT_EQ(cairn_tcb_unbind_notification(t2), CAIRN_E_ILLEGAL_OPERATION);
	KT_OK(cairn_tcb_unbind_notification(t));
	KT_EQ(cairn_tcb_unbind_notification(t), CAIRN_E_ILLEGAL_OPERATION);
	/* Both are free again. */
	KT_OK(cairn_tcb_bind_notification(t2, n));
	KT_OK(cairn_tcb_bind_notification(t, n2));
}

KTEST(tcb_bound_notification_wakes_endpoint_receiver)
{
	setup();
	ep_g = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ntfn_g = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t t = kt_thread(receiver, 0, 100, 0);
	KT_OK(cairn_tcb_bind_notification(t, ntfn_g));
	settle();
	KT_EQ(st_g[0], NOT_YET);
	KT_OK(cairn_signal(kt_mint(ntfn_g, CAIRN_RIGHT_WRITE, 0x30)));
	KT_EQ(settled(done_n) & 1, 1);
	KT_EQ(st_g[0], CAIRN_OK);
	KT_EQ(label_g[0], CAIRN_LABEL_NOTIFICATION);
	KT_EQ(badge_g[0], 0x30);
}

KTEST(tcb_bound_notification_pending_before_recv)
{
	word_t bits = 0;

	setup();
	ep_g = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ntfn_g = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t t = kt_thread(receiver, 0, 100, 0);
	KT_OK(cairn_tcb_bind_notification(t, ntfn_g));
	KT_OK(cairn_signal(kt_mint(ntfn_g, CAIRN_RIGHT_WRITE, 0x5)));
	KT_EQ(settled(done_n) & 1, 1);
	KT_EQ(st_g[0], CAIRN_OK);
	KT_EQ(label_g[0], CAIRN_LABEL_NOTIFICATION);
	KT_EQ(badge_g[0], 0x5);
	/* The word was taken. */
	KT_EQ(cairn_poll(ntfn_g, &bits), CAIRN_E_WOULD_BLOCK);
}

KTEST(tcb_unbound_notification_no_longer_wakes_receiver)
{
	struct cairn_msg m = {0};
	word_t bits = 0;

	setup();
	ep_g = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	ntfn_g = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t t = kt_thread(receiver, 0, 100, 0);
	KT_OK(cairn_tcb_bind_notification(t, ntfn_g));
	KT_OK(cairn_tcb_unbind_notification(t));
	settle();
	KT_OK(cairn_signal(kt_mint(ntfn_g, CAIRN_RIGHT_WRITE, 0x2)));
	settle();
	KT_EQ(st_g[0], NOT_YET);
	KT_OK(cairn_poll(ntfn_g, &bits));
	KT_EQ(bits, 0x2);
	KT_OK(cairn_nbsend(ep_g, 9, 0, &m));
	KT_EQ(settled(done_n) & 1, 1);
	KT_EQ(label_g[0], 9);
}

KTEST(tcb_deleting_bound_notification_unbinds)
{
	cptr_t t = kt_make(CAIRN_OBJ_TCB, 0);
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t n2 = kt_make(CAIRN_OBJ_NOTIFICATION, 0);

	KT_OK(cairn_tcb_bind_notification(t, n));
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, n));
	KT_OK(cairn_tcb_bind_notification(t, n2));
}

KTEST(tcb_deleting_tcb_unbinds_notification)
{
	cptr_t t = kt_make(CAIRN_OBJ_TCB, 0);
	cptr_t t2 = kt_make(CAIRN_OBJ_TCB, 0);
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);

	KT_OK(cairn_tcb_bind_notification(t, n));
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, t));
	KT_EQ(kt_type(t), CAIRN_OBJ_NULL);
	KT_OK(cairn_tcb_bind_notification(t2, n));
}

/* ---- names ---- */

KTEST(tcb_set_name_and_list_threads)
{
	setup();
	ntfn_g = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t t = kt_thread(waiter, 0, 100, 0);
	cptr_t idle = kt_make(CAIRN_OBJ_TCB, 0);

	KT_OK(cairn_tcb_set_name(t, "kt-waiter"));
	KT_OK(cairn_tcb_set_name(idle, "a-name-longer-than-fifteen"));
	KT_OK(cairn_tcb_set_name(idle, ""));
	settle();
	KT_OK(cairn_debug_list_threads());
	KT_EQ(st_g[0], NOT_YET);
}

/* ---- deleting TCBs ---- */

KTEST(tcb_delete_blocked_receiver)
{
	struct cairn_msg m = {0};

	setup();
	ep_g = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t t = kt_thread(receiver, 0, 100, 0);
	cptr_t t2 = kt_thread(receiver, 1, 100, 0);
	settle();
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, t));
	KT_EQ(kt_type(t), CAIRN_OBJ_NULL);
	/* The other receiver is still queued, and gets the message. */
	KT_OK(cairn_nbsend(ep_g, 5, 0, &m));
	KT_EQ(settled(done_n) & 2, 2);
	KT_EQ(label_g[1], 5);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, t2));
	KT_EQ(cairn_nbsend(ep_g, 6, 0, &m), CAIRN_E_WOULD_BLOCK);
	KT_EQ(st_g[0], NOT_YET);
}

KTEST(tcb_delete_blocked_sender)
{
	struct cairn_msg m = {0};

	setup();
	ep_g = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	cptr_t t = kt_thread(sender, 0, 100, 0);
	cptr_t t2 = kt_thread(caller, 1, 100, 0);
	settle();
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, t));
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, t2));
	KT_EQ(cairn_nbrecv(ep_g, 0, &m), CAIRN_E_WOULD_BLOCK);
}

KTEST(tcb_delete_thread_waiting_on_notification)
{
	word_t bits = 0;

	setup();
	ntfn_g = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t t = kt_thread(waiter, 0, 100, 0);
	settle();
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, t));
	/* Nobody waits: the bit stays pending. */
	KT_OK(cairn_signal(kt_mint(ntfn_g, CAIRN_RIGHT_WRITE, 0x11)));
	KT_OK(cairn_poll(ntfn_g, &bits));
	KT_EQ(bits, 0x11);
}

static void
holding_server(word_t i)
{
	struct cairn_msg m = {0};

	st_g[i] = (word_t)cairn_recv(ep_g, reply_g, &m);
	label_g[i] = m.label;
	cairn_signal(done_c[i]);
	park();
}

KTEST(tcb_delete_caller_waiting_for_reply)
{
	struct cairn_msg m = {0};

	setup();
	ep_g = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	reply_g = kt_make(CAIRN_OBJ_REPLY, 0);
	kt_thread(holding_server, 0, 150, 0);
	cptr_t c = kt_thread(caller, 1, 100, 0);
	KT_EQ(settled(done_n) & 1, 1);
	KT_EQ(label_g[0], 21);
	settle();
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, c));
	KT_EQ(cairn_reply(reply_g, 0, 0, &m), CAIRN_E_NO_REPLY);
}

KTEST(tcb_reply_reaches_caller_held_by_server)
{
	struct cairn_msg m = {0};

	setup();
	ep_g = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	reply_g = kt_make(CAIRN_OBJ_REPLY, 0);
	kt_thread(holding_server, 0, 150, 0);
	kt_thread(caller, 1, 100, 0);
	KT_EQ(settled(done_n) & 1, 1);
	settle();
	KT_EQ(st_g[1], NOT_YET);
	/* Anyone holding the reply object may answer. */
	KT_OK(cairn_reply(reply_g, 0x33, 0, &m));
	KT_EQ(settled(done_n) & 2, 2);
	KT_EQ(st_g[1], CAIRN_OK);
	KT_EQ(label_g[1], 0x33);
	KT_EQ(cairn_reply(reply_g, 0, 0, &m), CAIRN_E_NO_REPLY);
}

KTEST(tcb_delete_running_thread_stops_it)
{
	setup();
	cptr_t t = kt_thread(spinner, 0, 100, 0);
	KT_EQ(wait_or_idle(1), 1);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, t));
	word_t c1 = count_g;
	settle();
	KT_EQ(count_g, c1);
}

KTEST(tcb_delete_copy_leaves_thread_running)
{
	setup();
	cptr_t t = kt_thread(spinner, 0, 100, 0);
	cptr_t c = kt_mint(t, CAIRN_RIGHTS_ALL, 0);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, c));
	KT_EQ(wait_or_idle(1), 1);
	word_t c1 = count_g;
	KT_EQ(wait_or_idle(1), 1);
	KT_TRUE(count_g > c1);
	KT_OK(cairn_tcb_suspend(t));
}

/*
 * A thread configuring itself: its old CSpace goes before the new one
 * is in place, so the kernel must not look the arguments up again in
 * it.  The thread moves into a CNode of 16 slots (a guard of 60 bits)
 * holding its two notifications, and goes on from there.
 */
static cptr_t self_tcb_g, self_cnode_g;
static volatile word_t self_st_g = NOT_YET;

static void
reconfigure_self(word_t i)
{
	word_t b;

	(void)i;
	self_st_g = (word_t)cairn_tcb_configure(self_tcb_g, 0, self_cnode_g, 60,
						CAIRN_ROOT_VSPACE, 0, 0);
	cairn_signal(1); /* done_c[0], in slot 1 of the new CSpace */
	for (;;) {
		cairn_wait(2, &b); /* park_n, in slot 2 */
	}
}

KTEST(tcb_configure_self_into_a_new_cspace)
{
	setup();
	self_cnode_g = kt_make(CAIRN_OBJ_CNODE, 4);
	KT_OK(cairn_cnode_copy(self_cnode_g, 1, CAIRN_ROOT_CNODE, done_c[0],
			       CAIRN_RIGHTS_ALL, NULL));
	KT_OK(cairn_cnode_copy(self_cnode_g, 2, CAIRN_ROOT_CNODE, park_n,
			       CAIRN_RIGHTS_ALL, NULL));
	self_st_g = NOT_YET;
	self_tcb_g = kt_thread(reconfigure_self, 0, 100, 0);
	KT_EQ(settled(done_n) & 1, 1);
	KT_EQ(self_st_g, CAIRN_OK);
}

static volatile word_t landed_g;

static void
landing(void)
{
	landed_g = 1;
	for (;;) {
		cairn_yield();
	}
}

static void
ntfn_waiter(word_t n)
{
	word_t b;

	cairn_wait(n, &b);
	for (;;) {
		cairn_yield();
	}
}

/*
 * A thread blocked in a system call whose registers are then written is
 * no longer in that call: suspending it must not move the written
 * instruction pointer back over a system-call instruction that is not
 * there.
 */
KTEST(tcb_suspend_after_write_registers_keeps_the_written_rip)
{
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	word_t rip = (word_t)landing;

	landed_g = 0;
	cptr_t t = kt_thread(ntfn_waiter, n, 255, 0);
	cairn_yield(); /* it runs, and blocks in its wait */
	KT_OK(cairn_tcb_write_registers(t, 0, 1, &rip));
	KT_OK(cairn_tcb_suspend(t));
	KT_OK(cairn_tcb_resume(t));
	cairn_yield();
	KT_EQ(landed_g, 1);
	KT_OK(cairn_tcb_suspend(t));
}

static const uint64_t fpu_in[2] = {0x1122334455667788ull,
				   0x99aabbccddeeff00ull};
static uint64_t fpu_out[4];
static volatile word_t fpu_done_g;

/* Loads v0, waits on n (still owning the registers), then stores v0 and
 * v1 (the root wrote v1 meanwhile) and parks. */
static void
fpu_user(word_t n)
{
	word_t b;

	kt_fpu_load_v0(fpu_in);
	cairn_wait(n, &b);
	kt_fpu_store_v0_v1(fpu_out);
	fpu_done_g = 1;
	for (;;) {
		cairn_wait(n, &b);
	}
}

/*
 * READ_FPU sees what a thread left in its SIMD registers, even while it
 * still owns them; WRITE_FPU's words are what the thread finds next; a
 * reserved control bit, a range past the state, no words and the
 * caller's own TCB are refused.
 */
KTEST(tcb_fpu_read_and_write)
{
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t fresh = kt_make(CAIRN_OBJ_TCB, 0);
	word_t w[CAIRN_FPU_WORDS], v1[2] = {0x0123456789abcdefull, 42};

	KT_OK(cairn_tcb_read_fpu(fresh, KT_FPU_CTL, 1, w));
	KT_EQ(kt_fpu_ctl(w[0]), KT_FPU_CTL_INITIAL);
	fpu_done_g = 0;
	cptr_t t = kt_thread(fpu_user, n, 254, 0);
	/* Below it while it runs to its wait. */
	cairn_tcb_set_priority(CAIRN_ROOT_TCB, CAIRN_ROOT_TCB, 100);
	cairn_tcb_set_priority(CAIRN_ROOT_TCB, CAIRN_ROOT_TCB, 255);
	KT_OK(cairn_tcb_read_fpu(t, 0, 62, w));
	KT_OK(cairn_tcb_read_fpu(t, 62, CAIRN_FPU_WORDS - 62, w + 62));
	KT_EQ(w[KT_FPU_V0], fpu_in[0]);
	KT_EQ(w[KT_FPU_V0 + 1], fpu_in[1]);
	KT_OK(cairn_tcb_write_fpu(t, KT_FPU_V1, 2, v1));
	word_t ctl = w[KT_FPU_CTL] | KT_FPU_CTL_OK;
	KT_OK(cairn_tcb_write_fpu(t, KT_FPU_CTL, 1, &ctl));
	word_t bad = w[KT_FPU_CTL] | KT_FPU_CTL_BAD;
	KT_EQ(cairn_tcb_write_fpu(t, KT_FPU_CTL, 1, &bad),
	      CAIRN_E_INVALID_ARGUMENT);
	KT_EQ(cairn_tcb_read_fpu(t, CAIRN_FPU_WORDS, 1, w), CAIRN_E_RANGE);
	KT_EQ(cairn_tcb_read_fpu(t, CAIRN_FPU_WORDS - 1, 2, w), CAIRN_E_RANGE);
	KT_EQ(cairn_tcb_read_fpu(t, 0, 0, w), CAIRN_E_RANGE);
	KT_EQ(cairn_tcb_read_fpu(CAIRN_ROOT_TCB, 0, 1, w),
	      CAIRN_E_ILLEGAL_OPERATION);
	KT_OK(cairn_tcb_read_fpu(t, KT_FPU_CTL, 1, w));
	KT_EQ(kt_fpu_ctl(w[0]), kt_fpu_ctl(ctl));
	cairn_signal(n);
	cairn_tcb_set_priority(CAIRN_ROOT_TCB, CAIRN_ROOT_TCB, 100);
	cairn_tcb_set_priority(CAIRN_ROOT_TCB, CAIRN_ROOT_TCB, 255);
	KT_EQ(fpu_done_g, 1);
	KT_EQ(fpu_out[0], fpu_in[0]);
	KT_EQ(fpu_out[1], fpu_in[1]);
	KT_EQ(fpu_out[2], v1[0]);
	KT_EQ(fpu_out[3], v1[1]);
	KT_OK(cairn_tcb_suspend(t));
}
