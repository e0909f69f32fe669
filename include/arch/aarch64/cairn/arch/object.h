/*
 * aarch64's object and capability types (docs/abi.md, "Objects"): the
 * four levels of translation tables of a 4 KiB granule and 48-bit
 * addresses.  They carry x86_64's names, level for level, so that code
 * that builds address spaces is the same on both: a page table is an
 * Arm level-3 table, a page directory level 2, a PDPT level 1, and a
 * VSpace the level-0 table that TTBR0_EL1 points at.
 */
#ifndef CAIRN_ARCH_OBJECT_H
#define CAIRN_ARCH_OBJECT_H

#include <cairn/types.h>

enum cairn_arch_object_type {
	CAIRN_OBJ_PAGE_TABLE = 8, /* level 3: maps 2 MiB in 4 KiB pages */
	CAIRN_OBJ_PAGE_DIR = 9,	  /* level 2: maps 1 GiB in 2 MiB */
	CAIRN_OBJ_PDPT = 10,	  /* level 1: maps 512 GiB in 1 GiB */
	CAIRN_OBJ_VSPACE = 11,	  /* level 0: an address space, with an
				     ASID */
	CAIRN_OBJ_RETYPE_MAX = 11,
};

/*
 * A TCB: 2 KiB, since the saved registers (304 bytes) and the FP/SIMD
 * state (q0-q31, FPCR, FPSR: 528 bytes) leave too little of 1 KiB.
 */
#define CAIRN_ARCH_TCB_BITS 11

/* The size, log2 bytes, of an arch object (cairn_object_bits), or -1. */
static inline int
cairn_arch_object_bits(word_t type)
{
	return type >= CAIRN_OBJ_PAGE_TABLE && type <= CAIRN_OBJ_VSPACE ? 12
									: -1;
}

#endif
