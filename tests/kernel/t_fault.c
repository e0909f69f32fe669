/*
 * Faults: page faults and their access bits, other CPU exceptions,
 * unknown system calls, capability faults; handlers that fix and resume,
 * threads with no handler, handlers that go away.
 */
#include "kt_space.h"

static cptr_t ep, rep;
static volatile word_t progress, value, flag;

#define ACCESS (CAIRN_FAULT_PRESENT | CAIRN_FAULT_WRITE | CAIRN_FAULT_FETCH)

/* Machine code that returns 42. */
static const uint8_t code42[] = KT_CODE42;

static void
setup(void)
{
	progress = 0;
	value = 0;
	flag = 0;
	ep = kt_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	ks_guard();
}

/* Faulting threads. */

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
	*(volatile word_t *)va = 0x5678;
	progress = 2;
}

static void
jumper(word_t va)
{
	progress = 1;
	value = ((word_t(*)(void))va)();
	progress = 2;
}

/* An address with its page tables but no page: the next page is mapped. */
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

/* Check the words of a fault message against the thread's registers. */
static void
check_words(cptr_t t, const struct cairn_msg *m)
{
	word_t regs[3] = {0};

	KT_EQ(m->len, CAIRN_FAULT_LENGTH);
	KT_OK(cairn_tcb_read_registers(t, 3, regs));
	KT_EQ(m->w[CAIRN_FAULT_IP], regs[CAIRN_REG_IP]);
	KT_EQ(m->w[CAIRN_FAULT_SP], regs[CAIRN_REG_SP]);
	KT_EQ(m->w[CAIRN_FAULT_FLAGS], regs[KT_REG_FLAGS]);
	KT_TRUE(kt_user_flags(m->w[CAIRN_FAULT_FLAGS]));
	KT_TRUE(m->w[CAIRN_FAULT_IP] >= 0x400000);
}

KTEST(fault_page_read_reports_access_and_resumes)
{
	struct cairn_msg m = {0};
	word_t va = hole();

	setup();
	cptr_t t = ks_thread(reader, va, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_EQ(m.badge, 0);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], va);
	KT_EQ(m.w[CAIRN_FAULT_CODE] & ACCESS, 0);
	KT_TRUE(kt_page_vector(m.w[CAIRN_FAULT_VECTOR]));
	check_words(t, &m);
	if (kt_failed) {
		return;
	}
	KT_EQ(progress, 1);
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va,
			      CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE));
	*(volatile word_t *)va = 0xABCD;
	KT_OK(cairn_reply(rep, 0, 0, &m));
	ks_settle();
	KT_EQ(progress, 2);
	KT_EQ(value, 0xABCD);
}

KTEST(fault_page_write_reports_access_and_resumes)
{
	struct cairn_msg m = {0};
	word_t va = hole();

	setup();
	ks_thread(writer, va, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], va);
	KT_EQ(m.w[CAIRN_FAULT_CODE] & ACCESS, CAIRN_FAULT_WRITE);
	kt_map_page(va);
	KT_OK(cairn_reply(rep, 0, 0, &m));
	ks_settle();
	KT_EQ(progress, 2);
	KT_EQ(*(volatile word_t *)va, 0x5678);
}

KTEST(fault_page_without_any_table)
{
	struct cairn_msg m = {0};
	word_t va = 0x6A0000000000ull; /* no PDPT there */

	setup();
	ks_thread(reader, va + 8, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], va + 8);
	KT_EQ(m.w[CAIRN_FAULT_CODE] & ACCESS, 0);
}

