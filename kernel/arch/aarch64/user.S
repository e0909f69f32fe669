/*
 * user: the bring-up's EL0 program (el0test.c says what each call
 * does), copied into a user frame at 0x400000, where x86_64's root
 * tasks are linked.  Position independent; the number of each call in
 * x8, svc #0.
 */
#define SYS_NULL	-9
#define SYS_REPORT	-100
#define SYS_SWITCH	-101
#define SYS_SPACES	-102
#define SYS_UNMAP	-103
#define SYS_STALE	-104
#define NULL_CALLS	1000
#define SHARED		0x10000000000

	.text
	.globl el0_prog, el0_prog_end
	.balign 16
el0_prog:
	/* One null call. */
	mov	x8, #SYS_NULL
	mov	x0, #0x55
	svc	#0
	mov	x19, x0
	/* Spin 50 ms by the virtual counter: ticks arrive at EL0. */
	mrs	x2, cntfrq_el0
	mov	x3, #20
	udiv	x2, x2, x3
	isb
	mrs	x3, cntvct_el0
	add	x2, x2, x3
1:	isb
	mrs	x3, cntvct_el0
	cmp	x3, x2
	b.lo	1b
	/* NULL_CALLS null calls, timed. */
	mov	x8, #SYS_NULL
	mov	x20, #NULL_CALLS
	isb
	mrs	x21, cntvct_el0
2:	svc	#0
	subs	x20, x20, #1
	b.ne	2b
	isb
	mrs	x22, cntvct_el0
	sub	x2, x22, x21
	mov	x8, #SYS_REPORT
	mov	x0, x19
	ldr	x1, =0xc0ffee
	svc	#0
	/* The same address in ASID 1, in ASID 2, in ASID 1 again. */
	ldr	x9, =SHARED
	ldr	x3, [x9]
	mov	x8, #SYS_SWITCH
	svc	#0
	ldr	x4, [x9]
	mov	x8, #SYS_SWITCH
	svc	#0
	ldr	x5, [x9]
	mov	x8, #SYS_SPACES
	svc	#0
	/* Unmapped: this read must fault. */
	mov	x8, #SYS_UNMAP
	svc	#0
	ldr	x6, [x9]
	mov	x8, #SYS_STALE		/* it did not: say so */
	svc	#0
3:	b	3b
	.ltorg
el0_prog_end:
