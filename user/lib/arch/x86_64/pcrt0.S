/*
 * pcrt0: where a process started by init begins.  rdi points at its
 * procinfo page; cairn_proc_main (procrt.c) calls main(argc, argv).
 */
	.text
	.globl _start
_start:
	xor	%ebp, %ebp
	and	$-16, %rsp		/* the ABI's alignment at a call */
	call	cairn_proc_main
1:	jmp	1b

	.section .note.GNU-stack, "", @progbits
