/*
 * apic: interrupt controllers.  The 8259s are remapped and masked (their
 * spurious IRQs land on harmless vectors); the local APIC takes the timer
 * and sends EOIs; the I/O APICs start with every line masked until a
 * driver is given one.  Register offsets are from the Intel SDM, vol. 3,
 * chapter 11, and the 82093AA I/O APIC datasheet.
 */
#include "apic.h"

#include "arch.h"

#include "console.h"
#include "cpu.h"
#include "mmu.h"
#include "trap.h"

enum {
	PIC1_CMD = 0x20,
	PIC1_DATA = 0x21,
	PIC2_CMD = 0xA0,
	PIC2_DATA = 0xA1,

	LAPIC_ID = 0x20,
	LAPIC_VERSION = 0x30,
	LAPIC_TPR = 0x80,
	LAPIC_EOI = 0xB0,
	LAPIC_SVR = 0xF0,
	LAPIC_ICR_LOW = 0x300,
	LAPIC_ICR_HIGH = 0x310,
	LAPIC_LVT_TIMER = 0x320,
	LAPIC_LVT_LINT0 = 0x350,
	LAPIC_LVT_LINT1 = 0x360,
	LAPIC_TIMER_INIT = 0x380,
	LAPIC_TIMER_CUR = 0x390,
	LAPIC_TIMER_DIV = 0x3E0,

	ICR_NMI = 4 << 8,
	ICR_SELF = 1 << 18,
	LVT_MASKED = 1 << 16,
	LVT_PERIODIC = 1 << 17,
	TIMER_DIV_16 = 0x3,

	APIC_BASE_EXTD = 1 << 10,
	APIC_BASE_ENABLE = 1 << 11,

	IOAPIC_VER = 0x01,
	IOAPIC_REDIR = 0x10,
};

static volatile uint32_t *lapic;

/* The I/O APICs found, mapped, with the GSIs each serves. */
static struct {
	volatile uint32_t *regs;
	uint32_t gsi_base, lines;
} ioapics[ACPI_MAX_IOAPICS];
static int nioapics;

static uint32_t
lapic_read(uint32_t reg)
{
	return lapic[reg / 4];
}

static void
lapic_write(uint32_t reg, uint32_t v)
{
	lapic[reg / 4] = v;
	(void)lapic[LAPIC_ID / 4]; /* wait for the write to land */
}

void
pic_disable(void)
{
	/* ICW1-4: cascade, vectors VEC_PIC_BASE.., slave on IRQ2, 8086. */
	outb(PIC1_CMD, 0x11);
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, VEC_PIC_BASE);
	outb(PIC2_DATA, VEC_PIC_BASE + 8);
	outb(PIC1_DATA, 4);
	outb(PIC2_DATA, 2);
	outb(PIC1_DATA, 1);
	outb(PIC2_DATA, 1);
	outb(PIC1_DATA, 0xFF);
	outb(PIC2_DATA, 0xFF);
}

void
lapic_init(const struct acpi_info *ai)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);
	uint64_t phys = base & PTE_ADDR & (phys_limit - 1);

	/* Leaving x2APIC mode for xAPIC directly is illegal (SDM 10.12.5). */
	if (base & APIC_BASE_EXTD) {
		panic("apic: the firmware left the local APIC in x2APIC mode, "
		      "which Cairn does not drive yet");
	}
	if (ai->has_madt && ai->lapic_phys != phys) {
		kprintf("apic: MADT says the local APIC is at 0x%lx; using "
			"0x%lx from the MSR\n",
			ai->lapic_phys, phys);
	}
	wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	lapic = paging_map_mmio(phys, PAGE_SIZE);
	if (lapic == NULL) {
		panic("apic: local APIC address 0x%lx is RAM or out of range",
		      phys);
	}
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_SVR, 0x100 | VEC_SPURIOUS);
	kprintf("apic: local APIC id %u version 0x%x at 0x%lx\n",
		lapic_read(LAPIC_ID) >> 24, lapic_read(LAPIC_VERSION) & 0xFF,
		phys);
}

void
arch_self_nmi(void)
{
	lapic_write(LAPIC_ICR_HIGH, 0);
	lapic_write(LAPIC_ICR_LOW, ICR_SELF | ICR_NMI);
}

