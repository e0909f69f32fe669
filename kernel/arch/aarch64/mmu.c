/*
 * mmu: the kernel's translation tables on aarch64 (docs/aarch64.md).
 *
 * TTBR1 holds the kernel half: the image at KERNEL_VMA with 4 KiB pages
 * and W^X rights, and the direct map at DMAP_BASE: RAM with 2 MiB blocks
 * (the blocks that hold the image with pages, so that its text and
 * rodata are read-only there too), and each device's registers with
 * Device-nGnRE pages.  Kernel entries are global; user entries are nG,
 * tagged with the address space's ASID in TTBR0.
 *
 * Table pages come from a pool in the bss: the bring-up has no Untyped
 * memory to carve them from.  A table's virtual address is its place in
 * the image.
 */
#include "mmu.h"

#include "cache.h"
#include "console.h"
#include "plat.h"
#include "sysreg.h"

#define PT_POOL 48

extern char _image_start[], _text_end[], _rodata_end[], _end[];

uint64_t kernel_phys_base;

static uint64_t pt_pool[PT_POOL][512] __attribute__((aligned(4096)));
static unsigned pt_used;
static uint64_t *kernel_l0, *empty_l0;
static uint64_t dtb_avail;
static unsigned pa_bits, asid_bits;

static uint64_t *
pt_alloc(void)
{
	return pt_used < PT_POOL ? pt_pool[pt_used++] : NULL;
}

static uint64_t *
table_va(uint64_t pa)
{
	return (uint64_t *)(pa - kernel_phys_base + KERNEL_VMA);
}

static uint64_t
kind_bits(enum map_kind kind)
{
	const uint64_t normal = PTE_ATTR(MT_NORMAL) | PTE_SH_IN | PTE_AF;

	switch (kind) {
	case MAP_KERNEL_RX:
		return normal | PTE_AP_RO | PTE_UXN;
	case MAP_KERNEL_R:
		return normal | PTE_AP_RO | PTE_UXN | PTE_PXN;
	case MAP_KERNEL_RW:
		return normal | PTE_UXN | PTE_PXN;
	case MAP_DEVICE:
		return PTE_ATTR(MT_DEVICE_NGNRE) | PTE_AF | PTE_UXN | PTE_PXN;
	case MAP_USER_RX:
		return normal | PTE_AP_EL0 | PTE_AP_RO | PTE_PXN | PTE_NG;
	default:
		return normal | PTE_AP_EL0 | PTE_UXN | PTE_PXN | PTE_NG;
	}
}

/*
 * The table at level `level` (1-3) that translates va, made on the way
 * if missing; NULL if the pool is empty or a block is in the way.
 */
static uint64_t *
walk(uint64_t *root, uint64_t va, int level)
{
	uint64_t *t = root;

	for (int l = 0; l < level; l++) {
		uint64_t *e = &t[(va >> (39 - 9 * l)) & 511];
		if (!(*e & PTE_VALID)) {
			uint64_t *n = pt_alloc();
			if (n == NULL) {
				return NULL;
			}
			*e = virt_to_phys(n) | PTE_TABLE | PTE_VALID;
		} else if (!(*e & PTE_TABLE)) {
			return NULL;
		}
		t = table_va(*e & PTE_ADDR);
	}
	return t;
}

int
mmu_map(uint64_t *root, uint64_t va, uint64_t pa, uint64_t len,
	enum map_kind kind)
{
	uint64_t bits = kind_bits(kind) | PTE_PAGE;

	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t *l3 = walk(root, va + off, 3);
		if (l3 == NULL) {
			return -1;
		}
		l3[((va + off) >> 12) & 511] = (pa + off) | bits;
	}
	pt_sync();
	return 0;
}

/* The level-3 entry of va under root, or NULL if no table leads there. */
static uint64_t *
find_pte(uint64_t *root, uint64_t va)
{
	uint64_t *t = root;

	for (int l = 0; l < 3; l++) {
		uint64_t e = t[(va >> (39 - 9 * l)) & 511];
		if ((e & (PTE_VALID | PTE_TABLE)) != (PTE_VALID | PTE_TABLE)) {
			return NULL;
		}
		t = table_va(e & PTE_ADDR);
	}
	return &t[(va >> 12) & 511];
}

int
mmu_unmap(uint64_t *root, uint64_t va, uint16_t asid)
{
	uint64_t *pte = find_pte(root, va);

	if (pte == NULL || !(*pte & PTE_VALID)) {
		return -1;
	}
	*pte = 0;
	tlb_flush_page(va, asid); /* dsb ishst; tlbi vae1is; dsb ish; isb */
	return 0;
}

static int
map_block(uint64_t *root, uint64_t va, uint64_t pa, enum map_kind kind)
{
	uint64_t *l2 = walk(root, va, 2);

	if (l2 == NULL) {
		return -1;
	}
	l2[(va >> 21) & 511] = pa | kind_bits(kind) | PTE_BLOCK;
	return 0;
}

/* The kind of direct-map page pa: the image's text and rodata read-only. */
static enum map_kind
dmap_kind(uint64_t pa)
{
	uint64_t ro_start = virt_to_phys(_image_start);
	uint64_t ro_end = virt_to_phys(_rodata_end);

	return pa >= ro_start && pa < ro_end ? MAP_KERNEL_R : MAP_KERNEL_RW;
}

