/*
 * bench: system calls and IPC, timed through the register-only calls of
 * ipcasm.h.
 *
 * The IPC figures come from one loop: the client stamps (t0) and calls a
 * waiting server; the server stamps on arrival (a0) and again just before
 * its reply-recv (a1), and sends both stamps back; the client stamps
 * once the call returns (t3).  ipc_call is a0 - t0, ipc_replyrecv t3 - a1,
 * ipc_roundtrip t3 - t0.  ipc_call_long is ipc_call with all eight
 * register words.  fault_roundtrip: a thread makes an unknown system call
 * (number 5); the kernel sends the fault to its handler, which answers at
 * once with a reply-recv; the thread resumes.
 *
 * bench_trace runs one of each, after warm-up, between calls to the
 * markers of trace.c, for tools/profile.py; then, from main.c and
 * thread.c, one map, unmap, notification round trip and thread creation.
 */
#include "bench.h"

#include "cstring.h"
#include "ipcasm.h"

static uint64_t samples[RUNS + WARMUP];
static uint64_t samples2[RUNS + WARMUP];
static uint64_t samples3[RUNS + WARMUP];
static uint64_t samples4[RUNS + WARMUP];
static cptr_t ep, rep, fault_ep, done;

/* The server: stamp the arrival, stamp again just before answering. */
static void
server(word_t arg)
{
	(void)arg;
	ipc_recv(ep, rep);
	for (;;) {
		word_t a0 = bench_now();
		word_t a1 = bench_now();
		ipc_reply_recv2(ep, rep, cairn_msginfo(0, 0, 2), a0, a1);
	}
}

/* A new endpoint with a server waiting on it in vspace; its TCB. */
static cptr_t
start_server(cptr_t vspace)
{
	ep = bench_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = bench_make(CAIRN_OBJ_REPLY, 0);
	return bench_thread_in(vspace, server, 0, 200, 0);
}

/* One call of one word: the three stamps' differences into s[i]. */
static inline void
call_once(uint64_t *s1, uint64_t *s2, uint64_t *s3, int i)
{
	word_t a0, a1;
	uint64_t t0 = bench_start();

	ipc_call1(ep, cairn_msginfo(0, 0, 1), 0, &a0, &a1);
	uint64_t t3 = bench_stop();
	s1[i] = a0 - t0;
	s2[i] = t3 - a1;
	s3[i] = t3 - t0;
}

/* One call of eight words: from the client's stamp to the arrival. */
static inline uint64_t
call_long_once(void)
{
	static const word_t w[CAIRN_MSG_REGS] = {1, 2, 3, 4, 5, 6, 7, 8};
	word_t a0;
	uint64_t t0 = bench_start();

	ipc_call8(ep, cairn_msginfo(0, 0, CAIRN_MSG_REGS), w, &a0);
	return a0 - t0;
}

static void
report(const char *kind, const char *suffix, uint64_t *s)
{
	char name[48];

	strcpy(name, "ipc_");
	strcpy(name + strlen(name), kind);
	strcpy(name + strlen(name), "_");
	strcpy(name + strlen(name), suffix);
	bench_report(name, s, RUNS + WARMUP);
}

void
bench_ipc(const char *suffix, cptr_t vspace, bool long_too)
{
	cptr_t t = start_server(vspace);

	for (int i = 0; i < RUNS + WARMUP; i++) {
		call_once(samples, samples2, samples3, i);
	}
	for (int i = 0; long_too && i < RUNS + WARMUP; i++) {
		samples4[i] = call_long_once();
	}
	cairn_tcb_suspend(t);
	report("call", suffix, samples);
	report("replyrecv", suffix, samples2);
	report("roundtrip", suffix, samples3);
	if (long_too) {
		report("call_long", suffix, samples4);
	}
}