static uint32_t
ioapic_read(volatile uint32_t *io, uint32_t reg)
{
	io[0] = reg;
	return io[4];
}

static void
ioapic_write(volatile uint32_t *io, uint32_t reg, uint32_t v)
{
	io[0] = reg;
	io[4] = v;
}

/* The I/O APIC serving gsi and the line's index there, or NULL. */
static volatile uint32_t *
ioapic_of(uint32_t gsi, uint32_t *line)
{
	for (int i = 0; i < nioapics; i++) {
		if (gsi >= ioapics[i].gsi_base &&
		    gsi - ioapics[i].gsi_base < ioapics[i].lines) {
			*line = gsi - ioapics[i].gsi_base;
			return ioapics[i].regs;
		}
	}
	return NULL;
}

bool
ioapic_has(uint32_t gsi)
{
	uint32_t line;

	return ioapic_of(gsi, &line) != NULL;
}

void
ioapic_route(uint32_t gsi, uint8_t vector, bool level, bool active_low)
{
	uint32_t line;
	volatile uint32_t *io = ioapic_of(gsi, &line);

	if (io == NULL) {
		return;
	}
	/* Fixed delivery to this CPU (APIC id in bits 56-63), masked. */
	ioapic_write(io, IOAPIC_REDIR + 2 * line + 1,
		     (lapic_read(LAPIC_ID) >> 24) << 24);
	ioapic_write(io, IOAPIC_REDIR + 2 * line,
		     LVT_MASKED | (level ? 1u << 15 : 0) |
			 (active_low ? 1u << 13 : 0) | vector);
}

void
ioapic_mask(uint32_t gsi, bool masked)
{
	uint32_t line;
	volatile uint32_t *io = ioapic_of(gsi, &line);

	if (io == NULL) {
		return;
	}
	uint32_t lo = ioapic_read(io, IOAPIC_REDIR + 2 * line);
	lo = masked ? lo | LVT_MASKED : lo & ~(uint32_t)LVT_MASKED;
	ioapic_write(io, IOAPIC_REDIR + 2 * line, lo);
}

uint32_t
lapic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}

bool
lapic_irq_pending(void)
{
	/* IRR: 8 registers of 32 bits at 0x200, 0x210, ... */
	for (unsigned r = 1; r < 8; r++) {
		if (lapic_read(0x200 + 0x10 * r) != 0) {
			return true;
		}
	}
	return false;
}

void
lapic_eoi(void)
{
	lapic[LAPIC_EOI / 4] = 0;
}

void
lapic_timer_oneshot(uint32_t count)
{
	lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_TIMER_INIT, count);
}

uint32_t
lapic_timer_current(void)
{
	return lapic_read(LAPIC_TIMER_CUR);
}

void
lapic_timer_periodic(uint8_t vector, uint32_t count)
{
	lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | vector);
	lapic_write(LAPIC_TIMER_INIT, count);
}

void
ioapic_init(const struct acpi_info *ai)
{
	for (int i = 0; i < ai->nioapics; i++) {
		const struct acpi_ioapic *a = &ai->ioapic[i];
		volatile uint32_t *io = paging_map_mmio(a->phys, PAGE_SIZE);
		if (io == NULL) {
			kprintf(
			    "apic: I/O APIC at 0x%lx is RAM or out of range; "
			    "ignored\n",
			    a->phys);
			continue;
		}
		uint32_t lines =
		    ((ioapic_read(io, IOAPIC_VER) >> 16) & 0xFF) + 1;
		for (uint32_t l = 0; l < lines; l++) {
			ioapic_write(io, IOAPIC_REDIR + 2 * l, LVT_MASKED);
			ioapic_write(io, IOAPIC_REDIR + 2 * l + 1, 0);
		}
		ioapics[nioapics].regs = io;
		ioapics[nioapics].gsi_base = a->gsi_base;
		ioapics[nioapics].lines = lines;
		nioapics++;
		kprintf(
		    "apic: I/O APIC id %u at 0x%lx, GSIs %u-%u, all masked\n",
		    a->id, a->phys, a->gsi_base, a->gsi_base + lines - 1);
	}
	for (int i = 0; i < ai->nisos; i++) {
		kprintf("apic: ISA IRQ %u -> GSI %u (flags 0x%x)\n",
			ai->iso[i].irq, ai->iso[i].gsi, ai->iso[i].flags);
	}
}
