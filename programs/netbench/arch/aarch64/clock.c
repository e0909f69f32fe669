/*
 * netbench's clock on aarch64: the PMU's cycle counter, as fsbench's.
 * TCG runs it at 1 GHz from the virtual clock, so it counts instructions
 * under -icount shift=0 (the generic counter moves once in 16).
 */
#include "../../netbench.h"

uint64_t
netbench_clock(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, pmccntr_el0" : "=r"(v)::"memory");
	return v;
}
