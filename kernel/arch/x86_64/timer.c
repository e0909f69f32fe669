/*
 * timer: calibration and the periodic tick.  The local APIC timer and the
 * TSC run at rates only measurement tells (QEMU 7.2's TCG has no
 * TSC-deadline mode and no CPUID leaf 0x15), so we count both across a
 * window timed by a clock of known rate.
 */
#include "timer.h"

#include "apic.h"
#include "console.h"
#include "cpu.h"
#include "mmu.h"
#include "percpu.h"
#include "trap.h"

enum {
	CAL_MS = 20,
	/* 20 ms is 2^26 cycles below 3.3 GHz; 2^34 is ages at any clock. */
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

uint64_t tsc_hz;
uint64_t lapic_timer_hz;

struct sample {
	uint64_t tsc;
	uint32_t lapic;
};

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
	s->lapic = 0xFFFFFFFF - lapic_timer_current();
}

/* Time CAL_MS with the HPET.  Returns 0, or -1 if it does not count. */
static int
measure_hpet(uint64_t phys, struct sample *s)
{
	volatile uint64_t *hpet = paging_map_mmio(phys, PAGE_SIZE);
	if (hpet == NULL) {
		return -1;
	}
	uint64_t period_fs = hpet[HPET_CAP] >> 32;

	/* The specification bounds the period at 100 ns. */
	if (period_fs == 0 || period_fs > 100000000) {
		return -1;
	}
	hpet[HPET_CONFIG] |= 1;
	uint64_t ticks = (uint64_t)CAL_MS * 1000000000000ull / period_fs;
	uint64_t c0 = hpet[HPET_COUNTER];
	sample_start(s);
	/* cppcheck-suppress duplicateExpression ; a volatile read */
	while (hpet[HPET_COUNTER] - c0 < ticks) {
		if (rdtsc() - s->tsc > GIVE_UP_CYCLES) {
			return -1; /* a counter that does not count */
		}
	}
	sample_end(s);
	return 0;
}

/* Time CAL_MS with PIT channel 2 counting down in mode 0. */
static void
measure_pit(struct sample *s)
{
	uint16_t count = PIT_HZ * CAL_MS / 1000;

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

void
timer_init(const struct acpi_info *ai)
{
	struct sample s;
	const char *source = "hpet";

	if (!ai->has_hpet || measure_hpet(ai->hpet_phys, &s) != 0) {
		source = "pit";
		measure_pit(&s);
	}
	tsc_hz = s.tsc * (1000 / CAL_MS);
	lapic_timer_hz = (uint64_t)s.lapic * (1000 / CAL_MS);
	if (lapic_timer_hz < TIMER_HZ) {
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
	 * Allow ten times the time the ticks should take, and never less
	 * than 2^35 TSC ticks (some seconds): under an emulator on a loaded
	 * host the calibration itself can be far off (a TSC measured at
	 * 47 MHz has been seen), and a slow first tick is no broken timer.
	 */
	uint64_t limit = tsc_hz / TIMER_HZ * 10 * (uint64_t)n;
	if (limit < 1ull << 35) {
		limit = 1ull << 35;
	}
	while (cpu0.ticks - start < (uint64_t)n) {
		if (rdtsc() - t0 > limit) {
			panic("timer: the local APIC timer does not interrupt");
		}
		cpu_wait_irq();
	}
	uint64_t us = (rdtsc() - t0) / (tsc_hz / 1000000 + 1);
	kprintf("timer: %d ticks in %lu us by the tsc\n", n, us);
}
