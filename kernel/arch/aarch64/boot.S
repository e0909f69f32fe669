/*
 * boot: from the loader to C, on aarch64.
 *
 * The image starts with the Linux arm64 Image header, so QEMU's -kernel
 * loads it as Linux on virt (at RAM + 0x80000, x0 = the DTB) and on
 * raspi3b (at 0x80000).  The ELF file's entry is the same code at its
 * physical load address.  Until the MMU is on, everything here is
 * PC-relative, so it runs wherever it was put (a 2 MiB aligned base plus
 * TEXT_OFFSET).
 *
 * Secondary cores are parked.  Entered at EL2, the kernel drops to EL1
 * (with EL1 allowed the physical timer); EL3 is not handled.  The boot
 * tables map the image twice with 2 MiB blocks: at its physical address
 * (TTBR0, for the instruction that turns the MMU on) and at KERNEL_VMA
 * (TTBR1); mmu.c replaces both.
 *
 * kmain(dtb, phys_base, entry_el) is called on the boot stack: the
 * kernel's (kmain.c) or the bring-up's (bringup.c).
 * Secondary cores: QEMU and the Pi's firmware hold them in a spin table
 * or in PSCI; a core that comes here anyway waits in wfe.
 */
#define TEXT_OFFSET	0x80000
#define BOOT_BLOCKS	4		/* 8 MiB: the image must fit */
#define BLOCK_ATTRS	0x701		/* block, MT_NORMAL, inner shareable, AF */
#define TABLE		3
#define HCR_RW		(1 << 31)
#define SPSR_EL1H_DAIF	0x3c5
#define SCTLR_EL1_OFF	0x30d00800	/* RES1 bits; MMU and caches off */
#define SCTLR_MMU_ON	0x1005		/* M, C, I */
#define MAIR_VALUE	0x004404ff
/*
 * TCR_EL1: T0SZ = T1SZ = 16 (48-bit VAs), 4 KiB granules, tables walked
 * write-back inner shareable; IPS and AS are filled in from MMFR0.
 */
#define TCR_BASE	0xb5103510

	.section .head, "ax"
	.globl _head
_head:
	b	primary			/* code0 */
	.long	0			/* code1 */
	.quad	TEXT_OFFSET		/* text_offset */
	.quad	_image_size		/* image_size, bss included */
	.quad	0xa			/* little-endian, 4 KiB pages, anywhere */
	.quad	0, 0, 0
	.ascii	"ARM\x64"		/* magic */
	.long	0

primary:
	mov	x19, x0			/* the DTB */
	mrs	x1, mpidr_el1
	and	x1, x1, #0xff
	cbnz	x1, park
	mrs	x20, CurrentEL
	lsr	x20, x20, #2
	cmp	x20, #2
	b.eq	from_el2
	cmp	x20, #1
	b.ne	park			/* EL3: not handled */
	b	at_el1

park:
	wfe
	b	park

from_el2:
	mov	x1, #HCR_RW		/* EL1 is AArch64, nothing trapped */
	msr	hcr_el2, x1
	mrs	x1, cnthctl_el2
	orr	x1, x1, #3		/* EL1 may use the physical timer */
	msr	cnthctl_el2, x1
	msr	cntvoff_el2, xzr
	mov	x1, #0x33ff		/* no FP/SIMD traps to EL2 */
	msr	cptr_el2, x1
	msr	hstr_el2, xzr
	mrs	x1, midr_el1
	msr	vpidr_el2, x1
	mrs	x1, mpidr_el1
	msr	vmpidr_el2, x1
	ldr	x1, =SCTLR_EL1_OFF
	msr	sctlr_el1, x1
	mov	x1, #SPSR_EL1H_DAIF
	msr	spsr_el2, x1
	adr	x1, at_el1
	msr	elr_el2, x1
	eret

at_el1:
	msr	daifset, #0xf
	ldr	x1, =SCTLR_EL1_OFF
	msr	sctlr_el1, x1
	isb
	/* Zero the bss (16-byte aligned by the linker script). */
	adrp	x1, _bss_start
	add	x1, x1, :lo12:_bss_start
	adrp	x2, _bss_end
	add	x2, x2, :lo12:_bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:
	adrp	x21, _head
	sub	x21, x21, #TEXT_OFFSET	/* the 2 MiB aligned physical base */
	bl	boot_tables
	bl	inval_bss
	bl	mmu_on
	ldr	x1, =high
	br	x1

high:
	ldr	x1, =boot_stack_top
	mov	sp, x1
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x19
	mov	x1, x21
	mov	x2, x20
	bl	kmain
	b	park

