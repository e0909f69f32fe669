/* timer: the TSC's frequency and the local APIC's periodic tick. */
#ifndef CAIRN_X86_TIMER_H
#define CAIRN_X86_TIMER_H

#include <stdint.h>

#include "acpi.h"

#define TIMER_HZ 100

/* Frequencies found by timer_init(), in Hz. */
extern uint64_t tsc_hz;

/* The TSC at the kernel's entry (boot.S). */
extern uint64_t boot_tsc;
extern uint64_t lapic_timer_hz; /* after the divide-by-16 */

/*
 * Measure the TSC and local APIC timer across 1 ms of the HPET when ACPI
 * lists one (and it counts), else of PIT channel 2; take the TSC's rate
 * from CPUID instead where CPUID states one that the measurement
 * confirms; then start the periodic tick at TIMER_HZ.
 */
void timer_init(const struct acpi_info *ai);

/*
 * Check that the APIC timer interrupts: wait, spinning, for n ticks of a
 * fast check rate (20 kHz); print how long they took by the TSC; then
 * go back to TIMER_HZ.
 */
void timer_check(int n);

#endif
