/*
 * signal: Linux's signals.  A signal sent to a process is pending until
 * it may be delivered (it is not blocked); then it takes its action:
 * the default (end the process, stop it, or nothing), ignored, or a
 * handler, which the process runs on a frame the server puts on its
 * stack (the arch's sigframe.c) and leaves by rt_sigreturn.
 *
 * How a signal reaches a process depends on where the process is:
 *  - the one whose call is being served (posix_current): when its call
 *    is answered (sig_answer);
 *  - one held in a call (its reply kept: wait4, pause, a pipe, a sleep,
 *    the console): the call stops, and answers -EINTR when the handler
 *    returns, or is made again with SA_RESTART where Linux would;
 *  - one running: its thread is suspended (an unanswered call of its is
 *    then made again when it runs: the kernel's rule), given the frame,
 *    and resumed.
 * A stopped process's thread is suspended; SIGCONT resumes it.
 */
#include <string.h>

#include "posix.h"
#include "sysdefs.h"

#define SA_NOCLDSTOP 1u
#define SA_NOCLDWAIT 2u
#define SA_ONSTACK   0x08000000u
#define SA_RESTART   0x10000000u
#define SA_NODEFER   0x40000000u
#define SA_RESETHAND 0x80000000u

#define SI_USER	  0
#define SI_KERNEL 0x80

struct lproc *posix_current;
static uint32_t kicks; /* entries with signals to take (sig_flush) */
_Static_assert(POSIX_MAX_PROCS <= 32, "an entry a bit");

static uint64_t
bit(int sig)
{
	return 1ull << (sig - 1);
}

/* Signals that cannot be caught, blocked or ignored. */
static const uint64_t unblockable =
    (1ull << (LX_SIGKILL - 1)) | (1ull << (LX_SIGSTOP - 1));
static const uint64_t stops =
    (1ull << (LX_SIGSTOP - 1)) | (1ull << (LX_SIGTSTP - 1)) |
    (1ull << (LX_SIGTTIN - 1)) | (1ull << (LX_SIGTTOU - 1));
static const uint64_t ignored_by_default =
    (1ull << (LX_SIGCHLD - 1)) | (1ull << (LX_SIGCONT - 1)) |
    (1ull << (LX_SIGURG - 1)) | (1ull << (LX_SIGWINCH - 1));

enum action { ACT_IGNORE, ACT_END, ACT_STOP, ACT_HANDLER };

static enum action
action(const struct lproc *p, int sig)
{
	word_t h = p->sa[sig - 1].handler;

	if (sig == LX_SIGKILL) {
		return ACT_END;
	}
	if (sig == LX_SIGSTOP) {
		return ACT_STOP;
	}
	if (h == LX_SIG_IGN) {
		return ACT_IGNORE;
	}
	if (h != LX_SIG_DFL) {
		return ACT_HANDLER;
	}
	return (ignored_by_default & bit(sig)) ? ACT_IGNORE
	       : (stops & bit(sig))	       ? ACT_STOP
					       : ACT_END;
}

/* The lowest pending signal p may take now, or 0. */
static int
deliverable(const struct lproc *p)
{
	uint64_t may = p->sig_pending & ~(p->sig_blocked & ~unblockable);

	if (p->stopped) {
		may &= bit(LX_SIGKILL);
	}
	return may != 0 ? __builtin_ctzll(may) + 1 : 0;
}

/* Answer a held call's reply with nothing: its thread was stopped, and
 * the reply object goes back to the pool. */
static void
drop(cptr_t reply)
{
	struct cairn_msg m = {0};

	if (reply != 0) {
		posix_answer(reply, 0, 0, &m);
	}
}

/* If p is held in a call, stop holding it: its reply, or 0.  *restart:
 * may SA_RESTART make the call again (not pause, sigsuspend or a sleep,
 * which Linux ends with EINTR whatever the flags)? */
static cptr_t
held(struct lproc *p, bool *restart)
{
	cptr_t r;

	*restart = true;
	if (p->wait_reply != 0) {
		r = p->wait_reply;
		p->wait_reply = 0;
		return r;
	}
	if ((r = pipe_cancel(p)) != 0 || (r = tty_cancel(p)) != 0 ||
	    (r = sock_cancel(p)) != 0) {
		return r;
	}
	*restart = false;
	if ((r = poll_cancel(p)) != 0) {
		return r;
	}
	if (p->pause_reply != 0) {
		r = p->pause_reply;
		p->pause_reply = 0;
		return r;
	}
	return sleep_cancel(p);
}

