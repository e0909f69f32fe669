/*
 * The fast path changes no behaviour: a differential test.  Four worker
 * threads run random sequences of IPC operations (calls and reply-recvs
 * of every length, sends, receives, replies, signals to a bound
 * notification, signals and waits on another, null calls, unknown
 * system calls and page faults sent to a handler among them) once with the fast
 * path on and once with it off (the debug call CAIRN_DEBUG_FASTPATH).  Every
 * result each worker sees is logged; the logs, the workers' final registers and
 * which of them were left waiting must be the same in both runs.  The workers
 * have distinct priorities, so a timer tick changes no order: the
 * schedule follows from the operations alone.
 */
#include <stdbool.h>

#include "ktest.h"

#define NW	  4   /* workers */
#define NOPS	  160 /* operations each */
#define NLOG	  (NW * NOPS + 16)
#define NSEEDS	  6
#define WORK_PRIO 200 /* + the worker's index */
#define MAIN_PRIO 100 /* below them while they run */
#define ROOT_PRIO 255
#define BAD_VA	  0x10000ul /* never mapped in the root's space */

struct entry {
	word_t who, op, status, badge, info, mr[CAIRN_MSG_REGS];
};

/* The run's log, at one address in both runs, and both runs' copies. */
static struct entry log_now[NLOG];
static word_t nlog_now;
static struct entry logs[2][NLOG];
static word_t nlog[2];
static uint64_t seed;
static cptr_t ep[2], ep_badged[2], reply[NW], ntfn, tcb[NW];
static cptr_t ntfn2, ntfn2_badged[NW]; /* unbound; a badge per worker */
static word_t stack_top[NW];
static int fast_built; /* the kernel has a fast path (not FASTPATH=0) */

static void
record(word_t who, word_t op, word_t status, const struct cairn_regs *r)
{
	if (nlog_now < NLOG) {
		struct entry *e = &log_now[nlog_now++];
		e->who = who;
		e->op = op;
		e->status = status;
		e->badge = r->cap;
		e->info = r->info;
		memcpy(e->mr, r->mr, sizeof(e->mr));
	}
}

/*
 * One random operation of worker i; returns its system-call number.
 * Workers 0 and 1 serve endpoint 0 and 1 (0 also takes the faults);
 * 2 and 3 call either.  A server never calls and a client never
 * receives, so the workers seldom all wait at once.
 */
static word_t
make_op(word_t i, uint64_t *rng, struct cairn_regs *r)
{
	word_t k = cairn_xorshift(rng) % 2, len = cairn_xorshift(rng) % 10;
	word_t op = cairn_xorshift(rng) % 8;
	bool server = i < 2;

	memset(r, 0, sizeof(*r));
	for (int m = 0; m < CAIRN_MSG_REGS; m++) {
		r->mr[m] = cairn_xorshift(rng) & 0xFFFF;
	}
	r->cap = (cairn_xorshift(rng) & 1) ? ep_badged[k] : ep[k];
	r->reply = reply[i];
	r->info = cairn_msginfo(cairn_xorshift(rng) % 5, 0, len);
	if (cairn_xorshift(rng) % 4 != 0) {
		r->cap = server ? ep[i] : r->cap;
		return server ? (word_t)(op == 0 ? CAIRN_SYS_RECV
						 : CAIRN_SYS_REPLY_RECV)
			      : (word_t)CAIRN_SYS_CALL;
	}
	switch (op) {
	case 0:
		return (word_t)CAIRN_SYS_NBSEND;
	case 1:
		r->cap = ep[k];
		return (word_t)CAIRN_SYS_NBRECV;
	case 2:
		r->cap = reply[i];
		return (word_t)CAIRN_SYS_REPLY;
	case 3:
		r->cap = ntfn;
		return (word_t)CAIRN_SYS_SEND;
	case 4:
		return (word_t)CAIRN_SYS_NULL;
	case 5:
		return server ? (word_t)CAIRN_SYS_YIELD : 7; /* a fault */
	case 6:
		r->cap = ntfn2_badged[i];
		return (word_t)CAIRN_SYS_SEND;
	default:
		/* Only clients wait: a waiting server would stop them all. */
		r->cap = server ? ntfn2_badged[i] : ntfn2;
		return (word_t)(server ? CAIRN_SYS_SEND : CAIRN_SYS_RECV);
	}
}

static void
worker(word_t i)
{
	uint64_t rng = seed ^ (0x9E3779B97F4A7C15ull * (i + 1));

	for (word_t n = 0; n < NOPS; n++) {
		struct cairn_regs r;
		word_t op = make_op(i, &rng, &r);
		word_t st = cairn_syscall(op, &r);
		record(i, op, st, &r);
		if (i == 3 && n % 40 == 39) {
			/* A page fault; the handler's reply retries it. */
			volatile word_t *bad = (volatile word_t *)BAD_VA;
			(void)*bad;
		}
	}
	cairn_tcb_suspend(tcb[i]);
}

/* Start worker i afresh, as in the first run. */
static int
start(word_t i)
{
	word_t regs[CAIRN_REG_COUNT - 1] = {0};

	kt_regs_start(regs, (word_t)worker, stack_top[i], i, 0, 0);
	return cairn_tcb_write_registers(tcb[i], 0, CAIRN_REG_COUNT - 1, regs);
}