KTEST(fault_page_fetch_reports_access_and_resumes)
{
	struct cairn_msg m = {0};
	word_t va = hole(), rw = kt_vaddr(1);

	setup();
	ks_thread(jumper, va, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], va);
	KT_EQ(m.w[CAIRN_FAULT_IP], va);
	KT_EQ(m.w[CAIRN_FAULT_CODE] & ACCESS, CAIRN_FAULT_FETCH);
	/* Write the code through one mapping, run it through another. */
	cptr_t f = kt_map_page(rw);
	cptr_t x = kt_slot();
	memcpy((void *)rw, code42, sizeof(code42));
	KT_OK(cairn_cnode_copy(CAIRN_ROOT_CNODE, x, CAIRN_ROOT_CNODE, f,
			       CAIRN_RIGHTS_ALL, NULL));
	KT_OK(cairn_frame_map(x, CAIRN_ROOT_VSPACE, va,
			      CAIRN_RIGHT_READ | CAIRN_RIGHT_EXEC));
	KT_OK(cairn_reply(rep, 0, 0, &m));
	ks_settle();
	KT_EQ(progress, 2);
	KT_EQ(value, 42);
}

KTEST(fault_fetch_from_data_page_is_present_fetch)
{
	struct cairn_msg m = {0};
	word_t va = kt_vaddr(1);

	setup();
	cptr_t f = kt_map_page(va); /* read-write: never executable */
	memcpy((void *)va, code42, sizeof(code42));
	ks_thread(jumper, va, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], va);
	KT_EQ(m.w[CAIRN_FAULT_CODE] & ACCESS,
	      CAIRN_FAULT_PRESENT | CAIRN_FAULT_FETCH);
	/* Remap it executable, and it runs. */
	KT_OK(cairn_frame_unmap(f));
	KT_OK(cairn_frame_map(f, CAIRN_ROOT_VSPACE, va,
			      CAIRN_RIGHT_READ | CAIRN_RIGHT_EXEC));
	KT_OK(cairn_reply(rep, 0, 0, &m));
	ks_settle();
	KT_EQ(progress, 2);
	KT_EQ(value, 42);
}

KTEST(fault_write_to_code_is_present_write)
{
	struct cairn_msg m = {0};

	setup();
	ks_thread(writer, (word_t)writer, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], (word_t)writer);
	KT_EQ(m.w[CAIRN_FAULT_CODE] & ACCESS,
	      CAIRN_FAULT_PRESENT | CAIRN_FAULT_WRITE);
	KT_EQ(progress, 1);
}

KTEST(fault_without_handler_thread_stays_stopped)
{
	word_t va = hole();
	word_t regs[1] = {0}, again[1] = {0};

	progress = 0;
	cptr_t t = ks_thread(writer, va, 100, 0);
	ks_settle();
	KT_EQ(progress, 1);
	KT_OK(cairn_tcb_read_registers(t, 1, regs));
	ks_settle();
	ks_settle();
	/* No progress: it stays at the faulting instruction. */
	KT_EQ(progress, 1);
	KT_OK(cairn_tcb_read_registers(t, 1, again));
	KT_EQ(again[0], regs[0]);
	/* Once the page is there, resuming re-executes the write. */
	kt_map_page(va);
	KT_OK(cairn_tcb_resume(t));
	ks_settle();
	KT_EQ(progress, 2);
	KT_EQ(*(volatile word_t *)va, 0x5678);
}

KTEST(fault_handler_without_write_right_is_no_handler)
{
	struct cairn_msg m = {0};
	cptr_t ro = kt_slot();
	word_t va = hole();

	setup();
	KT_OK(cairn_cnode_copy(CAIRN_ROOT_CNODE, ro, CAIRN_ROOT_CNODE, ep,
			       CAIRN_RIGHT_READ | CAIRN_RIGHT_GRANT, NULL));
	ks_thread(reader, va, 100, ro);
	ks_settle();
	KT_EQ(progress, 1);
	KT_EQ(cairn_nbrecv(ep, rep, &m), CAIRN_E_WOULD_BLOCK);
}

KTEST(fault_handler_set_after_the_fault)
{
	struct cairn_msg m = {0};
	word_t va = hole();

	setup();
	cptr_t t = ks_thread(writer, va, 100, 0);
	ks_settle();
	KT_EQ(progress, 1);
	KT_OK(cairn_tcb_set_fault_handler(t, ep));
	KT_OK(cairn_tcb_resume(t));
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], va);
	kt_map_page(va);
	KT_OK(cairn_reply(rep, 0, 0, &m));
	ks_settle();
	KT_EQ(progress, 2);
}

