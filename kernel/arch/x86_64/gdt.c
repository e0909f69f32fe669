/*
 * gdt: segments and the TSS.  Long mode ignores most of a segment; what
 * matters is the privilege level, the order SYSCALL and SYSRET expect
 * (kernel code, kernel data; user code 32, left empty here, user data,
 * user code 64), the TSS's rsp0 for entries from user mode, and IST
 * stacks for the faults that may strike with a bad stack.
 */
#include "gdt.h"

#include "cstring.h"
#include "mmu.h"

struct tss tss;
static uint64_t gdt[8] = {
    0,
    0x00AF9A000000FFFFull, /* 0x08 kernel code, 64-bit */
    0x00CF92000000FFFFull, /* 0x10 kernel data */
    0, /* 0x18 SYSRET's base: no 32-bit user code (a far jump faults) */
    0x00CFF2000000FFFFull, /* 0x20 user data */
    0x00AFFA000000FFFFull, /* 0x28 user code, 64-bit */
    0,			   /* 0x30 TSS, two slots, filled at run time */
    0,
};

/* Each IST stack sits above a guard page (the first of its block). */
static uint8_t ist_stacks[IST_COUNT][2 * 4096] __attribute__((aligned(4096)));

struct pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

void
gdt_init(uint64_t kstack_top)
{
	uint64_t base = (uint64_t)&tss;
	uint64_t limit = sizeof(tss) - 1;

	memset(&tss, 0, sizeof(tss));
	tss.rsp[0] = kstack_top;
	for (int i = 0; i < IST_COUNT; i++) {
		tss.ist[i] = (uint64_t)&ist_stacks[i][sizeof(ist_stacks[i])];
	}
	/* No I/O bitmap: every port faults in user mode. */
	tss.iomap_base = sizeof(tss);
	gdt[6] = (limit & 0xFFFF) | (base & 0xFFFFFF) << 16 |
		 0x89ull << 40 /* present, 64-bit TSS available */ |
		 ((limit >> 16) & 0xF) << 48 | ((base >> 24) & 0xFF) << 56;
	gdt[7] = base >> 32;

	struct pointer p = {sizeof(gdt) - 1, (uint64_t)gdt};
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "mov %2, %%ds\n\t"
			 "mov %2, %%es\n\t"
			 "mov %2, %%ss\n\t"
			 "ltr %w3"
			 :
			 : "m"(p), "i"(SEL_KCODE), "r"(SEL_KDATA), "r"(SEL_TSS)
			 : "rax", "memory");
}

void
gdt_guard_stacks(void)
{
	for (int i = 0; i < IST_COUNT; i++) {
		paging_guard(ist_stacks[i]);
	}
}
