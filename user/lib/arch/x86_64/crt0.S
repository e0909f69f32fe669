/*
 * crt0: a program's first instruction.  The kernel (or the creator of the
 * thread) enters here with rdi holding the program's one argument (for
 * the root task: its bootinfo page) and rsp 8 below a 16-byte boundary.
 * main's return value goes to cairn_exit.
 */
	.text
	.globl _start
_start:
	xor	%ebp, %ebp
	and	$-16, %rsp		/* the ABI's alignment at a call */
	call	main
	mov	%rax, %rdi
	call	cairn_exit
1:	jmp	1b

	.section .note.GNU-stack, "", @progbits
