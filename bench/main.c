/*
 * bench: the benchmark suite (bench.h).  Prints one line per figure:
 * "bench <name> <median> <min> <unit> <runs>".
 */
#include "bench.h"

#include "cstring.h"

const struct cairn_bootinfo *bench_bi;
uint64_t bench_overhead;
const char *bench_unit = "cycles";
static uint64_t samples[RUNS + WARMUP];
static uint64_t samples2[RUNS + WARMUP];
static uint64_t samples3[RUNS + WARMUP];

void
bench_sort(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++) {
		uint64_t x = v[i];
		int j = i;
		for (; j > 0 && v[j - 1] > x; j--) {
			v[j] = v[j - 1];
		}
		v[j] = x;
	}
}

void
bench_print(const char *name, uint64_t median, uint64_t min, int runs)
{
	printf("bench %s %lu %lu %s %d\n", name, median, min, bench_unit, runs);
}

void
bench_report(const char *name, uint64_t *s, int n)
{
	/* Drop the warm-up runs; subtract the timing's own cost. */
	uint64_t o = bench_overhead;

	s += WARMUP;
	n -= WARMUP;
	bench_sort(s, n);
	bench_print(name, s[n / 2] > o ? s[n / 2] - o : 0,
		    s[0] > o ? s[0] - o : 0, n);
}

static void
measure_overhead(void)
{
	for (int i = 0; i < RUNS + WARMUP; i++) {
		uint64_t t0 = bench_start();
		samples[i] = bench_stop() - t0;
	}
	bench_sort(samples + WARMUP, RUNS);
	bench_overhead = samples[WARMUP + RUNS / 2];
}

static void
bench_floor(void)
{
	for (int i = 0; i < RUNS + WARMUP; i++) {
		uint64_t t0 = bench_start();
		register word_t rax __asm__("rax") =
		    (word_t)CAIRN_SYS_DEBUG_FLOOR;
		__asm__ volatile("syscall" : "+r"(rax)::"rcx", "r11", "memory");
		samples[i] = bench_stop() - t0;
	}
	bench_report("syscall_sysret_floor", samples, RUNS + WARMUP);
	for (int i = 0; i < RUNS + WARMUP; i++) {
		uint64_t t0 = bench_start();
		cairn_yield();
		samples[i] = bench_stop() - t0;
	}
	bench_report("null_syscall", samples, RUNS + WARMUP);
}

static cptr_t ep, rep, n1, n2, fault_ep;

/* The server: stamp the arrival, stamp again just before answering. */
static void
server(word_t arg)
{
	struct cairn_regs r = {ep, 0, rep, {0}};

	(void)arg;
	cairn_syscall((word_t)CAIRN_SYS_RECV, &r);
	for (;;) {
		r.mr[0] = cairn_rdtsc();
		r.cap = ep;
		r.reply = rep;
		r.info = cairn_msginfo(0, 0, 2);
		r.mr[1] = cairn_rdtsc();
		cairn_syscall((word_t)CAIRN_SYS_REPLY_RECV, &r);
	}
}

static void
bench_ipc(const char *suffix, cptr_t vspace)
{
	char name[48];
	static const char *const kinds[3] = {"call", "replyrecv", "roundtrip"};
	uint64_t *figures[3] = {samples, samples2, samples3};

	ep = bench_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = bench_make(CAIRN_OBJ_REPLY, 0);
	cptr_t t = bench_thread_in(vspace, server, 0, 200, 0);
	for (int i = 0; i < RUNS + WARMUP; i++) {
		struct cairn_regs r = {ep, cairn_msginfo(0, 0, 1), 0, {0}};
		uint64_t t0 = bench_start();
		cairn_syscall((word_t)CAIRN_SYS_CALL, &r);
		uint64_t t3 = bench_stop();
		samples[i] = r.mr[0] - t0;
		samples2[i] = t3 - r.mr[1];
		samples3[i] = t3 - t0;
	}
	cairn_tcb_suspend(t);
	for (int k = 0; k < 3; k++) {
		strcpy(name, "ipc_");
		strcpy(name + strlen(name), kinds[k]);
		strcpy(name + strlen(name), "_");
		strcpy(name + strlen(name), suffix);
		bench_report(name, figures[k], RUNS + WARMUP);
	}
}

/* Touch the FPU (SSE) so that it has to be this thread's. */
static inline void
use_fpu(word_t v)
{
	/* No clobber: code built without SSE keeps nothing in xmm0. */
	__asm__ volatile("movq %0, %%xmm0" ::"r"(v));
}

static void
notify_partner(word_t fpu)
{
	word_t bits;

	for (;;) {
		cairn_wait(n1, &bits);
		if (fpu) {
			use_fpu(bits);
		}
		cairn_signal(n2);
	}
}