KTEST(fault_handler_badge_names_the_thread)
{
	cptr_t b1 = kt_slot(), b2 = kt_slot();
	cptr_t rep2 = kt_make(CAIRN_OBJ_REPLY, 0);
	word_t va1 = hole(), va2 = hole();
	struct cairn_msg m1 = {0}, m2 = {0};

	setup();
	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, b1, CAIRN_ROOT_CNODE, ep,
			       CAIRN_RIGHT_WRITE, 1, NULL));
	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, b2, CAIRN_ROOT_CNODE, ep,
			       CAIRN_RIGHT_WRITE, 2, NULL));
	ks_thread(reader, va1, 100, b1);
	ks_thread(reader, va2, 100, b2);
	KT_OK(cairn_recv(ep, rep, &m1));
	KT_OK(cairn_recv(ep, rep2, &m2));
	KT_EQ(m1.badge, 1);
	KT_EQ(m1.w[CAIRN_FAULT_ADDR], va1);
	KT_EQ(m2.badge, 2);
	KT_EQ(m2.w[CAIRN_FAULT_ADDR], va2);
	/* Answer both, the second first. */
	kt_map_page(va1);
	kt_map_page(va2);
	KT_OK(cairn_reply(rep2, 0, 0, &m2));
	KT_OK(cairn_reply(rep, 0, 0, &m1));
	ks_settle();
	KT_EQ(progress, 2);
	KT_EQ(cairn_nbrecv(ep, rep, &m1), CAIRN_E_WOULD_BLOCK);
}

static void
ud2_thread(word_t arg)
{
	(void)arg;
	progress = 1;
	kt_undefined_instruction();
	progress = 2;
}

KTEST(fault_invalid_opcode_resumed_after_rip_changed)
{
	struct cairn_msg m = {0};

	setup();
	cptr_t t = ks_thread(ud2_thread, 0, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_EXCEPTION);
	KT_TRUE(kt_undefined_vector(m.w[CAIRN_FAULT_VECTOR]));
	KT_EQ(m.w[CAIRN_FAULT_CODE], 0);
	check_words(t, &m);
	if (kt_failed) {
		return;
	}
	word_t ip = m.w[CAIRN_FAULT_IP];
	KT_TRUE(kt_at_undefined(ip));
	/* Replying unchanged executes it again: the same fault. */
	KT_OK(cairn_reply(rep, 0, 0, &m));
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_EXCEPTION);
	KT_EQ(m.w[CAIRN_FAULT_IP], ip);
	KT_EQ(progress, 1);
	/* Step over it. */
	word_t rip = ip + KT_UNDEFINED_LEN;
	KT_OK(cairn_tcb_write_registers(t, 0, 1, &rip));
	KT_OK(cairn_reply(rep, 0, 0, &m));
	ks_settle();
	KT_EQ(progress, 2);
}

/* The registers an unknown system call is made with: distinct words. */
static const struct cairn_regs sys_regs = {
    0x11, 0x22, 0x33, {0x101, 0x102, 0x103, 0x104, 5, 6, 7, 8}};

static void
unknown_syscall(word_t n)
{
	struct cairn_regs r = sys_regs;

	progress = 1;
	value = kt_unknown_syscall(n, &r);
	flag = (KT_ANSWER_IN_CAP || r.cap == sys_regs.cap) &&
	       r.info == sys_regs.info;
	for (int i = 0; i < 8; i++) {
		flag = flag && r.mr[i] == sys_regs.mr[i];
	}
	progress = 2;
}

/*
 * Check an unknown system call's fault message from thread t: number n,
 * and words 2-7 the six argument registers, as it made the call with
 * them (sys_regs) and as READ_REGISTERS sees them.
 */