/* Tell p's parent that p stopped or went on (code). */
static void
tell_parent(struct lproc *p, int code)
{
	struct lproc *parent = proc_find(p->ppid);

	p->wait_event = code;
	if (parent != NULL && parent->state == LP_RUNNING) {
		proc_wake_waiter(parent, p);
		if (!(parent->sa[LX_SIGCHLD - 1].flags & SA_NOCLDSTOP)) {
			sig_child(parent, p->pid, code,
				  code == LX_CLD_STOPPED ? p->stop_sig
							 : LX_SIGCONT);
		}
	}
}

/*
 * Push the frame of sig's handler on p's stack, over the registers regs
 * (its state now, which the frame keeps), and set regs to run it.  False
 * if the frame would not go on the stack (p then ends by SIGSEGV).
 */
static bool
push(struct lproc *p, int sig, word_t *regs)
{
	struct lx_sigaction *sa = &p->sa[sig - 1];
	uint64_t saved = p->suspended ? p->suspend_mask : p->sig_blocked;
	word_t sp = regs[CAIRN_REG_SP];

	if ((sa->flags & SA_ONSTACK) && p->alt_size != 0 &&
	    !(p->alt_flags & LX_SS_DISABLE) &&
	    !(sp > p->alt_sp && sp <= p->alt_sp + p->alt_size)) {
		sp = p->alt_sp + p->alt_size;
	}
	if (arch_sig_push(p, regs, sig, sa, &p->src[sig - 1], saved, sp) != 0) {
		return false;
	}
	p->suspended = false;
	p->sig_blocked = saved | sa->mask;
	if (!(sa->flags & SA_NODEFER)) {
		p->sig_blocked |= bit(sig);
	}
	p->sig_blocked &= ~unblockable;
	if (sa->flags & SA_RESETHAND) {
		sa->handler = LX_SIG_DFL;
		sa->flags &= ~(word_t)SA_RESTART;
	}
	return true;
}

/* Stop p (its thread is suspended or stays held elsewhere). */
static void
stop(struct lproc *p, int sig)
{
	cairn_tcb_suspend(p->tcb);
	p->stopped = true;
	p->stop_sig = sig;
	tell_parent(p, LX_CLD_STOPPED);
}

/*
 * Take p's deliverable signals, p being where `at` says: AT_CALL, its
 * call answered with *r (the current process); AT_FAULT, stopped by a
 * fault (the current process); AT_HELD, held with reply *held_reply;
 * AT_RUNNING.  Returns whether p still runs and is to be answered (or,
 * held or running, goes on by itself).
 */
enum where { AT_CALL, AT_FAULT, AT_HELD, AT_RUNNING };

static bool
take(struct lproc *p, enum where at, word_t *r, cptr_t reply, bool restart)
{
	int sig;

	while ((sig = deliverable(p)) != 0) {
		p->sig_pending &= ~bit(sig);
		enum action act = action(p, sig);
		if (act == ACT_IGNORE) {
			continue;
		}
		if (act == ACT_END) {
			proc_exit(p, (word_t)sig);
			drop(reply);
			return false;
		}
		word_t regs[CAIRN_REG_COUNT];
		if (act == ACT_STOP) {
			/* A held call is made again when it goes on (the
			 * kernel's rule for a suspended thread); the current
			 * one is answered first (written registers are not
			 * rewound). */
			if (at == AT_CALL &&
			    cairn_tcb_read_registers(p->tcb, CAIRN_REG_COUNT,
						     regs) == CAIRN_OK) {
				regs[CAIRN_REG_RAX] = *r;
				cairn_tcb_write_registers(
				    p->tcb, 0, CAIRN_REG_COUNT, regs);
			}
			stop(p, sig);
			drop(reply);
			return false;
		}
		if (at == AT_RUNNING) {
			cairn_tcb_suspend(p->tcb);
		}
		if (cairn_tcb_read_registers(p->tcb, CAIRN_REG_COUNT, regs) !=
		    CAIRN_OK) {
			proc_exit(p, LX_SIGSEGV);
			drop(reply);
			return false;
		}
		if (at == AT_CALL) {
			regs[CAIRN_REG_RAX] = *r;
		} else if (at == AT_HELD) {
			if (restart && (p->sa[sig - 1].flags & SA_RESTART)) {
				arch_restart(regs, p->call_nr);
			} else {
				regs[CAIRN_REG_RAX] = (word_t)-EINTR;
			}
		}
		if (!push(p, sig, regs)) {
			proc_exit(p, LX_SIGSEGV);
			drop(reply);
			return false;
		}
		cairn_tcb_write_registers(p->tcb, at == AT_RUNNING,
					  CAIRN_REG_COUNT, regs);
		if (at == AT_HELD) {
			/* The answer sets rax, which the handler does not
			 * read: the frame has the call's own. */
			struct cairn_msg m = {0};
			posix_answer(reply, 0, 1, &m);
		}
		*r = 0;
		return true; /* one handler at a time: the next at its return */
	}
	return true;
}