static void
bench_notify(cptr_t vspace)
{
	word_t bits;
	cptr_t b1 = bench_slot(), b2 = bench_slot();

	n1 = bench_make(CAIRN_OBJ_NOTIFICATION, 0);
	n2 = bench_make(CAIRN_OBJ_NOTIFICATION, 0);
	cairn_cnode_mint(CAIRN_ROOT_CNODE, b1, CAIRN_ROOT_CNODE, n1,
			 CAIRN_RIGHTS_ALL, 1, NULL);
	cairn_cnode_mint(CAIRN_ROOT_CNODE, b2, CAIRN_ROOT_CNODE, n2,
			 CAIRN_RIGHTS_ALL, 1, NULL);
	n1 = b1;
	n2 = b2;
	/* Without the FPU, then with both threads using it each time. */
	for (word_t fpu = 0; fpu < 2; fpu++) {
		cptr_t t = bench_thread_in(vspace, notify_partner, fpu, 200, 0);
		for (int i = 0; i < RUNS + WARMUP; i++) {
			uint64_t t0 = bench_start();
			cairn_signal(n1);
			cairn_wait(n2, &bits);
			if (fpu) {
				use_fpu(bits);
			}
			samples[i] = bench_stop() - t0;
		}
		cairn_tcb_suspend(t);
		bench_report(fpu ? "notify_roundtrip_fpu" : "notify_roundtrip",
			     samples, RUNS + WARMUP);
	}
}

static void
yielder(word_t arg)
{
	(void)arg;
	for (;;) {
		cairn_yield();
	}
}

static void
bench_yield(cptr_t vspace)
{
	/* Two threads of one priority in two address spaces. */
	cptr_t t = bench_thread_in(vspace, yielder, 0, 255, 0);
	for (int i = 0; i < RUNS + WARMUP; i++) {
		uint64_t t0 = bench_start();
		cairn_yield();
		samples[i] = (bench_stop() - t0) / 2;
	}
	cairn_tcb_suspend(t);
	bench_report("yield_cross_as", samples, RUNS + WARMUP);
}

/* The faulting thread times each unknown-syscall fault round trip. */
static void
faulter(word_t arg)
{
	(void)arg;
	for (int i = 0; i < RUNS + WARMUP; i++) {
		struct cairn_regs r = {0, 0, 0, {0}};
		uint64_t t0 = bench_start();
		cairn_syscall(5, &r);
		samples[i] = bench_stop() - t0;
	}
	cairn_signal(n1);
}

static void
bench_fault(cptr_t vspace)
{
	struct cairn_msg m;
	word_t bits;

	fault_ep = bench_make(CAIRN_OBJ_ENDPOINT, 0);
	rep = bench_make(CAIRN_OBJ_REPLY, 0);
	cptr_t t = bench_thread_in(vspace, faulter, 0, 200, fault_ep);
	/* Answer each of the faulter's faults; the last reply lets it end. */
	cairn_recv(fault_ep, rep, &m);
	for (int i = 1; i < RUNS + WARMUP; i++) {
		m.w[0] = 0;
		cairn_reply_recv(fault_ep, rep, 0, 1, &m);
	}
	cairn_reply(rep, 0, 1, &m);
	cairn_wait(n1, &bits);
	cairn_tcb_suspend(t); /* it would yield for ever at priority 200 */
	bench_report("fault_roundtrip", samples, RUNS + WARMUP);
}

static void
bench_map(void)
{
	cptr_t f = bench_make(CAIRN_OBJ_FRAME, 12);
	word_t va = 0x30000000;
	word_t rw = CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE;
	cptr_t pt = bench_make(CAIRN_OBJ_PAGE_TABLE, 12);

	cairn_page_table_map(pt, CAIRN_ROOT_VSPACE, va);
	for (int i = 0; i < RUNS + WARMUP; i++) {
		uint64_t t0 = bench_start();
		cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, rw);
		cairn_frame_unmap(f);
		samples[i] = bench_stop() - t0;
	}
	bench_report("map_unmap_4k", samples, RUNS + WARMUP);
}

/*
 * An I/O port write by invocation (the design's choice over the TSS I/O
 * bitmap): port 0x80, the POST code port, which nothing listens to.
 */
static void
bench_ioport(void)
{
	cptr_t p = bench_slot();

	if (cairn_ioport_issue(CAIRN_ROOT_IOPORT_CONTROL, 0x80, 0x80,
			       CAIRN_ROOT_CNODE, p) != CAIRN_OK) {
		printf("bench: cannot issue port 0x80\n");
		return;
	}
	for (int i = 0; i < RUNS + WARMUP; i++) {
		uint64_t t0 = bench_start();
		cairn_ioport_out(p, 0x80, 1, (word_t)i);
		samples[i] = bench_stop() - t0;
	}
	bench_report("ioport_out_invocation", samples, RUNS + WARMUP);
}

int main(const struct cairn_bootinfo *bi);

int
main(const struct cairn_bootinfo *bi)
{
	bench_bi = bi;
	if (strstr(bi->cmdline, "cairn.bench_unit=instructions") != NULL) {
		bench_unit = "instructions";
	}
	measure_overhead();
	printf("bench: %d runs after %d warm-up runs; timing overhead %lu "
	       "%s subtracted\n",
	       RUNS, WARMUP, bench_overhead, bench_unit);
	bench_floor();
	cptr_t other = bench_space();
	bench_ipc("cross_as", other);
	bench_ipc("same_as", CAIRN_ROOT_VSPACE);
	bench_notify(other);
	bench_yield(other);
	bench_fault(other);
	bench_map();
	bench_ioport();
	bench_thread_create();
	bench_stretch();
	bench_irq(other);
	printf("bench: done\n");
	return 0;
}