static void
check_syscall_words(cptr_t t, const struct cairn_msg *m, word_t n)
{
	word_t regs[CAIRN_REG_COUNT] = {0};

	KT_EQ(m->label, CAIRN_FAULT_UNKNOWN_SYSCALL);
	KT_EQ(m->len, CAIRN_FAULT_SYSCALL_LENGTH);
	KT_EQ(m->w[CAIRN_FAULT_NUMBER], n);
	KT_OK(cairn_tcb_read_registers(t, CAIRN_REG_COUNT, regs));
	KT_EQ(m->w[CAIRN_FAULT_IP], regs[CAIRN_REG_IP]);
	for (int i = 0; i < 6; i++) {
		KT_EQ(m->w[CAIRN_FAULT_ARG0 + i], kt_syscall_arg(&sys_regs, i));
		KT_EQ(m->w[CAIRN_FAULT_ARG0 + i], regs[kt_syscall_arg_reg(i)]);
	}
}

/* How an unknown system call's fault reaches its handler. */
enum how {
	WAITING,      /* the handler waits: the fast path, if built */
	WAITING_SLOW, /* the same with the fast path off */
	QUEUED,	      /* the fault waits on the endpoint for the handler */
};

static void
unknown_syscall_body(word_t n, enum how how)
{
	struct cairn_msg m = {0};

	setup();
	cptr_t t = ks_thread(unknown_syscall, n, 100, ep);
	if (how == QUEUED) {
		ks_settle();
		KT_EQ(progress, 1);
	}
	if (how == WAITING_SLOW) {
		cairn_debug_fastpath(0);
	}
	int st = cairn_recv(ep, rep, &m);
	cairn_debug_fastpath(1);
	KT_OK(st);
	check_syscall_words(t, &m, n);
	if (kt_failed) {
		return;
	}
	/* It stopped after the system-call instruction. */
	KT_TRUE(kt_at_syscall(m.w[CAIRN_FAULT_IP] - KT_SYSCALL_LEN));
	KT_EQ(progress, 1);
	m.w[0] = 0x1234;
	m.w[1] = 0x9999;
	KT_OK(cairn_reply(rep, 0, 2, &m));
	ks_settle();
	KT_EQ(progress, 2);
	KT_EQ(value, 0x1234); /* the reply's word 0 */
	KT_EQ(flag, 1);	      /* every other register kept */
}

KTEST(fault_unknown_syscall_returns_reply_word)
{
	unknown_syscall_body(5, WAITING);
}

/* The arguments arrive by every way: the fast path, the slow path to a
 * waiting handler, and a fault queued before the handler receives. */
KTEST(fault_unknown_syscall_carries_arguments_every_way)
{
	unknown_syscall_body(0x3F, WAITING);
	if (!kt_failed) {
		unknown_syscall_body(0x3F, WAITING_SLOW);
	}
	if (!kt_failed) {
		unknown_syscall_body(0x3F, QUEUED);
	}
}

KTEST(fault_unknown_syscall_large_numbers)
{
	unknown_syscall_body(0, WAITING);
	if (!kt_failed) {
		unknown_syscall_body(1ull << 40, WAITING);
	}
	if (!kt_failed) {
		unknown_syscall_body(0x7FFFFFFFFFFFFFFFull, WAITING);
	}
}

KTEST(fault_unknown_syscall_without_handler_stops)
{
	progress = 0;
	ks_thread(unknown_syscall, 5, 100, 0);
	ks_settle();
	ks_settle();
	KT_EQ(progress, 1);
}

/*
 * A thread taken off its unknown system call before the handler answers
 * (suspended while queued or while handled) makes the call again when
 * resumed: the handler sees it once more, with the same words.
 */
