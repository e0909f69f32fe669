/*
 * entry: every way into the kernel after boot.  Interrupts and exceptions
 * come through 256 stubs; SYSCALL comes into syscall_entry.  Each builds
 * a struct trap_frame (trap.h): from user mode in the current thread's
 * TCB (TSS.rsp0 points just past its saved registers, and
 * percpu.syscall_sp at their ss word), from kernel mode on the stack in
 * use.
 *
 * No thread owns a kernel stack.  After an entry from user mode the
 * kernel runs on this CPU's one stack, fresh each time, and leaves
 * through arch_restore_user for whichever thread should run next.
 *
 * GS: in the kernel GS_BASE is this CPU's struct percpu; in user mode it
 * is the user's, swapped in and out with swapgs on each crossing.
 */
#define PERCPU_KSTACK	0
#define PERCPU_USER_RSP	8
#define PERCPU_SYSCALL_SP	16
#define SEL_UDATA	(0x20 | 3)
#define SEL_UCODE	(0x28 | 3)
#define TRAP_SYSCALL	256
#define SYS_SEND	-1
#define SYS_CALL	-3
#define SYS_RECV	-4
#define SYS_REPLY_RECV	-7
#define SYS_NULL	-9
#define SYS_DEBUG_FLOOR	-16
#define FRAME_RAX	(14 * 8)
#define FRAME_VECTOR	(15 * 8)
#define FRAME_RIP	(15 * 8 + 16)

	.macro PUSH_GPRS
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
	.endm

	.macro POP_GPRS
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
	.endm

	/* Call C with the frame at rsp, a backtrace link to its rip. */
	.macro CALL_WITH_FRAME fn
	mov	%rsp, %rdi
	pushq	15 * 8 + 16(%rsp)
	pushq	%rbp
	mov	%rsp, %rbp
	call	\fn
	add	$16, %rsp
	.endm

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
	jz	kernel_trap
	swapgs
	/* User code may have set AC; the kernel runs with SMAP closed. */
	testb	$1, cpu_smap_on(%rip)
	jz	1f
	clac
1:	PUSH_GPRS			/* into the TCB */
	cld
	mov	%rsp, %rdi
	mov	%gs:PERCPU_KSTACK, %rsp
	xor	%ebp, %ebp
	call	trap_user		/* does not return */
	ud2

kernel_trap:
	PUSH_GPRS
	cld
	CALL_WITH_FRAME trap_kernel
	POP_GPRS
	add	$16, %rsp		/* vector and error code */
	iretq

paranoid_common:
	PUSH_GPRS
	cld
	xor	%ebx, %ebx		/* did we swapgs? (rbx survives C) */
	mov	$0xC0000101, %ecx	/* MSR_GS_BASE */
	rdmsr
	test	%edx, %edx		/* a kernel address is negative */
	js	2f
	swapgs
	mov	$1, %ebx
2:	CALL_WITH_FRAME trap_paranoid
	test	%ebx, %ebx
	jz	3f
	swapgs
3:	POP_GPRS
	add	$16, %rsp
	iretq

/*
 * SYSCALL: rip in rcx, rflags in r11, interrupts masked by FMASK, still on
 * the user stack.  Save the frame an interrupt would, straight into the
 * current thread's TCB, then run on the kernel stack.  The saved
 * registers come first in the TCB, so their address is the thread's, in
 * rdi for C.  Only the words that change are written: ss and cs hold the
 * user selectors always (set by arch_tcb_init, pushed again by every
 * interrupt from user mode, reset by arch_reg_set) and a system call has
 * no error code, so the saves start at syscall_sp, the frame's rsp word.
 */
	.macro SYSCALL_SAVE
	swapgs
	mov	%rsp, %gs:PERCPU_USER_RSP
	mov	%gs:PERCPU_SYSCALL_SP, %rsp
	pushq	%gs:PERCPU_USER_RSP	/* rsp */
	pushq	%r11			/* rflags */
	mov	%rcx, -16(%rsp)		/* rip, above cs */
	movq	$TRAP_SYSCALL, -32(%rsp) /* vector, below the error code */
	lea	-32(%rsp), %rsp
	PUSH_GPRS
	.endm

	/* From the saved frame to C on the kernel stack, the thread in rdi. */
	.macro TO_C
	mov	%rsp, %rdi
	mov	%gs:PERCPU_KSTACK, %rsp
	xor	%ebp, %ebp
	.endm