/*
 * Fill the boot tables: identity (TTBR0) and KERNEL_VMA (TTBR1) for
 * BOOT_BLOCKS 2 MiB blocks from x21.  Clobbers x0-x8.
 */
boot_tables:
	mov	x8, x30
	adrp	x0, boot_l0_lo
	adrp	x1, boot_l1_lo
	adrp	x2, boot_l2_lo
	lsr	x3, x21, #39
	and	x3, x3, #0x1ff
	orr	x4, x1, #TABLE
	str	x4, [x0, x3, lsl #3]
	lsr	x3, x21, #30
	and	x3, x3, #0x1ff
	orr	x4, x2, #TABLE
	str	x4, [x1, x3, lsl #3]
	lsr	x3, x21, #21
	and	x3, x3, #0x1ff
	add	x2, x2, x3, lsl #3
	bl	fill_blocks
	/* KERNEL_VMA: level-0 entry 511, level-1 entry 510, level-2 0 on. */
	adrp	x0, boot_l0_hi
	adrp	x1, boot_l1_hi
	adrp	x2, boot_l2_hi
	orr	x4, x1, #TABLE
	str	x4, [x0, #511 * 8]
	orr	x4, x2, #TABLE
	str	x4, [x1, #510 * 8]
	bl	fill_blocks
	ret	x8

/* Write BOOT_BLOCKS block entries from x21 at x2.  Clobbers x5-x7. */
fill_blocks:
	mov	x5, #BOOT_BLOCKS
	mov	x6, x21
	mov	x7, #BLOCK_ATTRS
	orr	x6, x6, x7
1:	str	x6, [x2], #8
	add	x6, x6, #0x200000
	subs	x5, x5, #1
	b.ne	1b
	ret

/*
 * The bss (boot tables, stack, everything zeroed above) was written with
 * the caches off, straight to memory.  Lines of it that a loader left in
 * the caches would shadow those writes once the caches are on: discard
 * them (dc ivac, to the point of coherency).  Clobbers x0-x3.
 */
inval_bss:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4		/* DminLine: log2 of words */
	mov	x2, #4
	lsl	x2, x2, x3		/* the line size in bytes */
	adrp	x0, _bss_start
	add	x0, x0, :lo12:_bss_start
	sub	x3, x2, #1
	bic	x0, x0, x3
	adrp	x1, _bss_end
	add	x1, x1, :lo12:_bss_end
1:	dc	ivac, x0
	add	x0, x0, x2
	cmp	x0, x1
	b.lo	1b
	dsb	sy
	ret

/* MAIR, TCR (IPS and AS from MMFR0), the two TTBRs; then MMU on. */
mmu_on:
	ldr	x0, =MAIR_VALUE
	msr	mair_el1, x0
	ldr	x0, =TCR_BASE
	mrs	x1, id_aa64mmfr0_el1
	and	x2, x1, #0xf		/* PARange */
	cmp	x2, #5
	mov	x3, #5
	csel	x2, x2, x3, ls
	bfi	x0, x2, #32, #3		/* IPS */
	ubfx	x2, x1, #4, #4		/* ASIDBits: 2 is 16 bits */
	cmp	x2, #2
	b.ne	1f
	orr	x0, x0, #(1 << 36)	/* AS */
1:	msr	tcr_el1, x0
	adrp	x0, boot_l0_lo
	msr	ttbr0_el1, x0
	adrp	x0, boot_l0_hi
	msr	ttbr1_el1, x0
	dsb	ish
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	mrs	x0, sctlr_el1
	mov	x1, #SCTLR_MMU_ON
	orr	x0, x0, x1
	msr	sctlr_el1, x0
	isb
	ic	iallu
	dsb	nsh
	isb
	ret

/*
 * mmu_switch_ttbr1(ttbr1): called at its identity-mapped address, so
 * nothing it fetches goes through TTBR1 while the tables change.  The
 * return address is in the kernel window, under the new tables.
 */
	.globl mmu_switch_ttbr1
mmu_switch_ttbr1:
	dsb	ishst
	msr	ttbr1_el1, x0
	isb
	tlbi	vmalle1
	dsb	ish
	isb
	ret

	.ltorg

	.bss
	.balign 4096
boot_l0_lo:	.space 4096
boot_l1_lo:	.space 4096
boot_l2_lo:	.space 4096
boot_l0_hi:	.space 4096
boot_l1_hi:	.space 4096
boot_l2_hi:	.space 4096
	.balign 16
	.globl boot_stack, boot_stack_top
boot_stack:	.space 16384
boot_stack_top:
