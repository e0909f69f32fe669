/*
 * user: the bring-up's EL0 program, copied into a user frame at
 * 0x400000 (where x86_64's root tasks are linked).  Position
 * independent.  It makes the null system call (x8 = CAIRN_SYS_NULL),
 * spins for 50 ms by the virtual counter (CNTKCTL_EL1 lets EL0 read
 * it), so that timer interrupts arrive from EL0, reports the
 * null call's status with the bring-up's report call (x8 = -100), then
 * reads an address that is never mapped: the data abort ends the test.
 */
#define SYS_NULL	-9
#define SYS_REPORT	-100
#define WILD		0xdead000

	.text
	.globl el0_prog, el0_prog_end
	.balign 16
el0_prog:
	mov	x8, #SYS_NULL
	mov	x0, #0x55
	svc	#0
	mov	x19, x0
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
	mov	x8, #SYS_REPORT
	mov	x0, x19
	ldr	x1, =0xc0ffee
	svc	#0
	ldr	x1, =WILD
	ldr	x2, [x1]
2:	b	2b
	.ltorg
el0_prog_end:
