/* apic: the legacy 8259 pair, the local APIC and the I/O APICs. */
#ifndef CAIRN_X86_APIC_H
#define CAIRN_X86_APIC_H

#include <stdbool.h>
#include <stdint.h>

#include "acpi.h"

/* Remap both 8259s out of the exception vectors and mask every line. */
void pic_disable(void);

/* Enable this CPU's local APIC at the address ACPI (or the MSR) gives. */
void lapic_init(const struct acpi_info *ai);

/* Mask every line of every I/O APIC that ACPI lists. */
void ioapic_init(const struct acpi_info *ai);

void lapic_eoi(void);

/* This CPU's local APIC id. */
uint32_t lapic_id(void);

/* Is any interrupt of vector 32 or above waiting for this CPU? */
bool lapic_irq_pending(void);

/* Does an I/O APIC serve gsi? */
bool ioapic_has(uint32_t gsi);

/* Send gsi to vector on this CPU, masked; trigger and polarity given. */
void ioapic_route(uint32_t gsi, uint8_t vector, bool level, bool active_low);

/* Mask or unmask gsi. */
void ioapic_mask(uint32_t gsi, bool masked);

/* Local APIC timer: one-shot count down from count, divider 16. */
void lapic_timer_oneshot(uint32_t count);
uint32_t lapic_timer_current(void);

/* Local APIC timer: interrupt on vector every count ticks (divider 16). */
void lapic_timer_periodic(uint8_t vector, uint32_t count);

#endif
