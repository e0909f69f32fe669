/*
 * bench: interrupts against the kernel's longest operations.
 *
 * The heavy work is the kernel's two longest operations: revoking 4,000
 * capabilities (copies of one endpoint), and resetting a 32 MiB Untyped
 * (16 MiB when run in place), which zeroes all of it.  Both are
 * preemptible: they look for a pending interrupt every so often.
 *
 * revoke_4000_max_irqoff and reset_32m_max_irqoff are the kernel's own
 * account (the debug capability's MAX_STRETCH) of the longest stretch it
 * ran with interrupts off between two points where it would notice one,
 * during each operation; the worst of STRETCH_RUNS runs.
 *
 * irq_latency is measured from outside the kernel, with a real device:
 * a timer the benchmark programs to interrupt after a count of its
 * periods (irqsrc.h, one per arch: x86_64's PIT, aarch64's generic
 * timer).  The method:
 *
 *  - The benchmark holds the timer and its line, bound to a
 *    notification.  A handler thread of priority 254, in an address
 *    space of its own, waits on it; everything else runs at a lower
 *    priority.
 *  - For each sample the handler arms the timer (irqsrc_arm: it acks
 *    the line, which the kernel masks from delivery to ack, and starts
 *    the count), which returns t0, a reading of the benchmark clock a
 *    fixed interval (delay) before the count starts.  The line fires
 *    count periods after that start.  The handler then waits; when it
 *    runs again it reads the clock (t1).
 *  - The expected expiry is t0 + delay + periods(count), the count in
 *    clock ticks.  delay is measured first (arming_delay): arm, spin
 *    reading the clock in user mode, and find the interrupt as the gap
 *    in the reads; the read before the gap is at most one turn of the
 *    loop (a few ticks) before the expiry, so delay is low by at most
 *    that and the latencies high by at most that.  The run prints it.
 *  - The latency is t1 less the expected expiry: the interrupt's entry,
 *    the kernel's delivery, the switch to the handler's address space
 *    and its return from the wait, plus however long the kernel kept
 *    interrupts off when it came.
 *  - The counts are pseudo-random, 20 to 1,043 periods (about 17,000 to
 *    874,000 clock ticks), so that the expiries fall at scattered points
 *    of whatever runs meanwhile.
 *  - irq_latency (median and minimum): with nothing but a thread spinning
 *    in user mode under the handler, no kernel work in the way.  Not with
 *    the processor halted: under TCG, QEMU's -icount then moves the clock
 *    on by host time, and the figure would be the host's.
 *    irq_latency_load (median and minimum) and irq_latency_worst (the
 *    worst sample, in both columns): while a thread at priority 100 does
 *    the heavy work above, round after round, so that the interrupts come
 *    in the middle of it.  The worst is the worst of IRQ_RUNS samples,
 *    not a bound; expect it near irq_latency plus the longer max_irqoff.
 *
 * Under TCG with -icount shift=0 the benchmark clock and the timer run on
 * one virtual clock (an instruction a nanosecond), so the expected
 * expiry is exact to the tick; under KVM the PIT's emulation adds jitter
 * of its own.  A sample below zero would mean the expected expiry is
 * wrong; the run says so if it sees one.
 */
#include "bench.h"

#include "fmt.h"
#include "irqsrc.h"

#define STRETCH_RUNS 10
#define COPIES	     4000
#define IRQ_WARMUP   10
#define IRQ_RUNS     1000
#define COUNT_MIN    20
#define COUNT_SPAN   1024
#define CAL_RUNS     64
#define GAP	     100 /* clock ticks: an interrupt, not the loop */
#define LOAD_PRIO    100
#define HANDLER_PRIO 254

/* The objects of the heavy work, made once and reused. */
static struct {
	cptr_t cn;     /* room for the copies */
	cptr_t e;      /* the endpoint copied */
	cptr_t big;    /* the Untyped to fill and reset */
	cptr_t frames; /* the first of its 2 MiB frames' slots, in a row */
	int mib;       /* its size */
} heavy;

static void
heavy_make(void)
{
	if (heavy.cn != 0) {
		return;
	}
	/* In place the memory is a 32 MiB Untyped: reset 16 MiB of it. */
	heavy.mib = cairn_in_place() != 0 ? 16 : 32;
	heavy.cn = bench_make(CAIRN_OBJ_CNODE, 12);
	heavy.e = bench_make(CAIRN_OBJ_ENDPOINT, 0);
	heavy.big = bench_make(CAIRN_OBJ_UNTYPED, heavy.mib == 16 ? 24 : 25);
	heavy.frames = bench_slot();
	for (int i = 1; i < heavy.mib / 2; i++) {
		bench_slot();
	}
}

