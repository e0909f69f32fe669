/*
 * rootarch: what aarch64's boot (kmain.c) and threads (context.c) share
 * with the machine's part of building the root task (rootarch.c).
 */
#ifndef CAIRN_A64_ROOTARCH_H
#define CAIRN_A64_ROOTARCH_H

#include <stdint.h>

/* The counter (CNTPCT_EL0) when the kernel was entered (kmain). */
extern uint64_t boot_counter;

/*
 * Make the code the boot copied into the root task's executable frames
 * visible to instruction fetch: clean to the point of unification and
 * invalidate the instruction cache (cache.h's sync_icache).
 */
void root_code_sync(void);

#endif
