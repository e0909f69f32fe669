/*
 * bench: the timer whose interrupt bench/irq.c times, on aarch64: the
 * generic timer's virtual timer, CNTV, on INTID 27 (PPI 11, virt's; the
 * timer service's line, so the figures are had only when it does not
 * run), programmed through its handler (SET_TIMER: EL0 may not touch
 * CNTV itself).  Included by irq.c only; each arch has an irqsrc.h with
 * the same functions and names.
 *
 * A count is in steps of STEP counter ticks (832 ns at 62.5 MHz, near
 * the PIT's period on x86_64, so that the samples spread alike).  CNTV
 * fires when the virtual count reaches CNTV_CVAL_EL0; irqsrc_arm sets
 * it count steps past the count it reads (c).  The benchmark clock is
 * the cycle counter (benchcpu.h), which QEMU's TCG runs from the virtual
 * clock at 1 GHz as it runs the counter at its frequency: R cycles a
 * counter tick, and the expiry, in cycles, is R * CVAL plus a constant
 * offset K between the two.  irqsrc_arm returns R * c plus kest, K known
 * up to a few ticks below it (irqsrc_take): the count's start as
 * t0, less a fixed interval that irq.c's arming delay measures.  Reading
 * the counter in ticks would add up to a tick of jitter to t0; CVAL is
 * exact.  Under -icount shift=0 both clocks move a nanosecond an
 * instruction, so the expiry is exact to the instruction.
 */
#ifndef CAIRN_BENCH_IRQSRC_H
#define CAIRN_BENCH_IRQSRC_H

#define IRQSRC_NAME  "virtual timer"
#define VTIMER_INTID 27		/* virt's CNTV: PPI 11 */
#define STEP	     52		/* counter ticks a period */
#define CYCLE_HZ     1000000000 /* the cycle counter's rate under TCG */
#define CNTV_OFF     (~0ull)

static cptr_t line;   /* INTID 27's handler */
static uint64_t rate; /* R: cycles a counter tick */
static uint64_t kest; /* the cycle counter less R * the count, low */

/* The virtual count, after everything before it. */
static inline uint64_t
irqsrc_count(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v)::"memory");
	return v;
}

/* Make CNTV fire at count at (CNTV_OFF: never, its line low). */
static inline void
irqsrc_set(uint64_t at)
{
	cairn_irq_set_timer(line, at);
}

/* When count steps end, in cycles from the count's start. */
static uint64_t
irqsrc_periods(word_t count)
{
	return count * STEP * rate;
}

/*
 * Turn CNTV off (its level line falls), ack the line, and set CNTV to
 * fire count steps past the count now (c); return t0 = R * c + kest, a
 * fixed interval before the count's start in cycles.  Not inlined: every
 * caller takes the same path.
 */
static __attribute__((noinline)) uint64_t
irqsrc_arm(word_t count)
{
	irqsrc_set(CNTV_OFF);
	cairn_irq_ack(line);
	uint64_t c = irqsrc_count();
	irqsrc_set(c + count * STEP);
	return c * rate + kest;
}

/*
 * Whether the cycle counter runs at CYCLE_HZ, as under QEMU's TCG
 * (within 1% over 4,096 counter ticks); elsewhere it is the processor's
 * clock, and the expiry would need its rate.
 */
static int
irqsrc_rate_ok(void)
{
	uint64_t c0 = irqsrc_count(), p0 = bench_now(), c1, p1;

	do {
		c1 = irqsrc_count();
		p1 = bench_now();
	} while (c1 - c0 < 4096);
	uint64_t want = (c1 - c0) * rate, got = p1 - p0;
	uint64_t off = got > want ? got - want : want - got;
	return off < want / 100;
}

/*
 * Take INTID 27 and find R and kest.  Returns 0, or -1 if the line is
 * not to be had (run in place, the timer service holds it) or the
 * clocks are not in a whole ratio at 1 GHz.
 */
static int
irqsrc_take(void)
{
	uint64_t hz = bench_bi->tsc_hz; /* the counter's, on aarch64 */

	if (hz == 0 || CYCLE_HZ % hz != 0) {
		return -1;
	}
	rate = CYCLE_HZ / hz;
	line = bench_slot();
	if (cairn_irq_get(CAIRN_ROOT_IRQ_CONTROL, VTIMER_INTID,
			  CAIRN_ROOT_CNODE, line) != CAIRN_OK) {
		return -1;
	}
	if (!irqsrc_rate_ok()) {
		cairn_cnode_delete(CAIRN_ROOT_CNODE, line);
		return -1;
	}
	/* p - R * c is K plus up to a tick and the read: 4 ticks below. */
	uint64_t c = irqsrc_count(), p = bench_now();
	kest = p - c * rate - 4 * rate;
	return 0;
}

/* CNTV off before the line is bound. */
static void
irqsrc_quiet(void)
{
	irqsrc_set(CNTV_OFF);
}

/* CNTV off, the line given back. */
static void
irqsrc_release(void)
{
	irqsrc_set(CNTV_OFF);
	cairn_irq_clear(line);
	cairn_cnode_delete(CAIRN_ROOT_CNODE, line);
}

#endif
