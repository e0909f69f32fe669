/*
 * bench: the benchmark suite (bench.h).  Prints one line per figure:
 * "bench <name> <median> <min> <unit> <runs>".
 */
#include "bench.h"
#include "ipcasm.h"

#include "cstring.h"

const struct cairn_bootinfo *bench_bi;
uint64_t bench_overhead;
const char *bench_unit = "cycles";
static uint64_t samples[RUNS + WARMUP];
static uint64_t samples2[RUNS + WARMUP];
static cptr_t n1, n2;

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
bench_skip(const char *name, const char *why)
{
	printf("skip %s %s\n", name, why);
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
notify_partner(word_t fpu)
{
	for (;;) {
		word_t bits = ntfn_wait_bare(n1);
		if (fpu) {
			bench_use_fpu(bits);
		}
		ntfn_signal_bare(n2);
	}
}

/* The two notifications of the round trip, badged (n1, n2). */
static void
notify_make(void)
{
	cptr_t b1 = bench_slot(), b2 = bench_slot();

	n1 = bench_make(CAIRN_OBJ_NOTIFICATION, 0);
	n2 = bench_make(CAIRN_OBJ_NOTIFICATION, 0);
	cairn_cnode_mint(CAIRN_ROOT_CNODE, b1, CAIRN_ROOT_CNODE, n1,
			 CAIRN_RIGHTS_ALL, 1, NULL);
	cairn_cnode_mint(CAIRN_ROOT_CNODE, b2, CAIRN_ROOT_CNODE, n2,
			 CAIRN_RIGHTS_ALL, 1, NULL);
	n1 = b1;
	n2 = b2;
}

static void
bench_notify(cptr_t vspace)
{
	word_t bits;

	notify_make();
	/* Without the FPU, then with both threads using it each time. */
	for (word_t fpu = 0; fpu < 2; fpu++) {
		cptr_t t = bench_thread_in(vspace, notify_partner, fpu, 200, 0);
		for (int i = 0; i < RUNS + WARMUP; i++) {
			uint64_t t0 = bench_start();
			ntfn_signal_bare(n1);
			bits = ntfn_wait_bare(n2);
			if (fpu) {
				bench_use_fpu(bits);
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
		samples[i] = bench_stop() - t0;
		uint64_t t1 = bench_start();
		cairn_frame_unmap(f);
		samples2[i] = bench_stop() - t1;
	}
	bench_report("map_4k", samples, RUNS + WARMUP);
	bench_report("unmap_4k", samples2, RUNS + WARMUP);
	for (int i = 0; i < RUNS + WARMUP; i++) {
		uint64_t t0 = bench_start();
		cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, rw);
		cairn_frame_unmap(f);
		samples[i] = bench_stop() - t0;
	}
	bench_report("map_unmap_4k", samples, RUNS + WARMUP);
}

void
trace_notify(cptr_t vspace)
{
	notify_make();
	cptr_t t = bench_thread_in(vspace, notify_partner, 0, 200, 0);
	for (int i = 0; i < WARMUP; i++) {
		ntfn_signal_bare(n1);
		ntfn_wait_bare(n2);
	}
	trace_begin_notify();
	ntfn_signal_bare(n1);
	ntfn_wait_bare(n2);
	trace_end();
	cairn_tcb_suspend(t);
}

void
trace_map(void)
{
	cptr_t f = bench_make(CAIRN_OBJ_FRAME, 12);
	word_t va = 0x30000000;
	word_t rw = CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE;
	cptr_t pt = bench_make(CAIRN_OBJ_PAGE_TABLE, 12);

	cairn_page_table_map(pt, CAIRN_ROOT_VSPACE, va);
	for (int i = 0; i < WARMUP; i++) {
		cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, rw);
		cairn_frame_unmap(f);
	}
	trace_begin_map();
	cairn_frame_map(f, CAIRN_ROOT_VSPACE, va, rw);
	trace_end();
	trace_begin_unmap();
	cairn_frame_unmap(f);
	trace_end();
}

#include "ioport.h"

int main(const struct cairn_bootinfo *bi);

int
main(const struct cairn_bootinfo *bi)
{
	bench_bi = bi;
	if (strstr(bi->cmdline, "cairn.bench_unit=instructions") != NULL) {
		bench_unit = "instructions";
	}
	if (strstr(bi->cmdline, "cairn.bench_trace") != NULL) {
		bench_trace(bench_space());
		printf("bench: traced\n");
		return 0;
	}
	measure_overhead();
	printf("bench: %d runs after %d warm-up runs; timing overhead %lu "
	       "%s subtracted\n",
	       RUNS, WARMUP, bench_overhead, bench_unit);
	bench_null();
	/* Early: in place, the pool has room for its 2.5 MiB only now. */
	bench_scan();
	cptr_t other = bench_space();
	bench_ipc("cross_as", other, true);
	bench_ipc("same_as", CAIRN_ROOT_VSPACE, false);
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
