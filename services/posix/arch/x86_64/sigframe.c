/*
 * x86_64's signal frame, as Linux lays it out (struct rt_sigframe): the
 * handler's return address (the sa_restorer, which calls rt_sigreturn),
 * the ucontext with the interrupted registers and signal mask, and the
 * siginfo.  Above it, the FPU and SSE registers as FXSAVE lays them out
 * (Linux's struct _fpstate without the XSAVE extension), which the
 * sigcontext's fpstate points to and rt_sigreturn loads again.
 */
#include <cairn/fault.h>
#include <stddef.h>
#include <string.h>

#include "../../sysdefs.h"

#define RED_ZONE    128
#define SYSCALL_LEN 2	  /* the length of SYSCALL */
#define RFLAGS_DF   0x400 /* the direction flag, clear in a handler */
#define SA_RESTORER 0x04000000u
#define LX_USER_CS  0x33
#define LX_USER_SS  0x2b
#define FPSTATE	    (CAIRN_FPU_WORDS * 8) /* FXSAVE's 512 bytes */
#define FPU_PART    62			  /* words READ_FPU gives at once */

struct lx_sigcontext {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2, fpstate, reserved[8];
};

struct lx_ucontext {
	uint64_t flags, link;
	uint64_t ss_sp;
	int32_t ss_flags, pad;
	uint64_t ss_size;
	struct lx_sigcontext mc;
	uint64_t sigmask;
};

struct lx_siginfo {
	int32_t signo, err, code, pad;
	int32_t pid, uid, status, pad2;
	uint8_t rest[96];
};

struct lx_rt_sigframe {
	uint64_t pretcode;
	struct lx_ucontext uc;
	struct lx_siginfo info;
};
_Static_assert(sizeof(struct lx_sigcontext) == 256, "Linux's sigcontext");
_Static_assert(sizeof(struct lx_ucontext) == 304, "Linux's ucontext");
_Static_assert(sizeof(struct lx_siginfo) == 128, "Linux's siginfo");

/* Between the registers (Cairn's order) and the sigcontext. */
static void
regs_io(word_t *regs, struct lx_sigcontext *mc, bool save)
{
	static const uint8_t at[] = {
	    CAIRN_REG_R8,  CAIRN_REG_R9,    CAIRN_REG_R10, CAIRN_REG_R11,
	    CAIRN_REG_R12, CAIRN_REG_R13,   CAIRN_REG_R14, CAIRN_REG_R15,
	    CAIRN_REG_RDI, CAIRN_REG_RSI,   CAIRN_REG_RBP, CAIRN_REG_RBX,
	    CAIRN_REG_RDX, CAIRN_REG_RAX,   CAIRN_REG_RCX, CAIRN_REG_RSP,
	    CAIRN_REG_RIP, CAIRN_REG_RFLAGS};
	uint64_t *w = &mc->r8;

	for (unsigned i = 0; i < sizeof(at); i++) {
		if (save) {
			w[i] = regs[at[i]];
		} else {
			regs[at[i]] = w[i];
		}
	}
}

/* p's FP and SSE state to or from fp (CAIRN_FPU_WORDS words): 0, or
 * -EFAULT if the kernel refuses it (a reserved MXCSR bit). */
static int
fpu_io(struct lproc *p, uint64_t *fp, bool save)
{
	for (word_t i = 0; i < CAIRN_FPU_WORDS; i += FPU_PART) {
		word_t n = CAIRN_FPU_WORDS - i < FPU_PART ? CAIRN_FPU_WORDS - i
							  : FPU_PART;
		int st = save ? cairn_tcb_read_fpu(p->tcb, i, n, fp + i)
			      : cairn_tcb_write_fpu(p->tcb, i, n, fp + i);
		if (st != CAIRN_OK) {
			return -EFAULT;
		}
	}
	return 0;
}

/* May the frame's n bytes at va be written?  The stack grows for it. */
static bool
room(struct lproc *p, word_t va, word_t n)
{
	for (word_t at = va & ~(PAGE - 1); at < va + n; at += PAGE) {
		if (!mem_can(p, at, 1, true) &&
		    !mem_fault(p, at, CAIRN_FAULT_WRITE)) {
			return false;
		}
	}
	return true;
}

int
arch_sig_push(struct lproc *p, word_t *regs, int sig,
	      const struct lx_sigaction *sa, const struct sigsource *src,
	      uint64_t saved_mask, word_t sp)
{
	static struct lx_rt_sigframe f;
	static uint64_t fp[CAIRN_FPU_WORDS];
	word_t at, fp_at;

	if (sp == regs[CAIRN_REG_SP]) {
		sp -= RED_ZONE;
	}
	fp_at = (sp - FPSTATE) & ~63ull; /* XSAVE's alignment, as Linux */
	at = ((fp_at - sizeof(f)) & ~15ull) - 8; /* as after a call */
	memset(&f, 0, sizeof(f));
	f.pretcode = (sa->flags & SA_RESTORER) ? sa->restorer : 0;
	f.uc.ss_sp = p->alt_sp;
	f.uc.ss_size = p->alt_size;
	f.uc.ss_flags = p->alt_flags;
	regs_io(regs, &f.uc.mc, true);
	f.uc.mc.cs = LX_USER_CS;
	f.uc.mc.ss = LX_USER_SS;
	f.uc.mc.oldmask = saved_mask;
	f.uc.mc.fpstate = fp_at;
	f.uc.sigmask = saved_mask;
	f.info.signo = sig;
	f.info.code = src->code;
	f.info.pid = src->pid;
	f.info.status = src->status;
	if (at >= sp || !room(p, at, sp - at) || fpu_io(p, fp, true) < 0 ||
	    copy_out(p, fp_at, fp, FPSTATE) < 0 ||
	    copy_out(p, at, &f, sizeof(f)) < 0) {
		return -EFAULT;
	}
	regs[CAIRN_REG_RSP] = at;
	regs[CAIRN_REG_RIP] = sa->handler;
	regs[CAIRN_REG_RDI] = (word_t)sig;
	regs[CAIRN_REG_RSI] = at + offsetof(struct lx_rt_sigframe, info);
	regs[CAIRN_REG_RDX] = at + offsetof(struct lx_rt_sigframe, uc);
	regs[CAIRN_REG_RAX] = 0;
	regs[CAIRN_REG_RFLAGS] &= ~(word_t)RFLAGS_DF;
	return 0;
}

int
arch_sig_pop(struct lproc *p, word_t *regs, uint64_t *mask)
{
	static struct lx_ucontext uc;
	static uint64_t fp[CAIRN_FPU_WORDS];

	/* The handler's ret took pretcode: the ucontext is at rsp.  A
	 * frame without FPU state leaves the registers as they are. */
	if (copy_in(p, &uc, regs[CAIRN_REG_RSP], sizeof(uc)) < 0 ||
	    (uc.mc.fpstate != 0 &&
	     (copy_in(p, fp, uc.mc.fpstate, FPSTATE) < 0 ||
	      fpu_io(p, fp, false) < 0))) {
		return -EFAULT;
	}
	regs_io(regs, &uc.mc, false);
	*mask = uc.sigmask;
	return 0;
}

void
arch_restart(word_t *regs, word_t nr)
{
	regs[CAIRN_REG_RIP] -= SYSCALL_LEN;
	regs[CAIRN_REG_RAX] = nr;
}