static void
unknown_syscall_suspended(int queued)
{
	struct cairn_msg m = {0};

	setup();
	cptr_t t = ks_thread(unknown_syscall, 0x3F, 100, ep);
	ks_settle();
	KT_EQ(progress, 1);
	if (!queued) {
		KT_OK(cairn_recv(ep, rep, &m));
	}
	KT_OK(cairn_tcb_suspend(t));
	if (!queued) {
		KT_EQ(cairn_reply(rep, 0, 0, &m), CAIRN_E_NO_REPLY);
	}
	KT_EQ(cairn_nbrecv(ep, rep, &m), CAIRN_E_WOULD_BLOCK);
	KT_OK(cairn_tcb_resume(t));
	KT_OK(cairn_recv(ep, rep, &m));
	check_syscall_words(t, &m, 0x3F);
	m.w[0] = 0x4321;
	KT_OK(cairn_reply(rep, 0, 1, &m));
	ks_settle();
	KT_EQ(progress, 2);
	KT_EQ(value, 0x4321);
	KT_EQ(flag, 1);
	KT_EQ(cairn_nbrecv(ep, rep, &m), CAIRN_E_WOULD_BLOCK);
}

KTEST(fault_unknown_syscall_suspended_is_made_again)
{
	unknown_syscall_suspended(1);
	if (!kt_failed) {
		unknown_syscall_suspended(0);
	}
}

KTEST(fault_negative_unknown_syscall_is_an_error_not_a_fault)
{
	struct cairn_msg m = {0};

	setup();
	ks_thread(unknown_syscall, (word_t)-10, 100, ep);
	ks_settle();
	KT_EQ(progress, 2);
	KT_EQ(value, CAIRN_E_INVALID_SYSCALL);
	KT_EQ(cairn_nbrecv(ep, rep, &m), CAIRN_E_WOULD_BLOCK);
}

static void
cap_signaller(word_t x)
{
	progress = 1;
	value = cairn_signal(x);
	progress = 2;
}

KTEST(fault_capability_fault_then_call_made_again)
{
	struct cairn_msg m = {0};
	cptr_t x = kt_slot();
	word_t bits = 0;

	setup();
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	ks_thread(cap_signaller, x, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_CAP);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], x);
	KT_EQ(m.w[CAIRN_FAULT_CODE], CAIRN_E_EMPTY_SLOT);
	/* The instruction pointer is the system call, to be made again. */
	KT_TRUE(kt_at_syscall(m.w[CAIRN_FAULT_IP]));
	KT_EQ(progress, 1);
	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, x, CAIRN_ROOT_CNODE, n,
			       CAIRN_RIGHT_WRITE, 0x21, NULL));
	KT_OK(cairn_reply(rep, 0, 0, &m));
	ks_settle();
	KT_EQ(progress, 2);
	KT_OK(value);
	KT_OK(cairn_poll(n, &bits));
	KT_EQ(bits, 0x21);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, x));
}

static void
cap_waiter(word_t x)
{
	word_t b = 0;

	progress = 1;
	value = cairn_wait(x, &b);
	flag = b;
	progress = 2;
}

KTEST(fault_capability_fault_on_receive)
{
	struct cairn_msg m = {0};
	cptr_t x = kt_slot();

	setup();
	cptr_t n = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	ks_thread(cap_waiter, x, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_CAP);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], x);
	KT_EQ(m.w[CAIRN_FAULT_CODE], CAIRN_E_EMPTY_SLOT);
	KT_OK(cairn_cnode_copy(CAIRN_ROOT_CNODE, x, CAIRN_ROOT_CNODE, n,
			       CAIRN_RIGHTS_ALL, NULL));
	cptr_t b = kt_slot();
	KT_OK(cairn_cnode_mint(CAIRN_ROOT_CNODE, b, CAIRN_ROOT_CNODE, n,
			       CAIRN_RIGHT_WRITE, 0x400, NULL));
	KT_OK(cairn_signal(b));
	KT_OK(cairn_reply(rep, 0, 0, &m));
	ks_settle();
	KT_EQ(progress, 2);
	KT_OK(value);
	KT_EQ(flag, 0x400);
}

