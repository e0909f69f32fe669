/*
 * paging: the kernel's own page tables, built at boot from the boot
 * memory account.  (User address spaces are capability objects:
 * vspace.c.)
 */
#include "mmu.h"

#include "multiboot.h"
#include "console.h"
#include "cpu.h"
#include "cstring.h"

uint64_t kernel_pml4;		      /* physical */
uint64_t pte_nx;		      /* PTE_NX when the CPU has it, else 0 */
uint64_t phys_limit = BOOT_MAP_LIMIT; /* what the direct map can reach */

static uint64_t global; /* PTE_G when the CPU has it, else 0 */
static const struct boot_info *boot;

static struct pmem *alloc_pm;
static uint64_t alloc_limit = BOOT_MAP_LIMIT;

extern char _text[], _etext[], _rodata[], _erodata[], _data[], _end[];

/* Take a zeroed page from the boot memory account; 0 if none is left. */
static uint64_t
page_alloc_zeroed(void)
{
	uint64_t pa = pmem_alloc_page(alloc_pm, alloc_limit);

	if (pa != 0) {
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
	}
	return pa;
}

/*
 * Return the entry for va at the given level (3 = PML4 ... 0 = PT) in the
 * tree at pml4, making missing tables with flags tflags.  NULL if a table
 * could not be made or a large page is in the way.
 */
static uint64_t *
walk(uint64_t pml4, uint64_t va, int level, uint64_t tflags)
{
	uint64_t table = pml4;

	for (int l = 3;; l--) {
		uint64_t *e = (uint64_t *)phys_to_virt(table) +
			      ((va >> (12 + 9 * l)) & 511);
		if (l == level) {
			return e;
		}
		if (!(*e & PTE_P)) {
			uint64_t pa = page_alloc_zeroed();
			if (pa == 0) {
				return NULL;
			}
			*e = pa | tflags;
		} else if (*e & PTE_PS) {
			return NULL;
		}
		table = *e & PTE_ADDR;
	}
}

static void
map_range(uint64_t va, uint64_t end, uint64_t flags)
{
	for (; va < end; va += PAGE_SIZE) {
		uint64_t *e = walk(kernel_pml4, va, 0, PTE_P | PTE_W);
		if (e == NULL) {
			panic("paging: no memory for the kernel's tables");
		}
		*e = (va - KERNEL_VMA) | flags;
	}
}

/* The direct map's rights for physical page pa. */
static uint64_t
dmap_flags(uint64_t pa)
{
	/* The image's text and rodata stay read-only under every alias. */
	if (pa >= virt_to_phys(_text) && pa < virt_to_phys(_erodata)) {
		return PTE_P | global | pte_nx;
	}
	return PTE_P | PTE_W | global | pte_nx;
}

/* Does [pa, pa + len) meet the image's read-only part? */
static int
meets_image(uint64_t pa, uint64_t len)
{
	return pa < virt_to_phys(_erodata) && virt_to_phys(_text) < pa + len;
}

/*
 * Map [base, base + len) into the direct map: 2 MiB pages where a whole
 * aligned block is inside and clear of the image, 4 KiB pages at the
 * edges, so nothing beyond the range is mapped.
 */
