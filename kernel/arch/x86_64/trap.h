/* trap: the register frame of an entry into the kernel, and trap set-up. */
#ifndef CAIRN_X86_TRAP_H
#define CAIRN_X86_TRAP_H

#include <stdint.h>

/* The layout entry.S pushes; lowest address first. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(sizeof(struct trap_frame) == 22 * 8, "entry.S frame size");

#define TRAP_SYSCALL 256
#define VEC_PF	     14
#define VEC_TIMER    0x20
#define VEC_IRQ_BASE 0x30 /* I/O APIC line n arrives on 0x30 + n */
#define VEC_IRQ_END  0x60
#define VEC_PIC_BASE 0xE0 /* the masked 8259s' spurious IRQs land here */
#define VEC_SPURIOUS 0xFF

/* Install the IDT. */
void idt_init(void);

/* Print the registers of f. */
void trap_dump(const struct trap_frame *f);

/* The name of exception vector v, e.g. "page fault". */
const char *trap_name(uint64_t v);

/* Report an exception in kernel mode and stop. */
void kernel_exception(struct trap_frame *f);

#endif