KTEST(fault_capability_fault_repeats_until_fixed)
{
	struct cairn_msg m = {0};
	word_t x = 1ull << 60; /* the guard does not match */

	setup();
	ks_thread(cap_signaller, x, 100, ep);
	for (int i = 0; i < 3; i++) {
		KT_OK(cairn_recv(ep, rep, &m));
		KT_EQ(m.label, CAIRN_FAULT_CAP);
		KT_EQ(m.w[CAIRN_FAULT_ADDR], x);
		KT_EQ(m.w[CAIRN_FAULT_CODE], CAIRN_E_INVALID_CAP);
		KT_OK(cairn_reply(rep, 0, 0, &m));
	}
	KT_EQ(progress, 1);
}

KTEST(fault_capability_lookup_without_handler_is_an_error)
{
	progress = 0;
	ks_thread(cap_signaller, kt_slot(), 100, 0);
	ks_settle();
	KT_EQ(progress, 2);
	KT_EQ(value, CAIRN_E_EMPTY_SLOT);
}

static void
wrong_type_receiver(word_t cap)
{
	struct cairn_msg m = {0};

	progress = 1;
	value = cairn_recv(cap, 0, &m);
	progress = 2;
}

KTEST(fault_wrong_capability_type_is_an_error_not_a_fault)
{
	struct cairn_msg m = {0};

	setup();
	ks_thread(wrong_type_receiver, CAIRN_ROOT_TCB, 100, ep);
	ks_settle();
	KT_EQ(progress, 2);
	KT_EQ(value, CAIRN_E_INVALID_CAP);
	KT_EQ(cairn_nbrecv(ep, rep, &m), CAIRN_E_WOULD_BLOCK);
}

/* Load from va with two scratch registers set (kt_scratch_load). */
static void
rax_reader(word_t va)
{
	progress = 1;
	kt_scratch_load(va);
	progress = 2;
}

KTEST(fault_handler_deleted_while_thread_waits_to_send)
{
	word_t va = hole();

	setup();
	cptr_t t = ks_thread(reader, va, 100, ep);
	/* The thread's own copy is the endpoint's last capability. */
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, ep));
	ks_settle();
	KT_EQ(progress, 1); /* queued on the endpoint, nobody receives */
	KT_OK(cairn_tcb_set_fault_handler(t, 0));
	/* It faults again, now with no handler: stopped. */
	ks_settle();
	ks_settle();
	KT_EQ(progress, 1);
	kt_map_page(va);
	KT_OK(cairn_tcb_resume(t));
	ks_settle();
	KT_EQ(progress, 2);
}

KTEST(fault_handler_deleted_keeps_thread_registers)
{
	word_t va = hole();
	word_t regs[KT_REG_SCRATCH1 + 1] = {0};

	setup();
	cptr_t t = ks_thread(rax_reader, va, 100, ep);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, ep));
	ks_settle();
	KT_OK(cairn_tcb_read_registers(t, KT_REG_SCRATCH1 + 1, regs));
	KT_EQ(regs[KT_REG_SCRATCH0], 0x1111);
	KT_EQ(regs[KT_REG_SCRATCH1], 0x2222);
	KT_OK(cairn_tcb_set_fault_handler(t, 0));
	ks_settle();
	KT_EQ(progress, 1);
	/* The thread was not in a system call: its registers are its own. */
	KT_OK(cairn_tcb_read_registers(t, KT_REG_SCRATCH1 + 1, regs));
	KT_EQ(regs[KT_REG_SCRATCH0], 0x1111);
	KT_EQ(regs[KT_REG_SCRATCH1], 0x2222);
}

KTEST(fault_reply_object_deleted_thread_faults_again)
{
	struct cairn_msg m = {0};
	word_t va = hole();
	word_t regs[KT_REG_SCRATCH1 + 1] = {0};

	setup();
	cptr_t t = ks_thread(rax_reader, va, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.w[CAIRN_FAULT_ADDR], va);
	KT_OK(cairn_cnode_delete(CAIRN_ROOT_CNODE, rep));
	rep = kt_make(CAIRN_OBJ_REPLY, 0);
	/* The fault is still unhandled: it comes again. */
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], va);
	KT_EQ(progress, 1);
	KT_OK(cairn_tcb_read_registers(t, KT_REG_SCRATCH1 + 1, regs));
	KT_EQ(regs[KT_REG_SCRATCH0], 0x1111);
	KT_EQ(regs[KT_REG_SCRATCH1], 0x2222);
	kt_map_page(va);
	KT_OK(cairn_reply(rep, 0, 0, &m));
	ks_settle();
	KT_EQ(progress, 2);
}

