/*
 * x86_64's object and capability types (docs/abi.md, "Objects"): the
 * four levels of page tables, and I/O ports.  include/cairn/object.h
 * holds the generic ones; every arch numbers its own from 8 up.
 */
#ifndef CAIRN_ARCH_OBJECT_H
#define CAIRN_ARCH_OBJECT_H

#include <cairn/types.h>

enum cairn_arch_object_type {
	CAIRN_OBJ_PAGE_TABLE = 8, /* maps 2 MiB in 4 KiB pages */
	CAIRN_OBJ_PAGE_DIR = 9,	  /* maps 1 GiB in 2 MiB */
	CAIRN_OBJ_PDPT = 10,	  /* maps 512 GiB in 1 GiB */
	CAIRN_OBJ_VSPACE = 11,	  /* a PML4: an address space; the
				     kernel gives it an ASID (at most
				     4095 exist at once) */
	CAIRN_OBJ_RETYPE_MAX = 11,

	CAIRN_CAP_IOPORT_CONTROL = 18,
	CAIRN_CAP_IOPORT = 19,
};

/* A TCB: 1 KiB (the trap frame, FS base and FXSAVE area fit). */
#define CAIRN_ARCH_TCB_BITS 10

/* The size, log2 bytes, of an arch object (cairn_object_bits), or -1. */
static inline int
cairn_arch_object_bits(word_t type)
{
	return type >= CAIRN_OBJ_PAGE_TABLE && type <= CAIRN_OBJ_VSPACE ? 12
									: -1;
}

#endif
