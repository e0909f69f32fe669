/*
 * pcrt0: where a process started by init begins on aarch64.  x0 points
 * at its procinfo page; cairn_proc_main (procrt.c) calls main(argc, argv).
 */
	.text
	.globl _start
_start:
	mov	x29, #0			/* the end of the frame-record chain */
	mov	x30, #0
	mov	x9, sp
	and	x9, x9, #-16		/* the ABI's alignment of sp */
	mov	sp, x9
	bl	cairn_proc_main
1:	b	1b

	.section .note.GNU-stack, "", @progbits
