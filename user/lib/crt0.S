/*
 * crt0: a program's first instruction.  The kernel enters here with rdi
 * pointing at the argument string and rsp 16-byte aligned less 8, as
 * after a call.  main's return value becomes the exit status.
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