void
bench_null(void)
{
	/*
	 * The floor is taken at the slow path's entry, which tests for it
	 * first; the fast path's entry would add its dispatch.  (The debug
	 * call returns whether the fast path is on after it.)
	 */
	cairn_debug_fastpath(0);
	for (int i = 0; i < RUNS + WARMUP; i++) {
		uint64_t t0 = bench_start();
		ipc_bare((word_t)CAIRN_SYS_DEBUG_FLOOR);
		samples[i] = bench_stop() - t0;
	}
	cairn_debug_fastpath(1);
	bench_report("syscall_sysret_floor", samples, RUNS + WARMUP);
	for (int i = 0; i < RUNS + WARMUP; i++) {
		uint64_t t0 = bench_start();
		ipc_bare((word_t)CAIRN_SYS_NULL);
		samples[i] = bench_stop() - t0;
	}
	bench_report("null_syscall", samples, RUNS + WARMUP);
	for (int i = 0; i < RUNS + WARMUP; i++) {
		uint64_t t0 = bench_start();
		cairn_yield();
		samples[i] = bench_stop() - t0;
	}
	bench_report("yield_alone", samples, RUNS + WARMUP);
}

/* The faulting thread times each unknown-syscall fault round trip. */
static void
faulter(word_t arg)
{
	(void)arg;
	for (int i = 0; i < RUNS + WARMUP; i++) {
		uint64_t t0 = bench_start();
		ipc_bare(5);
		samples[i] = bench_stop() - t0;
	}
	cairn_signal(done);
}

/*
 * The same, untimed, with the fault after the warm-up traced: the handler
 * answers it by reply-recv, as it answers all but the last.
 */
static void
trace_faulter(word_t arg)
{
	(void)arg;
	for (int i = 0; i < WARMUP; i++) {
		ipc_bare(5);
	}
	trace_begin_fault();
	ipc_bare(5);
	trace_end();
	ipc_bare(5);
	cairn_signal(done);
}

/* Run fn in vspace as a thread whose n faults this thread answers. */
static void
handle_faults(cptr_t vspace, void (*fn)(word_t), int n)
{
	word_t bits;

	if (fault_ep == 0) {
		fault_ep = bench_make(CAIRN_OBJ_ENDPOINT, 0);
		done = bench_make(CAIRN_OBJ_NOTIFICATION, 0);
		cptr_t b = bench_slot();
		/* Badged: a signal with badge 0 sets no bit. */
		cairn_cnode_mint(CAIRN_ROOT_CNODE, b, CAIRN_ROOT_CNODE, done,
				 CAIRN_RIGHTS_ALL, 1, NULL);
		done = b;
	}
	cptr_t rp = bench_make(CAIRN_OBJ_REPLY, 0);
	cptr_t t = bench_thread_in(vspace, fn, 0, 200, fault_ep);
	/* Answer each fault; the last reply lets the thread end. */
	ipc_recv(fault_ep, rp);
	for (int i = 1; i < n; i++) {
		ipc_reply_recv1(fault_ep, rp, cairn_msginfo(0, 0, 1), 0);
	}
	struct cairn_msg m = {.w = {0}};
	cairn_reply(rp, 0, 1, &m);
	cairn_wait(done, &bits);
	cairn_tcb_suspend(t); /* it would yield for ever at priority 200 */
}

void
bench_fault(cptr_t vspace)
{
	handle_faults(vspace, faulter, RUNS + WARMUP);
	bench_report("fault_roundtrip", samples, RUNS + WARMUP);
}

void
bench_trace(cptr_t vspace)
{
	word_t a0, a1;
	cptr_t t = start_server(vspace);

	for (int i = 0; i < WARMUP; i++) {
		ipc_call1(ep, cairn_msginfo(0, 0, 1), 0, &a0, &a1);
	}
	trace_begin_ipc();
	ipc_call1(ep, cairn_msginfo(0, 0, 1), 0, &a0, &a1);
	trace_end();
	cairn_tcb_suspend(t);
	for (int i = 0; i < WARMUP; i++) {
		ipc_bare((word_t)CAIRN_SYS_NULL);
	}
	trace_begin_null();
	ipc_bare((word_t)CAIRN_SYS_NULL);
	trace_end();
	handle_faults(vspace, trace_faulter, WARMUP + 2);
	trace_map();
	trace_notify(vspace);
	trace_thread();
}