/* Copy the endpoint COPIES times; revoke_copies then deletes them all. */
static void
make_copies(void)
{
	for (word_t i = 0; i < COPIES; i++) {
		cairn_cnode_copy(heavy.cn, i, CAIRN_ROOT_CNODE, heavy.e,
				 CAIRN_RIGHTS_ALL, NULL);
	}
}

static void
revoke_copies(void)
{
	cairn_cnode_revoke(CAIRN_ROOT_CNODE, heavy.e);
}

/* Fill the Untyped with 2 MiB frames and delete them: it is all used. */
static void
fill(void)
{
	cairn_untyped_retype(heavy.big, CAIRN_OBJ_FRAME, 21, CAIRN_ROOT_CNODE,
			     heavy.frames, (word_t)heavy.mib / 2, NULL);
	cairn_cnode_revoke(CAIRN_ROOT_CNODE, heavy.big);
}

/* The next retype resets (zeroes) all that was used; then start over. */
static void
reset(void)
{
	cairn_untyped_retype(heavy.big, CAIRN_OBJ_FRAME, 12, CAIRN_ROOT_CNODE,
			     heavy.frames, 1, NULL);
	cairn_cnode_revoke(CAIRN_ROOT_CNODE, heavy.big);
}

static word_t
max_stretch(void)
{
	word_t w[1] = {0};

	cairn_invoke(cairn_debug_cap, CAIRN_DEBUG_MAX_STRETCH, 0, w);
	return w[0];
}

void
bench_stretch(void)
{
	word_t revoke = 0, zero = 0;
	char name[48];

	heavy_make();
	for (int r = 0; r < STRETCH_RUNS; r++) {
		make_copies();
		max_stretch();
		revoke_copies();
		word_t s = max_stretch();
		revoke = s > revoke ? s : revoke;
		fill();
		max_stretch();
		reset();
		s = max_stretch();
		zero = s > zero ? s : zero;
	}
	bench_print("revoke_4000_max_irqoff", revoke, revoke, STRETCH_RUNS);
	fmt_snprintf(name, sizeof(name), "reset_%dm_max_irqoff", heavy.mib);
	bench_print(name, zero, zero, STRETCH_RUNS);
}

/* The notifications and the handler's samples (the line: irqsrc.h). */
static cptr_t ntfn, done;
static uint64_t lat[IRQ_WARMUP + IRQ_RUNS];
static uint64_t delay; /* from t0 to the count's start: arming_delay() */
static volatile int below_zero; /* samples before their expiry */
static volatile word_t rounds;	/* of heavy work done */
static uint64_t seed = 0x9E3779B97F4A7C15ull;

/* A count: COUNT_MIN + [0, COUNT_SPAN), pseudo-random (xorshift). */
static word_t
next_count(void)
{
	return COUNT_MIN + cairn_xorshift(&seed) % COUNT_SPAN;
}

/*
 * How long after t0 the count starts (on x86_64 the arming invocation's
 * entry, lookup and decode; irqsrc.h): arm, then read the clock in a
 * tight loop in user mode.  The interrupt, when it comes, shows as a gap
 * between two reads; the read before the gap is within a few ticks (one
 * turn of the loop) of the expiry, the count's start plus its periods.
 * A gap with nothing in the notification was something else (a timer
 * tick; under KVM, the host): keep looking.  The median of CAL_RUNS, or
 * 0 if the interrupt never came.
 */
static uint64_t
arming_delay(void)
{
	static uint64_t d[CAL_RUNS];
	word_t bits;

	for (int i = 0; i < CAL_RUNS; i++) {
		word_t count = COUNT_MIN + (word_t)i % 16;
		uint64_t p = irqsrc_periods(count);
		uint64_t t0 = irqsrc_arm(count), last = bench_now();
		for (;;) {
			uint64_t now = bench_now();
			if (now - last >= GAP &&
			    cairn_poll(ntfn, &bits) == CAIRN_OK) {
				break;
			}
			if (now - t0 > 2 * p + 100000) {
				return 0;
			}
			last = now;
		}
		d[i] = last - t0 > p ? last - t0 - p : 0;
	}
	bench_sort(d, CAL_RUNS);
	return d[CAL_RUNS / 2];
}

