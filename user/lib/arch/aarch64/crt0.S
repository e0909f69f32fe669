/*
 * crt0: a program's first instruction on aarch64.  The kernel (or the
 * creator of the thread) enters here with x0 holding the program's one
 * argument (for the root task: its bootinfo page, docs/abi.md,
 * "aarch64").  main's return value goes to cairn_exit.
 */
	.text
	.globl _start
_start:
	mov	x29, #0			/* the end of the frame-record chain */
	mov	x30, #0
	mov	x9, sp
	and	x9, x9, #-16		/* the ABI's alignment of sp */
	mov	sp, x9
	bl	main
	bl	cairn_exit
1:	b	1b

	.section .note.GNU-stack, "", @progbits
