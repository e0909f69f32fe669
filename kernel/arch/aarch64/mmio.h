/*
 * mmio: device register access.  Device memory is mapped nGnRE, so
 * accesses reach the device in program order; the volatile accesses
 * keep the compiler from merging or reordering them.
 */
#ifndef CAIRN_A64_MMIO_H
#define CAIRN_A64_MMIO_H

#include <stdint.h>

static inline uint32_t
mmio_read32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void
mmio_write32(uintptr_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

#endif
