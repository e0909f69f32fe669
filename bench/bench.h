/*
 * bench: the in-OS benchmarks, run as the root task of a benchmark boot
 * (make bench).  Each figure is one line, "bench <name> <median> <min>
 * <unit> <runs>": most are the median and minimum of RUNS timed runs
 * after WARMUP untimed ones, timed between bench_start and bench_stop
 * (benchcpu.h), less the cost of the timing itself.  A figure that is a worst
 * case (a name with "max" or "worst") gives the worst in both columns.  Under
 * QEMU's TCG with -icount shift=0 the clock (benchcpu.h: the TSC, or
 * aarch64's cycle counter) counts guest instructions, so the figures are
 * exact instruction counts; under KVM they are cycles.  What differs by
 * machine is in bench/arch/<arch>: the clock (benchcpu.h), the raw calls
 * (ipcasm.h), and the figures of one machine only.
 */
#ifndef CAIRN_BENCH_H
#define CAIRN_BENCH_H

#include <stdbool.h>

#include "benchcpu.h"
#include "cairn.h"

#define RUNS   1000
#define WARMUP 100

extern const struct cairn_bootinfo *bench_bi;
extern uint64_t bench_overhead; /* the timing's own cost */
extern const char *bench_unit;	/* "instructions" or "cycles" */

/* Print one figure: "bench <name> <median> <min> <unit> <runs>". */
void bench_print(const char *name, uint64_t median, uint64_t min, int runs);

/*
 * Print the median and minimum of n samples, less the timing's cost,
 * after dropping the first WARMUP (n includes them).  Sorts the samples.
 */
void bench_report(const char *name, uint64_t *samples, int n);

/* Sort v[0..n) in place, smallest first. */
void bench_sort(uint64_t *v, int n);

/* The benchmarks in files of their own. */
void bench_null(void); /* the floor, the null call, yield alone */
/* IPC through a server in vspace; with long_too, 8-word calls too. */
void bench_ipc(const char *suffix, cptr_t vspace, bool long_too);
void bench_fault(cptr_t vspace); /* a faulting thread in vspace */
void bench_thread_create(void);
void bench_stretch(void);
void bench_scan(void); /* the automatic-slot search at its worst (scan.c) */
void bench_irq(cptr_t vspace);

/* Print that the figure name is not measured here, and why. */
void bench_skip(const char *name, const char *why);

/*
 * The trace mode (cairn.bench_trace, for tools/profile.py): one IPC round
 * trip to a server in vspace, one null system call, one fault round trip,
 * one map_4k and one unmap_4k, one notification round trip with a partner
 * in vspace and one thread_create, each after warm-up, each between a
 * trace_begin_* marker and trace_end (trace.c).  The markers do nothing.
 */
void bench_trace(cptr_t vspace);
void trace_map(void);		  /* map_4k, then unmap_4k (main.c) */
void trace_notify(cptr_t vspace); /* notify_roundtrip (main.c) */
void trace_thread(void);	  /* thread_create (thread.c) */
void trace_begin_ipc(void);
void trace_begin_null(void);
void trace_begin_fault(void);
void trace_begin_map(void);
void trace_begin_unmap(void);
void trace_begin_notify(void);
void trace_begin_thread(void);
void trace_end(void);

/* Slots and memory for the benchmarks. */
cptr_t bench_slot(void);
cptr_t bench_make(word_t type, word_t size);

/*
 * A new address space that maps this program's image at its own
 * addresses (copies of the root's frames: data is shared), plus a fresh
 * stack and IPC buffer, and a thread in it running fn(arg) at prio.
 */
cptr_t bench_thread_in(cptr_t vspace, void (*fn)(word_t), word_t arg,
		       word_t prio, cptr_t fault_ep);
cptr_t bench_space(void);

/* A fresh stack and IPC buffer page mapped in vspace for a new thread. */
struct bench_stack {
	word_t top;	  /* the stack's top (exclusive) */
	word_t ipc_va;	  /* the IPC buffer's address */
	cptr_t ipc_frame; /* and its frame */
};
void bench_stack_in(cptr_t vspace, struct bench_stack *st);

#endif
