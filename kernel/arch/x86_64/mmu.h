/*
 * mmu: the x86_64 virtual layout and page-table entry bits
 * (docs/memory.md).
 */
#ifndef CAIRN_X86_MMU_H
#define CAIRN_X86_MMU_H

#include <stdint.h>

#include "pmem.h"

#define KERNEL_VMA 0xFFFFFFFF80000000ul
#define DMAP_BASE  0xFFFF800000000000ul
/* The boot page tables map this much of physical memory. */
#define BOOT_MAP_LIMIT 0x100000000ul

#define PAGE_SIZE  4096ul
#define LARGE_SIZE 0x200000ul

#define PTE_P	 (1ull << 0)
#define PTE_W	 (1ull << 1)
#define PTE_U	 (1ull << 2)
#define PTE_PWT	 (1ull << 3)
#define PTE_PCD	 (1ull << 4)
#define PTE_PS	 (1ull << 7)
#define PTE_G	 (1ull << 8)
#define PTE_NX	 (1ull << 63)
#define PTE_ADDR 0x000FFFFFFFFFF000ul

static inline void *
phys_to_virt(uint64_t pa)
{
	return (void *)(DMAP_BASE + pa);
}

/* Physical address of a kernel image or direct-map address. */
static inline uint64_t
virt_to_phys(const void *va)
{
	uint64_t v = (uint64_t)va;

	return v >= KERNEL_VMA ? v - KERNEL_VMA : v - DMAP_BASE;
}

/*
 * Build the kernel's final page tables: the image with W^X rights and a
 * direct map of every RAM and ACPI region of the memory map; then switch
 * to them.  Page tables come from pm.
 */
struct boot_info;
void paging_init(struct pmem *pm, const struct boot_info *bi);

/*
 * Map device registers [pa, pa + len) uncached into the direct map and
 * return their address; NULL if the range is RAM or beyond what the
 * direct map can reach (a firmware table lied).
 */
void *paging_map_mmio(uint64_t pa, uint64_t len);

/* Unmap the kernel page at va: a guard page below a stack. */
void paging_guard(const void *va);

/*
 * The direct map holds at most 64 TiB (PML4 entries 256-383); the CPU's
 * physical address width may lower that.  Memory beyond is not used.
 */
#define DMAP_SIZE (1ul << 46)

extern uint64_t phys_limit;
extern uint64_t kernel_pml4;
extern uint64_t pte_nx;

#endif