bool
sig_answer(struct lproc *p, word_t *r)
{
	if (deliverable(p) != 0 && !take(p, AT_CALL, r, 0, false)) {
		return false;
	}
	if (p->suspended) {
		/* A wait with a mask of its own that no handler ended. */
		p->sig_blocked = p->suspend_mask;
		p->suspended = false;
	}
	return true;
}

bool
sig_waiting(const struct lproc *p)
{
	return deliverable(p) != 0;
}

bool
sig_fault(struct lproc *p, int sig)
{
	word_t r = 0;

	if (action(p, sig) != ACT_HANDLER || (p->sig_blocked & bit(sig))) {
		return false; /* it ends, as Linux ends it */
	}
	/* This one first, whatever else is pending. */
	uint64_t others = p->sig_pending & ~bit(sig);
	p->sig_pending = bit(sig);
	p->src[sig - 1] = (struct sigsource){SI_KERNEL, 0, 0};
	bool runs = take(p, AT_FAULT, &r, 0, false);
	p->sig_pending |= others;
	return runs;
}

/* Deliver what p may take now (it is not being served). */
static void
kick(struct lproc *p)
{
	if (p == posix_current || p->state != LP_RUNNING ||
	    deliverable(p) == 0) {
		return;
	}
	bool restart;
	word_t r = 0;
	cptr_t reply = held(p, &restart);
	take(p, reply != 0 ? AT_HELD : AT_RUNNING, &r, reply, restart);
}

void
sig_send(struct lproc *p, int sig, word_t from)
{
	if (p->state != LP_RUNNING || sig <= 0 || sig > LX_NSIG) {
		return;
	}
	if (sig == LX_SIGCONT) {
		p->sig_pending &= ~stops;
		if (p->stopped) {
			p->stopped = false;
			cairn_tcb_resume(p->tcb);
			tell_parent(p, LX_CLD_CONTINUED);
		}
	} else if (stops & bit(sig)) {
		p->sig_pending &= ~bit(LX_SIGCONT);
	}
	if (action(p, sig) == ACT_IGNORE) {
		return; /* discarded, blocked or not */
	}
	p->src[sig - 1] = (struct sigsource){from != 0 ? SI_USER : SI_KERNEL,
					     (int32_t)from, 0};
	p->sig_pending |= bit(sig);
	kicks |= 1u << (p - procs);
}

void
sig_child(struct lproc *parent, word_t pid, int code, int status)
{
	if (parent->state != LP_RUNNING ||
	    action(parent, LX_SIGCHLD) == ACT_IGNORE) {
		return;
	}
	parent->src[LX_SIGCHLD - 1] =
	    (struct sigsource){code, (int32_t)pid, status};
	parent->sig_pending |= bit(LX_SIGCHLD);
	kicks |= 1u << (parent - procs);
}

bool
sig_reaps(const struct lproc *parent)
{
	const struct lx_sigaction *sa = &parent->sa[LX_SIGCHLD - 1];

	return sa->handler == LX_SIG_IGN || (sa->flags & SA_NOCLDWAIT);
}

bool
sig_due(void)
{
	return kicks != 0;
}

