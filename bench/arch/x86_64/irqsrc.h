/*
 * bench: the timer whose interrupt bench/irq.c times, on x86_64: the
 * PIT's channel 0 in mode 0 (interrupt on terminal count) on ISA IRQ 0
 * (the kernel finds its GSI in the ACPI overrides).  Included by irq.c
 * only; each arch has an irqsrc.h with the same functions and names.
 *
 * A count is in PIT periods (1,193,182 Hz).  The PIT loads the count
 * and starts when the write of its high byte reaches it, inside the
 * arming invocation; its output rises, and IRQ 0 fires, count periods
 * later.  irqsrc_arm reads the TSC (t0) just before that invocation, and
 * irq.c measures how long after t0 the write comes (the arming delay).
 * Under TCG with -icount shift=0 the TSC and the PIT run on one virtual
 * clock, so the expiry is exact to the tick; under KVM the PIT's
 * emulation adds jitter of its own.
 */
#ifndef CAIRN_BENCH_IRQSRC_H
#define CAIRN_BENCH_IRQSRC_H

#define IRQSRC_NAME "PIT"
#define PIT_HZ	    1193182
#define PIT_CH0	    0x40
#define PIT_CMD	    0x43
#define PIT_MODE0   0x30 /* channel 0, low then high byte, mode 0 */

static cptr_t pit, line; /* the PIT's ports, IRQ 0's handler */
static uint64_t tsc_hz;	 /* bootinfo's: the handler's space lacks the page */

/* When count PIT periods end, in TSC ticks from the PIT's start. */
static uint64_t
irqsrc_periods(word_t count)
{
	return count * tsc_hz / PIT_HZ;
}

/*
 * Ack the line and start the PIT's channel 0 counting count periods down
 * in mode 0; return t0, the TSC just before the invocation that writes
 * the count's high byte and so starts it.  Not inlined: every caller
 * takes exactly the same path from t0 to the port write.
 */
static __attribute__((noinline)) uint64_t
irqsrc_arm(word_t count)
{
	cairn_irq_ack(line);
	cairn_ioport_out(pit, PIT_CMD, 1, PIT_MODE0);
	cairn_ioport_out(pit, PIT_CH0, 1, count & 0xFF);
	uint64_t t0 = bench_start();
	cairn_ioport_out(pit, PIT_CH0, 1, count >> 8);
	return t0;
}

/*
 * Take the PIT's ports (0x40-0x43) and IRQ 0.  Returns 0, or -1 if they
 * are not to be had (no TSC rate; run in place, the timer service holds
 * them).
 */
static int
irqsrc_take(void)
{
	tsc_hz = bench_bi->tsc_hz;
	if (tsc_hz == 0) {
		return -1;
	}
	pit = bench_slot();
	line = bench_slot();
	if (cairn_ioport_issue(CAIRN_ROOT_IOPORT_CONTROL, PIT_CH0, PIT_CMD,
			       CAIRN_ROOT_CNODE, pit) != CAIRN_OK) {
		return -1;
	}
	if (cairn_irq_get(CAIRN_ROOT_IRQ_CONTROL, 0, CAIRN_ROOT_CNODE, line) !=
	    CAIRN_OK) {
		cairn_cnode_delete(CAIRN_ROOT_CNODE, pit);
		return -1;
	}
	return 0;
}

/*
 * Quiet the PIT the firmware left ticking, before the line is bound: a
 * short one-shot that ends while the line is still masked (its edge is
 * lost).
 */
static void
irqsrc_quiet(void)
{
	uint64_t t0 = irqsrc_arm(2);
	while (cairn_rdtsc() - t0 < irqsrc_periods(10)) {
		__asm__ volatile("" ::: "memory");
	}
}

/* Give the line and the ports back. */
static void
irqsrc_release(void)
{
	cairn_irq_clear(line);
	cairn_cnode_delete(CAIRN_ROOT_CNODE, line);
	cairn_cnode_delete(CAIRN_ROOT_CNODE, pit);
}

#endif
