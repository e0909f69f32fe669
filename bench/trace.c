/*
 * bench: the trace markers.  tools/profile.py (make profile) boots the
 * benchmark with cairn.bench_trace, finds these functions' addresses in
 * bench.elf, stops QEMU at a trace_begin_* and single-steps until
 * trace_end: every instruction between, in user mode and in the kernel,
 * is the operation the marker names (bench_trace in ipc.c; the thread
 * trace ends at the new thread's call of trace_end, thread.c).  They must
 * stay real, separate functions: not inlined, not merged.
 */
#include "bench.h"

#define MARKER __attribute__((noinline, used))

MARKER void
trace_begin_ipc(void)
{
	__asm__ volatile("" ::: "memory");
}

MARKER void
trace_begin_null(void)
{
	__asm__ volatile("nop" ::: "memory");
}

MARKER void
trace_begin_fault(void)
{
	__asm__ volatile("nop; nop" ::: "memory");
}

MARKER void
trace_begin_map(void)
{
	__asm__ volatile("nop; nop; nop; nop" ::: "memory");
}

MARKER void
trace_begin_unmap(void)
{
	__asm__ volatile("nop; nop; nop; nop; nop" ::: "memory");
}

MARKER void
trace_begin_notify(void)
{
	__asm__ volatile("nop; nop; nop; nop; nop; nop" ::: "memory");
}

MARKER void
trace_begin_thread(void)
{
	__asm__ volatile("nop; nop; nop; nop; nop; nop; nop" ::: "memory");
}

MARKER void
trace_end(void)
{
	__asm__ volatile("nop; nop; nop" ::: "memory");
}