KTEST(fault_suspended_while_handled_faults_again_on_resume)
{
	struct cairn_msg m = {0};
	word_t va = hole();

	setup();
	cptr_t t = ks_thread(reader, va, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_OK(cairn_tcb_suspend(t));
	/* The reply object lost its caller. */
	KT_EQ(cairn_reply(rep, 0, 0, &m), CAIRN_E_NO_REPLY);
	KT_OK(cairn_tcb_resume(t));
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], va);
	kt_map_page(va);
	KT_OK(cairn_reply(rep, 0, 0, &m));
	ks_settle();
	KT_EQ(progress, 2);
}

/* A fault in another address space, fixed by mapping a page there. */
static void
child_writer(word_t va)
{
	*(volatile word_t *)va = 0x77;
	value = *(volatile word_t *)va + 1;
	progress = 2;
}

KTEST(fault_in_another_address_space)
{
	static struct ks_space sp;
	struct cairn_msg m = {0};

	setup();
	KT_OK(ks_space_make(&sp));
	KT_OK(ks_space_start(&sp, child_writer, KS_FREE, 100, ep));
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], KS_FREE);
	KT_EQ(m.w[CAIRN_FAULT_CODE] & ACCESS, CAIRN_FAULT_WRITE);
	KT_TRUE(m.w[CAIRN_FAULT_SP] > KS_STACK);
	KT_TRUE(m.w[CAIRN_FAULT_SP] <= KS_STACK + 2 * 4096);
	cptr_t f = kt_make(CAIRN_OBJ_FRAME, 12);
	KT_OK(ks_space_map(&sp, f, KS_FREE,
			   CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE));
	KT_OK(cairn_reply(rep, 0, 0, &m));
	ks_settle();
	KT_EQ(progress, 2);
	KT_EQ(value, 0x78);
}

/* An undefined instruction, then an unknown system call (x 0) or a
 * capability fault on cptr x. */
static void
ud2_then_syscall(word_t x)
{
	struct cairn_regs r = sys_regs;

	progress = 1;
	kt_undefined_instruction();
	progress = 2;
	value = x == 0 ? kt_unknown_syscall(6, &r) : (word_t)cairn_signal(x);
	progress = 3;
}

/* Start ud2_then_syscall(x) as *t; take its exception and restart it
 * past the instruction without a reply, so that its vector stays behind. */
static void
ud2_then_restart(word_t x, cptr_t *t)
{
	struct cairn_msg m = {0};

	*t = ks_thread(ud2_then_syscall, x, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_TRUE(kt_undefined_vector(m.w[CAIRN_FAULT_VECTOR]));
	word_t rip = m.w[CAIRN_FAULT_IP] + KT_UNDEFINED_LEN;
	KT_OK(cairn_tcb_write_registers(*t, 0, 1, &rip));
	KT_OK(cairn_tcb_suspend(*t));
	KT_OK(cairn_tcb_resume(*t));
}

/*
 * An exception whose handler never replied leaves nothing behind: an
 * unknown system call after it has no vector word (word 3 is its second
 * argument), and the vector word of a capability fault after it is 0.
 */
KTEST(fault_vector_is_zero_for_syscall_faults)
{
	struct cairn_msg m = {0};
	cptr_t t, x = kt_slot();

	setup();
	ud2_then_restart(0, &t);
	if (kt_failed) {
		return;
	}
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(progress, 2);
	check_syscall_words(t, &m, 6);
	if (kt_failed) {
		return;
	}
	KT_EQ(m.w[CAIRN_FAULT_ARG0 + 1], sys_regs.info);
	m.w[0] = 0x77;
	KT_OK(cairn_reply(rep, 0, 1, &m));
	ks_settle();
	KT_EQ(progress, 3);
	KT_EQ(value, 0x77);
	ud2_then_restart(x, &t);
	if (kt_failed) {
		return;
	}
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(progress, 2);
	KT_EQ(m.label, CAIRN_FAULT_CAP);
	KT_EQ(m.len, CAIRN_FAULT_LENGTH);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], x);
	KT_EQ(m.w[CAIRN_FAULT_VECTOR], 0);
}

