/*
 * The kernel's entry from the boot loader.  Multiboot1 (QEMU's -kernel)
 * and Multiboot2 (GRUB) both enter start32 in 32-bit protected mode with
 * paging off, the hand-over magic in eax and the information's physical
 * address in ebx.  We build boot page tables that map the first 4 GiB
 * three times (identity, the direct map and the -2 GiB kernel window),
 * enter long mode and jump to start64 in the higher half.
 */
#define KERNEL_VMA 0xFFFFFFFF80000000

#define MB1_MAGIC 0x1BADB002
/* Page-align modules, give memory information, use the address fields. */
#define MB1_FLAGS 0x00010003
#define MB2_MAGIC 0xE85250D6

#define PHYS(x) ((x) - KERNEL_VMA)

#define PTE_P	0x1
#define PTE_W	0x2
#define PTE_PS	0x80

	.section .boot.header, "a"
	.balign 8
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long mb1_header	/* header_addr */
	.long _phys_start	/* load_addr */
	.long _phys_data_end	/* load_end_addr */
	.long _phys_end		/* bss_end_addr */
	.long start32		/* entry_addr */

	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long 0			/* architecture: i386 protected mode */
	.long mb2_end - mb2_header
	.long -(MB2_MAGIC + 0 + (mb2_end - mb2_header))
	.balign 8
	.short 6, 0		/* module alignment: page-align modules */
	.long 8
	.short 0, 0		/* end */
	.long 8
mb2_end:

	.section .boot.text, "ax"
	.code32
	.globl start32
start32:
	cli
	cld
	mov	%eax, %ebp		/* hand-over magic */
	mov	%ebx, %esi		/* information address */

	/* Long mode needs CPUID leaf 0x80000001 with LM (edx bit 29). */
	mov	$0x80000000, %eax
	cpuid
	cmp	$0x80000001, %eax
	jb	no_long_mode
	mov	$0x80000001, %eax
	cpuid
	bt	$29, %edx
	jnc	no_long_mode

	/* Zero the bss ourselves rather than trust every loader to. */
	mov	%esi, %edx
	mov	$PHYS(_bss), %edi
	mov	$PHYS(_end), %ecx
	sub	%edi, %ecx
	shr	$2, %ecx
	xor	%eax, %eax
	rep stosl
	mov	%edx, %esi		/* information address, for kmain */
	mov	%ebp, %edi		/* hand-over magic, for kmain */

	/* Four page directories of 2 MiB pages map 0-4 GiB. */
	mov	$PHYS(boot_pd), %ebx
	xor	%ecx, %ecx
1:	mov	%ecx, %eax
	shl	$21, %eax
	or	$(PTE_P | PTE_W | PTE_PS), %eax
	mov	%eax, (%ebx, %ecx, 8)
	mov	%ecx, %eax
	shr	$11, %eax		/* bits 32+ of the address */
	mov	%eax, 4(%ebx, %ecx, 8)
	inc	%ecx
	cmp	$2048, %ecx
	jne	1b

	/* boot_pdpt[0..3] -> the four directories. */
	xor	%ecx, %ecx
2:	mov	%ecx, %eax
	shl	$12, %eax
	add	$PHYS(boot_pd) + (PTE_P | PTE_W), %eax
	mov	%eax, PHYS(boot_pdpt)(, %ecx, 8)
	inc	%ecx
	cmp	$4, %ecx
	jne	2b
	/* The -2 GiB window: boot_pdpt_high[510] -> the first directory. */
	movl	$PHYS(boot_pd) + (PTE_P | PTE_W), PHYS(boot_pdpt_high) + 510 * 8

	/* PML4: identity [0], direct map [256], kernel [511]. */
	movl	$PHYS(boot_pdpt) + (PTE_P | PTE_W), PHYS(boot_pml4)
	movl	$PHYS(boot_pdpt) + (PTE_P | PTE_W), PHYS(boot_pml4) + 256 * 8
	movl	$PHYS(boot_pdpt_high) + (PTE_P | PTE_W), PHYS(boot_pml4) + 511 * 8

	mov	%cr4, %eax
	or	$(1 << 5), %eax		/* PAE */
	mov	%eax, %cr4
	mov	$PHYS(boot_pml4), %eax
	mov	%eax, %cr3
	mov	$0xC0000080, %ecx	/* EFER */
	rdmsr
	or	$(1 << 8), %eax		/* LME */
	wrmsr
	mov	%cr0, %eax
	or	$0x80010001, %eax	/* PG, WP, PE */
	mov	%eax, %cr0

	lgdt	boot_gdt_ptr
	ljmp	$0x08, $start64_low

no_long_mode:
	mov	$no_lm_msg, %esi
3:	lodsb
	test	%al, %al
	jz	4f
	mov	%al, %bl
	mov	$0x3FD, %dx		/* wait for the transmitter */
5:	in	%dx, %al
	test	$0x20, %al
	jz	5b
	mov	$0x3F8, %dx
	mov	%bl, %al
	out	%al, %dx
	jmp	3b
4:	hlt
	jmp	4b

	.code64
start64_low:
	movabs	$start64, %rax
	jmp	*%rax

	.section .boot.data, "a"
no_lm_msg:
	.asciz	"Cairn: this CPU has no long mode (x86_64); halting.\r\n"
	.balign 8
boot_gdt:
	.quad	0
	.quad	0x00AF9A000000FFFF	/* 0x08: 64-bit code */
	.quad	0x00CF92000000FFFF	/* 0x10: data */
boot_gdt_ptr:
	.short	boot_gdt_ptr - boot_gdt - 1
	.long	boot_gdt


	.text
	.globl start64
start64:
	mov	$0x10, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	xor	%eax, %eax
	mov	%ax, %fs
	mov	%ax, %gs
	movabs	$boot_stack_top, %rsp
	xor	%ebp, %ebp
	rdtsc				/* the boot's first timestamp */
	shl	$32, %rdx
	or	%rdx, %rax
	movabs	$boot_tsc, %rcx
	mov	%rax, (%rcx)
	mov	%edi, %edi		/* zero-extend the magic */
	mov	%esi, %esi		/* and the information address */
	call	kmain
6:	cli
	hlt
	jmp	6b

	.bss
	.balign 8
	.globl boot_tsc
boot_tsc:	.skip 8
	.balign 4096
	.globl boot_pml4
boot_pml4:	.skip 4096
boot_pdpt:	.skip 4096
boot_pdpt_high:	.skip 4096
boot_pd:	.skip 4 * 4096
	.globl boot_stack_guard, boot_stack, boot_stack_top
boot_stack_guard:			/* unmapped once paging is final */
	.skip 4096
boot_stack:
	.skip 16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