/* The handler: n samples (method at the top of the file), then done. */
static void
handler(word_t n)
{
	word_t bits;

	for (word_t i = 0; i < n; i++) {
		word_t count = next_count();
		uint64_t expiry =
		    irqsrc_periods(count) + delay + bench_overhead;
		uint64_t t0 = irqsrc_arm(count);
		cairn_wait(ntfn, &bits);
		uint64_t t = bench_stop() - t0;
		if (t < expiry) {
			below_zero++;
		}
		lat[i] = t > expiry ? t - expiry : 0;
	}
	cairn_signal(done);
	cairn_wait(ntfn, &bits); /* the line stays masked */
}

/* Something to run while the handler waits: user mode only. */
static void
spinner(word_t arg)
{
	(void)arg;
	for (;;) {
		__asm__ volatile("" ::: "memory");
	}
}

/* The heavy work, round after round. */
static void
load(word_t arg)
{
	(void)arg;
	for (;;) {
		make_copies();
		revoke_copies();
		fill();
		reset();
		rounds++;
	}
}

/*
 * Take the timer and its line (irqsrc.h) and bind the line to a
 * notification.  Returns 0, or -1 if they are not to be had (run in
 * place, the timer service holds them).
 */
static int
irq_take(void)
{
	if (irqsrc_take() != 0) {
		return -1;
	}
	cptr_t n = bench_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t d = bench_make(CAIRN_OBJ_NOTIFICATION, 0);
	cptr_t badged = bench_slot();
	/* Signals with badge 0 set no bit: the line and done need badges. */
	ntfn = n;
	done = bench_slot();
	cairn_cnode_mint(CAIRN_ROOT_CNODE, badged, CAIRN_ROOT_CNODE, n,
			 CAIRN_RIGHT_WRITE, 1, NULL);
	cairn_cnode_mint(CAIRN_ROOT_CNODE, done, CAIRN_ROOT_CNODE, d,
			 CAIRN_RIGHTS_ALL, 1, NULL);
	irqsrc_quiet();
	return cairn_irq_set_notification(line, badged) == CAIRN_OK ? 0 : -1;
}

/* Run the handler over n samples with busy (a thread) under it. */
static void
irq_run(cptr_t vspace, void (*busy)(word_t), int n)
{
	word_t bits;
	cptr_t b = bench_thread_in(CAIRN_ROOT_VSPACE, busy, 0, LOAD_PRIO, 0);
	cptr_t h = bench_thread_in(vspace, handler, (word_t)n, HANDLER_PRIO, 0);

	cairn_wait(done, &bits);
	cairn_tcb_suspend(h);
	cairn_tcb_suspend(b);
}

/* Print the median and minimum of lat after the warm-up; return the worst. */
static uint64_t
irq_report(const char *name)
{
	uint64_t *s = lat + IRQ_WARMUP;

	bench_sort(s, IRQ_RUNS);
	bench_print(name, s[IRQ_RUNS / 2], s[0], IRQ_RUNS);
	return s[IRQ_RUNS - 1];
}

void
bench_irq(cptr_t vspace)
{
	if (irq_take() != 0) {
		printf("bench: irq_latency skipped: no %s to be had (run in "
		       "place, the timer service holds it)\n",
		       IRQSRC_NAME);
		return;
	}
	delay = arming_delay();
	if (delay == 0) {
		printf("bench: irq_latency skipped: the %s does not "
		       "interrupt\n",
		       IRQSRC_NAME);
		irqsrc_release();
		return;
	}
	printf("bench: irq: the %s starts %lu %s after t0 (subtracted)\n",
	       IRQSRC_NAME, delay, bench_unit);
	heavy_make();
	irq_run(vspace, spinner, IRQ_WARMUP + IRQ_RUNS);
	irq_report("irq_latency");
	irq_run(vspace, load, IRQ_WARMUP + IRQ_RUNS);
	uint64_t worst = irq_report("irq_latency_load");
	bench_print("irq_latency_worst", worst, worst, IRQ_RUNS);
	printf("bench: irq: %lu rounds of heavy work under irq_latency_load\n",
	       (unsigned long)rounds);
	if (below_zero != 0) {
		printf("bench: irq: %d samples came before their expected "
		       "expiry: the clock rate is off\n",
		       below_zero);
	}
	irqsrc_release();
}