static void
fault_then_send(word_t va)
{
	struct cairn_msg m = {0};

	progress = 1;
	value = *(volatile word_t *)va;
	progress = 2;
	m.w[0] = 123;
	flag = cairn_send(rep, 7, 1, &m); /* rep: the test's endpoint */
	progress = 3;
}

/*
 * A handler receiving with no reply object leaves the faulting thread
 * stopped.  Resumed later, it is an ordinary thread again: its next
 * send is its own message, not the old fault.
 */
KTEST(fault_handler_without_reply_object_then_resume)
{
	struct cairn_msg m = {0};
	word_t va = hole();

	setup();
	rep = kt_make(CAIRN_OBJ_ENDPOINT, 0); /* where it sends after */
	cptr_t t = ks_thread(fault_then_send, va, 100, ep);
	KT_OK(cairn_recv(ep, 0, &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], va);
	ks_settle();
	KT_EQ(progress, 1); /* stopped */
	kt_map_page(va);
	KT_OK(cairn_tcb_resume(t));
	m.label = 0;
	KT_OK(cairn_recv(rep, 0, &m));
	KT_EQ(progress, 2);
	KT_EQ(m.label, 7);
	KT_EQ(m.len, 1);
	KT_EQ(m.w[0], 123);
	ks_settle();
	KT_OK(flag);
	KT_EQ(progress, 3);
}

KTEST(fault_access_to_the_kernel_half_is_a_page_fault)
{
	struct cairn_msg m = {0};
	word_t va = 0xFFFF800000001000ull; /* the kernel's: present */

	setup();
	ks_thread(reader, va, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], va);
	KT_EQ(m.w[CAIRN_FAULT_CODE] & CAIRN_FAULT_WRITE, 0);
	KT_EQ(progress, 1);
	ks_thread(writer, 0xFFFFFFFF80000000ull, 100, ep);
	KT_OK(cairn_recv(ep, kt_make(CAIRN_OBJ_REPLY, 0), &m));
	KT_EQ(m.label, CAIRN_FAULT_PAGE);
	KT_EQ(m.w[CAIRN_FAULT_ADDR], 0xFFFFFFFF80000000ull);
	KT_TRUE(m.w[CAIRN_FAULT_CODE] & CAIRN_FAULT_WRITE);
}

KTEST(fault_handler_cannot_resume_into_the_kernel)
{
	struct cairn_msg m = {0};
	static const word_t bad[] = {CAIRN_USER_TOP, 0x0000800000000000ull,
				     0xFFFF800000000000ull, ~0ull};

	setup();
	cptr_t t = ks_thread(ud2_thread, 0, 100, ep);
	KT_OK(cairn_recv(ep, rep, &m));
	KT_TRUE(kt_undefined_vector(m.w[CAIRN_FAULT_VECTOR]));
	for (int i = 0; i < 4; i++) {
		KT_EQ(cairn_tcb_write_registers(t, 0, 1, &bad[i]),
		      CAIRN_E_INVALID_ARGUMENT);
	}
	word_t rip = 0;
	KT_OK(cairn_tcb_read_registers(t, 1, &rip));
	KT_EQ(rip, m.w[CAIRN_FAULT_IP]);
	rip += KT_UNDEFINED_LEN;
	KT_OK(cairn_tcb_write_registers(t, 0, 1, &rip));
	KT_OK(cairn_reply(rep, 0, 0, &m));
	ks_settle();
	KT_EQ(progress, 2);
}
