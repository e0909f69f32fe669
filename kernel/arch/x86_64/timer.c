/*
 * timer: calibration and the periodic tick.  The local APIC timer runs at
 * a rate only measurement tells, so we count it, and the TSC, across two
 * windows of half a millisecond timed by a clock of known rate: the HPET,
 * else PIT channel 2.  The two windows must agree (an emulator that its
 * host stalled in one would not) and the TSC's figure must be sane, or
 * the pair is measured again.  Where CPUID leaf 0x15 (or 0x16) states the
 * TSC's rate, that exact figure is used once the windows confirm it;
 * QEMU 7.2's TCG has neither leaf, so there the windows' figure stands.
 * No wait halts: under QEMU's -icount a halted CPU lets guest time run
 * with the host's clock, which a loaded host stretches.
 */
#include "timer.h"

#include "apic.h"
#include "console.h"
#include "cpu.h"
#include "mmu.h"
#include "percpu.h"
#include "trap.h"

enum {
	CAL_US = 500,	    /* one calibration window; they come in pairs */
	CAL_TRIES = 4,	    /* pairs before an odd figure is kept */
	STEADY_PPM = 5000,  /* the two windows of a pair within 0.5% */
	STATED_PPM = 20000, /* CPUID and the windows within 2% */
	CHECK_HZ = 20000,   /* the tick rate while the boot check counts */
	/* 1 ms is 2^22 cycles below 4 GHz; 2^34 is ages at any clock. */
	GIVE_UP_CYCLES_LOG2 = 34,
	PIT_HZ = 1193182,
	PIT_CH2 = 0x42,
	PIT_CMD = 0x43,
	PIT_GATE = 0x61,
	HPET_CAP = 0x00 / 8,
	HPET_CONFIG = 0x10 / 8,
	HPET_COUNTER = 0xF0 / 8,
};

#define GIVE_UP_CYCLES (1ull << GIVE_UP_CYCLES_LOG2)
#define FS_PER_S       1000000000000000ull
/* A TSC slower or faster than this is a miscount, not a clock. */
#define TSC_MIN_HZ 100000000ull	  /* 100 MHz */
#define TSC_MAX_HZ 20000000000ull /* 20 GHz */

uint64_t tsc_hz;
uint64_t lapic_timer_hz;

/* What one window counted: TSC cycles, APIC timer counts, and the
 * reference clock's ticks at ref_hz. */
struct sample {
	uint64_t tsc;
	uint64_t lapic;
	uint64_t ref;
	uint64_t ref_hz;
};

static volatile uint64_t *hpet;
static uint64_t hpet_hz; /* from its period, checked by hpet_start() */

static void
sample_start(struct sample *s)
{
	lapic_timer_oneshot(0xFFFFFFFF);
	s->tsc = rdtsc();
}

static void
sample_end(struct sample *s)
{
	s->tsc = rdtsc() - s->tsc;
	s->lapic = 0xFFFFFFFFu - lapic_timer_current();
}

/* Map the HPET and start its counter; NULL if it is unusable. */
static volatile uint64_t *
hpet_start(uint64_t phys)
{
	volatile uint64_t *h = paging_map_mmio(phys, PAGE_SIZE);
	if (h == NULL) {
		return NULL;
	}
	uint64_t period_fs = h[HPET_CAP] >> 32;

	/* The specification bounds the period at 100 ns. */
	if (period_fs == 0 || period_fs > 100000000) {
		return NULL;
	}
	hpet_hz = FS_PER_S / period_fs;
	h[HPET_CONFIG] |= 1;
	return h;
}

/* Time CAL_US with the HPET.  Returns 0, or -1 if it does not count. */
static int
measure_hpet(struct sample *s)
{
	s->ref_hz = hpet_hz;
	uint64_t ticks = s->ref_hz * CAL_US / 1000000;
	sample_start(s);
	uint64_t c0 = hpet[HPET_COUNTER];
	do {
		s->ref = hpet[HPET_COUNTER] - c0;
		if (rdtsc() - s->tsc > GIVE_UP_CYCLES) {
			return -1; /* a counter that does not count */
		}
	} while (s->ref < ticks);
	sample_end(s);
	return 0;
}

/* Time CAL_US with PIT channel 2 counting down in mode 0. */
static void
measure_pit(struct sample *s)
{
	uint16_t count = (uint16_t)(PIT_HZ * (uint64_t)CAL_US / 1000000);

	s->ref_hz = PIT_HZ;
	s->ref = count;
	/* Gate high, speaker off; channel 2, lobyte/hibyte, mode 0. */
	outb(PIT_GATE, (inb(PIT_GATE) & ~0x02) | 0x01);
	outb(PIT_CMD, 0xB0);
	outb(PIT_CH2, count & 0xFF);
	outb(PIT_CH2, count >> 8);
	sample_start(s);
	/* OUT2 (bit 5) goes high when the count reaches zero. */
	while (!(inb(PIT_GATE) & 0x20)) {
		if (rdtsc() - s->tsc > GIVE_UP_CYCLES) {
			panic("timer: PIT channel 2 never finished counting");
		}
	}
	sample_end(s);
}

/* One window by the HPET if it counts, else by the PIT; say which. */
static const char *
measure(struct sample *s)
{
	if (hpet != NULL && measure_hpet(s) == 0) {
		return "hpet";
	}
	hpet = NULL;
	measure_pit(s);
	return "pit";
}

/* A rate in Hz from count events over the sample's window. */
static uint64_t
rate(const struct sample *s, uint64_t count)
{
	return s->ref == 0 ? 0 : count * s->ref_hz / s->ref;
}

/* Do a and b agree within ppm parts per million of b? */
static bool
agree(uint64_t a, uint64_t b, uint64_t ppm)
{
	uint64_t d = a > b ? a - b : b - a;
	return d <= b / 1000000 * ppm;
}

