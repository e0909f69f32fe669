/*
 * mmu: the aarch64 virtual layout and translation-table bits
 * (docs/aarch64.md).  4 KiB granule, 48-bit virtual addresses in both
 * halves: user space in TTBR0 (the same addresses as on x86_64), the
 * kernel in TTBR1 at x86_64's kernel addresses.
 */
#ifndef CAIRN_A64_MMU_H
#define CAIRN_A64_MMU_H

#include <stdint.h>

/* The kernel image: physical (load base) at KERNEL_VMA. */
#define KERNEL_VMA 0xFFFFFFFF80000000ul
/* The image starts this far above its 2 MiB aligned base (Image header). */
#define TEXT_OFFSET 0x80000ul
/* The direct map: physical p at DMAP_BASE + p (RAM and device pages). */
#define DMAP_BASE 0xFFFF800000000000ul

#define PAGE_SIZE  4096ul
#define LARGE_SIZE 0x200000ul

/* Descriptor bits (stage 1, 4 KiB granule). */
#define PTE_VALID   (1ul << 0)
#define PTE_TABLE   (1ul << 1) /* levels 0-2: next table; level 3: page */
#define PTE_PAGE    (3ul << 0)
#define PTE_BLOCK   (1ul << 0)
#define PTE_ATTR(i) ((uint64_t)(i) << 2)
#define PTE_AP_EL0  (1ul << 6) /* EL0 may access */
#define PTE_AP_RO   (1ul << 7) /* read-only at every level */
#define PTE_SH_IN   (3ul << 8)
#define PTE_AF	    (1ul << 10)
#define PTE_NG	    (1ul << 11) /* per-ASID (user) translation */
#define PTE_PXN	    (1ul << 53)
#define PTE_UXN	    (1ul << 54)
#define PTE_ADDR    0x0000FFFFFFFFF000ul

/* MAIR_EL1 attribute indices; mmu.c and boot.S write the same MAIR. */
#define MT_NORMAL	 0 /* 0xff: inner and outer write-back, allocating */
#define MT_DEVICE_NGNRE	 1 /* 0x04 */
#define MT_NORMAL_NC	 2 /* 0x44: non-cacheable */
#define MT_DEVICE_NGNRNE 3 /* 0x00 */
#define MAIR_VALUE	 0x004404FFul

/* Mapping kinds: the rights and memory type of a range. */
enum map_kind {
	MAP_KERNEL_RX,
	MAP_KERNEL_R,
	MAP_KERNEL_RW,
	MAP_DEVICE,
	MAP_USER_RX,
	MAP_USER_RW,
};

/* The physical address where the image's 2 MiB aligned base was loaded. */
extern uint64_t kernel_phys_base;

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

	return v >= KERNEL_VMA ? v - KERNEL_VMA + kernel_phys_base
			       : v - DMAP_BASE;
}

/*
 * Build the kernel's final tables (the image W^X with 4 KiB pages, RAM
 * and the platform's devices in the direct map) and switch TTBR1 to
 * them through the boot identity map, then retire that map.  Needs
 * plat filled in; prints nothing (the console is not up yet).
 */
void mmu_init(uint64_t phys_base);

/*
 * How many bytes from plat.dtb the direct map holds: mmu_init maps a
 * window of 4 MiB from the DTB's 2 MiB block (a DTB is at most 2 MiB),
 * read-only, wherever it lies.  0 if plat.dtb is 0.
 */
uint64_t mmu_dtb_avail(void);

/*
 * Add RAM [base, base + size) (2 MiB aligned) to the direct map, after
 * mmu_init; the caller makes sure none of it is mapped yet.  Add device
 * registers [pa, pa + len), Device-nGnRE.  Each returns 0, or -1 if no
 * table page was left or a block was in the way.
 */
int mmu_add_ram(uint64_t base, uint64_t size);
int mmu_add_device(uint64_t pa, uint64_t len);

/* Print what the MMU set-up chose: VA and PA sizes, ASID width. */
void mmu_report(void);

/* A fresh, empty user address space's level-0 table; NULL if none left. */
uint64_t *mmu_new_space(void);

/*
 * Map [va, va + len) to [pa, pa + len) in the tables under root with
 * kind's rights and memory type; 4 KiB pages.  Returns 0, or -1 if no
 * table page was left.
 */
int mmu_map(uint64_t *root, uint64_t va, uint64_t pa, uint64_t len,
	    enum map_kind kind);

/*
 * Unmap the page at va in the tables under root and forget its
 * translation in address space asid.  Returns 0, or -1 if it was not
 * mapped.
 */
int mmu_unmap(uint64_t *root, uint64_t va, uint16_t asid);

/* Run user space root with asid: load TTBR0 (no TLB flush needed). */
void mmu_set_user(const uint64_t *root, uint16_t asid);

/* Run no user space: the empty level-0 table, ASID 0. */
void mmu_set_user_none(void);

/* The width of ASIDs this CPU gives (8 or 16). */
unsigned mmu_asid_bits(void);

/* Switch TTBR1 to ttbr1 (physical), from identity-mapped code (boot.S). */
void mmu_switch_ttbr1(uint64_t ttbr1);

#endif