void
sig_flush(void)
{
	while (kicks != 0) {
		int i = __builtin_ctz(kicks);
		kicks &= kicks - 1;
		kick(&procs[i]);
	}
}

bool
sig_job(struct lproc *p, int sig)
{
	if (action(p, sig) == ACT_IGNORE || (p->sig_blocked & bit(sig))) {
		return false;
	}
	/* Suspended before its answer, the thread makes the call again when
	 * it resumes (after SIGCONT, or under a handler). */
	cairn_tcb_suspend(p->tcb);
	sig_group(p->pgid, sig);
	return true;
}

int
sig_group(word_t pgid, int sig)
{
	int hit = 0;

	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		if (procs[i].state == LP_RUNNING && procs[i].pgid == pgid) {
			hit++;
			sig_send(&procs[i], sig, 0);
		}
	}
	return hit;
}

void
sig_fork(struct lproc *c, const struct lproc *p)
{
	memcpy(c->sa, p->sa, sizeof(c->sa));
	c->sig_blocked = p->sig_blocked;
	c->sig_pending = 0;
	c->alt_sp = p->alt_sp;
	c->alt_size = p->alt_size;
	c->alt_flags = p->alt_flags;
}

void
sig_start(struct lproc *p)
{
	memset(p->sa, 0, sizeof(p->sa));
	p->sig_blocked = p->sig_pending = 0;
	p->suspended = p->stopped = false;
	p->wait_event = 0;
	p->raw_result = false;
	p->alt_sp = p->alt_size = 0;
	p->alt_flags = LX_SS_DISABLE;
}

void
sig_exec(struct lproc *p)
{
	for (int i = 0; i < LX_NSIG; i++) {
		struct lx_sigaction *sa = &p->sa[i];
		word_t h = sa->handler == LX_SIG_IGN ? LX_SIG_IGN : LX_SIG_DFL;
		*sa = (struct lx_sigaction){h, 0, 0, 0};
	}
	p->alt_sp = p->alt_size = 0;
	p->alt_flags = LX_SS_DISABLE;
}

/* ---- The calls. ---- */

SYS(rt_sigaction)
{
	int sig = (int)a[0];
	struct lx_sigaction sa;

	if (a[3] != 8 || sig < 1 || sig > LX_NSIG ||
	    (a[1] != 0 && (unblockable & bit(sig)))) {
		return (word_t)-EINVAL;
	}
	if (a[1] != 0 && copy_in(p, &sa, a[1], sizeof(sa)) < 0) {
		return (word_t)-EFAULT;
	}
	if (a[2] != 0 && copy_out(p, a[2], &p->sa[sig - 1], sizeof(sa)) < 0) {
		return (word_t)-EFAULT;
	}
	if (a[1] != 0) {
		sa.mask &= ~unblockable;
		p->sa[sig - 1] = sa;
		if (action(p, sig) == ACT_IGNORE) {
			p->sig_pending &= ~bit(sig); /* POSIX: discarded */
		}
	}
	return 0;
}

SYS(rt_sigprocmask)
{
	uint64_t set = 0, old = p->sig_blocked;

	if (a[3] != 8) {
		return (word_t)-EINVAL;
	}
	if (a[1] != 0 && a[0] > LX_SIG_SETMASK) {
		return (word_t)-EINVAL;
	}
	if (a[1] != 0 && copy_in(p, &set, a[1], sizeof(set)) < 0) {
		return (word_t)-EFAULT;
	}
	if (a[2] != 0 && copy_out(p, a[2], &old, sizeof(old)) < 0) {
		return (word_t)-EFAULT;
	}
	if (a[1] != 0) {
		p->sig_blocked = a[0] == LX_SIG_BLOCK	  ? old | set
				 : a[0] == LX_SIG_UNBLOCK ? old & ~set
							  : set;
		p->sig_blocked &= ~unblockable;
	}
	return 0; /* what it unblocked comes at the answer */
}

SYS(rt_sigpending)
{
	uint64_t set = p->sig_pending & p->sig_blocked;

	if (a[1] > 8) {
		return (word_t)-EINVAL;
	}
	return copy_out(p, a[0], &set, a[1]) < 0 ? (word_t)-EFAULT : 0;
}

