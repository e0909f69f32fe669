/*
 * cairn_cpu: what libcairn asks of the aarch64 processor at EL0: its
 * counter and this thread's IPC buffer.  Each arch has one
 * (user/lib/arch/<arch>).
 */
#ifndef CAIRN_USER_CPU_H
#define CAIRN_USER_CPU_H

#include <stdint.h>

#include <cairn/message.h>

/*
 * The arch's free-running counter: the virtual count, CNTVCT_EL0, which
 * the kernel lets EL0 read (CNTKCTL_EL1.EL0VCTEN).  Its rate is the
 * bootinfo's counter frequency, not the CPU's clock; the name is
 * x86_64's, kept so that portable code asks one function.
 */
static inline uint64_t
cairn_rdtsc(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v)::"memory");
	return v;
}

/*
 * This thread's IPC buffer: the kernel keeps its address in TPIDRRO_EL0,
 * which EL0 can read and not write (NULL for a thread without one).
 */
static inline struct cairn_ipc_buffer *
cairn_ipcbuf(void)
{
	struct cairn_ipc_buffer *b;

	__asm__("mrs %0, tpidrro_el0" : "=r"(b));
	return b;
}

/* Execute an undefined instruction (udf #0): a fault, on purpose. */
static inline void
cairn_undefined(void)
{
	__asm__ volatile("udf #0");
}

/*
 * The stack pointer a thread starts a C function with, given the top of
 * its (16-byte aligned) stack: 16-byte aligned, as the ABI wants sp always.
 */
static inline uint64_t
cairn_entry_sp(uint64_t top)
{
	return top;
}

#endif
