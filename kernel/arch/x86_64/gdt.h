/* gdt: segment selectors, the GDT and the TSS. */
#ifndef CAIRN_X86_GDT_H
#define CAIRN_X86_GDT_H

#include <stdint.h>

#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UBASE 0x18 /* SYSRET derives user CS and SS from this */
#define SEL_UDATA (0x20 | 3)
#define SEL_UCODE (0x28 | 3)
#define SEL_TSS	  0x30

/* IST stacks: 1 double fault, 2 NMI, 3 machine check. */
#define IST_DF	  1
#define IST_NMI	  2
#define IST_MC	  3
#define IST_COUNT 3

/* Load the GDT and TSS; kstack_top is the stack for user-mode entries. */
void gdt_init(uint64_t kstack_top);

/* Unmap the guard pages below the IST stacks (after paging_init). */
void gdt_guard_stacks(void);

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

_Static_assert(sizeof(struct tss) == 104, "the TSS is 104 bytes");

extern struct tss tss;

/* Change the stack the CPU takes on an entry from user mode. */
static inline void
gdt_set_kstack(uint64_t top)
{
	tss.rsp[0] = top;
}

#endif
