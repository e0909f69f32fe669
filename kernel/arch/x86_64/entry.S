/*
 * entry: every way into the kernel after boot.  Interrupts and exceptions
 * come through 256 stubs into trap_common; SYSCALL comes into
 * syscall_entry.  Both build a struct trap_frame (trap.h) on the kernel
 * stack and call C; both leave through trap_return or SYSRET.
 *
 * GS: in the kernel GS_BASE is this CPU's struct percpu; in user mode it
 * is the user's, swapped in and out with swapgs on each crossing.
 */
#define PERCPU_KSTACK	0
#define PERCPU_USER_RSP	8
#define SEL_UDATA	(0x20 | 3)
#define SEL_UCODE	(0x28 | 3)
#define TRAP_SYSCALL	256
#define FRAME_CS	(15 * 8 + 24)

	.text

/* Vectors that push an error code themselves. */
#define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
		      (v) == 21 || (v) == 29 || (v) == 30)

/*
 * NMI, double fault and machine check run on IST stacks and may strike
 * anywhere, even between SYSCALL and its swapgs: they cannot trust the
 * saved CS to say which GS is loaded, so they ask the GS_BASE MSR.
 */
#define IS_PARANOID(v) ((v) == 2 || (v) == 8 || (v) == 18)

	.balign 16
	.globl trap_stubs
trap_stubs:
	.set vec, 0
	.rept 256
	.balign 16
	.if !HAS_ERROR(vec)
	pushq	$0
	.endif
	pushq	$vec
	.if IS_PARANOID(vec)
	jmp	paranoid_common
	.else
	jmp	trap_common
	.endif
	.set vec, vec + 1
	.endr

trap_common:
	testb	$3, 24(%rsp)		/* from user mode? */
	jz	1f
	swapgs
	/* User code may have set AC; the kernel runs with SMAP closed. */
	testb	$1, cpu_smap_on(%rip)
	jz	1f
	clac
1:	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	cld
	mov	%rsp, %rdi
	/* A frame-pointer link to the interrupted code, for backtraces. */
	pushq	15 * 8 + 16(%rsp)	/* its rip */
	pushq	%rbp
	mov	%rsp, %rbp
	call	trap
	add	$16, %rsp

	.globl trap_return
trap_return:
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	testb	$3, 24(%rsp)		/* to user mode? */
	jz	2f
	swapgs
2:	add	$16, %rsp		/* vector and error code */
	iretq

/* Return from a paranoid entry, GS already put back. */
trap_return_noswap:
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	add	$16, %rsp
	iretq

paranoid_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	cld
	xor	%ebx, %ebx		/* did we swapgs? (rbx survives C) */
	mov	$0xC0000101, %ecx	/* MSR_GS_BASE */
	rdmsr
	test	%edx, %edx		/* a kernel address is negative */
	js	3f
	swapgs
	mov	$1, %ebx
3:	mov	%rsp, %rdi
	pushq	15 * 8 + 16(%rsp)
	pushq	%rbp
	mov	%rsp, %rbp
	call	trap_paranoid
	add	$16, %rsp
	test	%ebx, %ebx
	jz	trap_return_noswap
	swapgs
	jmp	trap_return_noswap

/*
 * SYSCALL: rip in rcx, rflags in r11, interrupts masked by FMASK, still on
 * the user stack.  Build the same frame an interrupt would.
 */
	.globl syscall_entry
syscall_entry:
	swapgs
	mov	%rsp, %gs:PERCPU_USER_RSP
	mov	%gs:PERCPU_KSTACK, %rsp
	pushq	$SEL_UDATA		/* ss */
	pushq	%gs:PERCPU_USER_RSP	/* rsp */
	pushq	%r11			/* rflags */
	pushq	$SEL_UCODE		/* cs */
	pushq	%rcx			/* rip */
	pushq	$0			/* error code */
	pushq	$TRAP_SYSCALL		/* vector */
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	mov	%rsp, %rdi
	xor	%ebp, %ebp
	call	syscall_dispatch
	/*
	 * Return by SYSRET only to a canonical user address; anything else
	 * would fault in ring 0 on some CPUs.  It cannot happen while user
	 * space stops a page short of the canonical hole (CAIRN_USER_TOP):
	 * a SYSCALL's return address is always canonical.  iretq would #GP
	 * too, in ring 0 with the user's GS: keep that invariant.
	 */
	mov	15 * 8 + 16(%rsp), %rcx
	shr	$47, %rcx
	jnz	trap_return
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	mov	16(%rsp), %rcx		/* rip */
	mov	32(%rsp), %r11		/* rflags */
	mov	40(%rsp), %rsp		/* the user's stack */
	swapgs
	sysretq

/* Enter user mode with the registers in the frame at rdi. */
	.globl user_enter
user_enter:
	mov	%rdi, %rsp
	jmp	trap_return

/*
 * int copy_user(void *dst, const void *src, size_t n): copy n bytes where
 * one side is user memory.  Returns 0, or -1 if a page fault struck; the
 * page-fault handler sends faults inside [copy_user, copy_user_end) to
 * copy_user_fault.  The caller has checked that the range is in user
 * space and opened SMAP.
 */
	.globl copy_user, copy_user_end, copy_user_fault
copy_user:
	mov	%rdx, %rcx
	rep movsb
copy_user_end:
	xor	%eax, %eax
	ret
copy_user_fault:
	mov	$-1, %eax
	ret

	.section .note.GNU-stack, "", @progbits