/* A worker's first body: never run, since run() starts it afresh. */
static void
idle(word_t arg)
{
	(void)arg;
}

/* Run every worker from the start, with the fast path on or off. */
static int
run(int fast)
{
	struct cairn_msg m;

	nlog_now = 0;
	for (word_t i = 0; i < NW; i++) {
		cairn_tcb_suspend(tcb[i]);
	}
	/* Clear the bound notification's word. */
	if (cairn_tcb_unbind_notification(tcb[0]) != CAIRN_OK) {
		return -1;
	}
	cairn_nbrecv(ntfn, 0, &m); /* E_WOULD_BLOCK if it was clear */
	cairn_nbrecv(ntfn2, 0, &m);
	if (cairn_tcb_bind_notification(tcb[0], ntfn) != CAIRN_OK) {
		return -1;
	}
	if (cairn_debug_fastpath(fast) != (fast && fast_built)) {
		return -1;
	}
	for (word_t i = 0; i < NW; i++) {
		if (start(i) != CAIRN_OK ||
		    cairn_tcb_resume(tcb[i]) != CAIRN_OK) {
			return -1;
		}
	}
	/* The workers run until each has ended or waits for good. */
	cairn_tcb_set_priority(CAIRN_ROOT_TCB, CAIRN_ROOT_TCB, MAIN_PRIO);
	cairn_tcb_set_priority(CAIRN_ROOT_TCB, CAIRN_ROOT_TCB, ROOT_PRIO);
	cairn_debug_fastpath(1);
	nlog[!fast] = nlog_now;
	memcpy(logs[!fast], log_now, sizeof(log_now));
	return 0;
}

/* The workers' registers now, into regs[NW][...]. */
static void
snapshot(word_t regs[NW][CAIRN_REG_COUNT])
{
	for (word_t i = 0; i < NW; i++) {
		memset(regs[i], 0, sizeof(regs[i]));
		cairn_tcb_read_registers(tcb[i], CAIRN_REG_COUNT, regs[i]);
	}
}

static int
same_logs(void)
{
	if (nlog[0] != nlog[1]) {
		printf("# %lu results with the fast path, %lu without\n",
		       nlog[0], nlog[1]);
		return 0;
	}
	for (word_t n = 0; n < nlog[0]; n++) {
		if (memcmp(&logs[0][n], &logs[1][n], sizeof(logs[0][n])) != 0) {
			printf("# result %lu (worker %lu, call %ld) differs: "
			       "status %lu/%lu info 0x%lx/0x%lx\n",
			       n, logs[0][n].who, (long)logs[0][n].op,
			       logs[0][n].status, logs[1][n].status,
			       logs[0][n].info, logs[1][n].info);
			return 0;
		}
	}
	return 1;
}

static int
same_regs(word_t regs[2][NW][CAIRN_REG_COUNT])
{
	for (word_t i = 0; i < NW; i++) {
		for (word_t k = 0; k < CAIRN_REG_COUNT; k++) {
			if (regs[0][i][k] != regs[1][i][k]) {
				printf("# worker %lu register %lu: 0x%lx with "
				       "the fast path, 0x%lx without\n",
				       i, k, regs[0][i][k], regs[1][i][k]);
				return 0;
			}
		}
	}
	return 1;
}

KTEST(fastpath_changes_no_behaviour)
{
	static word_t regs[2][NW][CAIRN_REG_COUNT];
	word_t total = 0;

	for (int k = 0; k < 2; k++) {
		ep[k] = kt_make(CAIRN_OBJ_ENDPOINT, 0);
		ep_badged[k] = kt_mint(ep[k], CAIRN_RIGHTS_ALL, 0x100 + k);
	}
	ntfn = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	ntfn2 = kt_make(CAIRN_OBJ_NOTIFICATION, 0);
	for (word_t i = 0; i < NW; i++) {
		ntfn2_badged[i] = kt_mint(ntfn2, CAIRN_RIGHTS_ALL, 1ul << i);
	}
	for (word_t i = 0; i < NW; i++) {
		reply[i] = kt_make(CAIRN_OBJ_REPLY, 0);
		tcb[i] = kt_thread(idle, 0, WORK_PRIO + i, ep[0]);
		word_t r[CAIRN_REG_COUNT] = {0};
		KT_OK(cairn_tcb_read_registers(tcb[i], CAIRN_REG_COUNT, r));
		stack_top[i] = r[CAIRN_REG_SP];
	}
	KT_OK(cairn_tcb_bind_notification(tcb[0], ntfn));
	fast_built = cairn_debug_fastpath(1);
	KT_TRUE(fast_built == 0 || fast_built == 1);
	for (int s = 0; s < NSEEDS; s++) {
		seed = 0x5EED0000ull + (uint64_t)s * 7919;
		KT_EQ(run(1), 0);
		snapshot(regs[0]);
		KT_EQ(run(0), 0);
		snapshot(regs[1]);
		KT_TRUE(same_logs());
		KT_TRUE(same_regs(regs));
		total += nlog[0];
	}
	/* Enough happened for the comparison to mean something. */
	printf("# %lu results compared\n", total);
	KT_TRUE(total > NSEEDS * NW * 4);
	for (word_t i = 0; i < NW; i++) {
		KT_OK(cairn_tcb_suspend(tcb[i]));
	}
}
