/*
 * idt: one interrupt gate per vector, each pointing at its 16-byte stub in
 * entry.S.  All gates are interrupt gates (interrupts stay off in the
 * kernel) and only ring 0 may raise them with INT.
 */
#include "gdt.h"
#include "trap.h"

struct gate {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t ist;
	uint8_t type;
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t reserved;
} __attribute__((packed));

_Static_assert(sizeof(struct gate) == 16, "an IDT gate is 16 bytes");

extern char trap_stubs[];
static struct gate idt[256];

static void
set_gate(int v, int ist)
{
	uint64_t addr = (uint64_t)trap_stubs + 16 * (uint64_t)v;

	idt[v].off_lo = addr & 0xFFFF;
	idt[v].sel = SEL_KCODE;
	idt[v].ist = (uint8_t)ist;
	idt[v].type = 0x8E; /* present, DPL 0, 64-bit interrupt gate */
	idt[v].off_mid = (addr >> 16) & 0xFFFF;
	idt[v].off_hi = addr >> 32;
	idt[v].reserved = 0;
}

void
idt_init(void)
{
	for (int v = 0; v < 256; v++) {
		set_gate(v, 0);
	}
	set_gate(2, IST_NMI);
	set_gate(8, IST_DF);
	set_gate(18, IST_MC);

	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) p = {sizeof(idt) - 1, (uint64_t)idt};
	__asm__ volatile("lidt %0" ::"m"(p));
}