/* Every call by the slow path (syscall.c). */
	.globl syscall_entry
syscall_entry:
	/* The benchmark floor: straight back, touching nothing. */
	cmp	$SYS_DEBUG_FLOOR, %rax
	je	syscall_floor
	SYSCALL_SAVE
	TO_C
	call	syscall_slow		/* does not return */
	ud2
syscall_floor:
	sysretq

/*
 * With the fast path built in (CONFIG_FASTPATH, fastpath.h) and on,
 * SYSCALL comes here instead (arch_fastpath_set points LSTAR at one or
 * the other, so the choice costs nothing per call).  The number picks
 * the way in before anything is saved, the commonest first: CALL and
 * REPLY_RECV try the fast path, SEND and RECV try it for notifications,
 * the null call answers here, a non-negative number is a fault that may
 * go the fast way too; each of those falls back to syscall_slow itself.
 */
	.globl syscall_entry_fast
#if CONFIG_FASTPATH
syscall_entry_fast:
	cmp	$SYS_CALL, %rax
	je	1f
	cmp	$SYS_REPLY_RECV, %rax
	je	2f
	cmp	$SYS_SEND, %rax
	je	5f
	cmp	$SYS_RECV, %rax
	je	6f
	cmp	$SYS_NULL, %rax
	je	3f
	test	%rax, %rax
	jns	4f
	jmp	syscall_entry
1:	SYSCALL_SAVE
	TO_C
	call	fastpath_call		/* does not return */
	ud2
2:	SYSCALL_SAVE
	TO_C
	call	fastpath_reply_recv	/* does not return */
	ud2
4:	SYSCALL_SAVE
	TO_C
	call	fastpath_unknown_syscall /* does not return */
	ud2
5:	SYSCALL_SAVE
	TO_C
	call	fastpath_send		/* does not return */
	ud2
6:	SYSCALL_SAVE
	TO_C
	call	fastpath_recv		/* does not return */
	ud2

/* The null call: status CAIRN_OK, out by the way in. */
3:	SYSCALL_SAVE
	movq	$0, FRAME_RAX(%rsp)
	jmp	restore_sysret
#else
	.set	syscall_entry_fast, syscall_entry
#endif

/*
 * arch_restore_user(struct trap_frame *f): leave the kernel for the user
 * thread whose registers are at f.  A thread that entered by SYSCALL
 * leaves by SYSRET.  The kernel never lets a thread's rip become
 * non-canonical (user space stops a page short of the canonical hole,
 * and register writes are checked): SYSRET to such an address faults in
 * ring 0 on some CPUs, and so does iretq.
 */
	.globl arch_restore_user
arch_restore_user:
	mov	%rdi, %rsp
	cmpq	$TRAP_SYSCALL, FRAME_VECTOR(%rsp)
	jne	4f
restore_sysret:
	POP_GPRS
	mov	16(%rsp), %rcx		/* rip */
	mov	32(%rsp), %r11		/* rflags */
	mov	40(%rsp), %rsp		/* the user's stack */
	swapgs
	sysretq
4:	POP_GPRS
	add	$16, %rsp		/* vector and error code */
	swapgs
	iretq

/*
 * arch_idle_on(stack top): wait, halted with interrupts on, on a fresh
 * kernel stack.  trap_kernel leaves from here for a thread that an
 * interrupt made runnable, dropping this stack.
 */
	.globl arch_idle_on
arch_idle_on:
	mov	%rdi, %rsp
	xor	%ebp, %ebp
5:	sti
	hlt
	cli
	jmp	5b

	.section .note.GNU-stack, "", @progbits
