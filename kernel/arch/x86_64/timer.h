/* timer: the TSC's frequency and the local APIC's periodic tick. */
#ifndef CAIRN_X86_TIMER_H
#define CAIRN_X86_TIMER_H

#include <stdint.h>

#include "acpi.h"

#define TIMER_HZ 100

/* Frequencies found by timer_init(), in Hz. */
extern uint64_t tsc_hz;
extern uint64_t lapic_timer_hz; /* after the divide-by-16 */

/*
 * Measure the TSC and local APIC timer against the HPET when ACPI lists
 * one (and it counts), else against PIT channel 2; then start the
 * periodic tick at TIMER_HZ.
 */
void timer_init(const struct acpi_info *ai);

/* Wait, halted, for n ticks; print how long they took by the TSC. */
void timer_check(int n);

#endif