SYS(rt_sigsuspend)
{
	uint64_t set;

	if (a[1] != 8) {
		return (word_t)-EINVAL;
	}
	if (copy_in(p, &set, a[0], sizeof(set)) < 0) {
		return (word_t)-EFAULT;
	}
	p->suspend_mask = p->sig_blocked;
	p->suspended = true;
	p->sig_blocked = set & ~unblockable;
	if (deliverable(p) != 0) {
		return (word_t)-EINTR; /* its handler runs at the answer */
	}
	p->pause_reply = posix_keep();
	if (p->pause_reply == 0) {
		p->sig_blocked = p->suspend_mask;
		p->suspended = false;
		return (word_t)-EAGAIN;
	}
	return SYS_NO_REPLY;
}

SYS(rt_sigreturn)
{
	word_t regs[CAIRN_REG_COUNT];
	uint64_t mask;

	(void)a;
	if (cairn_tcb_read_registers(p->tcb, CAIRN_REG_COUNT, regs) !=
		CAIRN_OK ||
	    arch_sig_pop(p, regs, &mask) != 0 ||
	    cairn_tcb_write_registers(p->tcb, 0, CAIRN_REG_COUNT, regs) !=
		CAIRN_OK) {
		proc_exit(p, LX_SIGSEGV); /* a bad frame: Linux's SIGSEGV */
		return SYS_NO_REPLY;
	}
	p->sig_blocked = mask & ~unblockable;
	p->raw_result = true;
	return regs[CAIRN_REG_RAX]; /* the answer sets rax */
}

SYS(sigaltstack)
{
	struct {
		word_t sp;
		/* cppcheck-suppress unusedStructMember ; Linux's layout */
		int32_t flags, pad;
		word_t size;
	} ss, old = {p->alt_sp, p->alt_flags, 0, p->alt_size};
	_Static_assert(sizeof(ss) == 24, "Linux's stack_t");
	word_t sp;

	/* Is it on its alternate stack now? Then it may not change it. */
	if (cairn_tcb_read_registers(p->tcb, CAIRN_REG_SP + 1, &sp) ==
		CAIRN_OK &&
	    p->alt_size != 0 && sp > p->alt_sp &&
	    sp <= p->alt_sp + p->alt_size) {
		old.flags = LX_SS_ONSTACK;
	}
	if (a[0] != 0 && copy_in(p, &ss, a[0], sizeof(ss)) < 0) {
		return (word_t)-EFAULT;
	}
	if (a[1] != 0 && copy_out(p, a[1], &old, sizeof(old)) < 0) {
		return (word_t)-EFAULT;
	}
	if (a[0] == 0) {
		return 0;
	}
	if (old.flags == LX_SS_ONSTACK) {
		return (word_t)-EPERM;
	}
	if (ss.flags & ~(LX_SS_DISABLE | LX_SS_AUTODISARM)) {
		return (word_t)-EINVAL;
	}
	if (ss.flags & LX_SS_DISABLE) {
		p->alt_sp = p->alt_size = 0;
		p->alt_flags = LX_SS_DISABLE;
		return 0;
	}
	if (ss.size < LX_MINSIGSTKSZ) {
		return (word_t)-ENOMEM;
	}
	p->alt_sp = ss.sp;
	p->alt_size = ss.size;
	p->alt_flags = 0;
	return 0;
}

/* tkill and tgkill: a thread is its process here. */
static word_t
to_thread(struct lproc *p, word_t tid, word_t sig)
{
	struct lproc *t = (int32_t)tid > 0 ? proc_find((uint32_t)tid) : NULL;

	if ((int32_t)tid <= 0 || sig > LX_NSIG) {
		return (word_t)-EINVAL;
	}
	if (t == NULL || t->state != LP_RUNNING) {
		return (word_t)-ESRCH;
	}
	sig_send(t, (int)sig, p->pid);
	return 0;
}

SYS(tkill)
{
	return to_thread(p, a[0], (uint32_t)a[1]);
}

SYS(tgkill)
{
	if ((int32_t)a[0] <= 0) {
		return (word_t)-EINVAL;
	}
	if ((uint32_t)a[0] != (uint32_t)a[1]) {
		return (word_t)-ESRCH; /* no such thread of that group */
	}
	return to_thread(p, a[1], (uint32_t)a[2]);
}
