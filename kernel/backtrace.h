/*
 * backtrace: the crash reports' symbols and frame-pointer walk, on every
 * arch (backtrace.c).  The kernel keeps frame pointers; a frame record
 * is {the caller's frame pointer, the return address} on both arches,
 * and the arch says where one may lie (arch_frame_ok) and how its return
 * addresses relate to its calls (ARCH_RETURN_* in arch.h).
 */
#ifndef CAIRN_BACKTRACE_H
#define CAIRN_BACKTRACE_H

#include <stdint.h>

/* Print addr as "name+0xoff" from the kernel's symbol table, or "?". */
void print_symbol(uint64_t addr);

/*
 * Print a backtrace that starts at ip and follows the frame records
 * from fp.  sp, if not 0, is the stack pointer at ip: where the arch
 * pushes return addresses (ARCH_RETURN_ON_STACK), a jump or call to an
 * address that is no function's left the caller's on top of the stack.
 */
void backtrace(uint64_t fp, uint64_t ip, uint64_t sp);

/* The arch's hook: may a frame record lie at fp, readable without a
 * fault (a report must not fault)? */
int arch_frame_ok(uint64_t fp);

#endif