static void
map_direct(uint64_t base, uint64_t len)
{
	uint64_t end = base + len < base ? phys_limit : base + len;

	end = end > phys_limit ? phys_limit : end;
	end = (end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	for (uint64_t pa = base & ~(PAGE_SIZE - 1); pa < end;) {
		uint64_t *pd =
		    walk(kernel_pml4, DMAP_BASE + pa, 1, PTE_P | PTE_W);
		if (pd == NULL) {
			panic("paging: no memory for the direct map");
		}
		if (*pd & PTE_PS) {
			pa = (pa | (LARGE_SIZE - 1)) + 1; /* already mapped */
			continue;
		}
		if (!(*pd & PTE_P) && pa % LARGE_SIZE == 0 &&
		    end - pa >= LARGE_SIZE && !meets_image(pa, LARGE_SIZE)) {
			*pd = pa | PTE_PS | dmap_flags(pa);
			pa += LARGE_SIZE;
			continue;
		}
		uint64_t *pt =
		    walk(kernel_pml4, DMAP_BASE + pa, 0, PTE_P | PTE_W);
		if (pt == NULL) {
			panic("paging: no memory for the direct map");
		}
		if (!(*pt & PTE_P)) {
			*pt = pa | dmap_flags(pa);
		}
		pa += PAGE_SIZE;
	}
}

static int
is_ram_type(uint32_t type)
{
	return type == BOOT_MEM_AVAILABLE || type == BOOT_MEM_ACPI ||
	       type == BOOT_MEM_NVS;
}

void
paging_init(struct pmem *pm, const struct boot_info *bi)
{
	alloc_pm = pm;
	boot = bi;
	pte_nx = cpu_features.nx ? PTE_NX : 0;
	global = cpu_features.pge ? PTE_G : 0;
	kernel_pml4 = page_alloc_zeroed();
	if (kernel_pml4 == 0) {
		panic("paging: no memory for the kernel's PML4");
	}
	map_range((uint64_t)_text, (uint64_t)_etext, PTE_P | global);
	map_range((uint64_t)_rodata, (uint64_t)_erodata,
		  PTE_P | global | pte_nx);
	map_range((uint64_t)_data, (uint64_t)_end,
		  PTE_P | PTE_W | global | pte_nx);
	for (int i = 0; i < bi->nregions; i++) {
		const struct boot_region *r = &bi->regions[i];
		if (is_ram_type(r->type)) {
			map_direct(r->base, r->len);
		}
	}
	/* Modules may lie outside every listed region; map them too. */
	for (int i = 0; i < bi->nmodules; i++) {
		map_direct(bi->modules[i].start,
			   bi->modules[i].end - bi->modules[i].start);
	}
	write_cr3(kernel_pml4);
	alloc_limit = ~0ull;
}

void
paging_guard(const void *va)
{
	uint64_t *e = walk(kernel_pml4, (uint64_t)va, 0, PTE_P | PTE_W);

	if (e == NULL) {
		panic("paging: no memory for a guard page");
	}
	*e = 0;
	invlpg((uint64_t)va);
}

/* Does [pa, pa + len) meet any RAM region of the memory map? */
static int
meets_ram(uint64_t pa, uint64_t len)
{
	for (int i = 0; i < boot->nregions; i++) {
		const struct boot_region *r = &boot->regions[i];
		if (is_ram_type(r->type) && pa < r->base + r->len &&
		    r->base < pa + len) {
			return 1;
		}
	}
	return 0;
}

void *
paging_map_mmio(uint64_t pa, uint64_t len)
{
	uint64_t first = pa & ~(PAGE_SIZE - 1);

	/* Device registers are never RAM and never beyond the map. */
	if (len == 0 || pa + len < pa || pa + len > phys_limit ||
	    meets_ram(first, pa + len - first)) {
		return NULL;
	}
	for (uint64_t p = first; p < pa + len; p += PAGE_SIZE) {
		uint64_t *e =
		    walk(kernel_pml4, DMAP_BASE + p, 0, PTE_P | PTE_W);
		if (e == NULL) {
			panic("paging: no memory to map device registers");
		}
		*e = p | PTE_P | PTE_W | PTE_PCD | PTE_PWT | pte_nx;
		invlpg(DMAP_BASE + p);
	}
	return phys_to_virt(pa);
}

/* Where arch_user_alias maps its page: low, in the user half. */
#define USER_ALIAS_VA 0x400000ul

void *
arch_user_alias(const void *image_addr)
{
	uint64_t va = (uint64_t)image_addr;
	uint64_t *e =
	    walk(kernel_pml4, USER_ALIAS_VA, 0, PTE_P | PTE_W | PTE_U);

	if (e == NULL) {
		return NULL;
	}
	*e = ((va - KERNEL_VMA) & PTE_ADDR) | PTE_P | PTE_U;
	invlpg(USER_ALIAS_VA);
	return (void *)(USER_ALIAS_VA + (va & (PAGE_SIZE - 1)));
}

void *
arch_alias(const void *image_addr)
{
	return phys_to_virt(virt_to_phys(image_addr));
}

int
arch_kernel_readable(uint64_t va)
{
	uint64_t table = read_cr3() & PTE_ADDR;

	if (va % 8 != 0 || va < DMAP_BASE) {
		return 0;
	}
	for (int l = 3; l >= 0; l--) {
		uint64_t e = ((uint64_t *)phys_to_virt(
		    table))[(va >> (12 + 9 * l)) & 511];
		if (!(e & PTE_P)) {
			return 0;
		}
		if (l == 0 || (e & PTE_PS)) {
			return 1;
		}
		table = e & PTE_ADDR;
	}
	return 0;
}