static int
map_ram(uint64_t base, uint64_t size)
{
	uint64_t img_start = virt_to_phys(_image_start) & ~(LARGE_SIZE - 1);
	uint64_t img_end = virt_to_phys(_end);
	int err = 0;

	for (uint64_t pa = base; pa < base + size; pa += LARGE_SIZE) {
		if (pa + LARGE_SIZE <= img_start || pa >= img_end) {
			err |= map_block(kernel_l0, DMAP_BASE + pa, pa,
					 MAP_KERNEL_RW);
			continue;
		}
		for (uint64_t p = pa; p < pa + LARGE_SIZE; p += PAGE_SIZE) {
			err |= mmu_map(kernel_l0, DMAP_BASE + p, p, PAGE_SIZE,
				       dmap_kind(p));
		}
	}
	return err;
}

static int
map_image(void)
{
	uint64_t start = (uint64_t)_image_start, text_end = (uint64_t)_text_end;
	uint64_t ro_end = (uint64_t)_rodata_end, end = (uint64_t)_end;

	return mmu_map(kernel_l0, start, virt_to_phys(_image_start),
		       text_end - start, MAP_KERNEL_RX) |
	       mmu_map(kernel_l0, text_end, virt_to_phys(_text_end),
		       ro_end - text_end, MAP_KERNEL_R) |
	       mmu_map(kernel_l0, ro_end, virt_to_phys(_rodata_end),
		       end - ro_end, MAP_KERNEL_RW);
}

static int
map_device(uint64_t pa, uint64_t len)
{
	return mmu_map(kernel_l0, DMAP_BASE + pa, pa, len, MAP_DEVICE);
}

/*
 * The DTB's window: 4 MiB from its 2 MiB block, read-only, where the
 * RAM map left it out (a DTB beyond the RAM plat assumed).
 */
static int
map_dtb(void)
{
	uint64_t base = plat.dtb & ~(LARGE_SIZE - 1);
	uint64_t ram_end = plat.ram_base + plat.ram_size;
	int err = 0;

	if (plat.dtb == 0) {
		return 0;
	}
	for (uint64_t pa = base; pa < base + 2 * LARGE_SIZE; pa += LARGE_SIZE) {
		if (pa < plat.ram_base || pa >= ram_end) {
			err |= map_block(kernel_l0, DMAP_BASE + pa, pa,
					 MAP_KERNEL_R);
		}
	}
	dtb_avail = base + 2 * LARGE_SIZE - plat.dtb;
	return err;
}

static unsigned
parange_bits(uint64_t mmfr0)
{
	static const unsigned bits[] = {32, 36, 40, 42, 44, 48, 52};
	uint64_t r = MMFR0_PARANGE(mmfr0);

	return r < 7 ? bits[r] : 48;
}

/* Halt quietly: no console yet to say why. */
static void
mmu_fail(void)
{
	for (;;) {
		cpu_wfi();
	}
}

void
mmu_init(uint64_t phys_base)
{
	uint64_t mmfr0 = READ_SYSREG(id_aa64mmfr0_el1);

	kernel_phys_base = phys_base;
	pa_bits = parange_bits(mmfr0);
	asid_bits = MMFR0_ASID16(mmfr0) ? 16 : 8;
	kernel_l0 = pt_alloc();
	empty_l0 = pt_alloc();
	int err =
	    map_image() | map_ram(plat.ram_base, plat.ram_size) | map_dtb();
	for (unsigned i = 0; i < plat.nmmio; i++) {
		err |= map_device(plat.mmio[i].pa, plat.mmio[i].len);
	}
	if (err) {
		mmu_fail();
	}
	pt_sync();
	/* Through the identity map: mmu_switch_ttbr1 at its physical address.
	 */
	void (*sw)(uint64_t) =
	    (void (*)(uint64_t))virt_to_phys((const void *)mmu_switch_ttbr1);
	sw(virt_to_phys(kernel_l0));
	mmu_set_user(empty_l0, 0);
	tlb_flush_all(); /* the boot identity map's entries */
}

uint64_t
mmu_dtb_avail(void)
{
	return dtb_avail;
}

int
mmu_add_ram(uint64_t base, uint64_t size)
{
	int err = map_ram(base, size);

	/* It may replace the DTB window's read-only blocks: forget them. */
	tlb_flush_all();
	return err ? -1 : 0;
}

int
mmu_add_device(uint64_t pa, uint64_t len)
{
	int err = map_device(pa, len);

	isb();
	return err ? -1 : 0;
}

void
mmu_set_user(const uint64_t *root, uint16_t asid)
{
	WRITE_SYSREG(ttbr0_el1, virt_to_phys(root) | (uint64_t)asid << 48);
	isb();
}

uint64_t *
mmu_new_space(void)
{
	return pt_alloc();
}

unsigned
mmu_asid_bits(void)
{
	return asid_bits;
}

void
mmu_report(void)
{
	kprintf("mmu: 4 KiB granule, 48-bit VAs (user TTBR0, kernel TTBR1), "
		"%u-bit PAs, %u-bit ASIDs, %u table pages\n",
		pa_bits, asid_bits, pt_used);
	kprintf("mmu: kernel text rx, rodata r, data rw-xn; direct map of "
		"%lu MiB RAM at 0x%lx, devices nGnRE\n",
		plat.ram_size >> 20, DMAP_BASE + plat.ram_base);
}

void
mmu_set_user_none(void)
{
	mmu_set_user(empty_l0, 0);
}