/*
 * Two windows in a row, summed into s; *steady says whether their TSC
 * figures agree (a host that stalled the emulator in one window makes
 * them differ).  Returns the source's name.
 */
static const char *
measure_pair(struct sample *s, bool *steady)
{
	struct sample a;
	const char *first = measure(&a);
	const char *second = measure(s);

	*steady = first == second &&
		  agree(rate(&a, a.tsc), rate(s, s->tsc), STEADY_PPM);
	if (first == second) {
		s->tsc += a.tsc;
		s->lapic += a.lapic;
		s->ref += a.ref;
	}
	return second;
}

/*
 * The TSC's rate as CPUID states it, or 0: leaf 0x15 gives the crystal
 * and the TSC's ratio to it; where the crystal is left out, leaf 0x16's
 * base frequency is the TSC's nominal rate.
 */
static uint64_t
cpuid_tsc_hz(void)
{
	uint32_t r[4], crystal = 0, num = 0, den = 0;

	cpuid(0, 0, r);
	uint32_t max = r[0];
	if (max >= 0x15) {
		cpuid(0x15, 0, r);
		den = r[0];
		num = r[1];
		crystal = r[2];
	}
	if (den != 0 && num != 0 && crystal != 0) {
		return (uint64_t)crystal * num / den;
	}
	if (max >= 0x16) {
		cpuid(0x16, 0, r);
		return (uint64_t)(r[0] & 0xFFFF) * 1000000;
	}
	return 0;
}

static bool
sane(uint64_t hz)
{
	return hz >= TSC_MIN_HZ && hz <= TSC_MAX_HZ;
}

/*
 * Measure pairs of windows until the two agree, the TSC's figure is sane
 * and it agrees with CPUID's (when CPUID has one), at most CAL_TRIES
 * pairs; set tsc_hz and lapic_timer_hz.  Return the name of the source.
 */
static const char *
calibrate(uint64_t stated)
{
	struct sample s;
	const char *source = "none";
	uint64_t measured = 0;
	bool steady = false;

	bool ok = false;

	/* A first pair can be off under an emulator: translating the loop
	 * takes host time in one window and not the other. */
	for (int i = 0; i < CAL_TRIES && !ok; i++) {
		source = measure_pair(&s, &steady);
		measured = rate(&s, s.tsc);
		lapic_timer_hz = rate(&s, s.lapic);
		ok = steady && sane(measured) &&
		     (stated == 0 || agree(stated, measured, STATED_PPM));
	}
	if (!ok) {
		kprintf("timer: after %d pairs of windows the %s counts the "
			"tsc at %lu kHz%s; keeping that\n",
			CAL_TRIES, source, measured / 1000,
			steady ? "" : ", the two windows apart");
	}
	tsc_hz = measured;
	if (stated != 0 && agree(stated, measured, STATED_PPM)) {
		tsc_hz = stated;
		kprintf("timer: the tsc's rate is cpuid's, which the %s "
			"confirms\n",
			source);
	} else if (stated != 0) {
		kprintf("timer: cpuid says the tsc runs at %lu kHz; "
			"trusting the measurement\n",
			stated / 1000);
	}
	return source;
}

void
timer_init(const struct acpi_info *ai)
{
	hpet = ai->has_hpet ? hpet_start(ai->hpet_phys) : NULL;
	uint64_t stated = cpuid_tsc_hz();
	const char *source = calibrate(sane(stated) ? stated : 0);

	if (tsc_hz < 1000000) {
		panic("timer: the TSC does not count");
	}
	if (lapic_timer_hz < CHECK_HZ) {
		panic("timer: the local APIC timer does not count");
	}
	kprintf("timer: calibrated by the %s: tsc %lu.%03lu MHz, "
		"apic timer %lu.%03lu MHz, tick %u Hz\n",
		source, tsc_hz / 1000000, tsc_hz / 1000 % 1000,
		lapic_timer_hz / 1000000, lapic_timer_hz / 1000 % 1000,
		TIMER_HZ);
	lapic_timer_periodic(VEC_TIMER, (uint32_t)(lapic_timer_hz / TIMER_HZ));
}

void
timer_check(int n)
{
	uint64_t start = cpu0.ticks;
	uint64_t t0 = rdtsc();

	/*
	 * The check ticks at CHECK_HZ, so it costs half a millisecond, not a
	 * tenth of a second; it spins rather than halts, as under QEMU's
	 * -icount a halt lets guest time run with the host's clock, which a
	 * loaded host stretches.  Allow ten times the time the ticks should
	 * take, and never less than 2^35 TSC ticks (some seconds): under an
	 * emulator on a loaded host the calibration itself can be far off (a
	 * TSC measured at 47 MHz has been seen), and a slow first tick is no
	 * broken timer.
	 */
	lapic_timer_periodic(VEC_TIMER, (uint32_t)(lapic_timer_hz / CHECK_HZ));
	uint64_t limit = tsc_hz / CHECK_HZ * 10 * (uint64_t)n;
	if (limit < 1ull << 35) {
		limit = 1ull << 35;
	}
	while (cpu0.ticks - start < (uint64_t)n) {
		if (rdtsc() - t0 > limit) {
			panic("timer: the local APIC timer does not interrupt");
		}
		/* The interrupt window: after the nop, before the cli. */
		__asm__ volatile("sti; nop; cli" ::: "memory");
	}
	uint64_t us = (rdtsc() - t0) / (tsc_hz / 1000000 + 1);
	lapic_timer_periodic(VEC_TIMER, (uint32_t)(lapic_timer_hz / TIMER_HZ));
	kprintf("timer: %d ticks in %lu us by the tsc\n", n, us);
}
